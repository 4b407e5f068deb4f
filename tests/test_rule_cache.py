"""A team rulebook's compiled conditions, kept on disk by the command line (rules/cache.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from transfer_advisor.advice.engine import advise
from transfer_advisor.errors import RulebookError
from transfer_advisor.manifest import load_manifest
from transfer_advisor.rules import cache as rule_cache
from transfer_advisor.rules import expr as rule_expr
from transfer_advisor.rules.load import load_rulebook

from .conftest import EXAMPLES, ROOT

TEAM = """\
extends: default
thresholds:
  in_context_max_examples: 50
findings:
  - id: small-test-set
    description: fewer than 200 labeled examples leave too few for a test set
    when: data.labeled_examples < 200 and recommendation.fine_tuning
    severity: warning
    message: "Only {data.labeled_examples} labeled examples: keep 20% aside for testing."
    source: Our evaluation policy
"""

posix_only = pytest.mark.skipif(not hasattr(os, "getuid"), reason="owner and mode bits")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("TRANSFER_ADVISOR_CACHE_DIR", str(cache))
    monkeypatch.delenv("TRANSFER_ADVISOR_NO_CACHE", raising=False)
    return cache


def _team(tmp_path: Path, text: str = TEAM) -> Path:
    path = tmp_path / "team.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("rules-*.bin")) if folder.exists() else []


def _key(entry: Path) -> str:
    return entry.name.removeprefix("rules-").removesuffix(".bin")


def _cache_one(tmp_path: Path, folder: Path) -> tuple[Path, Path, str]:
    """The team rulebook, loaded once with the cache: its path, its entry and the key."""
    path = _team(tmp_path)
    load_rulebook(path, cache=True)
    (entry,) = _entries(folder)
    return path, entry, _key(entry)


def _advice(rulebook: object) -> list[dict[str, object]]:
    return [
        advise(load_manifest(path), rulebook, explain=True).to_dict()  # type: ignore[arg-type]
        for path in EXAMPLES
    ]


def _no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make compiling any condition fail: a rulebook that loads took them from the cache."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a condition was compiled")

    monkeypatch.setattr(rule_expr, "compile_expression", refuse)
    monkeypatch.setattr("transfer_advisor.rules.compile.compile_expression", refuse)


def test_a_second_load_takes_the_conditions_from_disk_and_advises_the_same(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _team(tmp_path)
    compiled = load_rulebook(path, cache=True)
    assert len(_entries(folder)) == 1
    with monkeypatch.context() as patch:
        _no_compiling(patch)
        cached = load_rulebook(path, cache=True)
    assert _advice(cached) == _advice(compiled)
    # The team's own threshold and finding are in both.
    assert compiled.thresholds["in_context_max_examples"] == 50
    assert any(f.rule.id == "small-test-set" for f in cached.findings)


def test_a_changed_rulebook_is_compiled_afresh(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _team(tmp_path)
    load_rulebook(path, cache=True)
    # Thresholds are folded into the compiled conditions: another value is another entry.
    path.write_text(TEAM.replace(": 50", ": 80"), encoding="utf-8")
    changed = load_rulebook(path, cache=True)
    assert len(_entries(folder)) == 2
    manifest = load_manifest(ROOT / "examples" / "support-ticket-few-shot.yaml")
    fresh = load_rulebook(path, cache=False)
    assert advise(manifest, changed).to_dict() == advise(manifest, fresh).to_dict()


def test_an_extended_file_is_part_of_the_key(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = tmp_path / "department.yaml"
    parent.write_text(TEAM, encoding="utf-8")
    child = _team(tmp_path, "extends: department.yaml\n")
    load_rulebook(child, cache=True)
    parent.write_text(TEAM.replace("< 200", "< 300"), encoding="utf-8")
    reloaded = load_rulebook(child, cache=True)
    assert len(_entries(folder)) == 2
    rule = next(f for f in reloaded.findings if f.rule.id == "small-test-set")
    assert rule.when({"data.labeled_examples": 250, "recommendation.fine_tuning": True})


def test_the_library_writes_no_cache_unless_asked(tmp_path: Path, folder: Path) -> None:
    load_rulebook(_team(tmp_path))
    assert not folder.exists()


def test_no_cache_reads_and_writes_nothing(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _team(tmp_path)
    monkeypatch.setenv("TRANSFER_ADVISOR_NO_CACHE", "1")
    load_rulebook(path, cache=True)
    assert not folder.exists()


@pytest.mark.parametrize(
    "spoil",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-40] + bytes(40),  # zeroed tail
        lambda data: data.replace(b"transfer-advisor", b"transfer-adviser", 1),  # not ours
        lambda data: b"",
    ],
)
def test_a_corrupt_entry_is_ignored_and_written_again(
    tmp_path: Path, folder: Path, spoil: object
) -> None:
    path = _team(tmp_path)
    expected = _advice(load_rulebook(path, cache=True))
    (entry,) = _entries(folder)
    key = _key(entry)
    entry.write_bytes(spoil(entry.read_bytes()))  # type: ignore[operator]
    assert rule_cache.load(folder, key) is None
    assert _advice(load_rulebook(path, cache=True)) == expected
    assert rule_cache.load(folder, key) is not None  # written again


def test_an_entry_stored_under_another_key_is_not_used(tmp_path: Path, folder: Path) -> None:
    # A valid entry copied to another rulebook's name must not answer for that rulebook.
    first = _team(tmp_path)
    load_rulebook(first, cache=True)
    (entry,) = _entries(folder)
    other_text = TEAM.replace(": 50", ": 70")
    other_key = rule_cache.key_for([other_text, _default_text()])
    entry.rename(folder / f"rules-{other_key}.bin")
    assert rule_cache.load(folder, other_key) is None


def _default_text() -> str:
    from transfer_advisor.rules.load import default_rulebook_text

    return default_rulebook_text()


@posix_only
def test_an_entry_others_can_write_is_not_read(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _team(tmp_path)
    load_rulebook(path, cache=True)
    (entry,) = _entries(folder)
    entry.chmod(0o666)
    with monkeypatch.context() as patch:
        _no_compiling(patch)
        with pytest.raises(AssertionError, match="a condition was compiled"):
            load_rulebook(path, cache=True)
    folder.chmod(0o777)
    try:
        key = _key(entry)
        entry.chmod(0o600)
        assert rule_cache.load(folder, key) is None  # a folder anyone can write
    finally:
        folder.chmod(0o700)
    assert rule_cache.load(folder, key) is not None


@posix_only
def test_a_symlinked_entry_is_not_followed(tmp_path: Path, folder: Path) -> None:
    _, entry, key = _cache_one(tmp_path, folder)
    real = tmp_path / "elsewhere.bin"
    entry.rename(real)
    entry.symlink_to(real)
    assert rule_cache.load(folder, key) is None


def test_a_cache_that_cannot_be_written_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("TRANSFER_ADVISOR_CACHE_DIR", str(blocked / "cache"))
    path = _team(tmp_path)
    assert _advice(load_rulebook(path, cache=True)) == _advice(load_rulebook(path))
    assert blocked.read_text(encoding="utf-8") == "not a folder"


def test_a_rulebook_that_fails_its_checks_is_not_cached(tmp_path: Path, folder: Path) -> None:
    bad = TEAM.replace("data.labeled_examples < 200", "data.labeled_exampels < 200")
    path = _team(tmp_path, bad)
    for _ in range(2):  # the same error, every time
        with pytest.raises(RulebookError, match=r"team\.yaml:7:.*labeled_exampels"):
            load_rulebook(path, cache=True)
    assert _entries(folder) == []


def test_a_rulebook_whose_conditions_cannot_be_written_as_code_loads_uncached(
    tmp_path: Path, folder: Path
) -> None:
    # A valid rulebook with a constant too large for Python to print: it passes every check,
    # but its entry cannot be written, so it loads (and advises) as it would uncached.
    huge = "0x" + "f" * 4000
    path = _team(tmp_path, TEAM.replace("data.labeled_examples < 200",
                                        f"data.labeled_examples < {huge}"))  # fmt: skip
    for _ in range(2):
        assert _advice(load_rulebook(path, cache=True)) == _advice(load_rulebook(path))
    assert _entries(folder) == []


@posix_only
def test_an_unusable_folder_costs_no_code_generation(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder.mkdir(mode=0o775)
    folder.chmod(0o775)  # group-writable: never used
    written = []
    monkeypatch.setattr(rule_cache, "_entry", lambda *args: written.append(args))
    load_rulebook(_team(tmp_path), cache=True)
    assert written == [] and _entries(folder) == []


def test_the_cache_keeps_only_the_newest_entries(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rule_cache, "_MAX_ENTRIES", 3)
    for value in range(40, 46):
        load_rulebook(_team(tmp_path, TEAM.replace(": 50", f": {value}")), cache=True)
    assert len(_entries(folder)) == 3
    assert not list(folder.glob(".rules-*"))  # no temporary file left behind


def test_the_command_line_caches_and_answers_the_same(tmp_path: Path) -> None:
    path = _team(tmp_path)
    cache = tmp_path / "cli-cache"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "TRANSFER_ADVISOR_CACHE_DIR": str(cache)}
    example = str(ROOT / "examples" / "small-decoder-few-examples.yaml")
    command = [sys.executable, "-m", "transfer_advisor", "advise", example, "--rules", str(path),
               "--format", "json"]  # fmt: skip
    runs = [subprocess.run(command, env=env, capture_output=True, check=False) for _ in range(2)]
    assert len(_entries(cache)) == 1
    off = {**env, "TRANSFER_ADVISOR_NO_CACHE": "1"}
    runs.append(subprocess.run(command, env=off, capture_output=True, check=False))
    assert len({(run.returncode, run.stdout, run.stderr) for run in runs}) == 1
    assert b'"small-test-set"' in runs[0].stdout  # the team's own rule fired


def test_the_newest_entries_are_the_ones_kept(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rule_cache, "_MAX_ENTRIES", 2)
    paths = []
    for age, value in enumerate((41, 42)):
        load_rulebook(_team(tmp_path, TEAM.replace(": 50", f": {value}")), cache=True)
        (entry,) = set(_entries(folder)) - set(paths)
        os.utime(entry, (1_000_000 + age, 1_000_000 + age))  # 41 oldest, then 42
        paths.append(entry)
    load_rulebook(_team(tmp_path, TEAM.replace(": 50", ": 43")), cache=True)
    kept = _entries(folder)
    assert len(kept) == 2 and paths[0] not in kept and paths[1] in kept


def test_temporary_files_of_killed_writers_are_removed_and_fresh_ones_kept(
    tmp_path: Path, folder: Path
) -> None:
    folder.mkdir(mode=0o700)
    old = folder / ".rules-killed.tmp"
    fresh = folder / ".rules-writing.tmp"
    for path in (old, fresh):
        path.write_bytes(b"half an entry")
    os.utime(old, (1_000_000, 1_000_000))
    load_rulebook(_team(tmp_path), cache=True)
    assert not old.exists() and fresh.exists()


def test_a_failed_write_leaves_no_temporary_file(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rule_cache.os, "replace", full_disk)
    path = _team(tmp_path)
    assert _advice(load_rulebook(path, cache=True)) == _advice(load_rulebook(path))
    assert list(folder.iterdir()) == []


def test_an_entry_whose_contents_are_not_its_checksums_is_not_used(
    tmp_path: Path, folder: Path
) -> None:
    # Contents that are valid code, but not what was written under this key.
    import marshal

    _, entry, key = _cache_one(tmp_path, folder)
    data = entry.read_bytes()
    other = marshal.dumps(compile("CONDITIONS = {}", "<other>", "exec"))
    header = data[: len(rule_cache._MAGIC) + 130]
    entry.write_bytes(header + other)
    assert rule_cache.load(folder, key) is None


@posix_only
def test_an_entry_owned_by_someone_else_is_not_read(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, entry, key = _cache_one(tmp_path, folder)
    assert rule_cache.load(folder, key) is not None
    someone_else = os.getuid() + 1
    monkeypatch.setattr(rule_cache.os, "getuid", lambda: someone_else)
    assert rule_cache.load(folder, key) is None
    # Nor is anything written into a folder that belongs to someone else.
    load_rulebook(_team(tmp_path, TEAM.replace(": 50", ": 60")), cache=True)
    assert _entries(folder) == [entry]


@posix_only
def test_only_a_regular_file_of_bounded_size_is_read(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, entry, key = _cache_one(tmp_path, folder)
    monkeypatch.setattr(rule_cache, "_MAX_BYTES", entry.stat().st_size - 1)
    assert rule_cache.load(folder, key) is None
    monkeypatch.undo()
    entry.unlink()
    os.mkfifo(entry)  # opened without blocking, and refused
    assert rule_cache.load(folder, key) is None


def test_the_key_covers_versions_compiler_and_text_boundaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    import transfer_advisor

    texts = ["extends: default\n", _default_text()]
    key = rule_cache.key_for(texts)
    assert rule_cache.key_for(list(texts)) == key  # the same input, the same key
    assert rule_cache.key_for(["ab", "c"]) != rule_cache.key_for(["a", "bc"])
    with monkeypatch.context() as patch:
        patch.setattr(transfer_advisor, "__version__", "0.0.0-other")
        assert rule_cache.key_for(texts) != key
    with monkeypatch.context() as patch:
        patch.setattr(importlib.util, "MAGIC_NUMBER", b"\x00\x00\r\n")
        assert rule_cache.key_for(texts) != key
    module = tmp_path / "expr.py"
    module.write_text("# the compiler", encoding="utf-8")
    monkeypatch.setattr(rule_cache, "_compiler_files", lambda: [module])
    before = rule_cache.key_for(texts)
    os.utime(module, ns=(1, 1))
    assert rule_cache.key_for(texts) != before  # an edited checkout compiles afresh


def test_a_relative_cache_folder_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TRANSFER_ADVISOR_CACHE_DIR", "relative-cache")
    assert rule_cache.directory() is None
    load_rulebook(_team(tmp_path), cache=True)
    assert not (tmp_path / "relative-cache").exists()
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("TRANSFER_ADVISOR_CACHE_DIR", "~/cache")
    assert rule_cache.directory() == tmp_path / "cache"


def test_the_command_line_turns_the_cache_on_only_while_it_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from .conftest import run_main

    code, _, _ = run_main(["rules", "show", "--rules", str(_team(tmp_path)), "--format", "json"],
                          capsys)  # fmt: skip
    assert code == 0
    assert rule_cache.ENABLED is False


def test_rules_validate_and_rules_init_check_everything_and_cache_nothing(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from .conftest import run_main

    written = tmp_path / "written.yaml"
    assert run_main(["rules", "init", str(written)], capsys)[0] == 0
    assert run_main(["rules", "validate"], capsys)[0] == 0
    assert _entries(folder) == []
    path = _team(tmp_path)
    load_rulebook(path, cache=True)
    (entry,) = _entries(folder)
    # An entry for the file exists, and validate still compiles every condition itself.
    calls = []
    original = rule_expr.compile_expression

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("transfer_advisor.rules.compile.compile_expression", counted)
        code, out, _ = run_main(["rules", "validate", str(path)], capsys)
    assert code == 0 and "valid" in out and len(calls) > 100
    assert _entries(folder) == [entry]


def test_batch_workers_load_the_rulebook_the_parent_cached(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transfer_advisor.batch import run as batch_run

    path = _team(tmp_path)
    load_rulebook(path, cache=True)
    monkeypatch.setattr(batch_run, "_WORKER", {})
    _no_compiling(monkeypatch)
    batch_run._init_worker(str(path), "jsonl", None, True)
    assert "error" not in batch_run._WORKER and "processor" in batch_run._WORKER

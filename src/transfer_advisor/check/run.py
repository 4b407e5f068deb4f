"""Running ``transfer-advisor check``: each manifest checked with the settings that apply to it.

For each manifest found (:mod:`transfer_advisor.check.targets`), with the settings of its folder
(:mod:`transfer_advisor.config`) under those of the command line, runs :func:`advise` with
``check=True``, locates every finding at the line and column of its field, and applies
suppressions. An invalid manifest becomes an ``invalid-manifest`` finding so the other files are
still checked. The result is a :class:`~transfer_advisor.check.model.CheckReport`; the reporters
format it and the CLI chooses the exit code.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from transfer_advisor._internal import collector
from transfer_advisor._internal.didyoumean import did_you_mean
from transfer_advisor._internal.records import FrozenRecord
from transfer_advisor.advice.engine import advise
from transfer_advisor.advice.recommendation import SEVERITY_RANK
from transfer_advisor.check.model import (
    INVALID_MANIFEST,
    INVALID_MANIFEST_RULE,
    SUPPRESSION_RULES,
    SUPPRESSION_UNKNOWN_RULE,
    SUPPRESSION_WITHOUT_REASON,
    CheckFinding,
    CheckReport,
    FileResult,
    RuleInfo,
    Suppression,
)
from transfer_advisor.check.placeholders import (
    PLACEHOLDER,
    PLACEHOLDER_RULE,
    placeholder_findings,
)
from transfer_advisor.check.targets import Target, discover
from transfer_advisor.config import (
    DEFAULT_FAIL_ON,
    TOOL_TABLE,
    Config,
    ConfigFinder,
    FailOn,
    shown_path,
)
from transfer_advisor.errors import CheckError, ConfigError, InputError, TransferAdvisorError
from transfer_advisor.manifest import Manifest, load_manifest_text, read_text
from transfer_advisor.rules.load import load_rulebook
from transfer_advisor.rules.rulebook import Rulebook


class CheckOptions(FrozenRecord):
    """What the command line says; each setting given here wins over pyproject.toml."""

    __slots__ = ("rules", "fail_on", "ignore", "use_config")

    rules: Path | None
    fail_on: FailOn | None
    ignore: tuple[str, ...]
    use_config: bool

    def __init__(
        self,
        rules: Path | None = None,
        fail_on: FailOn | None = None,
        ignore: tuple[str, ...] = (),
        use_config: bool = True,
    ) -> None:
        object.__setattr__(self, "rules", rules)
        object.__setattr__(self, "fail_on", fail_on)
        object.__setattr__(self, "ignore", ignore)
        object.__setattr__(self, "use_config", use_config)


_FIELD_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def field_parts(dotted: str) -> tuple[str | int, ...]:
    """``data.labeled_examples`` -> ``("data", "labeled_examples")``; ``ignore[0]`` -> ``("ignore", 0)``."""
    return tuple(int(index) if index else name for name, index in _FIELD_PART.findall(dotted))


#: Fields the manifest fills in from another it wrote: located there when not written themselves
#: (`plan: {technique: lora}` plans peft).
_FILLED_FROM: dict[tuple[str | int, ...], tuple[str | int, ...]] = {
    ("plan", "strategy"): ("plan", "technique"),
}


def _locate(manifest: Manifest, path: tuple[str | int, ...]) -> tuple[int | None, int | None]:
    document = manifest.document
    if document is None:
        return (None, None)
    written = _FILLED_FROM.get(path)
    if written is not None and path not in document.key_marks and written in document.key_marks:
        path = written
    mark = document.mark(path)
    return (mark.line, mark.column) if mark is not None else (None, None)


def rule_infos(rulebook: Rulebook) -> tuple[RuleInfo, ...]:
    """The rulebook's finding rules, then the suppression rules of ``check``."""
    own = tuple(
        RuleInfo(r.rule.id, r.finding_id, r.rule.severity, r.rule.description, r.rule.source)
        for r in rulebook.findings
    )
    return own + SUPPRESSION_RULES


def known_ids(rulebook: Rulebook) -> set[str]:
    """Every id a suppression may name: finding ids, rule ids, disabled rules, ours."""
    ids = {r.finding_id for r in rulebook.findings} | {r.rule.id for r in rulebook.findings}
    return ids | set(rulebook.disabled) | {r.id for r in SUPPRESSION_RULES} | {PLACEHOLDER}


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    return did_you_mean(name, sorted(known))


def _invalid(display: str, error: TransferAdvisorError, fail_on: FailOn) -> FileResult:
    """An unreadable or invalid manifest: one finding per problem found (the first 20)."""
    findings = tuple(_invalid_finding(display, problem) for problem in error.problems)
    if error.more:
        more = f"and {error.more} more problem{'s' if error.more > 1 else ''} not shown"
        findings += (CheckFinding(id=INVALID_MANIFEST, rule=INVALID_MANIFEST, severity="error",
                                  message=more, field=None, line=None, column=None),)  # fmt: skip
    return FileResult(display, findings, (INVALID_MANIFEST_RULE,), fail_on)


def _invalid_finding(display: str, error: TransferAdvisorError) -> CheckFinding:
    located = error.source in (None, display)
    message = " ".join(error.message.split())
    if error.field:
        message = f"{error.field}: {message}"
    if not located and error.source is not None:
        message = f"{error.source}: {message}"
    return CheckFinding(
        id=INVALID_MANIFEST, rule=INVALID_MANIFEST, severity="error", message=message,
        field=error.field, line=error.line if located else None,
        column=error.column if located else None,
    )  # fmt: skip


def check_manifest(
    manifest: Manifest,
    display: str,
    rulebook: Rulebook,
    *,
    fail_on: FailOn = DEFAULT_FAIL_ON,
    suppressions: Sequence[Suppression] = (),
    text: str | None = None,
) -> FileResult:
    """Check one loaded manifest: advise with ``check=True``, locate, apply suppressions.

    ``suppressions`` come from the configuration and flags; the manifest's own ``ignore`` list
    is read here, and each of its entries without a reason (or naming no known rule) is a
    finding of its own, located at the entry. With the manifest's ``text``, each placeholder
    ``init`` wrote and nobody replaced is an error.
    """
    recommendation = advise(manifest, rulebook, check=True)
    known = known_ids(rulebook)
    own: list[Suppression] = []
    meta: list[CheckFinding] = []
    for i, entry in enumerate(manifest.ignore):
        reason = entry.reason.strip() if entry.reason and entry.reason.strip() else None
        own.append(Suppression("manifest", entry.rule, reason))
        if reason is None:
            line, column = _locate(manifest, ("ignore", i))
            meta.append(CheckFinding(
                SUPPRESSION_WITHOUT_REASON, SUPPRESSION_WITHOUT_REASON, "warning",
                f"ignore[{i}] suppresses {entry.rule!r} without a reason: add a reason "
                "that says why it does not apply",
                f"ignore[{i}]", line, column,
            ))  # fmt: skip
        if entry.rule not in known:
            line, column = _locate(manifest, ("ignore", i, "rule"))
            meta.append(CheckFinding(
                SUPPRESSION_UNKNOWN_RULE, SUPPRESSION_UNKNOWN_RULE, "warning",
                f"ignore[{i}] names {entry.rule!r}, which is not a rule of the rulebook "
                f"{rulebook.name!r}, so it suppresses nothing{_did_you_mean(entry.rule, known)}",
                f"ignore[{i}].rule", line, column,
            ))  # fmt: skip

    def suppression(ordered: Sequence[Suppression], id_: str, rule: str) -> Suppression | None:
        return next((s for s in ordered if s.matches(id_, rule)), None)

    rules = rule_infos(rulebook)
    if text is not None and (placeholders := placeholder_findings(text, manifest.document)):
        meta += placeholders
        rules = (*rules, PLACEHOLDER_RULE)

    located: list[CheckFinding] = []
    for finding in recommendation.findings:
        line, column = _locate(manifest, field_parts(finding.field) if finding.field else ())
        located.append(CheckFinding(
            finding.id, finding.rule, finding.severity, finding.message, finding.field,
            line, column, suppression([*own, *suppressions], finding.id, finding.rule),
        ))  # fmt: skip
    # A suppression cannot excuse itself: findings about the ignore list itself yield only to
    # the configuration and flags.
    located += [f.suppressed_by(suppression(suppressions, f.id, f.rule)) for f in meta]
    located.sort(key=lambda f: (f.line or 0, f.column or 0, SEVERITY_RANK[f.severity], f.rule))
    return FileResult(
        path=display,
        findings=tuple(located),
        rules=rules,
        fail_on=fail_on,
        name=recommendation.name,
        strategy=recommendation.strategy,
        technique=recommendation.technique,
    )


class Checker:
    """Checks many manifests in one process: each rulebook and configuration is loaded once."""

    __slots__ = ("options", "cwd", "_rulebooks", "_configs", "_validated")

    def __init__(self, options: CheckOptions, cwd: Path) -> None:
        self.options = options
        self.cwd = cwd
        self._rulebooks: dict[str, Rulebook] = {}
        self._configs: ConfigFinder | None = None
        self._validated: set[tuple[str, str]] = set()

    def config_for(self, target: Target) -> Config:
        if not self.options.use_config:
            return Config()
        if self._configs is None:
            self._configs = ConfigFinder(self.cwd)
        start = self.cwd if target.path is None else target.path.resolve().parent
        return self._configs.find(start)

    def rulebook(self, config: Config) -> Rulebook:
        path = self.options.rules if self.options.rules is not None else config.rules_path()
        if path is not None and not path.is_absolute():
            path = self.cwd / path
        key = "" if path is None else os.path.realpath(path)
        rulebook = self._rulebooks.get(key)
        if rulebook is None:
            # Named relative to the current directory in messages, when that names the file.
            name = None if path is None else shown_path(path, self.cwd)
            if name is not None and os.path.realpath(name) != key:
                name = str(path)
            rulebook = load_rulebook(name)
            known = known_ids(rulebook)
            for rule in self.options.ignore:
                if rule not in known:
                    raise CheckError(f"--ignore {rule}: not a rule of the rulebook "
                                     f"{rulebook.name!r}{_did_you_mean(rule, known)}")  # fmt: skip
            self._rulebooks[key] = rulebook
        if config.ignore and (config.path or "", key) not in self._validated:
            known = known_ids(rulebook)
            for entry in config.ignore:
                if entry.rule not in known:
                    line, column = config.ignore_at
                    raise CheckError(
                        f"{entry.rule!r} is not a rule of the rulebook {rulebook.name!r}"
                        f"{_did_you_mean(entry.rule, known)}",
                        source=config.path, line=line, column=column,
                        field=f"{TOOL_TABLE}.ignore",
                    )  # fmt: skip
            self._validated.add((config.path or "", key))
        return rulebook

    def check(self, target: Target) -> FileResult:
        config = self.config_for(target)
        fail_on = self.options.fail_on or config.fail_on or DEFAULT_FAIL_ON
        rulebook = self.rulebook(config)
        suppressions = [
            *(Suppression("config", e.rule, e.reason, config.path) for e in config.ignore),
            *(Suppression("flag", r) for r in self.options.ignore),
        ]
        if target.problem is not None:
            return _invalid(target.display, InputError(target.problem), fail_on)
        text = target.text
        if text is None:
            try:
                text = read_text("-" if target.path is None else target.path)
            except InputError as exc:
                # Named as the user gave it, not by the absolute path it was opened with.
                return _invalid(target.display, InputError(exc.message), fail_on)
        base_dir = self.cwd if target.path is None else target.path.resolve().parent
        try:
            manifest = load_manifest_text(text, target.display, base_dir)
            return check_manifest(manifest, target.display, rulebook, fail_on=fail_on,
                                  suppressions=suppressions, text=text)  # fmt: skip
        except (InputError, ConfigError) as exc:
            return _invalid(target.display, exc, fail_on)


def run_check(
    paths: Sequence[str], options: CheckOptions, *, cwd: Path | None = None
) -> CheckReport:
    """Discover the manifests among ``paths`` and check every one of them."""
    from transfer_advisor import __version__

    cwd = cwd if cwd is not None else Path.cwd()
    checker = Checker(options, cwd)
    results = []
    for target in discover(paths, cwd):
        results.append(checker.check(target))
        collector.resume()  # the first file loaded the rulebook and catalog: start-up is over
    return CheckReport(tuple(results), __version__)

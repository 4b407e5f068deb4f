"""The engine's fast paths give exactly what the plain paths give.

Conditions compile into specialised closures (with the thresholds folded in), templates render
through one formatter per placeholder, and the engine memoises per-model, per-GPU and per-shape
work on the rulebook. Each is checked here against its reference on varied input: hand-picked
awkward values, and the benchmarks' generated use cases with more fields filled in.
"""

from __future__ import annotations

import itertools
import json
import random
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transfer_advisor.advice import facts as engine_facts
from transfer_advisor.advice import inputs as engine_inputs
from transfer_advisor.advice import model as engine_model
from transfer_advisor.advice import plan as engine_plan
from transfer_advisor.advice import suggest as engine_suggest
from transfer_advisor.advice.engine import advise
from transfer_advisor.advice.estimates import estimate_for
from transfer_advisor.advice.facts import gather_facts
from transfer_advisor.catalog import default_catalog
from transfer_advisor.errors import TransferAdvisorError
from transfer_advisor.manifest import manifest_from_mapping
from transfer_advisor.render.common import to_json
from transfer_advisor.rules.expr import compile_expression
from transfer_advisor.rules.facts import BASE_FACTS, DECISION_FACTS
from transfer_advisor.rules.load import (
    default_rulebook,
    default_rulebook_text,
    load_rulebook_text,
)
from transfer_advisor.rules.rulebook import Rulebook
from transfer_advisor.rules.template import compile_template

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate_usecases import generate

# --- conditions ---------------------------------------------------------------------------------

VALUES: list[Any] = [None, 0, 1, 2, 2.5, -1, 100, "no", "a", "", True, False, (), ("a",),
                     ("a", "b"), [], ["a"]]  # fmt: skip
KNOWN = {"a", "b", "c", "thresholds.t", "thresholds.f"}
CONSTANTS = {"thresholds.t": 2, "thresholds.f": 2.5}
EXPRESSIONS = [
    "a < 3", "a <= 2.5", "a > thresholds.t", "a >= thresholds.f", "a < thresholds.t",
    "a >= thresholds.t", "a < 'b'", "a >= true", "a < null", "a >= none",
    "a == 'no'", "a != 'no'", "a == null", "a != null", "a is null", "a is not null",
    "a == true", "a == 2", "a == b", "a != b", "a in b", "a not in b", "'a' in b", "a in 'xa'",
    "a < b", "a >= b", "3 < a", "1 < a < thresholds.t", "a == b == c", "not a", "not (a < 3)",
    "not not a", "a and b", "a or b", "a and b and c", "a or b or c", "a and b or c",
    "a and b and c and a", "a or b or c or 0", "(a or b) and not c and a != 'no'",
    "a + 1 > 2", "-a < 0", "a * thresholds.t", "len(b) > 1", "min(a, 3) == 2",
    "a if b else c", "[a, b] == [1, 2]", "(a, thresholds.t)", "thresholds.t", "true", "a",
]  # fmt: skip


def _same(x: Any, y: Any) -> bool:
    return type(x) is type(y) and x == y


def _run(expression: Any, facts: dict[str, Any]) -> Any:
    try:
        return expression(facts)
    except Exception as exc:  # the same failure either way (e.g. -'text')
        return type(exc)


@pytest.mark.parametrize("text", EXPRESSIONS)
def test_fast_conditions_match_the_plain_ones(text: str) -> None:
    fast = compile_expression(text, KNOWN, CONSTANTS)
    plain = compile_expression(text, KNOWN, fast=False)
    assert fast.names == plain.names
    for a, b, c in itertools.product(VALUES, repeat=3):
        facts = {"a": a, "b": b, "c": c, **CONSTANTS}
        got, want = _run(fast, facts), _run(plain, facts)
        assert _same(got, want), (text, a, b, c, got, want)


def test_thresholds_are_folded_but_still_listed() -> None:
    fast = compile_expression("a < thresholds.t", KNOWN, CONSTANTS)
    assert fast.names == {"a", "thresholds.t"}
    # Folded: the facts' copy of the threshold is not read.
    assert fast({"a": 1, "thresholds.t": 0}) is True


# --- templates ----------------------------------------------------------------------------------

TEMPLATE_VALUES: list[Any] = [*VALUES, 1234567, 1234.5, 0.125, 1e20, -0.0, float("inf"), 3.0,
                              "ünïcode", ("x", 2)]  # fmt: skip


def test_fast_templates_match_the_plain_ones() -> None:
    texts = ["{a} and {a:,} {{literal}} {a:.1f}/{a:,.0f} ({a:.0%}) {b}: {c:,.2f}", "{a}",
             "{a:,.0f} or {b}", "[{a:.2f}]{b}{c}", "{{a}}", "",
             "{a:,|# row|# rows} {b:|none|one|# or more} {c:.1f|# GB|# GB}", "${a:money}"]  # fmt: skip
    for template in (compile_template(text, KNOWN) for text in texts):
        for a, b in itertools.product(TEMPLATE_VALUES, repeat=2):
            facts = {"a": a, "b": b, "c": a}
            assert template.render(facts) == template.render_plain(facts)
    assert compile_template("no placeholders", KNOWN).render({}) == "no placeholders"


def _templates(rulebook: Rulebook) -> Iterator[Any]:
    for rule in rulebook.strategy:
        yield rule.rationale
    for technique in rulebook.technique:
        if technique.rationale is not None:
            yield technique.rationale
    for finding in rulebook.findings:
        yield finding.message
        yield from (text for _, text in finding.details)
    for pairs in (*rulebook.alternatives.values(), *rulebook.next_steps.values()):
        yield from (text for _, text in pairs)


def test_a_count_takes_its_singular_plural_or_zero_form() -> None:
    two = compile_template("{a:,|# example|# examples}", KNOWN)
    three = compile_template("with {a:,|no example|# example|# examples}", KNOWN)
    assert [two.render({"a": n}) for n in (0, 1, 2, 1234)] == [
        "0 examples", "1 example", "2 examples", "1,234 examples"]  # fmt: skip
    assert [three.render({"a": n}) for n in (0, 1, 40)] == [
        "with no example", "with 1 example", "with 40 examples"]  # fmt: skip
    assert compile_template("{a:|# hour|# hours}", KNOWN).render({"a": 1.0}) == "1 hour"
    assert two.render({}) == "unknown examples"  # a missing count reads "unknown", as elsewhere
    assert two.render({"a": True}) == "yes examples"  # a flag is no count


def test_money_reads_in_cents_under_100_dollars_and_in_dollars_above() -> None:
    template = compile_template("up to ${a:money}", KNOWN)
    assert [template.render({"a": usd}) for usd in (0.01, 12.5, 99.994, 100, 12345.6)] == [
        "up to $0.01", "up to $12.50", "up to $99.99", "up to $100", "up to $12,346"]  # fmt: skip
    assert template.render({}) == "up to $unknown"


def test_the_default_rulebooks_templates_render_as_before() -> None:
    rng = random.Random(3)
    names = sorted({*BASE_FACTS, *DECISION_FACTS, *default_rulebook().threshold_facts})
    for template in _templates(default_rulebook()):
        for _ in range(40):
            facts = {name: rng.choice(TEMPLATE_VALUES) for name in names}
            assert template.render(facts) == template.render_plain(facts)


# --- the engine's memos -------------------------------------------------------------------------


def _varied(rows: int, seed: int) -> list[Any]:
    """Generated use cases, with the fields the generator leaves out filled in now and then."""
    rng = random.Random(seed)
    out: list[Any] = []
    for manifest in generate(rows, seed):
        if manifest is None:
            continue
        if rng.random() < 0.2:
            manifest.setdefault("data", {})["modality"] = rng.choice(
                ["text", "code", "image", "audio", "tabular", "multimodal"]
            )
        if rng.random() < 0.15:
            budget = manifest.setdefault("budget", {})
            budget["gpu_memory_gb"] = rng.choice([24, 24.0, 40, 80.0, 12.5])
        if rng.random() < 0.15:
            manifest["training"] = {
                "sequence_length": rng.choice([128, 512, 4096]),
                "micro_batch_size": rng.choice([1, 4]),
                "gradient_checkpointing": rng.choice([True, False]),
                "lora_rank": rng.choice([4, 16, 64]),
                "epochs": rng.choice([1, 2.5]),
            }
        model = manifest.get("model")
        if isinstance(model, dict) and rng.random() < 0.2:
            choice = rng.choice(["modality", "architecture", "domains", "languages", "more"])
            if choice == "modality":
                model["modality"] = rng.choice(["text", "code", "image", "audio"])
            elif choice == "architecture":
                model["architecture"] = rng.choice(["encoder", "decoder", "encoder-decoder"])
            elif choice == "domains":
                model["domains"] = rng.choice([["legal"], ["medical", "biomedical"], []])
            elif choice == "languages":
                model["languages"] = rng.choice([["en"], ["de", "fr"], ["pt_BR"], []])
            else:
                model["instruction_tuned"] = rng.choice([True, False])
                model["context_window"] = rng.choice([512, 8192])
                model["parameters"] = rng.choice(["7B", 125_000_000, "1.5e9"])
        if rng.random() < 0.1:
            manifest["plan"] = {"strategy": "peft", "technique": rng.choice(["lora", "qlora"])}
        out.append(manifest)
    return out


def _outcome(data: Any, rulebook: Rulebook, **options: bool) -> str:
    try:
        manifest = manifest_from_mapping(json.loads(json.dumps(data)))
        return to_json(advise(manifest, rulebook, **options).to_dict())
    except TransferAdvisorError as exc:
        return f"error: {exc}"


def _fresh() -> Rulebook:
    return load_rulebook_text(default_rulebook_text(), "<default rulebook>")


@pytest.mark.parametrize("options", [{}, {"explain": True, "check": True}])
def test_memoised_advice_matches_advice_from_scratch(options: dict[str, bool]) -> None:
    rows = _varied(700, seed=5)
    cold = _fresh()
    expected = []
    catalog = default_catalog()
    for data in rows:
        cold.memo.clear()  # nothing remembered: every row computed from scratch
        catalog.suggestions.clear()
        catalog.candidates.clear()
        expected.append(_outcome(data, cold, **options))
    warm = _fresh()
    order = list(range(len(rows)))
    random.Random(1).shuffle(order)  # each row after different neighbours
    for i in order:
        assert _outcome(rows[i], warm, **options) == expected[i], rows[i]
    assert sum(text.startswith("error:") for text in expected) > 5  # bad rows were included
    assert engine_plan.decision_plan(warm).memos[default_catalog()].models


def test_memos_stay_bounded_and_correct(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_plan, "_MEMO_LIMIT", 3)
    monkeypatch.setattr(engine_suggest, "_SUGGESTIONS_LIMIT", 3)
    monkeypatch.setattr(engine_model, "_MODELS_LIMIT", 3)
    monkeypatch.setattr(engine_facts, "_MODEL_MEMO_LIMIT", 2)
    monkeypatch.setattr(default_catalog(), "suggestions", {})
    monkeypatch.setattr(default_catalog(), "candidates", {})
    monkeypatch.setattr(default_catalog(), "candidate_lists", {})
    rows = _varied(300, seed=8)
    cold = _fresh()
    warm = _fresh()
    plan = engine_plan.decision_plan(warm)
    for data in rows:
        cold.memo.clear()
        assert _outcome(data, warm) == _outcome(data, cold)
        memo = plan.memo(default_catalog())
        assert len(memo.models) <= 3 and len(memo.budgets) <= 3 and len(plan.shapes) <= 3
        assert len(default_catalog().suggestions) <= 3
        assert len(default_catalog().candidates) <= 3
        assert len(default_catalog().candidate_lists) <= 3
        for info in memo.models.values():
            assert max(len(info.modality), len(info.language), len(info.domain)) <= 2


def test_suggestions_for_any_input_length_are_those_of_the_exact_filter() -> None:
    # Candidates are memoised per catalog window, not per input length: a model's window
    # holds an input exactly when it is at least the smallest catalog window that does.
    catalog = default_catalog()
    windows = catalog.windows
    lengths = {1, windows[-1] + 1, 10**9}
    lengths |= {w + d for w in windows for d in (-1, 0, 1) if w + d > 0}
    sizes = set()
    for length in sorted(lengths):
        catalog.candidates.clear()
        got, _ = engine_suggest._candidates(catalog, frozenset({"text", "code"}), None, frozenset(),
                                         False, length, None, False, None)  # fmt: skip
        exact = [m for m in catalog.models if m.modality in ("text", "code")
                 and (m.context_window or 0) >= length]  # fmt: skip
        assert list(got) == exact, length
        sizes.add(len(got))
    assert 0 in sizes and len(sizes) > 5  # from every model down to none


def test_a_ranking_shared_by_filters_is_that_filters_own_ranking() -> None:
    # Filters that let the same models through share one memoised ranking; each answer must
    # still be the one computed with nothing remembered, whatever came before it.
    catalog = default_catalog()
    rng = random.Random(3)
    families = sorted({m.family for m in catalog.models})
    sizes = sorted({m.parameters for m in catalog.models if m.parameters})
    calls = []
    for _ in range(400):
        calls.append(
            {
                "modalities": rng.choice([("text",), ("text", "code"), ("image",), ("audio",)]),
                "task": rng.choice([None, None, "classification", "generation"]),
                "languages": rng.choice([(), ("en",), ("de",), ("en", "ja")]),
                "generative": rng.random() < 0.5,
                "min_context": rng.choice([None, 512, 4096, 8000, 100_000]),
                "architecture": rng.choice([None, "decoder", "encoder"]),
                "family": rng.choice([None, *families[:6]]),
                "near": rng.choice([None, *sizes[::7]]),
                "for_task": rng.choice([None, "classification", "summarization", "chat"]),
            }
        )
    warm = [engine_suggest.models_for(catalog, **call) for call in calls]
    for call, got in zip(calls, warm, strict=True):
        catalog.suggestions.clear()
        catalog.candidates.clear()
        catalog.candidate_lists.clear()
        assert engine_suggest.models_for(catalog, **call) == got, call
    assert len({tuple(found) for found in warm}) > 20  # the calls were varied


def test_estimates_in_the_advice_are_the_estimators_own() -> None:
    rulebook, catalog = default_rulebook(), default_catalog()
    seen = 0
    for data in _varied(300, seed=9):
        try:
            manifest = manifest_from_mapping(data)
            recommendation = advise(manifest, rulebook, catalog=catalog)
        except TransferAdvisorError:
            continue
        facts, _ = gather_facts(manifest, rulebook, catalog)
        estimates = estimate_for(manifest, facts, rulebook)
        if estimates is None:
            assert recommendation.estimates is None
            continue
        assert recommendation.estimates is not None
        for technique in ("full", "lora", "qlora", "in_context"):
            want = getattr(estimates, technique).to_dict(terms=False)
            assert json.dumps(recommendation.estimates[technique]) == json.dumps(want)
        seen += 1
    assert seen > 100


@pytest.mark.parametrize("check", [False, True])
def test_advice_without_a_trace_is_the_traced_advice(check: bool) -> None:
    # advise's loops have a bookkeeping-free path for when no trace is asked for.
    rulebook = default_rulebook()
    compared = 0
    for data in _varied(400, seed=12):
        try:
            manifest = manifest_from_mapping(data)
            plain = advise(manifest, rulebook, check=check).to_dict()
            traced = advise(manifest, rulebook, check=check, explain=True).to_dict()
        except TransferAdvisorError:
            continue
        assert traced.pop("trace")
        assert to_json(plain) == to_json(traced)
        compared += 1
    assert compared > 300


def test_suggestions_tolerate_a_catalog_that_names_two_models_alike() -> None:
    # A user's catalog may list one name twice (under two families): equal ranks are kept in
    # catalog order, never compared model by model.
    from transfer_advisor.catalog import Catalog

    shipped = default_catalog()
    model = next(m for m in shipped.models if m.modality == "text" and m.weights == "open")
    twin = model.model_copy(update={"family": model.family + "-twin"})
    catalog = Catalog([model, twin], list(shipped.gpus))
    found = engine_suggest.models_for(catalog, modalities=["text"])
    assert found == [model.name, model.name]


_TABLES = default_rulebook().tables
_PROSE_WORDS = (*_TABLES.prose_words, *(n for n in _TABLES.language_names if len(n) > 3))
_SEQUENCE_WORDS = tuple(w for entry in _TABLES.sequence_inputs.values() for w in entry["words"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_PROSE_WORDS + _SEQUENCE_WORDS + tuple(_TABLES.negations)),
            st.sampled_from(["s", "es", "-", "/", ".", ",", "(", "x", "1"]),
            st.text(alphabet="abcdeéns -_/", max_size=6),
        ),
        max_size=12,
    ),
    st.lists(st.sampled_from(["", " ", "-", "s "]), min_size=12, max_size=12),
)
def test_a_pattern_of_the_words_a_text_holds_finds_what_all_the_words_find(
    words: list[str], joins: list[str]
) -> None:
    """The description readers build their pattern from the words the text contains at all;
    it finds the same first undenied word as the pattern of every word in the table."""
    text = engine_inputs._normal("".join(w + j for w, j in zip(words, joins, strict=False)))
    negations = frozenset(_TABLES.negations)
    for table in (_PROSE_WORDS, _SEQUENCE_WORDS):
        whole = engine_inputs._compiled(engine_inputs._alternatives(table))
        assert engine_inputs._first_said(
            text, engine_inputs._pattern(table, text), negations
        ) == engine_inputs._first_said(text, whole, negations)

"""Property-based tests: inputs generated inside and outside the schema give a documented error
(a TransferAdvisorError: one located line, exit 2) or a valid result, never another exception
and never a hang. Examples are bounded so the whole file runs in seconds."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from transfer_advisor import advise  # noqa: E402
from transfer_advisor.errors import TransferAdvisorError  # noqa: E402
from transfer_advisor.rules.expr import ExprError, compile_expression  # noqa: E402

BOUNDED = settings(max_examples=60, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow])  # fmt: skip

# Scalars as YAML and JSON can hold them, huge and odd ones included.
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40),
    st.sampled_from([0, -1, 10**15, 10**16, 2**1100]), st.floats(allow_nan=True),
    st.text(max_size=20), st.sampled_from(["gpt2", "llama-2-7b", "A100-80GB", "peft", "low"]),
)  # fmt: skip
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)  # fmt: skip
sections = {
    "name": st.text(max_size=10),
    "task": st.fixed_dictionaries({}, optional={"type": st.sampled_from(
        ["classification", "generation", "chat", "nonsense"]), "complexity": values}),
    "data": st.fixed_dictionaries({}, optional={"labeled_examples": values,
                                                "avg_tokens_per_example": values,
                                                "domain": values, "language": values}),
    "model": st.fixed_dictionaries({}, optional={"name": values, "parameters": values,
                                                 "instruction_tuned": values}),
    "budget": st.fixed_dictionaries({}, optional={"gpu": values, "gpus": values,
                                                  "gpu_memory_gb": values, "usd": values}),
    "prompting": values,
    "extra": values,
}  # fmt: skip
manifests = st.fixed_dictionaries({}, optional=sections)


@BOUNDED
@given(manifests)
def test_any_manifest_is_advised_or_a_documented_error(manifest: dict[str, Any]) -> None:
    try:
        recommendation = advise(manifest)
    except TransferAdvisorError as exc:
        assert "\n" not in str(exc)
        return
    assert recommendation.strategy in {"in_context", "peft", "full_fine_tune", "change_base_model"}
    json.dumps(recommendation.to_dict())  # its output can always be written


FACTS = ["x", "y", "z", "items"]
OPERATORS = ["+", "-", "*", "/", "//", "%", "<", "==", "and", "or", "in", "**", "@"]
atoms = st.one_of(st.sampled_from(FACTS), st.sampled_from(["x", "y"]),
                  st.integers(-(10**30), 10**30).map(str),
                  st.sampled_from(["null", "true", "'a'", "1.5", "[1, 2]", "[x, y]"]))  # fmt: skip
expressions = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(OPERATORS), inner).map(" ".join),
        inner.map(lambda e: f"not ({e})"), inner.map(lambda e: f"-({e})"),
        st.tuples(st.sampled_from(["min", "max", "len", "abs"]), inner).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(inner, inner).map(lambda t: f"[{t[0]}, {t[1]}]"),
        st.tuples(inner, inner, inner).map(lambda t: f"{t[0]} if {t[1]} else {t[2]}"),
    ),
    max_leaves=12,
)  # fmt: skip
# Flat operations too: the recursive strategy above seldom puts two facts side by side.
flat = st.tuples(atoms, st.sampled_from(OPERATORS), atoms).map(" ".join)
EDGES = [2**1100, -(10**400), 10**300, 3, 0, 1e308, -1.5]
fact_values = st.one_of(st.sampled_from(EDGES), st.sampled_from(EDGES), st.none(),
                        st.integers(-(2**1100), 2**1100), st.floats(),
                        st.text(max_size=5), st.lists(st.integers(), max_size=3).map(tuple),
                        st.just(((1,), (2,))))  # fmt: skip


@settings(BOUNDED, max_examples=400)  # cheap: no file, no advice
@given(st.one_of(flat, expressions), st.fixed_dictionaries({name: fact_values for name in FACTS}))
def test_any_condition_compiles_or_is_refused_and_evaluates_without_error(
    text: str, facts: dict[str, Any]
) -> None:
    try:
        compiled = compile_expression(text, FACTS, bounds={})
    except ExprError as exc:
        assert str(exc)
        return
    compiled(facts)  # any value, never an exception


lines = st.one_of(
    st.builds(json.dumps, manifests), st.text(max_size=40),
    st.binary(max_size=40).map(lambda b: b.decode("latin-1")), st.just(""), st.just("[1, 2]"),
)  # fmt: skip


@BOUNDED
@given(st.lists(lines, max_size=8), st.sampled_from(["jsonl", "csv", "yaml"]))
def test_a_batch_stream_gives_one_row_per_row_or_a_documented_error(
    rows: list[str], input_format: str
) -> None:
    from transfer_advisor.batch.read import open_input
    from transfer_advisor.batch.run import run_batch

    data = "\n".join(row.replace("\n", " ") for row in rows).encode("utf-8", "surrogatepass")
    out = io.BytesIO()
    try:
        with open_input("-", input_format, stdin=io.BytesIO(data)) as batch_input:
            summary = run_batch(batch_input, out)
    except TransferAdvisorError as exc:
        assert "\n" not in str(exc)
        return
    written = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["row"] for r in written] == list(range(1, summary.rows + 1))
    assert not any(r.get("error", {}).get("internal") for r in written)
    if input_format == "jsonl":
        assert summary.rows == sum(1 for row in rows if row.replace("\n", " ").strip())


config_fields = st.fixed_dictionaries({"model_type": st.sampled_from(
    ["llama", "gpt2", "bert", "t5", "mistral", "vit", "unknown", 5])}, optional={
    key: values for key in ("hidden_size", "num_hidden_layers", "num_attention_heads",
                            "intermediate_size", "vocab_size", "num_key_value_heads",
                            "max_position_embeddings", "n_embd", "n_layer", "d_model")})  # fmt: skip


@BOUNDED
@given(st.one_of(config_fields, values))
def test_any_config_json_is_counted_or_a_documented_error(config: Any) -> None:
    import tempfile

    from transfer_advisor.estimate.hfconfig import load_config

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.json"
        try:
            path.write_text(json.dumps(config))
        except (ValueError, TypeError):  # NaN is JSON here; huge integers are not
            return
        try:
            facts = load_config(path)
        except TransferAdvisorError as exc:
            assert "\n" not in str(exc)
            return
    assert 1 <= facts.parameters <= 10**15

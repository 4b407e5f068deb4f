"""Every rule of the default rulebook, driven by the table-driven cases in cases/*.yaml.

advise.yaml holds the cases of the data-volume ladder and the classic mistakes; capabilities.yaml,
situations.yaml and reviewed.yaml hold cases written from papers, model cards and vendor docs
(each names its `source`) before the advisor was run on them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from transfer_advisor import advise

CASES_DIR = Path(__file__).parent / "cases"
CASES = [
    case
    for path in sorted(CASES_DIR.glob("*.yaml"))
    for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
]
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


def _matches(finding: Any, key: str) -> bool:
    return finding.rule == key if "/" in key else finding.id == key


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    rec = advise(case["manifest"], explain=True, check=case.get("check", False))
    if "strategy" in case:
        assert rec.strategy == case["strategy"]
    if "technique" in case:
        assert rec.technique == case["technique"]
    assert rec.strategy not in case.get("not_strategy", [])
    assert rec.technique not in case.get("not_technique", [])
    fired = {t.rule for t in rec.trace or [] if t.fired and t.kind == "strategy"}
    for rule in case.get("rules", []):
        assert rule in fired, f"strategy rule {rule} did not decide (fired: {fired})"
    for rule in case.get("not_rules", []):
        assert rule not in fired, f"strategy rule {rule} decided"
    for key in case.get("findings", []):
        assert any(_matches(f, key) for f in rec.findings), f"{key} not in {rec.findings}"
    for key in case.get("not_findings", []):
        assert not any(_matches(f, key) for f in rec.findings), f"{key} raised: {rec.findings}"
    for key, severity in case.get("severities", {}).items():
        assert [f.severity for f in rec.findings if _matches(f, key)] == [severity]
    for key, severity in case.get("max_severity", {}).items():
        worst = [f.severity for f in rec.findings if _matches(f, key)]
        assert all(SEVERITY_RANK[s] <= SEVERITY_RANK[severity] for s in worst), worst
    for key, text in case.get("message_lacks", {}).items():
        messages = [f.message for f in rec.findings if _matches(f, key)]
        assert messages and not any(text in m for m in messages), messages
    for key, text in case.get("message_contains", {}).items():
        messages = [f.message for f in rec.findings if _matches(f, key)]
        assert any(text in m for m in messages), f"{text!r} not in {messages}"
    for text in case.get("next_steps_contain", []):
        assert any(text in step for step in rec.next_steps), f"{text!r} not in {rec.next_steps}"
    for text in case.get("next_steps_lack", []):
        assert not any(text in step for step in rec.next_steps), f"{text!r} in {rec.next_steps}"
    for text in case.get("rationale_contains", []):
        assert any(text in line for line in rec.rationale), f"{text!r} not in {rec.rationale}"
    for text in case.get("rationale_lacks", []):
        assert not any(text in line for line in rec.rationale), f"{text!r} in {rec.rationale}"
    why_not = {a.strategy: a.why_not for a in rec.alternatives}
    for strategy, text in case.get("why_not_contains", {}).items():
        assert text in why_not[strategy], f"{text!r} not in {why_not[strategy]!r}"
    for strategy, text in case.get("why_not_lacks", {}).items():
        assert text not in why_not[strategy], f"{text!r} in {why_not[strategy]!r}"
    if "prompt_tokens_per_request" in case:
        assert rec.estimates is not None
        assert rec.estimates["prompt_tokens_per_request"] == case["prompt_tokens_per_request"]


def test_case_ids_are_unique_and_sourced_cases_name_their_source() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for path in sorted(CASES_DIR.glob("*.yaml")):
        if path.name == "advise.yaml":
            continue
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            assert case.get("source"), f"{path.name}: {case['id']} names no source"


def test_every_rule_of_the_default_rulebook_has_a_case() -> None:
    from transfer_advisor import load_rulebook

    rulebook = load_rulebook()
    covered: set[str] = set()
    for case in CASES:
        rec = advise(case["manifest"], explain=True, check=True)
        covered |= {t.rule for t in rec.trace or [] if t.fired}
    missing = [r for r in rulebook.rule_ids() if r not in covered]
    assert not missing, f"rules no case makes fire: {missing}"


def test_a_missing_budget_is_not_reported_as_a_budget_that_does_not_cover_it() -> None:
    rec = advise({"name": "t", "task": {"type": "generation"},
                  "data": {"labeled_examples": 50000},
                  "model": {"name": "meta-llama/Llama-3.1-8B-Instruct"},
                  "prompting": {"tried": True, "meets_target": False}})  # fmt: skip
    (full,) = [a for a in rec.alternatives if a.strategy == "full_fine_tune"]
    assert full.why_not.startswith("No compute budget is given")


@pytest.mark.parametrize(
    ("name", "window"),
    [
        ("01-ai/Yi-6B-200K", 200_000),  # a round thousand
        ("lmsys/vicuna-13b-v1.5-16k", 16_384),  # a power of two in 1,024s
        ("gradientai/Llama-3-8B-Instruct-262k", 262_144),  # the power of two it rounds
        ("allenai/led-large-16384-arxiv", 16_384),  # a bare power of two
        ("internlm/internlm2_5-7b-chat-1m", 1_000_000),  # millions after a size in billions
        ("acme/assistant-2024-08-06", 2_048),  # a date is no window: the assumed one
        ("acme/tagger-patch16-224-in21k", 2_048),  # nor an image size or ImageNet-21k
        ("acme/mixed-8k-32k", 2_048),  # two windows in one name say none
    ],
)
def test_a_window_a_name_states_is_the_models_window(name: str, window: int) -> None:
    rec = advise({"name": "t", "data": {"labeled_examples": 0}, "model": {"name": name}})
    assert rec.model.context_window == window


def test_a_size_in_millions_alone_is_a_size_not_a_window() -> None:
    rec = advise({"name": "t", "data": {"labeled_examples": 0},
                  "model": {"name": "acme/codegen-350M-mono"}})  # fmt: skip
    assert (rec.model.parameters, rec.model.context_window) == (350_000_000, 2_048)


@pytest.mark.parametrize(
    ("description", "in_the_set"),
    [
        ("Count people, cars and bicycles in street-camera frames.", True),
        ("Detect cats & dogs in pet-camera snapshots.", True),
        ("Spot buses, trucks, and motorbikes at the junction.", True),  # plurals, Oxford comma
        ("Detect forklifts, people and pallets in warehouse video.", False),  # other items
        ("Detect people, cars and forklifts at the gate.", False),  # an item after them
        ("Find dents and scratches on cars and trucks.", False),  # where the targets are
        ("Flag frames with no cats or dogs in them.", False),  # denied
        ("Detect people in lobby footage.", True),  # one class a verb asks to find
        ("Count cars.", True),  # at the clause's end
        ("Detect people wearing hard hats.", False),  # what the class wears: no COCO category
        ("Detect cars with dents at the depot.", False),  # a condition of the class
        ("Do not detect people; detect forklifts.", False),  # denied, then another item
        ("Describe the people in each frame.", False),  # no verb that asks to find them
    ],
)
def test_a_description_listing_a_heads_classes_names_its_label_set(
    description: str, in_the_set: bool
) -> None:
    rec = advise({"name": "t", "task": {"type": "object-detection", "description": description},
                  "data": {"labeled_examples": 0, "modality": "image"},
                  "model": {"name": "facebook/detr-resnet-50"}})  # fmt: skip
    assert (rec.strategy == "in_context") is in_the_set


def test_the_label_readers_read_a_bounded_share_of_a_long_description() -> None:
    """A manifest from a pull request may hold a description of any length: the label readers
    read its first READ_LIMIT characters, so their time stays bounded (a 48,000-character
    list of "as dog, cat" took a minute before), and what they find is what they find there."""
    from transfer_advisor.advice.labels import READ_LIMIT

    def detr(description: str) -> str:
        return advise({"name": "t", "task": {"type": "object-detection",
                                              "description": description},
                       "data": {"labeled_examples": 0, "modality": "image"},
                       "model": {"name": "facebook/detr-resnet-50"}}).strategy  # fmt: skip

    filler = "Frames from the lobby camera, " * (READ_LIMIT // 30 + 1)
    assert detr("Count people, cars and bicycles. " + filler) == "in_context"
    assert detr(filler + " Count people, cars and bicycles.") != "in_context"

"""What a recipe says when nothing is trained here: the evaluation plan of in-context advice,
and the provider's tuning service and training-file format for a hosted model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from transfer_advisor.manifest import Manifest
from transfer_advisor.recipes.defaults import RecipeDefaults


def evaluation_plan(
    manifest: Manifest, facts: Mapping[str, Any], d: RecipeDefaults
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """How to measure a few-shot prompt before anything is trained."""
    examples = int(facts["data.labeled_examples"])
    held = d.in_context.held_out
    held_out = min(held.max_examples, max(1, round(examples * held.fraction)))
    in_prompt = int(facts["examples.in_prompt"] or 0)
    in_prompt = max(0, min(in_prompt, examples - held_out))
    task = manifest.task.type or "other"
    metrics = d.in_context.metric_by_task.by_task
    metric = metrics.get(task) or metrics.get("other", "a task metric agreed before the first run")
    assumed = () if manifest.task.type else ("task type other (no task.type)",)
    plan = {
        "what": "an evaluation plan: the advice is in-context learning, so nothing is trained",
        "held_out_examples": held_out,
        "examples_in_prompt": in_prompt,
        "metric": metric,
        "steps": [
            f"set aside {held_out:,} of the {examples:,} labeled examples, chosen at random "
            "(stratified by label for classification), and never put them in a prompt",
            f"build the prompt with {in_prompt:,} of the remaining examples (what fits the "
            "context window with room for the request)",
            f"score the prompt on the held-out examples by {metric}",
            "fine-tune only if the score misses the target: rerun advise with "
            "--prompting-tried --misses-target",
        ],
    }
    return plan, assumed


def hosted_plan(facts: Mapping[str, Any], d: RecipeDefaults) -> dict[str, Any]:
    """The provider's tuning service and the JSONL line its training file expects."""
    name = str(facts["model.name"])
    family = str(facts["model.catalog_name"] or name).split("/", 1)[0].lower()
    formats = d.hosted.by_family
    key = next((k for k in formats if k in family or k in name.lower()), None)
    service = facts["model.tuning.service"]
    return {
        "what": f"{name} is a hosted model: its provider trains it, with no trainer config to "
        "write; upload a JSONL training file to the provider's tuning service instead",
        "service": service or "none published: the provider offers no fine-tuning for it",
        "service_source": facts["model.tuning.source"],
        "min_examples": facts["model.tuning.min_examples"],
        "recommended_examples": facts["model.tuning.recommended_examples"],
        "jsonl_line": formats.get(key) if key is not None else None,
    }

"""What the estimates say beyond each technique's own figures: how many GPUs would fit the
model, which smaller catalog models fit these GPUs when nothing does, what continued
pre-training on an unlabeled corpus costs, and when a distilled student pays for itself.

Each is computed only when a rule can use it (nothing fits, a corpus is given, a serving load
is given), by re-running the same estimator, so the figures agree with the advice's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from transfer_advisor.advice.estimates import _estimate, longest_tokens, planned_technique
from transfer_advisor.advice.plan import decision_plan
from transfer_advisor.advice.suggest import _primary_language
from transfer_advisor.catalog import Catalog
from transfer_advisor.manifest import Manifest
from transfer_advisor.rules.rulebook import Rulebook

if TYPE_CHECKING:
    from transfer_advisor.estimate.results import Estimates

#: The GPU counts tried, as clusters come, when the model does not fit the budget's GPUs.
_GPU_COUNTS = (2, 4, 8, 16, 32, 64)
_FITS = ("yes", "tight")


def _gpus_needed(
    manifest: Manifest, config: Any, facts: dict[str, Any], rulebook: Rulebook, catalog: Catalog
) -> int | None:
    """The fewest GPUs of the budget's size on which QLoRA fits (sharded), if 64 or fewer do."""
    for gpus in _GPU_COUNTS:
        if gpus <= facts["budget.gpus"]:
            continue
        trial = {**facts, "budget.gpus": gpus}
        estimates = _estimate(manifest, config, trial, rulebook, catalog, sharded=True)
        if estimates is not None and estimates.qlora.fits in _FITS:
            return gpus
    return None


def _smaller_models(
    manifest: Manifest, facts: dict[str, Any], rulebook: Rulebook, catalog: Catalog
) -> list[str]:
    """Up to three smaller catalog models (one per family, largest first) that LoRA or QLoRA
    fits on the budget's GPUs, of the same modality and kind as the model that does not, with
    a window that reads the data's longest input (else its average) and, where a model's card
    lists its languages in full, covering the data's language, where the manifest gives them."""
    parameters = facts["model.parameters"]
    generative = facts["model.generative"]
    instruct = facts["model.instruction_tuned"]
    # The window must read the longest input, or the average one where no longest is given:
    # a model whose window cuts the inputs "fits" only by never seeing most of them.
    longest = facts["data.max_tokens_per_example"] or manifest.data.avg_tokens_per_example
    language = facts["data.language"]
    wanted = _primary_language(language) if language else None
    # A model of raw sequences is replaced by a smaller one of its domains, not a chat model.
    kin = set(facts["model.domains"]) if facts["model.sequence_model"] else None
    candidates = sorted(
        (
            e
            for e in catalog.models
            if e.weights == "open" and e.parameters is not None and e.parameters < parameters
            and e.modality == facts["model.modality"]
            and (e.architecture != "encoder") == generative
            and (not instruct or e.instruction_tuned)
            and (longest is None or e.context_window is None or e.context_window >= longest)
            and (wanted is None or not e.languages or not e.languages_complete
                 or wanted in e.languages)
            and (kin is None or not kin.isdisjoint(e.domains))
        ),
        key=lambda e: (-(e.parameters or 0), e.name),
    )  # fmt: skip
    found: dict[str, str] = {}
    for entry in candidates:
        if entry.family in found:
            continue
        trial = {**facts, "model.parameters": entry.parameters,
                 "model.catalog_name": entry.name, "model.context_window": entry.context_window,
                 "model.active_parameters": entry.active_parameters}  # fmt: skip
        estimates = _estimate(manifest, None, trial, rulebook, catalog, sharded=True)
        # Only a clear fit: a "tight" one's high estimate may already exceed the GPU.
        if estimates is not None and "yes" in (estimates.lora.fits, estimates.qlora.fits):
            found[entry.family] = entry.name
            if len(found) == 3:
                break
    return list(found.values())


def feasibility_facts(
    estimates: Estimates | None,
    manifest: Manifest,
    config: Any,
    facts: dict[str, Any],
    rulebook: Rulebook,
    catalog: Catalog,
) -> None:
    """Add the facts that need the estimates re-run or scaled (see the module's docstring)."""
    nothing_fits = estimates is not None and all(
        getattr(estimates, t).fits == "no" for t in ("full", "lora", "qlora")
    )
    qlora_short = estimates is not None and estimates.qlora.fits == "no"
    facts["estimates.qlora.gpus_needed"] = (
        _gpus_needed(manifest, config, facts, rulebook, catalog) if qlora_short else None
    )
    facts["feasibility.suggestions"] = (
        _smaller_models(manifest, facts, rulebook, catalog) if nothing_fits else []
    )

    # The longest examples: the advice is decided at the average length (a long tail is cut
    # before training), and what a batch holding one of them needs is checked apart.
    longest = longest_tokens(manifest, facts) if estimates is not None else None
    peak = (_estimate(manifest, config, facts, rulebook, catalog, sequence=longest, sharded=True)
            if longest is not None else None)  # fmt: skip
    facts["estimates.longest.tokens"] = longest
    for technique in ("full", "lora", "qlora"):
        item = getattr(peak, technique) if peak is not None else None
        facts[f"estimates.longest.{technique}.fits"] = item.fits if item is not None else None
        facts[f"estimates.longest.{technique}.memory_gb"] = (
            round(item.memory_gb.high, 1) if item is not None else None
        )
    planned = planned_technique(manifest)
    facts["estimates.longest.plan.fits"] = (
        facts[f"estimates.longest.{planned}.fits"] if planned else None
    )
    facts["estimates.longest.plan.memory_gb"] = (
        facts[f"estimates.longest.{planned}.memory_gb"] if planned else None
    )
    # What a plan that does not fit needs: at the average, else with the longest examples.
    facts["estimates.plan.needed_gb"] = (
        facts["estimates.plan.memory_gb"] if facts["estimates.plan.fits"] == "no"
        else facts["estimates.longest.plan.memory_gb"])  # fmt: skip

    # Continued pre-training: one pass over the corpus costs what a full fine-tune costs per
    # token (6 x N FLOPs), so scale the full fine-tune's estimate by the tokens.
    corpus = facts["data.unlabeled_tokens"]
    hours = usd = None
    if estimates is not None and corpus and estimates.full.gpu_hours is not None:
        trained = (
            facts["data.labeled_examples"]
            * facts["data.avg_tokens_per_example"]
            * _epochs(manifest, rulebook)
        )
        if trained > 0:
            scale = corpus / trained
            hours = round(estimates.full.gpu_hours.high * scale, 2)
            usd = None if estimates.full.usd is None else round(estimates.full.usd.high * scale)
    facts["estimates.continued_pretraining.gpu_hours"] = hours
    facts["estimates.continued_pretraining.usd"] = usd

    # A hosted model's tuning service bills the tokens it trains on: the examples' tokens
    # times the epochs, at its price list's rate (OpenAI's pricing page, fine-tuning).
    price = facts["model.tuning.usd_per_million_tokens"]
    epochs = _epochs(manifest, rulebook)
    policy = facts["model.tuning.default_epochs"]
    if manifest.training.epochs is None and policy is not None:
        # The service's own default for this many examples (OpenAI: 3, fewer for large sets).
        target, floor, ceiling, most = policy
        examples = max(facts["data.labeled_examples"], 1)
        epochs = float(
            min(most, floor // examples) if examples * target < floor
            else max(1, ceiling // examples) if examples * target > ceiling
            else target)  # fmt: skip
    tokens = (round(facts["data.labeled_examples"] * facts["data.avg_tokens_per_example"]
                    * epochs) if price is not None else None)  # fmt: skip
    facts["hosted.epochs"] = epochs
    facts["hosted.training_tokens"] = tokens
    facts["hosted.tuning_usd"] = None if tokens is None else round(tokens * price / 1e6, 2)

    # A distilled student against the prompted model: the days until the fine-tune pays off.
    per_day = facts["serving.requests_per_day"]
    break_even = facts["estimates.break_even_requests"]
    facts["distillation.break_even_days"] = (
        round(break_even / per_day, 1) if per_day and break_even is not None else None
    )


def _epochs(manifest: Manifest, rulebook: Rulebook) -> float:
    return float(manifest.training.epochs or decision_plan(rulebook).epochs)

"""From a manifest to a recipe: the advice, the recipe defaults, the fitted batch, the trainer.

:func:`build_recipe` is pure (no I/O, no printing, no clock): the same manifest, rulebook,
defaults and trainer always give the same recipe.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from transfer_advisor.advice.engine import advise
from transfer_advisor.advice.estimates import held_sequence
from transfer_advisor.advice.facts import gather_facts
from transfer_advisor.advice.recommendation import Recommendation
from transfer_advisor.catalog import Catalog, default_catalog
from transfer_advisor.manifest import Manifest, manifest_from_mapping
from transfer_advisor.recipes import settings
from transfer_advisor.recipes.defaults import RecipeDefaults, default_recipe_defaults, grad_norm
from transfer_advisor.recipes.fit import fit_to_gpu
from transfer_advisor.recipes.model import (
    TARGETS,
    Hyperparameters,
    Recipe,
    RecipeError,
)
from transfer_advisor.recipes.plans import evaluation_plan, hosted_plan
from transfer_advisor.recipes.targets import LLM_TARGETS, target_config
from transfer_advisor.rules.load import default_rulebook
from transfer_advisor.rules.rulebook import Rulebook

__all__ = ["build_recipe"]

_TECHNIQUE = {"lora": "lora", "qlora": "qlora", "full": "full", "adapters": "lora"}


def build_recipe(
    manifest: Manifest | Mapping[str, Any],
    target: str,
    *,
    rulebook: Rulebook | None = None,
    catalog: Catalog | None = None,
    defaults: RecipeDefaults | None = None,
    config_name: str = "recipe.yaml",
) -> Recipe:
    """The recipe for ``target`` (axolotl, llama-factory, trl or transformers).

    Raises :class:`RecipeError` when nothing can be trained with that trainer (the advice is to
    change the base model; an LLM trainer for an encoder...), and :class:`InputError` for an
    invalid manifest.
    """
    if target not in TARGETS:
        raise RecipeError(f"unknown trainer {target!r}; choose one of: {', '.join(TARGETS)}")
    if not isinstance(manifest, Manifest):
        manifest = manifest_from_mapping(manifest)
    rulebook = rulebook if rulebook is not None else default_rulebook()
    catalog = catalog if catalog is not None else default_catalog()
    defaults = defaults if defaults is not None else default_recipe_defaults()
    advice = advise(manifest, rulebook, catalog=catalog, explain=True)
    facts, _ = gather_facts(manifest, rulebook, catalog)
    # The strategy rule that decided, for the recipes a rule's method changes (SetFit's).
    facts = {**facts, "recommendation.rule": next(
        (t.rule for t in advice.trace or () if t.kind == "strategy" and t.fired), None)}  # fmt: skip
    strategy = advice.strategy
    model = manifest.model.name
    base: dict[str, Any] = {"name": manifest.name, "target": target, "strategy": strategy,
            "technique": advice.technique, "config_name": config_name}  # fmt: skip
    if strategy == "change_base_model":
        error = next((f for f in advice.findings if f.severity == "error"), None)
        why = f": {error.message}" if error is not None else ""
        raise RecipeError(f"nothing to train: the advice is to change the base model{why}")
    if strategy == "in_context":
        plan, assumed = evaluation_plan(manifest, facts, defaults)
        return Recipe(**base, kind="evaluation_plan", model=model, plan=plan,
                      assumed=assumed, sources=_sources(defaults, plan=True))  # fmt: skip
    if facts["model.weights"] == "hosted":
        plan = hosted_plan(facts, defaults)
        return Recipe(**base, kind="hosted", model=model, plan=plan,
                      sources={"hosted": defaults.hosted.source})  # fmt: skip
    if facts["model.weights"] != "open" or facts["model.parameters"] is None:
        raise RecipeError(f"nothing to train: the weights of {model} are not available to "
                          "train (closed, or their size is unknown: give model.parameters)")  # fmt: skip
    if manifest.task.type == "embedding":
        # These trainers' configs train a generation or classification head; an embedder
        # learns from pairs with a contrastive loss (Reimers & Gurevych 2019, Sentence-BERT;
        # Wang et al. 2024, E5-mistral), which none of them is set up for here.
        raise RecipeError(
            f"no config for an embedding model: {model} would be trained on pairs with a "
            "contrastive loss (sentence-transformers), which these trainers' supervised "
            "fine-tuning configs do not do"
        )
    modality = facts["model.modality"]
    if modality in _OWN_LIBRARY_MODALITIES:
        # A forecaster (Chronos, TimesFM) or a tabular model (TabPFN) is no text model with a
        # head: its own library fine-tunes it (chronos-forecasting, AutoGluon, TabPFN's).
        entry = catalog.model(facts["model.catalog_name"] or manifest.model.name)
        card = f" (see {entry.source})" if entry is not None and entry.source else ""
        raise RecipeError(
            f"no config for a {modality} model: {model} is fine-tuned with the library its "
            f"model card names{card}, not as a text model by these trainers"
        )
    image_task = manifest.task.type or "other"
    if facts["data.modality"] == "image" and (
        image_task not in _IMAGE_CLASSIFICATION or facts["model.architecture"] != "encoder"
    ):
        # Only an image classifier's head is written: a detector, a segmenter or a
        # vision-language decoder loads through another Auto class (AutoModelForObjectDetection,
        # AutoModelForImageTextToText) and trains on boxes, masks or image-text pairs.
        kind = ("a vision-language model" if facts["model.modality"] == "multimodal"
                else f"{image_task} on images")  # fmt: skip
        raise RecipeError(
            f"no config for {kind}: these configs train image classifiers, text and speech "
            f"models; {model} needs its own model class and data format (boxes, masks or "
            "image-text pairs), as its model card shows"
        )
    hyper, assumed, notes = _hyperparameters(manifest, advice, facts, rulebook, catalog, defaults)
    if target == "llama-factory" and hyper.precision == "fp32":
        # With bf16 and fp16 off it computes in the model's own dtype (patcher.py:
        # infer_optim_dtype), bf16 for Gemma 3: no fp32 run to write.
        raise RecipeError(
            "LLaMA-Factory has no fp32 training (with bf16 and fp16 off it computes in the "
            f"model's own dtype), and {model} is to train in fp32 here: use --for trl, axolotl "
            "or transformers"
        )
    if target == "llama-factory" and hyper.pure_bf16 and hyper.parallelism == "zero3":
        raise RecipeError(
            "LLaMA-Factory refuses pure_bf16 (training.precision bf16-true) with DeepSpeed "
            "ZeRO-3 (hparams/parser.py): set training.parallelism fsdp, or bf16-mixed"
        )
    if target in LLM_TARGETS and hyper.head != "causal-lm":
        raise RecipeError(
            f"{target} trains decoder language models on text; {model} is "
            f"{'an' if hyper.architecture[0] in 'aeiou' else 'a'} {hyper.architecture} model "
            f"({hyper.modality} data, {hyper.head}): use --for transformers"
        )
    config, command, dataset_format, more_notes = target_config(target, hyper, config_name,
                                                                defaults)  # fmt: skip
    return Recipe(
        **base,
        kind="train",
        model=hyper.model,
        config=config,
        command=command,
        dataset_format=dataset_format,
        hyperparameters=hyper,
        assumed=assumed,
        notes=(*notes, *more_notes),
        sources=_sources(defaults),
    )


#: The task types an image classifier's head serves.
_IMAGE_CLASSIFICATION = frozenset({"classification", "image-classification"})
#: Models of these kinds are fine-tuned by their own libraries, not by a text trainer's config.
_OWN_LIBRARY_MODALITIES = frozenset({"time-series", "tabular"})


def _head(architecture: str, modality: str, task: str) -> str:
    """The model head (and transformers Auto class) the task trains."""
    if modality == "image":
        return "image-classification"
    if modality == "audio":
        return "speech-seq2seq" if architecture == "encoder-decoder" else "ctc"
    if architecture == "decoder":
        return "causal-lm"
    if architecture == "encoder-decoder":
        return "seq2seq-lm"
    if task == "extraction":
        return "token-classification"
    if task == "question-answering":
        return "question-answering"
    return "sequence-classification"


def _family(manifest: Manifest, facts: Mapping[str, Any], catalog: Catalog) -> str | None:
    config = manifest.model_config_facts
    model_type = getattr(config, "model_type", None) if config is not None else None
    if model_type:
        return str(model_type)
    entry = catalog.model(facts["model.catalog_name"] or manifest.model.name)
    return entry.family if entry is not None else None


def _sequence_length(manifest: Manifest, facts: Mapping[str, Any], d: RecipeDefaults,
                     assumed: list[str]) -> int:  # fmt: skip
    if manifest.training.sequence_length:
        return manifest.training.sequence_length
    s = d.sequence_length
    context = facts["model.context_window"]
    longest: int | None = facts["data.max_tokens_per_example"]
    if longest:
        length: int = max(math.ceil(longest / s.multiple_of) * s.multiple_of, s.minimum)
        cut = bool(context) and length > int(context)
        length = min(length, int(context)) if context else length
        assumed.append(f"sequence length {length}: the longest example's {longest:,} tokens "
                       f"(data.max_tokens_per_example), "
                       + ("cut to the context window" if cut else
                          f"rounded up to a multiple of {s.multiple_of}"))  # fmt: skip
        return length
    average = facts["data.avg_tokens_per_example"] or s.minimum
    if manifest.data.avg_tokens_per_example is None:
        assumed.append(f"{average} tokens per example (no data.avg_tokens_per_example)")
    length = math.ceil(average * s.headroom_over_average / s.multiple_of) * s.multiple_of
    length = max(length, s.minimum)
    if context:
        length = min(length, int(context))
    assumed.append(f"sequence length {length}: {s.headroom_over_average:g} x the average "
                   f"{average} tokens (set training.sequence_length to the measured maximum)")  # fmt: skip
    return length


def _evaluation(examples: int, d: RecipeDefaults) -> tuple[float, int]:
    e = d.evaluation_split
    count = min(e.max_examples, max(e.min_examples, round(examples * e.fraction)))
    if count * 2 > examples:
        count = max(1, round(examples * e.fraction))
    return round(count / max(examples, 1), 4), count


#: The default rulebook's strategy rule for SetFit's setting (a few labels, a small embedder).
_SETFIT_RULE = "few-shot-embedder"


def _hyperparameters(
    manifest: Manifest,
    advice: Recommendation,
    facts: Mapping[str, Any],
    rulebook: Rulebook,
    catalog: Catalog,
    d: RecipeDefaults,
) -> tuple[Hyperparameters, tuple[str, ...], tuple[str, ...]]:
    assumed: list[str] = []
    notes: list[str] = []
    if advice.model.source == "assumed" and facts["model.assumed"]:
        assumed.append(f"the model: {facts['model.assumed']}")
    model = manifest.model.name
    instruct = facts["model.instruct_variant"]
    if instruct and any(f.id == "base-model" for f in advice.findings):
        notes.append(f"training {instruct}, the instruction-tuned sibling of {model}, as the "
                     "advice says (base-model)")  # fmt: skip
        model = instruct
    technique = _TECHNIQUE.get(advice.technique or "", "lora")
    planned = manifest.plan.technique
    if planned is not None and planned != advice.technique and advice.technique is not None:
        notes.append(f"the plan's technique is {planned}; this recipe follows the advice, "
                     f"{advice.technique} (transfer-advisor advise says why)")  # fmt: skip
    if advice.technique == "adapters":
        notes.append("adapters are written as LoRA adapters, the kind every trainer here supports")
    if facts["recommendation.rule"] == _SETFIT_RULE:
        # The advice is SetFit's two stages (Tunstall et al. 2022, Sec. 3), which no target
        # here runs: say so rather than pass a task-head fine-tune off as it.
        notes.append("the advice is SetFit (contrastive pairs, then a logistic-regression head), "
                     "which none of these trainers runs: this config fine-tunes with a task head "
                     "instead; train with the setfit library to follow the advice")  # fmt: skip
    if advice.technique is None:
        assumed.append("technique lora (the advice names none)")
    examples = int(facts["data.labeled_examples"])
    parameters = int(facts["model.parameters"])
    architecture = str(facts["model.architecture"] or "decoder")
    modality = str(facts["data.modality"] or "text")
    family = _family(manifest, facts, catalog)
    head = _head(architecture, modality, manifest.task.type or "other")
    lora = d.lora
    rank = manifest.training.lora_rank or int(lora.rank.pick(examples))
    alpha = int(rank * float(lora.alpha_per_rank.value))
    targets = lora.target_modules.by_family.get(family or "")
    stated_targets = (
        settings.stated_targets(manifest, family, d, notes) if technique != "full" else None
    )
    if stated_targets is not None:
        targets = stated_targets
    if head != "causal-lm" and targets is None and technique != "full":
        assumed.append(f"LoRA on every linear layer (no layer names for family {family!r} in "
                       "recipes.yaml: check that the task head is not among them)")  # fmt: skip
    epochs = float(manifest.training.epochs or d.epochs.pick(examples))
    effective = int(d.effective_batch_size.pick(examples))
    sequence = _sequence_length(manifest, facts, d, assumed)
    # A batch is padded to its own longest example, not to the cap (no recipe packs them).
    held = held_sequence(sequence, facts["data.max_tokens_per_example"]) or sequence
    if held < sequence:
        assumed.append(f"memory fitted at the longest example's {held:,} tokens: a batch is "
                       f"padded to its own longest example, not to the sequence length {sequence}")  # fmt: skip
    gpus = int(facts["budget.gpus"] or 1)
    # Decided before the fit (fp32 holds more), said after it, as the header reads.
    precision_assumed: list[str] = []
    precision_notes: list[str] = []
    precision, precision_setting = settings.precision(manifest, facts, catalog, precision_assumed,
                                              precision_notes)  # fmt: skip
    parallelism, cpu_offload = settings.distribution(manifest, gpus)
    if parallelism is None and manifest.training.parallelism is not None:
        precision_notes.append(f"training.parallelism {manifest.training.parallelism} is not "
                               "written: one GPU without offload has nothing to share")  # fmt: skip
    if parallelism is not None and manifest.training.parallelism is None:
        precision_assumed.append(
            f"DeepSpeed ZeRO-3 {'across the ' + str(gpus) + ' GPUs' if gpus > 1 else 'on the GPU'}"
            ", fully sharded (training.parallelism sets ddp, zero2, zero3 or fsdp)"
        )
    fit = fit_to_gpu(manifest, facts, rulebook, catalog, technique=technique,
                     effective_batch=effective, max_micro_batch=int(float(
                         d.max_micro_batch_size.value)),
                     sequence_length=held, lora_rank=rank, epochs=epochs,
                     precision=precision_setting,
                     parallelism=parallelism if manifest.training.parallelism is None else None)  # fmt: skip
    if not fit.fitted:
        assumed.append("micro-batch 1 with gradient checkpointing: no GPU memory given "
                       "(--gpu or --gpu-memory fits it)")  # fmt: skip
    elif fit.fits != "yes":
        notes.append(f"even micro-batch 1 with gradient checkpointing may not fit "
                     f"{fit.gpu_memory_gb:g} GB per GPU (estimate: {fit.fits}); see "
                     "transfer-advisor estimate")  # fmt: skip
    assumed += precision_assumed
    notes += precision_notes
    schedule = d.schedule.decoder if architecture == "decoder" else d.schedule.encoder
    fraction, count = _evaluation(examples, d)
    hyper = Hyperparameters(
        model=model,
        family=family,
        architecture=architecture,
        modality=modality,
        task=manifest.task.type or "other",
        head=head,
        technique=technique,
        lora_rank=rank,
        lora_alpha=alpha,
        lora_dropout=float(lora.dropout.value),
        target_modules=None if targets is None else tuple(targets),
        learning_rate=d.learning_rate.pick(technique, parameters),
        epochs=epochs,
        scheduler=schedule.scheduler,
        warmup_ratio=schedule.warmup_ratio,
        weight_decay=float(d.weight_decay["full" if technique == "full" else "lora"].value),
        max_grad_norm=grad_norm(d, technique),
        sequence_length=sequence,
        evaluation_fraction=fraction,
        evaluation_examples=count,
        precision=precision,
        pure_bf16=manifest.training.precision == "bf16-true",
        gpus=gpus,
        parallelism=parallelism,
        cpu_offload=cpu_offload,
        optimizer=settings.optimizer(manifest, d, technique),
        fit=fit,
    )
    return hyper, tuple(assumed), tuple(notes)


def _sources(d: RecipeDefaults, *, plan: bool = False) -> dict[str, str]:
    def one(text: str) -> str:
        return " ".join(text.split())

    if plan:
        return {"held_out": one(d.in_context.held_out.source),
                "metric": one(d.in_context.metric_by_task.source)}  # fmt: skip
    return {
        "lora_rank": one(d.lora.rank.source),
        "lora_alpha": one(d.lora.alpha_per_rank.source),
        "lora_dropout": one(d.lora.dropout.source),
        "target_modules": one(d.lora.target_modules.source),
        "learning_rate": one(d.learning_rate.source),
        "epochs": one(d.epochs.source),
        "effective_batch_size": one(d.effective_batch_size.source),
        "schedule": one(d.schedule.decoder.source),
        "evaluation_split": one(d.evaluation_split.source),
        "micro_batch_size": "the largest that keeps the estimator's high memory estimate under "
        "its safety margin (estimates.yaml verdict.tight_margin) of the GPU's memory",
    }

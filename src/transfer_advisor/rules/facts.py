"""The facts a rulebook can use: every name here may appear in a ``when:`` or a message.

The engine fills them from the manifest, the model catalog and the rulebook's tables; a
rulebook adds its own thresholds (``thresholds.NAME``) and derived facts (``facts:``). This table
is the single place that lists them, for validation, ``rules show`` and the documentation.
"""

from __future__ import annotations

#: Facts known before any decision is made, with what they mean.
BASE_FACTS: dict[str, str] = {
    "task.type": "the task type from the manifest",
    "task.complexity": "low, medium or high",
    "data.labeled_examples": "number of labeled examples",
    "data.avg_tokens_per_example": "tokens per example (the manifest's, or the assumed default)",
    "task.described": "whether the manifest describes the task (task.description)",
    "data.modality": "what the data is (given, or implied by the task type; text by default)",
    "data.domain": "the data's domain tag, if given",
    "data.language": "the data's language, if given",
    "data.sequences": (
        "the raw sequences the task's description says the inputs are: protein, genomics or "
        "chemistry (amino-acid, DNA or RNA, SMILES strings), if any"
    ),
    "data.prose": (
        "whether the task's description says the inputs are prose (a language's name, 'free "
        "text', 'sentences') and names no raw sequences"
    ),
    "model.name": "the model's name as written in the manifest",
    "model.catalog_name": "the catalog's name for the model, if it is in the catalog",
    "model.shape_of": (
        "the catalog model whose architecture an unlisted model shares (a fine-tune, quantized "
        "copy or base checkpoint of its size, taken or stated; for a sibling of another size, "
        "the catalog's model of its family at that size), if any"
    ),
    "model.in_catalog": "whether the model is in the catalog",
    "model.parameters": "parameter count (manifest, config.json, catalog, or unknown)",
    "model.architecture": "encoder, decoder or encoder-decoder",
    "model.instruction_tuned": "whether the model is instruction-tuned (chat)",
    "model.context_window": "context window in tokens",
    "model.modality": "what the model was pre-trained on",
    "model.inputs": "what a multimodal model reads (text, image, audio, video); empty: not said",
    "model.reads": (
        "what the model reads, for a message: its modality, or a multimodal model's inputs "
        "('text and image')"
    ),
    "model.domains": "the model's pre-training domains",
    "model.sequence_model": (
        "whether the model was pre-trained only on biological or chemical sequences: every one "
        "of its domains is a kind of sequence_inputs (protein, genomics, chemistry) or related to "
        "one and to no domain of prose (dna, smiles), and so is every domain of the family its "
        "name names (MolT5 tagged chemistry still read prose); a model the rulebook does not "
        "know needs a tag of the sequences themselves (dna, smiles), not a field alone"
    ),
    "model.languages": "the languages the model was pre-trained on",
    "model.promptable": "whether the model can be prompted few-shot",
    "model.generative": "whether it writes text (decoder, encoder-decoder; no embedder or reranker)",
    "model.role": (
        "what the name of a model not in the catalog says it is (tables.name_roles: embedder, "
        "reranker), else null"
    ),
    "model.role_description": "the role's description, for a message",
    "model.trained_for": "the tasks the model's head was trained for on a fixed label set",
    "model.label_set": "the fixed labels that head predicts, as its card names them, or null",
    "model.label_set_terms": "words that name that label set in a description (coco, imagenet)",
    "model.label_set_classes": (
        "that label set's classes by name, each with its other names after a slash "
        "(person/people), where the catalog lists them"
    ),
    "model.instruct_variant": "the instruction-tuned sibling of a base model, if known",
    "model.assumed": "the model facts that were assumed (empty when none)",
    "model.weights_gb": "size of the weights in 16-bit precision, in GB",
    "model.zero_shot_tasks": "the task types the model does as it is, with no training",
    "model.in_context_learning": "how well it learns from examples in its prompt (strong, weak, none)",
    "model.input_seconds": "the longest audio one input holds, in seconds (Whisper: 30)",
    "model.card_technique": (
        "the parameter-efficient technique a listed family's card adapts it with (adapters: "
        "MMS-1B-all's per-language adapters), else null"
    ),
    "model.fp16_unstable": (
        "whether the model's family overflows fp16 (`fp16_unstable_families`: T5, mT5, Gemma 3)"
    ),
    "model.window_assumed": "whether the context window is the rulebook's default, not known",
    "model.domains_known": (
        "whether the model's domains are known (stated, catalogued, or from its name or a "
        "listed family) rather than the general default"
    ),
    "model.tuning_excludes": (
        "the data's kind of input (image, audio, video) when the hosted model's tuning service "
        "does not take it (model.weights is then closed); null else"
    ),
    "model.transcribes": (
        "the model's extraction is reading text out (OCR): plain text, no named fields or structure"
    ),
    "task.structured_extraction": (
        "an extraction task whose description asks for named fields or structure (key-value "
        "pairs, JSON, a table's cells): structured_extraction_terms"
    ),
    "model.identifies_language": (
        "the model names the language of a recording as a trained task (Whisper's language "
        "identification)"
    ),
    "task.language_identification": (
        "a classification task whose description says it names the language spoken or "
        "written (language_identification_terms)"
    ),
    "model.zero_shot_first": (
        "the provider's prompting guide says to prompt the model zero-shot first, adding "
        "examples only if needed (OpenAI's reasoning models)"
    ),
    "model.images_per_prompt": (
        "the images one prompt may hold, as a multimodal model's card says (1: no image "
        "demonstrations beside the input; null: not said)"
    ),
    "model.checkpoint": "what the checkpoint is: base, pretrained (to fine-tune), instruct or task",
    "model.weights": "open, hosted (the provider's tuning service only) or closed (no tuning)",
    "model.weights_published": (
        "whether the catalog (the model's entry, a model its name contains, or its listed family) "
        "knows its weights to be open, whatever the manifest says of how they are used here"
    ),
    "model.quantized": (
        "the name of a model not in the catalog says its weights are quantized "
        "(tables.quantized_words: GPTQ, AWQ, bnb-4bit, FP8, GGUF)"
    ),
    "model.serving_bits": (
        "bits per weight a catalog checkpoint is published in for serving, which trainers "
        "dequantize (gpt-oss's MXFP4 experts: 4), if any"
    ),
    "model.quantized_bits": (
        "the bits per weight such a name states or implies (GPTQ and AWQ: 4, FP8: 8), else null"
    ),
    "model.tuning.service": "the provider's fine-tuning service of a hosted model",
    "model.tuning.methods": (
        "the methods a catalog model's tuning service offers (supervised, preference, "
        "reinforcement)"
    ),
    "model.tuning.min_examples": "the fewest examples that service accepts",
    "model.tuning.recommended_examples": "the examples that service recommends",
    "model.tuning.source": "where the service's facts come from",
    "model.tuning.adapter": "what the service trains, where its docs say (lora), else null",
    "language.weak": "a language of the task the model covers but transcribes poorly, if any",
    "language.weak_error": "the model's word error rate (%) in language.weak, on its benchmark",
    "language.weak_name": "language.weak's name in the rulebook's language table, else its code",
    "model.tuning.new_customers_until": "the day a closing service stopped taking new customers",
    "model.tuning.jobs_until": "the last day a closing service runs new jobs",
    "model.tuning.idle_since": "the day since which a closing service refuses idle customers",
    "model.tuning.idle_days": "the days without a tuned model's use that make a customer idle",
    "model.tuning.default_epochs": (
        "how the service picks its epochs when the job names none: (target, the fewest and "
        "most examples x epochs, the most epochs), or null"
    ),
    "model.tuning.usd_per_million_tokens": (
        "the service's price of training, per million training tokens (the examples' tokens "
        "times the epochs)"
    ),
    "model.active_parameters": "parameters active per token (a mixture of experts), if known",
    "model.languages_complete": "whether the model's language list is complete (false: the card claims more)",
    "model.languages_many": (
        "whether the model's languages say 'many' (multilingual, mul) rather than only name them"
    ),
    "model.family": "the model's family in the catalog (llama, qwen2, bert...), if known",
    "model.base_variant": "the base checkpoint of an instruction-tuned model, if known",
    "model.languages_summary": "the model's languages, shortened for a message",
    "model.translates_from": (
        "the languages a translation model trained on some directions translates from "
        "(empty: any of its languages)"
    ),
    "model.directions": (
        "a translation model's trained directions, e.g. 'de → en' or 'any → en' (null: not limited)"
    ),
    "model.translates_into": (
        "the languages a translation model trained on some directions translates into "
        "(empty: any of its languages)"
    ),
    "model.did_you_mean": "the catalog model a name not in the catalog is closest to",
    "task.source_language": "a translation's source language, if given",
    "task.target_language": "a translation's target language, if given",
    "task.knowledge.required": "the task needs facts the model was not trained on (null: not said)",
    "task.knowledge.source": "where those facts live: private-documents, catalogue, recent-data, public",
    "task.knowledge.documents": "how many documents hold them, if given",
    "task.knowledge.changes": "whether those facts change over time",
    "task.text_completion": (
        "a generation task whose description says it continues the user's text (autocomplete, "
        "the next words: the rulebook's `text_completion_terms`)"
    ),
    "task.code_from_instructions": (
        "a code task whose description says the code is written from natural-language "
        "instructions, not completed"
    ),
    "task.names_label_set": (
        "the task's description names the model's fixed label set (model.label_set_terms) "
        "or lists two or more of its classes and nothing else beside them"
    ),
    "task.states_other_labels": (
        "the task's description states labels of its own (after 'as', 'into' or '(', or a "
        "'whether' question) of which one is none of the model's fixed classes"
    ),
    "task.beyond_label_set": "the description says the model's fixed classes lack some it needs",
    "task.suggestions": "catalog models that do the task as they are, for this data and language",
    "data.max_tokens_per_example": "tokens of the longest examples, if given",
    "training.sequence_length": "the training sequence length the manifest sets (tokens), if any",
    "training.micro_batch_size": "the micro-batch size the manifest sets (sequences per GPU), if any",
    "training.parallelism": "the parallelism the manifest sets (ddp, zero2, zero3, fsdp), if any",
    "training.precision": "the precision the manifest sets (bf16-mixed, fp16-mixed, bf16-true, fp32), if any",
    "training.cpu_offload": (
        "whether the manifest offloads parameters and optimizer state to CPU memory (null: not said)"
    ),
    "data.unlabeled_tokens": "tokens of unlabeled in-domain text, if given",
    "data.labels_from": "where the labels come from: human, teacher (a model) or weak",
    "data.teacher_model": "the teacher model that labels the data, if given",
    "data.teacher_parameters": (
        "the teacher model's parameters: the catalog's, else the size its name states"
    ),
    "serving.requests_per_day": "requests a day the adapted model will serve, if given",
    "serving.latency_ms": "the latency target per request in milliseconds, if given",
    "language.unrecognised": "language tags that are neither a code nor a name the rulebook knows (not checked)",
    "language.missing": "the languages of the task the model was not pre-trained on",
    "language.unlisted": (
        "the languages of the task a model's card does not name, where it claims more than it "
        "names (not checked)"
    ),
    "language.suggestions": "catalog models that cover every language of the task",
    "language.direction_suggestions": (
        "catalog models that translate from the task's source language into its target"
    ),
    "language.cascade_suggestions": (
        "for speech no catalog model translates that way, text models that translate the transcript"
    ),
    "input.longest_tokens": "tokens of the longest input (the longest given, else the average)",
    "input.overflow": (
        "the longest inputs are longer than the model's context window (text, code and "
        "image-text pairs in tokens; a forecaster's history in points)"
    ),
    "input.average_overflows": "even the average input is longer than the window",
    "input.average_lost_percent": "the share of the average input the window cuts off (%)",
    "input.suggestions": "catalog models whose window holds the longest inputs",
    "feasibility.suggestions": "smaller catalog models that LoRA or QLoRA fits on these GPUs",
    "estimates.qlora.sequence_percent": (
        "the share of QLoRA's high memory estimate that grows with the sequence, its "
        "activations (%)"
    ),
    "estimates.qlora.gpus_needed": "the fewest GPUs of this size QLoRA fits on (when it does not)",
    "estimates.continued_pretraining.gpu_hours": "GPU-hours of one pass over the unlabeled corpus",
    "estimates.continued_pretraining.usd": "cost of that pass in US dollars",
    "distillation.break_even_days": "days of serving after which the fine-tuned student pays off",
    "budget.level": "low, medium or high, if given",
    "budget.gpu": "the GPU, if given (the catalog's name, whatever alias or case was written)",
    "budget.gpu_unlisted": "a GPU the manifest names that the catalog does not list (its memory given)",
    "budget.gpu_memory_gb": "memory per GPU in GB (given, or from the GPU catalog)",
    "budget.gpus": "number of GPUs (1 when not given)",
    "budget.gpu_others_smaller_gb": (
        "the least memory among the other cards the GPU's name may mean that the catalog lists, "
        "where less than the card taken (a bare A100: 40); null else"
    ),
    "budget.gpu_others": (
        "other cards the GPU's name may mean (a bare A100: the 40 GB card too), unless the "
        "memory is given"
    ),
    "budget.total_gpu_memory_gb": "memory of all GPUs together",
    "budget.cost_gpu_memory_gb": "memory of budget.cost_gpu, the GPU time and cost are estimated on",
    "budget.gpu_hours": "GPU-hours available, if given",
    "budget.usd": "money available in US dollars, if given",
    "budget.cpu_memory_gb": "the machine's CPU memory (RAM) in GB, if given",
    "prompting.tried": "whether a few-shot prompting baseline has been tried",
    "prompting.meets_target": "whether that baseline meets the target (null: unknown)",
    "constraints.preserve_general_capabilities": (
        "the model must keep its general skills (false: they need not be kept; null: not said)"
    ),
    "plan.strategy": "the strategy the team plans, if given (a technique alone gives its strategy)",
    "plan.technique": "the technique the team plans, if given",
    "plan.fine_tuning": "whether the plan is to fine-tune (peft or full)",
    "modality.match": "yes, partial or no: can the model read the data's modality",
    "modality.suggestions": "catalog models that can read the data's modality",
    "modality.frames_only": (
        "the model reads single images but not video, and the video task's description turns on "
        "what changes across frames (the rulebook's `temporal_terms`)"
    ),
    "model.multi_image": (
        "for a video task that turns on what changes across frames: the catalog says the model "
        "takes several images in one prompt (a clip's frames together)"
    ),
    "model.class_agnostic": "the catalog says its masks carry no class (SAM, SAM 2)",
    "task.states_classes": (
        "for a class-agnostic model: the description names classes to label (a list after "
        "'as' or 'into', a count of classes, or the rulebook's `class_naming_terms`)"
    ),
    "task.temporal_term": (
        "the first of the rulebook's `temporal_terms` a video task's description names (null: none)"
    ),
    "language.match": "whether the model saw the data's language (null: unknown)",
    "language.direction": (
        "a translation's direction as codes, e.g. 'en → de' ('?' for a side not given)"
    ),
    "language.direction_match": (
        "whether a translation model was trained from the task's source language into its "
        "target; false for a generative checkpoint trained for another task only (null: no "
        "translation between two known languages, or a language the model never saw)"
    ),
    "domain.match": (
        "same, related, distant, or unknown (a tag the domain table lacks; null: none given); "
        "for raw sequences (data.sequences), same or distant: prose of their domain is not them"
    ),
    "domain.compared": "the domain the model is compared with: data.sequences, else data.domain",
    "domain.described": (
        'the data, for messages: "raw amino-acid sequences", or "from the \'legal\' domain"'
    ),
    "domain.suggestions": "catalog models pre-trained on the data's domain",
    "examples.prompt_tokens": "tokens all the examples take in a prompt",
    "examples.fit_in_context": "how many examples fit in the context window",
    "examples.in_prompt": "how many examples a few-shot prompt would hold",
    "examples.in_prompt_tokens": "the tokens of those examples, added to every request",
    "examples.prompt_reserve": (
        "context tokens kept for instructions, input and answer (`prompt_reserve_tokens`, at "
        "most `prompt_reserve_max_share` of the window, never less than one example)"
    ),
    "budget.gpu_bf16_tflops": "dense bf16 throughput of one GPU (from the GPU catalog)",
    "budget.gpu_usd_per_hour": "indicative price of one GPU-hour (from the GPU catalog)",
    "budget.gpu_bf16": "whether the named GPU computes in bf16 (false: T4, V100; null: not named or not said)",
    "budget.cost_gpu": "the GPU that time and cost are estimated on (given, or the reference)",
    "estimates.known": "whether memory and cost could be estimated (the parameter count is known)",
    "hosted.epochs": (
        "the epochs a fine-tune runs: training.epochs, else the tuning service's default for "
        "this many examples, else the rulebook's"
    ),
    "hosted.training_tokens": (
        "the tokens a hosted model's tuning service bills: examples x tokens x epochs (null: no "
        "price in the catalog)"
    ),
    "hosted.tuning_usd": (
        "what the tuning service charges for them, at model.tuning.usd_per_million_tokens"
    ),
    "estimates.fitting": "the fine-tuning techniques whose memory fits the GPUs (yes or tight)",
    "estimates.plan.fits": "whether the planned technique fits the GPUs (yes, tight, no, null)",
    "estimates.plan.memory_gb": "per-GPU memory of the planned technique (high estimate)",
    "estimates.plan.host_memory_gb": (
        "CPU memory (GB) CPU offload holds for the planned technique, high estimate (null: no "
        "offload or no plan)"
    ),
    "estimates.plan.sharded_fits": (
        "whether the planned technique fits the GPUs sharded as they allow (FSDP), whatever "
        "parallelism the manifest sets"
    ),
    **{
        f"estimates.stated.{t}.{k}": (
            f"{what} of {t} with the manifest's training.parallelism where it keeps the "
            "weights on every GPU (ddp, zero2) on several GPUs; the other estimates shard "
            "them as the hardware allows (null: no such setting)"
        )
        for t in ("full", "lora", "qlora")
        for k, what in (("fits", "whether it fits the GPUs"), ("memory_gb", "per-GPU memory"))
    },
    "estimates.prompt_tokens_per_request": "prompt tokens the few-shot examples add per request",
    "estimates.break_even_requests": "requests after which the cheapest fine-tune costs less",
    "estimates.longest.tokens": (
        "the longest examples' tokens (data.max_tokens_per_example, cut to the window) where "
        "longer than the average and not cut by training.sequence_length (else null)"
    ),
    "estimates.plan.needed_gb": (
        "per-GPU memory a plan that does not fit needs: at the average length where it does not "
        "fit there, else with a batch holding the longest examples"
    ),
    **{
        f"estimates.longest.{_t}.fits": (
            f"does {_t} fit the GPUs with a batch holding the longest examples: yes, tight, no "
            "or null (not estimated)"
        )
        for _t in ("full", "lora", "qlora", "plan")
    },
    **{
        f"estimates.longest.{_t}.memory_gb": (
            f"per-GPU memory of {_t} with a batch holding the longest examples (high estimate)"
        )
        for _t in ("full", "lora", "qlora", "plan")
    },
}

#: Per-technique estimate facts: estimates.<technique>.<what>.
ESTIMATE_TECHNIQUES = ("full", "lora", "qlora", "in_context")
for _technique in ESTIMATE_TECHNIQUES:
    BASE_FACTS.update({
        f"estimates.{_technique}.fits": f"does {_technique} fit the GPUs: yes, tight, no or null",
        f"estimates.{_technique}.memory_gb": f"per-GPU memory of {_technique}, high estimate (GB)",
        f"estimates.{_technique}.gpu_hours": f"GPU-hours of {_technique}, high estimate",
        f"estimates.{_technique}.usd": f"cost of {_technique} in US dollars, high estimate",
    })  # fmt: skip
for _technique in ESTIMATE_TECHNIQUES[:3]:
    BASE_FACTS[f"estimates.{_technique}.host_memory_gb"] = (
        f"CPU memory (GB) CPU offload holds for {_technique}, high estimate, all GPUs together "
        "(null without offload)"
    )

#: Facts that exist only once the strategy and technique are chosen (for findings and text).
DECISION_FACTS: dict[str, str] = {
    "recommendation.strategy": "the recommended strategy",
    "recommendation.technique": "the recommended technique",
    "recommendation.fine_tuning": "whether the recommendation is to fine-tune",
    "recommendation.plan_gap": (
        "how many steps heavier the plan is than the recommendation (negative: lighter;"
        " null: no plan, or no comparable strategy)"
    ),
}

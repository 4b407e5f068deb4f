"""The names of the advisor's vocabulary, defined once: task types, modalities, strategies,
techniques, severities and the model facts a catalog entry or a manifest can state.

The manifest, the catalog, the rulebook and the recommendation all use these; the JSON
schemas (``transfer-advisor schema``) and the rulebook's checks of compared strings come from
them, so adding a value here adds it everywhere.
"""

from __future__ import annotations

from typing import Literal

TaskType = Literal[
    "classification",
    "extraction",
    "generation",
    "summarization",
    "chat",
    "code",
    "question-answering",
    "ranking",
    "speech-recognition",
    "image-classification",
    "regression",
    "forecasting",
    "translation",
    "segmentation",
    "embedding",
    "object-detection",
    "other",
]
#: What other tools call the task types, for "did you mean", where the closest spelling would
#: mislead ("transcription" is not "translation", Hugging Face's "feature-extraction" is not
#: "extraction"): the Hugging Face pipeline and Hub task ids (transformers docs, "Pipelines";
#: the Hub's task list) and the usual short forms.
TASK_TYPE_SYNONYMS: dict[str, str] = {
    "automatic-speech-recognition": "speech-recognition",
    "asr": "speech-recognition",
    "speech-to-text": "speech-recognition",
    "stt": "speech-recognition",
    "transcription": "speech-recognition",
    "transcribe": "speech-recognition",
    "token-classification": "extraction",
    "ner": "extraction",
    "named-entity-recognition": "extraction",
    "information-extraction": "extraction",
    "text-classification": "classification",
    "audio-classification": "classification",
    "intent-classification": "classification",
    "language-identification": "classification",
    "language-detection": "classification",
    "entity-recognition": "extraction",
    "image-captioning": "generation",
    "image-to-text": "generation",
    "mask-generation": "segmentation",
    "speaker-verification": "embedding",
    "speaker-identification": "classification",
    "keyword-spotting": "classification",
    "voice-activity-detection": "classification",
    "diarization": "other",
    "speaker-diarization": "other",
    "text-to-speech": "other",
    "sentiment-analysis": "classification",
    "zero-shot-classification": "classification",
    "feature-extraction": "embedding",
    "sentence-similarity": "embedding",
    "embeddings": "embedding",
    "text-generation": "generation",
    "text2text-generation": "generation",
    "qa": "question-answering",
    "document-question-answering": "question-answering",
    "table-question-answering": "question-answering",
    "reranking": "ranking",
    "text-ranking": "ranking",
    "machine-translation": "translation",
    "mt": "translation",
    "image-segmentation": "segmentation",
    "semantic-segmentation": "segmentation",
    "instance-segmentation": "segmentation",
    "detection": "object-detection",
    "time-series-forecasting": "forecasting",
    "conversational": "chat",
    "chatbot": "chat",
    "dialogue": "chat",
    "code-generation": "code",
    "code-completion": "code",
    "tabular-regression": "regression",
    "tabular-classification": "classification",
    "summarisation": "summarization",
}
Level = Literal["low", "medium", "high"]
DataModality = Literal[
    "text", "code", "image", "audio", "video", "tabular", "time-series", "multimodal"
]
ModelModality = Literal[
    "text", "code", "image", "audio", "video", "tabular", "time-series", "multimodal"
]
#: What a multimodal model reads.
InputModality = Literal["text", "image", "audio", "video"]
Architecture = Literal["encoder", "decoder", "encoder-decoder"]
#: How well a model learns from examples placed in its prompt.
InContextLearning = Literal["strong", "weak", "none"]
#: What a checkpoint was published as: a base model with an instruction-tuned sibling, a
#: checkpoint meant to be fine-tuned, an instruction-tuned model, or one trained for a task.
Checkpoint = Literal["base", "pretrained", "instruct", "task"]
#: Open weights; hosted weights that only the provider's tuning service trains; closed, no tuning.
Weights = Literal["open", "hosted", "closed"]
KnowledgeSource = Literal["private-documents", "catalogue", "recent-data", "public"]
LabelSource = Literal["human", "teacher", "weak"]

#: The strategies a manifest can plan.
Strategy = Literal["in_context", "peft", "full_fine_tune"]
#: The strategies a recommendation can give: the planned ones, or another base model.
StrategyName = Literal["in_context", "peft", "full_fine_tune", "change_base_model"]
#: The techniques within a strategy (additive values of the JSON contract).
TechniqueName = Literal[
    "zero_shot", "few_shot", "retrieval", "lora", "qlora", "adapters", "full", "hosted_tuning"
]
Severity = Literal["error", "warning", "info"]
#: Findings sort errors first, then warnings, then information.
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}

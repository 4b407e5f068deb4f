"""The fields a manifest's model may leave out (parameters, architecture, instruction tuning,
context window, modality, domains, languages), each read from the first that gives it: the
manifest, a config.json, the catalog, the model's name, a family the rulebook lists, the catalog
model the name relates to, or the rulebook's assumption (the order has exceptions, each with its
reason); and the note of each field that was not stated, shown as the model's assumptions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from transfer_advisor._internal.records import Record
from transfer_advisor.advice.kin import (
    decoder_family_named,
    family_window,
    member_size,
    nearest_of_line,
)
from transfer_advisor.advice.names import (
    TEXT_KINDS,
    architecture_from_name,
    base_from_name,
    domains_from_name,
    encoder_window,
    has_base_word,
    instruct_from_name,
    language_suffix,
    languages_from_name,
    size_from_name,
    window_from_name,
)
from transfer_advisor.rules.model import NameFamily

if TYPE_CHECKING:
    from transfer_advisor.advice.relatives import Relatives
    from transfer_advisor.catalog import Catalog, ModelEntry
    from transfer_advisor.rules.rulebook import Rulebook

ASSUMABLE = ("architecture", "instruction_tuned", "context_window", "modality")
_FROM_CONFIG = ("parameters", "architecture", "context_window", "modality")


class Fields(Record):
    """The model's fields by name, the notes of those assumed (in the order shown), and which
    came from the catalog model the name relates to (``from_like``) or a listed family."""

    __slots__ = ("values", "assumed", "from_like", "from_family")

    def __init__(
        self, values: dict[str, Any], assumed: list[str], from_like: list[str],
        from_family: set[str],
    ) -> None:  # fmt: skip
        self.values = values
        self.assumed = assumed
        self.from_like = from_like
        self.from_family = from_family

    def defaulted(self, name: str) -> bool:
        """Whether the value of ``name`` is the rulebook's default for a model nothing
        describes (``assumed_model``), not one read from its name, a family or a like model."""
        return f"{name}={_show(self.values[name])}" in self.assumed


#: What a model nothing describes is assumed to read: the data's kind where it is not text
#: (images, audio, video, series), and whether the task writes text.
DataKind = tuple[str | None, bool]
TEXT_DATA: DataKind = (None, False)


def read_fields(
    spec: Any, config: Any, rel: Relatives, rulebook: Rulebook, catalog: Catalog,
    data: DataKind = TEXT_DATA,
) -> Fields:  # fmt: skip
    """The fields of the manifest's model ``spec``; ``config`` is its ``model_config_facts``.
    A model nothing else describes is assumed to read ``data``, the data it was chosen for."""
    data_reads, generative_task = data
    tables = rulebook.tables
    entry, directed, like, listed, family = (
        rel.entry,
        rel.directed,
        rel.like,
        rel.listed,
        rel.family,
    )
    like_key, base_name, sibling = rel.like_key, rel.base_name, rel.sibling
    base_named = rel.base_named
    reads_text = (
        spec.modality
        or listed_fact(listed, "modality")[0]
        or next((m.modality for m in (entry, like, family) if m is not None), "text")
    ) in TEXT_KINDS and not (
        # A multimodal family that reads no text (SAM 2: images and video) has no token window.
        spec.modality is None and family is not None and family.modality == "multimodal"
        and family.inputs and "text" not in family.inputs
    )  # fmt: skip
    assumed_defaults: Mapping[str, object] = rulebook.tables.assumed_model
    assumed: list[str] = []
    from_like: list[str] = []
    from_family: set[str] = set()
    values: dict[str, Any] = {}
    for name in ("parameters", "architecture", "instruction_tuned", "context_window",
                 "modality", "domains", "languages"):  # fmt: skip
        value = getattr(spec, name)
        if value is None and config is not None and name in _FROM_CONFIG:
            value = getattr(config, name)
        if value is None and entry is not None:
            value = getattr(entry, name)
        if value is None and base_named and name == "instruction_tuned":
            value = False
            assumed.append("instruction_tuned=false (the name says base)")
        if (value is None and entry is None and name == "instruction_tuned"
                and instruct_from_name(spec.name)):  # fmt: skip
            # Before the model the name contains: SmolLM2-360M-Instruct is not its base sibling.
            value = True
            assumed.append("instruction_tuned=true (from the name)")
        if value is None and entry is None and name == "context_window" and reads_text:
            # A window the name states beats the one of the model it derives from
            # (Llama-3-8B-Instruct-Gradient-1048k is not Llama 3's 8,192); a speech or image
            # model's numbers are hours or classes (wav2vec2-large-100k-voxpopuli).
            value = window_from_name(spec.name, {})
            if value is not None:
                assumed.append(f"context_window={value:,} (from the name)")
        if (value is None and entry is None and name == "instruction_tuned" and family is None
                and has_base_word(spec.name)
                and (base_from_name(spec.name) or rel.post_trained)):  # fmt: skip
            # The name's own "Base" beats its family's post-training: SmolLM3-3B-Base, and
            # Kimi-K2-Base-legal (a post-trained family's "Base" anywhere in the name).
            value = False
            assumed.append("instruction_tuned=false (the name says base)")
        if value is None and name not in ("languages", "parameters"):
            value = family_fact(listed, name, assumed, from_family)
        if value is None and entry is None and name == "domains":
            # A domain word in the name beats the general model it contains: BioMistral,
            # LLaVA-Med (built on Mistral), MedSigLIP, RemoteCLIP, CodeGemma.
            domains = domains_from_name(
                spec.name, tables.name_domain_words, catalog.family_stems, tables.language_names
            )
            # A code model's domain is its modality's already (CodeBERT stated as code).
            if domains and set(domains) != {tables.modality_domains.get(values["modality"])}:
                # A derivative of a catalog model pre-trained further on the domain keeps what
                # that model read (LLaVA-Med on Mistral; BioMistral, Labrak et al. 2024).
                kept = [d for d in (like.domains or ()) if d not in domains] if like else []
                value = [*domains, *kept]
                also = f" and {like.name}" if like is not None and kept else ""
                assumed.append(f"domains={', '.join(value)} (from the name{also})")
        if value is None and entry is None and name == "context_window" and reads_text:
            value = window_from_name(spec.name, tables.name_windows)
            if value is not None:
                assumed.append(f"context_window={value:,} (from the name)")
        if value is None and entry is None and name == "languages":
            named = languages_from_name(spec.name, tables.language_names)
            if named is None and like is not None and directed is None:
                # A catalog model's derivative trained for one language says so at its end.
                suffix = language_suffix(
                    spec.name, tables.language_names, decoder=like.architecture == "decoder"
                )
                named = (suffix,) if suffix is not None else None
            if named is not None:
                # A German BERT is not the English BERT its name contains; a multilingual one's
                # languages are unknown rather than its base model's, unless a listed family of
                # its own names them (Detoxify's multilingual model: seven).
                listed_value = (
                    family_fact(listed, name, assumed, from_family) if not named else None
                )
                if listed_value:
                    values[name] = listed_value
                    continue
                value = list(named)
                if named:
                    assumed.append(f"languages={', '.join(named)} (from the name)")
                # A decoder adapted to a language keeps the languages of the model it was
                # adapted from (Command R7B Arabic also reads English and the rest).
                parent, of = _parent_languages(listed, like if directed is None else None)
                if named and parent and values["architecture"] == "decoder":
                    value += [code for code in parent if code not in named]
                    assumed[-1] += f" and {languages_summary(parent)} (those of {of})"
                values[name] = value or None
                continue
        if value is None and name == "languages":
            value = family_fact(listed, name, assumed, from_family)
        if value is None and sibling is not None and name == "context_window":
            # A line's window may differ by size: the nearest size's, base or instruct.
            nearest = nearest_of_line(catalog, spec.name)
            if (nearest is not None and like is not None
                    and nearest.context_window != like.context_window):  # fmt: skip
                value = nearest.context_window
                assumed.append(f"context_window={value:,} (of {nearest.name}, the nearest size "
                               "of its line)")  # fmt: skip
        if value is None and like is not None and name != "parameters":
            value = getattr(like, name)
            if value is not None:
                from_like.append(name)
        if value is None and entry is None and name == "parameters" and base_name is None:
            # A derivative has the size of the catalog model it contains, unless its name
            # states another member of the family (SmolLM2-360M beside SmolLM2-1.7B); a base
            # checkpoint has its instruct variant's.
            value = size_from_name(spec.name) if like_key is None else (
                member_size(spec.name, like_key) if not directed else None)  # fmt: skip
            if value is not None:
                assumed.append(f"parameters={value:,} (from the name)")
        if (value is None and entry is None and name == "instruction_tuned"
                and instruct_from_name(spec.name)):  # fmt: skip
            value = True
            assumed.append("instruction_tuned=true (from the name)")
        if (value is None and entry is None and name == "instruction_tuned" and family is None
                and base_from_name(spec.name)):  # fmt: skip
            value = False
            assumed.append("instruction_tuned=false (the name says base)")
        if value is None and entry is None and name == "architecture":
            value = architecture_from_name(spec.name)
            if value == "encoder" and decoder_family_named(catalog, spec.name):
                # An embedder built on a decoder (gte-Qwen2-7B-instruct) is no BERT,
                # whatever its "gte" or "bge".
                value = None
            if value is not None:
                assumed.append(f"architecture={value} (from the name)")
        if value is None and family is not None and name in ("architecture", "modality"):
            value = getattr(family, name)
            assumed.append(f"{name}={value} (a {family.family} model, from the name)")
        if value is None and family is not None and name == "context_window" and reads_text:
            # A family's shared text window (CLIP's 77 tokens), not a text model's default.
            value = family_window(catalog, family)
            if value is not None:
                assumed.append(f"context_window={value:,} (a {family.family} model, from the name)")
        if (value is None and entry is None and name == "context_window"
                and values["architecture"] == "encoder"):  # fmt: skip
            # An encoder of a BERT family has that family's learned positions (bge-small: 512).
            value = encoder_window(spec.name, tables.encoder_windows)
            if value is not None:
                assumed.append(f"context_window={value:,} (its encoder family's, from the name)")
        # A catalog entry's null (no fixed context window) is a fact, not a gap to assume.
        if (value is None and entry is None and like is not None and name == "parameters"
                and sibling is None):  # fmt: skip
            value = like.parameters
            if value is not None:
                from_like.append(name)
        if value is None and entry is None and name == "parameters":
            # A family of one size whose names do not state it (DeepSeek-R1-0528: 671B).
            value = family_fact(listed, name, assumed, from_family)
        if value is None and entry is None and name == "modality" and len(spec.inputs or ()) > 1:
            value = "multimodal"  # it reads what its stated inputs say, whatever its name says
            assumed.append("modality=multimodal (its inputs)")
        if (value is None and entry is None and name == "modality" and data_reads
                and not _language_model_named(spec.name, values, rulebook, catalog)):  # fmt: skip
            # A model the catalog, its name and the manifest say nothing about was chosen for
            # this data: a satellite CLIP or an X-ray encoder is not a text model that cannot
            # read its images.
            value = data_reads
            assumed.append(f"modality={value} (the data's: nothing else names the model's)")
            if (data_reads in ("image", "audio", "video") and not generative_task
                    and "architecture=decoder" in assumed):  # fmt: skip
                # An image, audio or video backbone is an encoder (ViT, a CNN, wav2vec 2.0),
                # not the text default's decoder; one that writes text (a captioner) is not.
                values["architecture"] = "encoder"
                assumed[assumed.index("architecture=decoder")] = "architecture=encoder"
            if spec.context_window is None and values["context_window"] is not None:
                # A token window read from the name or assumed is a text model's: no window
                # for images (the 448 of medsiglip-448 is pixels).
                values["context_window"] = None
                assumed[:] = [a for a in assumed if not a.startswith("context_window=")]
        if (
            value is None
            and entry is None
            and name in ASSUMABLE
            and name in assumed_defaults
            and (reads_text or name != "context_window")
        ):  # no token window for images
            value = assumed_defaults[name]
            if name == "context_window" and values["architecture"] == "encoder":
                value = assumed_defaults.get("encoder_context_window", value)
            assumed.append(f"{name}={_show(value)}")
        values[name] = value
    if directed is not None and from_like:
        # The languages are the name's, not the family model's.
        shared = ", ".join(name for name in from_like if name != "languages")
        assumed.insert(0, f"{shared} of {directed[1]}, its family's model, and the direction "
                          f"{' → '.join(directed[0].languages)} from the name")  # fmt: skip
    elif like is not None and from_like and base_name is not None:
        assumed.insert(0, f"{', '.join(from_like)} of {like.name} (the name is its base "
                          "checkpoint's)")  # fmt: skip
    elif like is not None and from_like and sibling is not None:
        assumed.insert(0, f"{', '.join(from_like)} of {like.name}, a sibling of another size "
                          "(from the name)")  # fmt: skip
    elif like is not None and from_like:
        assumed.insert(0, f"{', '.join(from_like)} of {like.name} (the name contains it)")
    return Fields(values, assumed, from_like, from_family)


def _language_model_named(
    name: str, values: Mapping[str, Any], rulebook: Rulebook, catalog: Catalog
) -> bool:
    """Whether what is known of an undescribed model says it is a language model: its name
    says instruct or chat (Ministral-8B-Instruct; "base" is also a size, videomae-base), its
    size is a language model's (from the smallest size that learns from a prompt: Brown et al.
    2020, Fig. 1.2; image encoders are smaller), or every catalog model of its publisher reads
    text (mistralai/Devstral); unless a word of its name says it reads images, audio or video
    (EVA-CLIP-8B, granite-speech-3.3-8b)."""
    lowered = name.lower().rsplit("/", 1)[-1]
    words = re.split(r"[^a-z0-9]+", lowered)
    # A short word only as a word of its own (sam-vit-base, not samantha-7b); a longer one
    # also joined to a prefix (RemoteCLIP).
    if any(word in words or (len(word) > 3 and word in lowered)
           for word in rulebook.tables.non_text_name_words):  # fmt: skip
        return False
    if values.get("instruction_tuned") is True or architecture_from_name(name) is not None:
        return True  # an instruct name, or a text family's (acme/bert-tiny, acme/t5-small)
    parameters = values.get("parameters")
    if parameters is not None and parameters >= rulebook.thresholds.get(
        "weak_in_context_max_parameters", 0
    ):
        return True
    publisher = name.lower().partition("/")[0] + "/"
    kinds = {m.modality for m in catalog.models if m.name.lower().startswith(publisher)}
    return bool(kinds) and kinds <= {"text", "code"}


def named_languages(languages: Any, many_tags: list[str]) -> tuple[tuple[str, ...], bool]:
    """A model's languages less the tags that say "many" (multilingual, mul), and whether it
    had one: such a list is partial (``many_languages_tags``)."""
    listed = tuple(languages or ())
    named = tuple(x for x in listed if x.lower() not in many_tags)
    return named, len(named) < len(listed)


def languages_summary(languages: Any) -> str:
    """A model's languages as a person reads them: all of a few, or the first and a count."""
    shown = list(languages)
    if not shown:
        return "no language listed"
    if len(shown) <= 8:
        return ", ".join(shown)
    return f"{', '.join(shown[:6])} and {len(shown) - 6} more"


def listed_fact(listed: list[NameFamily], name: str) -> tuple[Any, NameFamily]:
    """The fact ``name`` of the first listed family that gives it, with that family; (None,
    {}) when none does."""
    for family in listed:
        value = cast("Mapping[str, Any]", family).get(name)
        if value is not None:
            return value, family
    return None, cast(NameFamily, {})


def _parent_languages(listed: list[NameFamily], like: ModelEntry | None) -> tuple[list[str], str]:
    """The languages of the model a name derives from, a listed family's before a catalog
    model's it contains, with that model's name; ([], "") when neither gives them."""
    value, family = listed_fact(listed, "languages")
    if value:
        return list(value), family["family"]
    if like is not None and like.languages:
        return list(like.languages), like.name
    return [], ""


def family_fact(
    listed: list[NameFamily], name: str, assumed: list[str], from_family: set[str]
) -> Any:
    """The fact ``name`` of the listed families a model's name names, noted among the assumed
    facts and in ``from_family``, or None."""
    value, family = listed_fact(listed, name)
    if value is not None:
        from_family.add(name)
        shown = ", ".join(value) if isinstance(value, list) else (
            f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else _show(value))  # fmt: skip
        assumed.append(f"{name}={shown} (from the name: {family['family']})")
    return value


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

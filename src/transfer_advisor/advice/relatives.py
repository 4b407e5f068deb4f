"""What a model's name relates it to, when the catalog does not list it: a catalog model it
derives from, is the base checkpoint of, or is a sibling of another size of; a family the
catalog lists without the model; the rulebook's listed families; and the role its name gives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from transfer_advisor._internal.records import Record
from transfer_advisor.advice.kin import (
    base_key,
    base_of,
    derived_key,
    directed_model,
    family_from_name,
    family_position,
    sibling_key,
)
from transfer_advisor.advice.names import (
    base_from_name,
    named_families,
    role_from_name,
)

if TYPE_CHECKING:
    from transfer_advisor.catalog import Catalog, ModelEntry
    from transfer_advisor.rules.model import NameFamily, NameRole, Tables


class Relatives(Record):
    """The models a name relates to; at most one of ``directed``, ``like_key``, ``base_name``
    and ``sibling`` is set, and ``like`` is the catalog model it names."""

    __slots__ = (
        "entry", "directed", "like_key", "base_name", "sibling", "like_name", "like", "listed",
        "post_trained", "base_named", "family", "role",
    )  # fmt: skip

    def __init__(
        self,
        entry: ModelEntry | None,
        directed: tuple[ModelEntry, str] | None,
        like_key: str | None,
        base_name: str | None,
        sibling: str | None,
        like: ModelEntry | None,
        listed: list[NameFamily],
        post_trained: bool,
        base_named: bool,
        family: ModelEntry | None,
        role: NameRole | None,
    ) -> None:
        self.entry = entry
        self.directed = directed
        self.like_key = like_key
        self.base_name = base_name
        self.sibling = sibling
        self.like_name = like_key or sibling or base_name
        self.like = like
        self.listed = listed
        self.post_trained = post_trained
        self.base_named = base_named
        self.family = family
        self.role = role


#: How far a stated parameter count may be from a config's and still name the same checkpoint,
#: rounded as model names round it: "8B" for Llama 3.1 8B's 8.03 billion, "7B" for Qwen2.5-7B's
#: 7.62 billion. Further off, it is another model, and its shape is approximated.
_ROUNDING = 0.1


def same_checkpoint(counted: int, stated: int) -> bool:
    """Whether ``stated`` parameters are ``counted`` as a model's name rounds them."""
    return abs(counted - stated) <= _ROUNDING * counted


def same_size_model(catalog: Catalog, sibling: ModelEntry, parameters: int) -> ModelEntry | None:
    """The catalog model of ``sibling``'s line at ``parameters`` (rounded as names round it),
    the nearest first: one of its family (its architecture, as ``model_type`` names it) with a
    config block whose vocabulary is the sibling's, as a line keeps its tokenizer across sizes.
    A sibling of another size is built as its line builds that size (DeepSeek-R1-Distill-
    Llama-70B is a Llama 3 70B, with its grouped-query attention), where deepseek-coder-1.3b,
    a "llama" with a 32K vocabulary, is no Llama 3.2 1B. None when the catalog has no such
    model, or the sibling no config to compare."""
    if sibling.config is None:
        return None
    vocabulary = sibling.config.vocab_size
    found = [(abs(model.parameters - parameters), index, model)
             for index, model in enumerate(catalog.models)
             if model.family == sibling.family and model.config is not None
             and model.config.vocab_size == vocabulary
             and model.parameters is not None and same_checkpoint(model.parameters, parameters)]  # fmt: skip
    return min(found, key=lambda item: item[:2])[2] if found else None


def relatives(name: str, catalog: Catalog, tables: Tables) -> Relatives:
    """The catalog models, listed families and role that ``name`` relates to."""
    entry = catalog.model(name)
    # A name that follows a catalog family's direction pattern (opus-mt-en-fr) is that model
    # for the direction the name gives; else a name containing a catalog model's derives from it.
    directed = directed_model(catalog, name, tables) if entry is None else None
    like_key = derived_key(catalog, name) if entry is None and not directed else None
    # Else a name that is a catalog instruct model's less its instruction word is its base
    # checkpoint (Llama-3.2-11B-Vision): its shape and what it reads, not its tuning.
    base_name = (base_key(catalog, name)
                 if entry is None and not directed and like_key is None else None)  # fmt: skip
    # Else a name that is a catalog model's with another size is its sibling: it shares what
    # the card says of the family (what it reads, its window, its tuning), not its size.
    sibling = (sibling_key(catalog, name) if entry is None and not directed
               and like_key is None and base_name is None else None)  # fmt: skip
    like_name = like_key or sibling or base_name
    like = directed[0] if directed else (
        catalog.model(catalog.model_keys()[like_name]) if like_name is not None else None)  # fmt: skip
    # A family the catalog does not list, named with its version (OLMo 2, Granite 3.1): what
    # its cards say of all its models.
    listed = named_families(name, tables.name_families) if entry is None else []
    # The base checkpoint of an instruction-tuned catalog model shares its shape, not its
    # tuning; a name of a listed family whose models are post-trained is no base unless it
    # says so (Phi-4-mini-flash-reasoning is not Phi-4-mini-instruct's base).
    post_trained = any(listed_family.get("instruction_tuned") is True for listed_family in listed)
    base_named = bool(like is not None and base_of(name, like)
                      and (not post_trained or base_from_name(name)))  # fmt: skip
    # A model of a non-text family the name names (and no catalog model it contains): what
    # it reads and its architecture are its family's.
    family = family_from_name(catalog, name) if entry is None and not directed else None
    if family is not None and like is not None:
        # ... and a model of another kind named before the catalog model the name contains
        # is of the kind named first: BiomedCLIP-PubMedBERT is a CLIP whose text tower is
        # PubMedBERT, not a text encoder.
        at = family_position(name, family)
        short = name.rsplit("/", 1)[-1].lower()
        if (like_key is not None and family.modality != like.modality and at is not None
                and at < short.find(like_key.rsplit("/", 1)[-1])):  # fmt: skip
            like, like_key, base_named = None, None, False
        else:
            family = None
    # What the name says the model does (an embedder, a reranker) beats what the model it
    # contains does: e5-mistral-7b-instruct embeds, though Mistral-7B-Instruct chats.
    role = role_from_name(name, tables.name_roles) if entry is None else None
    return Relatives(entry, directed, like_key, base_name, sibling, like, listed, post_trained,
                     base_named, family, role)  # fmt: skip

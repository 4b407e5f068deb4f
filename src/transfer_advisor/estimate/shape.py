"""The architecture facts that parameter counting and memory estimation share."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ModelShape:
    """What is known of a model's architecture; everything but ``parameters`` may be unknown.

    Filled from a Hugging Face ``config.json`` (see ``hfconfig``): one the manifest names, or
    the ``config`` block of the model's catalog entry. Otherwise only the parameter count is
    known, and the estimator approximates the rest.
    """

    parameters: int
    layers: int | None = None
    hidden_size: int | None = None
    num_heads: int | None = None
    num_kv_heads: int | None = None
    head_dim: int | None = None
    intermediate_size: int | None = None
    vocab_size: int | None = None
    tie_word_embeddings: bool | None = None
    source: str | None = None
    """Where the known values came from, for the estimate's explanations (None: not said)."""
    active_parameters: int | None = None
    """Parameters active per token, for a mixture-of-experts model (None: all of them).
    Memory holds every expert; compute runs only the active ones."""
    num_experts: int | None = None
    """A mixture of experts' MLPs per layer (None: one dense MLP). LoRA on the MLP adapts each;
    ``intermediate_size`` is then the width a token runs through, all its routed experts'."""
    experts_per_token: int | None = None
    """The experts each token is routed to (None: one dense MLP)."""

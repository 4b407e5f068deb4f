"""Training recipes: the advice turned into a ready configuration for a trainer (axolotl,
LLaMA-Factory, TRL or transformers' Trainer), fitted to the GPUs by the memory estimator.

Pure: no typer, no rich, no I/O but reading a recipes file the caller names.

>>> from transfer_advisor.recipes import build_recipe, recipe_text
>>> print(recipe_text(build_recipe(manifest, "axolotl")))          # doctest: +SKIP
"""

from __future__ import annotations

from transfer_advisor.recipes.build import build_recipe
from transfer_advisor.recipes.defaults import RecipeDefaults, load_recipe_defaults
from transfer_advisor.recipes.model import TARGETS, Recipe, RecipeError
from transfer_advisor.recipes.write import recipe_text

__all__ = [
    "TARGETS",
    "Recipe",
    "RecipeDefaults",
    "RecipeError",
    "build_recipe",
    "load_recipe_defaults",
    "recipe_text",
]

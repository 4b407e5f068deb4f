"""Shell completion of option values: output formats, task types, GPUs and catalog models.

Each function takes what has been typed so far and returns the known values that start with it
(case-insensitively); the catalog and the vocabulary are imported only when a shell asks.
"""

from collections.abc import Callable, Iterable


def _starting(incomplete: str, values: Iterable[str]) -> list[str]:
    wanted = incomplete.lower()
    return [v for v in values if v.lower().startswith(wanted)]


def choices(*values: str) -> Callable[[str], list[str]]:
    """A completion function offering ``values``."""

    def complete(incomplete: str) -> list[str]:
        return _starting(incomplete, values)

    return complete


def _vocabulary(name: str) -> list[str]:
    import typing

    from transfer_advisor import vocabulary

    return list(typing.get_args(getattr(vocabulary, name)))


def complete_task(incomplete: str) -> list[str]:
    """The task types a manifest can state."""
    return _starting(incomplete, _vocabulary("TaskType"))


def complete_level(incomplete: str) -> list[str]:
    """low, medium, high."""
    return _starting(incomplete, _vocabulary("Level"))


def complete_modality(incomplete: str) -> list[str]:
    """The data modalities a manifest can state."""
    return _starting(incomplete, _vocabulary("DataModality"))


def complete_strategy(incomplete: str) -> list[str]:
    """The strategies a manifest can plan."""
    return _starting(incomplete, _vocabulary("Strategy"))


def complete_gpu(incomplete: str) -> list[str]:
    """The catalog's GPUs: their names, then their aliases (as a manifest may write them)."""
    from transfer_advisor.catalog import default_catalog

    gpus = default_catalog().gpus
    names = dict.fromkeys([*(g.name for g in gpus), *(a for g in gpus for a in g.aliases)])
    return _starting(incomplete, names)


def complete_model(incomplete: str) -> list[str]:
    """The catalog's models: their names, then their short names and aliases."""
    from transfer_advisor.catalog import default_catalog

    names: dict[str, None] = {}
    for model in default_catalog().models:
        names[model.name] = None
    for model in default_catalog().models:
        for alias in (model.name.rsplit("/", 1)[-1], *model.aliases):
            names.setdefault(alias, None)
    return _starting(incomplete, names)


def complete_fields(incomplete: str) -> list[str]:
    """The output columns (after the last comma typed), and the named sets."""
    from transfer_advisor.batch.fields import PRESETS
    from transfer_advisor.batch.write import CSV_COLUMNS

    done, _, last = incomplete.rpartition(",")
    prefix = f"{done}," if done else ""
    return [prefix + c for c in (*PRESETS, *CSV_COLUMNS) if c.startswith(last)]

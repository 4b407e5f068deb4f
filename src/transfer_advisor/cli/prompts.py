"""Questions asked on a terminal (``init``, and ``advise``/``estimate`` with fields missing).

Counts are read as a manifest reads them (``2k``, ``1.5e4``, ``2,000``); a model name is looked
up in the catalog as typed, then spelt with dashes (``llama 3 8b`` is ``llama-3-8b``), then by
the closest catalog name, which the user confirms; an unknown name is kept as written (a
Hugging Face id the catalog does not know). Only typer is imported at the top.
"""

import re
from pathlib import Path
from typing import Any

import typer

_PLAIN_NUMBER = re.compile(r"\d+(\.\d+)?")


def parse_answer_count(text: str) -> int | None:
    """A count of examples as a person types it: ``500``, ``2k``, ``1.5e4``, ``2,000``; None
    if it is not a whole number of 0 or more."""
    from transfer_advisor.manifest import parse_count

    cleaned = text.strip().replace(",", "").replace("_", "")
    if re.fullmatch(r"0+(\.0*)?", cleaned):
        return 0
    if _PLAIN_NUMBER.fullmatch(cleaned) and not float(cleaned).is_integer():
        return None
    try:
        value = parse_count(cleaned)
    except ValueError:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def ask_count(prompt: str, default: int | None = None) -> int:
    """Ask until the answer is a count (see :func:`parse_answer_count`)."""
    while True:
        answer = str(typer.prompt(prompt, default=None if default is None else str(default)))
        value = parse_answer_count(answer)
        if value is not None:
            return value
        typer.echo("Please give a whole number, 0 or more (500, 2k or 1.5e4).", err=True)


def resolve_model(answer: str) -> tuple[str, str | None]:
    """The catalog's spelling of ``answer`` if it names a catalog model (as typed, or with
    dashes for spaces), else ``answer`` itself; and the closest catalog model to suggest
    when it names none."""
    from transfer_advisor._internal.didyoumean import closest
    from transfer_advisor.catalog import default_catalog

    catalog = default_catalog()
    answer = answer.strip()
    if catalog.model(answer) is not None:
        return answer, None
    dashed = re.sub(r"[\s_]+", "-", answer.lower())
    if catalog.model(dashed) is not None:
        return dashed, None
    keys = catalog.model_keys()
    close = closest(dashed, keys, cutoff=0.6)
    return answer, (keys[close] if close is not None else None)


def ask_model(prompt: str, default: str | None = None) -> str:
    """Ask for a model; resolve it in the catalog, offering the closest name for a typo."""
    while True:
        answer = str(typer.prompt(prompt, default=default)).strip()
        if not answer or not answer.isprintable() or len(answer) > 200:
            typer.echo("Please give a single line of 1 to 200 characters.", err=True)
            continue
        name, suggestion = resolve_model(answer)
        if suggestion is None:
            if name != answer:
                typer.echo(f"Using {name} from the catalog.", err=True)
            return name
        if typer.confirm(f"{answer!r} is not in the catalog. Did you mean {suggestion}?",
                         default=True, err=True):  # fmt: skip
            return suggestion
        return answer


def ask_missing(data: dict[str, Any]) -> bool:
    """Ask for the model and the number of labeled examples if ``data`` lacks them; whether
    anything was asked."""
    from transfer_advisor.flat import get_path, set_path

    asked = False
    if get_path(data, ["model", "name"]) is None:
        set_path(data, ["model", "name"], ask_model("Model (catalog name or Hugging Face id)"))
        asked = True
    if get_path(data, ["data", "labeled_examples"]) is None:
        set_path(data, ["data", "labeled_examples"], ask_count("Labeled examples"))
        asked = True
    return asked


def offer_to_save(data: dict[str, Any]) -> Path | None:
    """Offer to write the answers (and the flags given) as a manifest; where it was written."""
    import yaml

    from transfer_advisor.cli.common import write_new
    from transfer_advisor.cli.starters import MANIFEST_FILE

    if not typer.confirm("Save these answers as a manifest?", default=False, err=True):
        return None
    path = Path(str(typer.prompt("File", default=MANIFEST_FILE, err=True)).strip())
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    write_new(path, text, force=False)
    typer.echo(f"Wrote {path}. Next time: transfer-advisor advise {path}", err=True)
    return path

"""Extract the configuration keys (and their declared types) that each trainer accepts, into
versioned snapshots in tests/data/trainer_keys/, against which the tests validate every recipe.

The trainers are too heavy for CI, so their accepted keys are kept as data: names and type
annotations only, never their code. Two sources:

* ``installed``: run with a Python that has transformers, trl and peft installed (a throwaway
  virtual environment): the real dataclasses' fields (TrainingArguments, Seq2SeqTrainingArguments,
  TRL's SFTConfig, ModelConfig, ScriptArguments and DatasetMixtureConfig, PEFT's LoraConfig) and
  BitsAndBytesConfig's constructor arguments.
* ``source GITDIR``: a git checkout of axolotl or LLaMA-Factory read at one commit with ``ast``:
  the class-level annotated fields of the pydantic models (axolotl's AxolotlInputConfig and its
  bases) or dataclasses (LLaMA-Factory's hparams), following base classes by name.

    /tmp/venv-trainers/bin/python benchmarks/extract_trainer_keys.py installed
    python benchmarks/extract_trainer_keys.py source axolotl /path/to/axolotl.git
    python benchmarks/extract_trainer_keys.py source llama-factory /path/to/LLaMA-Factory.git
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "trainer_keys"

#: For each source checkout: the files to read and the root classes whose fields are accepted.
SOURCES = {
    "axolotl": {
        "repository": "github:axolotl-ai-cloud/axolotl",
        "prefix": "src/axolotl/utils/schemas/",
        "roots": ["AxolotlInputConfig"],
        "nested": {"datasets": "SFTDataset"},
    },
    "llama-factory": {
        "repository": "github:hiyouga/LLaMA-Factory",
        "prefix": "src/llamafactory/hparams/",
        "roots": [
            "ModelArguments",
            "DataArguments",
            "TrainingArguments",
            "FinetuningArguments",
            "GeneratingArguments",
        ],
        "nested": {},
    },
}


def _write(name: str, payload: dict[str, Any]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {path} ({len(payload['keys'])} keys)")


def _git(gitdir: str, *args: str) -> str:
    return subprocess.run(["git", f"--git-dir={gitdir}", *args], check=True,
                          capture_output=True, text=True).stdout  # fmt: skip


def _classes(gitdir: str, prefix: str) -> dict[str, ast.ClassDef]:
    found: dict[str, ast.ClassDef] = {}
    for path in _git(gitdir, "ls-tree", "-r", "--name-only", "HEAD", prefix).split():
        if path.endswith(".py"):
            tree = ast.parse(_git(gitdir, "show", f"HEAD:{path}"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef):
                    found.setdefault(node.name, node)
    return found


def _fields(name: str, classes: dict[str, ast.ClassDef], seen: set[str]) -> dict[str, str]:
    """Annotated class-level fields of ``name`` and its bases (bases first, then overrides)."""
    node = classes.get(name)
    if node is None or name in seen:
        return {}
    seen.add(name)
    out: dict[str, str] = {}
    for base in node.bases:
        base_name = ast.unparse(base).rsplit(".", 1)[-1]
        out.update(_fields(base_name, classes, seen))
    for item in node.body:
        if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            key = item.target.id
            annotation = ast.unparse(item.annotation)
            if key.startswith("_") or key == "model_config" or "ClassVar" in annotation:
                continue
            out[key] = annotation
    return out


def from_source(name: str, gitdir: str) -> None:
    spec = SOURCES[name]
    classes = _classes(gitdir, str(spec["prefix"]))
    keys: dict[str, str] = {}
    for root in spec["roots"]:
        keys.update(_fields(root, classes, set()))
    nested = {field: _fields(cls, classes, set()) for field, cls in spec["nested"].items()}
    commit = _git(gitdir, "rev-parse", "HEAD").strip()
    date = _git(gitdir, "log", "-1", "--format=%cs", "HEAD").strip()
    payload = {
        "trainer": name,
        "source": f"{spec['repository']} at commit {commit} ({date}), {spec['prefix']}",
        "classes": spec["roots"],
        "keys": keys,
        "nested": nested,
        "note": "Key names and type annotations only, read with ast; no code is copied.",
    }
    if name == "llama-factory":
        payload["also"] = "transformers-seq2seq"  # its TrainingArguments extends this class
    _write(name, payload)


def _annotation(value: Any) -> str:
    text = value if isinstance(value, str) else inspect.formatannotation(value)
    return text.replace("typing.", "")


def _dataclass_keys(*classes: type) -> dict[str, str]:
    keys: dict[str, str] = {}
    for cls in classes:
        for field in dataclasses.fields(cls):
            if field.init:
                keys[field.name] = _annotation(field.type)
    return keys


def from_installed() -> None:
    import peft
    import transformers
    import trl

    versions = (f"transformers {transformers.__version__}, trl {trl.__version__}, "
                f"peft {peft.__version__}")  # fmt: skip
    tf = transformers
    _write("transformers", {
        "trainer": "transformers", "source": f"installed {versions}",
        "classes": ["TrainingArguments"], "keys": _dataclass_keys(tf.TrainingArguments)})  # fmt: skip
    _write("transformers-seq2seq", {
        "trainer": "transformers", "source": f"installed {versions}",
        "classes": ["Seq2SeqTrainingArguments"],
        "keys": _dataclass_keys(tf.Seq2SeqTrainingArguments)})  # fmt: skip
    _write("trl", {
        "trainer": "trl", "source": f"installed {versions}",
        "classes": ["ScriptArguments", "SFTConfig", "ModelConfig", "DatasetMixtureConfig"],
        "keys": _dataclass_keys(trl.ScriptArguments, trl.SFTConfig, trl.ModelConfig,
                                trl.DatasetMixtureConfig),
        "nested": {"datasets": _dataclass_keys(trl.scripts.utils.DatasetConfig)}})  # fmt: skip
    _write("peft-lora", {
        "trainer": "peft", "source": f"installed {versions}", "classes": ["LoraConfig"],
        "keys": _dataclass_keys(peft.LoraConfig)})  # fmt: skip
    signature = inspect.signature(tf.BitsAndBytesConfig.__init__)
    bnb = {n: _annotation(p.annotation) if p.annotation is not p.empty else "Any"
           for n, p in signature.parameters.items()
           if n != "self" and p.kind is not p.VAR_KEYWORD}  # fmt: skip
    _write("bitsandbytes-config", {
        "trainer": "transformers", "source": f"installed {versions}",
        "classes": ["BitsAndBytesConfig"], "keys": bnb})  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1:2] == ["installed"]:
        from_installed()
    elif sys.argv[1:2] == ["source"] and len(sys.argv) == 4:
        from_source(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)

"""Starting files for ``transfer-advisor init`` and ``rules init``: commented, valid YAML.

The manifest template is filled in with four answers (project name, task type, labeled
examples, model); every value goes through :func:`yaml_string` or ``int``, so an answer cannot
break the YAML around it. The tests load both templates and advise with them.
"""

from __future__ import annotations

import re

#: Where ``init`` writes the manifest, and the schema file its first line points editors to.
MANIFEST_FILE = "transfer-advisor.yaml"
MANIFEST_SCHEMA_FILE = "transfer-advisor.schema.json"
#: Where ``rules init`` writes the rulebook, and the schema file its first line points to.
RULEBOOK_FILE = "transfer-advisor-rules.yaml"
RULEBOOK_SCHEMA_FILE = "transfer-advisor-rules.schema.json"

#: Placeholder answers for a manifest written without asking (standard input is not a terminal).
DEFAULT_TASK = "other"
DEFAULT_EXAMPLES = 0
DEFAULT_MODEL = "meta-llama/Llama-3.1-8B-Instruct"
DEFAULT_NAME = "my-project"

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9._/-]*\Z")
# Words YAML 1.1 reads as booleans or null when they are not quoted.
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_SLUG = re.compile(r"[^a-z0-9._-]+")


def yaml_string(value: str) -> str:
    """``value`` as a YAML scalar that reads back as exactly this string, on one line."""
    if _PLAIN.match(value) and value.lower() not in _RESERVED:
        return value
    out = ['"']
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


def project_name(folder: str) -> str:
    """A project name from a folder name: lower case, runs of other characters become ``-``."""
    return _SLUG.sub("-", folder.lower()).strip("-._") or DEFAULT_NAME


_MANIFEST = """\
# yaml-language-server: $schema={schema}
#
# transfer-advisor project manifest: what this project knows before it adapts a model.
# Get the advice with:      transfer-advisor advise {path}
# Editors that use the YAML language server (VS Code's YAML extension, Neovim, Helix) check
# and complete this file once the schema is written next to it:
#                           transfer-advisor schema manifest -o {schema}
#
# name, data.labeled_examples and model.name are required; everything else is optional.
# Commented-out lines are examples: uncomment and edit the ones you know.
schema_version: 1
name: {name}

task:
  # classification, extraction, generation, summarization, chat, code, question-answering,
  # ranking, speech-recognition, image-classification, regression, forecasting,
  # translation, segmentation, embedding, object-detection or other
  type: {task_type}{task_mark}
  # low, medium or high: how hard the task is for a person who knows the domain
  complexity: medium
  # description: What the model should do, in a sentence. For `code`, it tells completion
  # and infilling from code written to natural-language requests (a job for an instruct model).
  # source_language: de           # translation: from this language ...
  # target_language: en           # ... into this one
  # Does the task need facts the model was not trained on (private documents, a catalogue,
  # recent data)? Then the advice is retrieval, not fine-tuning.
{knowledge}

data:
  # How many labeled examples there are today (not how many you hope to have).
  labeled_examples: {labeled_examples}{examples_mark}
  # avg_tokens_per_example: 350   # length of one example with its label, in tokens
  # modality: text                # text, code, image, audio, video, tabular or multimodal
  # domain: legal                 # a tag such as legal, medical, finance, customer-support
  # language: en                  # the data's language (ISO 639-1)
  # max_tokens_per_example: 4000  # the longest inputs, checked against the model's window
  # unlabeled_tokens: 2B          # unlabeled text of the domain (continued pre-training)
  # labels_from: teacher          # human, teacher (labels written by a model) or weak

model:
  # A catalog name or alias (list them: transfer-advisor models) or a Hugging Face id.
  name: {model}{model_mark}
  # For a model that is not in the catalog, say what it is:
  # parameters: 7B                # 110M, 7B, 1.5e9 or a plain integer
  # architecture: decoder         # encoder, decoder or encoder-decoder
  # instruction_tuned: true
  # context_window: 8192
  # config: config.json           # or point to its Hugging Face config.json

budget:
  # low, medium or high; or give GPU-hours or dollars below.
  level: medium
  # gpu: A100-80GB                # a GPU from the catalog
  # gpus: 1
  # gpu_hours: 100
  # usd: 2000

# How the adapted model will be served: weighs a small fine-tuned model against prompting.
# serving:
#   requests_per_day: 100000
#   latency_ms: 200

prompting:
  # Has a few-shot prompting baseline been tried, and did it meet the target?
  tried: false
  # meets_target: false

# Must the model keep its general skills (chat, reasoning) after adaptation? Say true or
# false: unsaid, the advice names the risk of losing them (catastrophic forgetting).
# constraints:
#   preserve_general_capabilities: true

# The team's plan, for `transfer-advisor check` to compare with the evidence.
# plan:
#   strategy: peft                # in_context, peft or full_fine_tune
#   technique: lora               # zero_shot, few_shot, retrieval, lora, qlora, adapters,
#                                 # full or hosted_tuning

# Findings the team has decided to accept, each with its reason.
# ignore:
#   - rule: prompting-first
#     reason: The few-shot baseline is tracked in another repository.
"""


def manifest_template(
    *,
    name: str,
    task_type: str = DEFAULT_TASK,
    labeled_examples: int = DEFAULT_EXAMPLES,
    model: str = DEFAULT_MODEL,
    path: str = MANIFEST_FILE,
    schema: str = MANIFEST_SCHEMA_FILE,
    knowledge: bool | None = None,
    placeholders: bool = False,
) -> str:
    """The commented manifest for a new project, with these answers filled in (``knowledge``:
    whether the task needs facts the model was not trained on; None: not asked); with
    ``placeholders`` (nobody was asked), the task, examples and model lines carry the comment
    that makes ``check`` fail until a person replaces them."""
    from transfer_advisor.check.placeholders import PLACEHOLDER_MARK

    mark = f"  {PLACEHOLDER_MARK}" if placeholders else ""
    return _MANIFEST.format(
        knowledge=(
            "  # knowledge:\n  #   required: true\n  #   source: private-documents"
            if knowledge is None
            else f"  knowledge:\n    required: {'true' if knowledge else 'false'}"
        ),
        task_mark=mark,
        examples_mark=mark,
        model_mark=mark,
        name=yaml_string(name),
        task_type=yaml_string(task_type),
        labeled_examples=int(labeled_examples),
        model=yaml_string(model),
        path=path,
        schema=schema,
    )


_RULEBOOK = """\
# yaml-language-server: $schema={schema}
#
# Our team's rulebook for transfer-advisor. Use it with:
#   transfer-advisor advise --rules {file} transfer-advisor.yaml
# See every rule it applies, and where each one is defined:
#   transfer-advisor rules show --rules {file}
# Editors check this file after: transfer-advisor schema rulebook -o {schema}
schema_version: 1
name: our-team
description: The default rulebook, with our team's thresholds and checks.

# Start from the shipped rulebook and change only what differs. `default` is the one shipped
# with transfer-advisor; a path (relative to this file) extends another team's rulebook.
extends: default

# Thresholds are overridden by name; the rest keep their default values.
# (transfer-advisor rules show lists them all.)
thresholds:
  # Our legal team gets good results with LoRA from 50 examples, so fine-tune from 50
  # (default: 100).
  in_context_max_examples: 50
  # We full-fine-tune only with at least 50,000 examples (default: 10,000).
  full_min_examples: 50000
  # A threshold of our own: a new name can be used in conditions as thresholds.NAME.
  min_examples_with_test_set: 500

# Rules are switched off by id (ids: transfer-advisor rules show).
# disable: [prompting-first]

# A rule given here with the id of a default rule replaces it (all of its fields) and keeps
# its place; a rule with a new id is added at the end of its list. Findings are all checked,
# so a new finding rule is the simplest thing to add.
findings:
  - id: small-test-set
    description: a fine-tune with too few examples to hold out a meaningful test set
    severity: warning
    # The manifest field the finding is about (where `check` points in the file).
    field: data.labeled_examples
    # A condition over facts: manifest fields, derived facts, thresholds.NAME, and (in
    # findings) the recommendation. Unknown names are errors when the rulebook is loaded.
    when: >-
      recommendation.fine_tuning
      and data.labeled_examples < thresholds.min_examples_with_test_set
    # {{fact}} and {{fact:,}} are replaced by the fact's value.
    message: >-
      Only {{data.labeled_examples:,}} labeled examples: our reviews ask for
      {{thresholds.min_examples_with_test_set:,}} before a fine-tune ships, so that 20% can be
      held out as a test set. Label more before comparing against the prompting baseline.
    source: Our team's ML review checklist
"""


def rulebook_template(file: str = RULEBOOK_FILE) -> str:
    """The starting rulebook, its comments naming ``file`` (the name it is written under) and
    the schema file beside it (``my-rules.yaml``: ``my-rules.schema.json``)."""
    stem = file.rsplit(".", 1)[0] if file.endswith((".yaml", ".yml")) else file
    schema = RULEBOOK_SCHEMA_FILE if file == RULEBOOK_FILE else f"{stem}.schema.json"
    return _RULEBOOK.format(file=yaml_comment_safe(file), schema=yaml_comment_safe(schema))


def yaml_comment_safe(text: str) -> str:
    """``text`` on one line, for a comment."""
    return " ".join(text.split())


#: The starting rulebook under its default name.
RULEBOOK_TEMPLATE = rulebook_template()

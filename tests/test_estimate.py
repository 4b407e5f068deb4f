"""The memory / time / cost estimator, checked against published measurements.

Published figures must fall inside the estimated [low, high] range; where one does not, the test
says why. Architectures are those of the models' config.json (Hugging Face, or Lit-GPT's
configs for the Lit-GPT runs).
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from transfer_advisor.errors import CatalogError, InputError
from transfer_advisor.estimate.constants import DEFAULT_CONSTANTS_PATH, load_constants
from transfer_advisor.estimate.memory import estimate
from transfer_advisor.estimate.results import Estimates, Range, TechniqueEstimate, TrainingSetup
from transfer_advisor.estimate.shape import ModelShape

# ModelShape(parameters, layers, hidden, heads, kv_heads, head_dim, intermediate, vocab, tied)
LLAMA2_7B = ModelShape(6_738_415_616, 32, 4096, 32, 32, 128, 11008, 32000, False)
LLAMA2_13B = ModelShape(13_015_864_320, 40, 5120, 40, 40, 128, 13824, 32000, False)
LLAMA2_70B = ModelShape(68_976_648_192, 80, 8192, 64, 8, 128, 28672, 32000, False)
LLAMA_65B = ModelShape(65_285_660_672, 80, 8192, 64, 64, 128, 22016, 32000, False)
LLAMA3_8B = ModelShape(8_030_261_248, 32, 4096, 32, 8, 128, 14336, 128256, False)
# Lit-GPT configs: stablelm-base-alpha-3b (GPT-NeoX MLP, padded vocabulary) and phi-1_5.
STABLELM_3B = ModelShape(3_636_000_000, 16, 4096, 32, 32, 128, 16384, 50688, False)
PHI_1_5 = ModelShape(1_418_270_720, 24, 2048, 32, 32, 64, 8192, 51200, False)

A100_BF16_TFLOPS = 312.0  # NVIDIA A100 datasheet, dense bf16 tensor core


def make_setup(**changes: object) -> TrainingSetup:
    base = TrainingSetup(examples=1000, avg_tokens=512, sequence_length=512)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def without_overhead(t: TechniqueEstimate) -> Range:
    """Memory minus the CUDA context / fragmentation term, as torch.cuda.max_memory_allocated
    (which Lit-GPT reports) does not count them."""
    terms = [term for term in t.terms if term.name != "overhead"]
    return Range(sum(x.gb.low for x in terms), sum(x.gb.high for x in terms))


def term(t: TechniqueEstimate, name: str) -> Range:
    return next(x.gb for x in t.terms if x.name == name)


# --------------------------------------------------------------------------------------------
# Published memory measurements
# --------------------------------------------------------------------------------------------

# Lit-GPT "Resource Tables" (https://github.com/Lightning-AI/litgpt, tutorials/resource-tables.md,
# 10/20/2023, commit 8641822): finetune/lora.py on one A100-SXM4-40GB, bf16-true, Alpaca,
# LoRA r=8 on query and value only, no activation checkpointing on a single device, the longest
# training sample (Llama 2: 1,304 tokens, StableLM: 1,034, phi-1.5: 1,044) forced into the
# first micro-batch, peak = torch.cuda.max_memory_allocated() / 1e9. The setup says so:
# adapters on q and v, pure bf16 (weights, gradients and AdamW state in 16 bit).
# "qlora" rows: --quantize bnb.nf4 (no double quantization, our high end) and bnb.nf4-dq (our
# low end for the constants).
LITGPT_MEMORY = [
    # (row, shape, tokens, micro-batch, technique, measured GB)
    ("phi-1.5 LoRA", PHI_1_5, 1044, 1, "lora", 4.82),
    ("phi-1.5 nf4", PHI_1_5, 1044, 1, "qlora", 3.78),
    ("phi-1.5 nf4-dq", PHI_1_5, 1044, 1, "qlora", 3.72),
    ("phi-1.5 LoRA mb2", PHI_1_5, 1044, 2, "lora", 6.76),
    ("phi-1.5 LoRA mb4", PHI_1_5, 1044, 4, "lora", 10.68),
    ("StableLM 3B LoRA", STABLELM_3B, 1034, 1, "lora", 9.69),
    ("StableLM 3B nf4", STABLELM_3B, 1034, 1, "qlora", 6.35),
    ("StableLM 3B nf4-dq", STABLELM_3B, 1034, 1, "qlora", 6.19),
    ("StableLM 3B LoRA mb2", STABLELM_3B, 1034, 2, "lora", 12.10),
    ("StableLM 3B LoRA mb4", STABLELM_3B, 1034, 4, "lora", 16.92),
    ("Llama 2 7B LoRA", LLAMA2_7B, 1304, 1, "lora", 21.30),
    ("Llama 2 7B nf4", LLAMA2_7B, 1304, 1, "qlora", 14.14),
    ("Llama 2 7B nf4-dq", LLAMA2_7B, 1304, 1, "qlora", 13.84),
    ("Llama 2 7B LoRA mb2", LLAMA2_7B, 1304, 2, "lora", 29.07),
    ("Llama 2 13B LoRA", LLAMA2_13B, 1304, 1, "lora", 38.12),
    ("Llama 2 13B nf4", LLAMA2_13B, 1304, 1, "qlora", 23.14),
    ("Llama 2 13B nf4-dq", LLAMA2_13B, 1304, 1, "qlora", 22.55),
]


def litgpt_setup(tokens: int, micro_batch: int) -> TrainingSetup:
    return make_setup(
        examples=50_000,
        avg_tokens=tokens,
        sequence_length=tokens,
        micro_batch_size=micro_batch,
        gradient_checkpointing=False,
        lora_rank=8,
        gpu_memory_gb=40.0,
        lora_targets=("q", "v"),
        precision="bf16-true",
    )


@pytest.mark.parametrize(
    ("row", "shape", "tokens", "micro_batch", "technique", "measured"),
    LITGPT_MEMORY,
    ids=[row[0] for row in LITGPT_MEMORY],
)
def test_litgpt_measured_peak_memory_is_inside_the_range(
    row: str, shape: ModelShape, tokens: int, micro_batch: int, technique: str, measured: float
) -> None:
    result = getattr(estimate(shape, litgpt_setup(tokens, micro_batch)), technique)
    allocated = without_overhead(result)
    assert allocated.low <= measured <= allocated.high, (row, allocated)
    # With the CUDA context and fragmentation the whole estimate still brackets the run.
    assert result.memory_gb.low <= measured + result.terms[-1].gb.low
    assert result.fits in ("yes", "tight")  # every measured run fitted a 40 GB A100


# Same table, rows that ran out of memory on the 40 GB A100: never "yes".
LITGPT_OOM = [
    ("Llama 2 7B LoRA mb4", LLAMA2_7B, 1304, 4),
    ("Llama 2 13B LoRA mb2", LLAMA2_13B, 1304, 2),
    ("Llama 2 13B LoRA mb4", LLAMA2_13B, 1304, 4),
]


@pytest.mark.parametrize(
    ("row", "shape", "tokens", "micro_batch"), LITGPT_OOM, ids=[r[0] for r in LITGPT_OOM]
)
def test_litgpt_out_of_memory_rows_are_not_yes(
    row: str, shape: ModelShape, tokens: int, micro_batch: int
) -> None:
    assert estimate(shape, litgpt_setup(tokens, micro_batch)).lora.fits in ("tight", "no"), row


def test_litgpt_multi_gpu_rows_are_not_reproduced() -> None:
    """Lit-GPT's 2 x A100 LoRA rows (FSDP, activation checkpointing) are not used as targets:
    Llama 2 13B fits one A100 (38.12 GB) yet ran out of memory on two, and 7B needed more on
    two GPUs (22.18 GB) than on one, so that FSDP setup did not shard the frozen base the way
    ZeRO-3 does. We only check that sharding over two GPUs lowers our estimate."""
    one = estimate(LLAMA2_13B, litgpt_setup(1304, 1)).lora
    two = estimate(LLAMA2_13B, dataclasses.replace(litgpt_setup(1304, 1), gpus=2)).lora
    assert two.memory_gb.high < one.memory_gb.high


def test_qlora_paper_65b_fits_a_single_48gb_gpu() -> None:
    # Dettmers et al. 2023, QLoRA (arXiv:2305.14314), abstract: "finetune a 65B parameter model
    # on a single 48GB GPU". Guanaco 65B: LoRA r=64 on all linear layers, NF4 with double
    # quantization, paged AdamW, gradient checkpointing; its model card gives batch 16 and
    # sequence length 512 (we take micro-batch 1 with accumulation, 512 tokens). The paper's
    # per-component memory breakdown (Figure 6) and a "~41 GB" figure were not found in the
    # stored copies searched, so they are not asserted.
    for rank in (16, 64):
        for shape in (LLAMA_65B, ModelShape(parameters=65_000_000_000)):
            setup = make_setup(
                avg_tokens=512, sequence_length=512, lora_rank=rank, gpu_memory_gb=48.0
            )
            result = estimate(shape, setup)
            assert result.qlora.fits in ("yes", "tight"), (rank, shape, result.qlora.memory_gb)
            assert result.qlora.memory_gb.low < 48.0
            assert result.full.fits == "no"
            assert result.lora.fits == "no"


def test_qlora_paper_full_finetuning_65b_needs_more_than_780gb() -> None:
    # QLoRA abstract: QLoRA reduces the memory needed to finetune a 65B model "from >780GB of
    # GPU memory to <48GB" (their 780 GB counts 12 bytes per parameter; mixed-precision AdamW
    # with fp32 master weights needs 16-18).
    full = estimate(LLAMA_65B, make_setup()).full
    assert full.memory_gb.low > 780.0


def test_full_finetuning_of_7b_is_16_to_18_bytes_per_parameter_before_activations() -> None:
    # ZeRO (arXiv:1910.02054) section 3.1: mixed-precision Adam = 2 + 2 + 12 = 16 bytes per
    # parameter; with fp32 gradients 18. For 7e9 parameters: 112-126 GB.
    full = estimate(ModelShape(parameters=7_000_000_000), make_setup()).full
    states = [term(full, name) for name in ("weights", "gradients", "optimizer")]
    assert sum(r.low for r in states) == pytest.approx(112.0)
    assert sum(r.high for r in states) == pytest.approx(126.0)
    assert full.memory_gb.low > 112.0  # activations and overhead come on top


@pytest.mark.parametrize(
    ("shape", "rank", "published"),
    [
        # Hugging Face PEFT print_trainable_parameters() for Llama 3 8B, r=16 on q, k, v, o,
        # gate, up and down ("trainable params: 41,943,040"), widely reproduced in tutorials.
        (LLAMA3_8B, 16, 41_943_040),
        # Same targets on a Llama 2 7B-shaped model (OLMo-7B / Qwen1.5-7B logs print 19,988,480
        # for r=8 on the same seven projections of 32 layers of width 4096 and 11008).
        (LLAMA2_7B, 8, 19_988_480),
    ],
)
def test_adapter_parameter_count_matches_peft(shape: ModelShape, rank: int, published: int) -> None:
    result = estimate(shape, make_setup(lora_rank=rank))
    assert result.lora.trainable_parameters == published
    assert result.qlora.trainable_parameters == published


# --------------------------------------------------------------------------------------------
# Verdicts
# --------------------------------------------------------------------------------------------

VERDICTS = [
    # (case, shape, gpus, GB per GPU, sequence, {technique: allowed verdicts})
    (
        "70B full on 8x80GB: 70e9 x 16 B / 8 = 140 GB per GPU > 80",
        LLAMA2_70B,
        8,
        80.0,
        512,
        {"full": {"no"}, "lora": {"yes", "tight"}, "qlora": {"yes", "tight"}},
    ),
    (
        "70B (parameters only) on 8x80GB",
        ModelShape(parameters=70_000_000_000),
        8,
        80.0,
        512,
        {"full": {"no"}, "lora": {"yes", "tight"}, "qlora": {"yes", "tight"}},
    ),
    (
        "65B on one 48GB GPU",
        LLAMA_65B,
        1,
        48.0,
        512,
        {"full": {"no"}, "lora": {"no"}, "qlora": {"yes", "tight"}},
    ),
    (
        "8B on one 8GB GPU, short sequence",
        LLAMA3_8B,
        1,
        8.0,
        256,
        {"full": {"no"}, "lora": {"no"}, "qlora": {"yes", "tight"}},
    ),
    (
        "8B (parameters only) on one 8GB GPU, short sequence",
        ModelShape(parameters=8_000_000_000),
        1,
        8.0,
        256,
        {"full": {"no"}, "lora": {"no"}, "qlora": {"yes", "tight"}},
    ),
    (
        "7B on one 24GB GPU",
        LLAMA2_7B,
        1,
        24.0,
        512,
        {"full": {"no"}, "lora": {"yes", "tight"}, "qlora": {"yes"}},
    ),
    (
        "7B (parameters only) on one 24GB GPU",
        ModelShape(parameters=7_000_000_000),
        1,
        24.0,
        512,
        {"full": {"no"}, "lora": {"yes", "tight"}, "qlora": {"yes"}},
    ),
]


@pytest.mark.parametrize(
    ("case", "shape", "gpus", "memory", "sequence", "expected"),
    VERDICTS,
    ids=[v[0] for v in VERDICTS],
)
def test_verdicts(
    case: str,
    shape: ModelShape,
    gpus: int,
    memory: float,
    sequence: int,
    expected: dict[str, set[str]],
) -> None:
    setup = make_setup(
        avg_tokens=sequence, sequence_length=sequence, gpus=gpus, gpu_memory_gb=memory
    )
    result = estimate(shape, setup)
    for technique, allowed in expected.items():
        got = getattr(result, technique)
        assert got.fits in allowed, (case, technique, got.fits, got.memory_gb)


def test_verdict_rules_and_margin() -> None:
    c = load_constants()
    setup = make_setup(avg_tokens=512, sequence_length=512)
    qlora = estimate(LLAMA2_7B, setup).qlora
    low, high = qlora.memory_gb.low, qlora.memory_gb.high
    threshold = high / (1 - c.tight_margin)
    cases = [
        (threshold + 0.01, "yes"),
        ((low + high) / 2, "tight"),
        (high, "tight"),  # fits by the high estimate but without the margin
        (low, "tight"),
        (low - 0.01, "no"),
    ]
    for available, verdict in cases:
        got = estimate(LLAMA2_7B, dataclasses.replace(setup, gpu_memory_gb=available)).qlora
        assert got.fits == verdict, (available, got.memory_gb)
        assert got.margin_gb == pytest.approx(available - high)
    unknown = estimate(LLAMA2_7B, setup)
    for t in (unknown.full, unknown.lora, unknown.qlora, unknown.in_context):
        assert t.fits is None
        assert t.margin_gb is None


def test_sharding_divides_what_a_technique_holds_but_not_activations() -> None:
    one = estimate(LLAMA2_70B, make_setup(gpus=1)).full
    eight = estimate(LLAMA2_70B, make_setup(gpus=8)).full
    for name in ("weights", "gradients", "optimizer"):
        assert term(eight, name).low == pytest.approx(term(one, name).low / 8)
        assert term(eight, name).high == pytest.approx(term(one, name).high / 8)
    assert term(eight, "activations") == term(one, "activations")
    assert "sharding_buffers" in {t.name for t in eight.terms}
    assert "sharding_buffers" not in {t.name for t in one.terms}
    assert "sharded over 8 GPUs" in eight.terms[0].explanation


def test_fsdp_holds_its_root_unit_and_full_fine_tuning_its_unsharded_gradients() -> None:
    # FSDP keeps the root unit (embeddings and lm_head) whole from forward to backward, and
    # full fine-tuning holds the unsharded gradients of 1-2 layers and of the root until the
    # reduce-scatter (torch/distributed/fsdp/_runtime_utils.py); ZeRO-3 gathers layer by layer.
    c = load_constants(DEFAULT_CONSTANTS_PATH)
    emb = 2 * 32000 * 8192  # Llama 2 70B: untied input embeddings and lm_head
    per_layer = (LLAMA2_70B.parameters - emb) / 80
    gl, ug, gb = c.gathered_layers, c.unsharded_gradient_layers, c.gathered_bytes
    fsdp = estimate(LLAMA2_70B, make_setup(gpus=8, parallelism="fsdp"))
    zero3 = estimate(LLAMA2_70B, make_setup(gpus=8, parallelism="zero3"))
    gathered = term(zero3.lora, "sharding_buffers")
    assert gathered.low == pytest.approx(gl.low * per_layer * gb / 1e9)
    assert term(fsdp.lora, "sharding_buffers").low == pytest.approx(gathered.low + emb * gb / 1e9)
    assert term(fsdp.lora, "sharding_buffers") == term(fsdp.qlora, "sharding_buffers")
    fg = c.full_gradient_bytes
    full = term(fsdp.full, "sharding_buffers")
    assert full.low == pytest.approx(
        (gl.low * per_layer + emb) * gb / 1e9 + (ug.low * per_layer + emb) * fg.low / 1e9
    )
    assert full.high == pytest.approx(
        (gl.high * per_layer + emb) * gb / 1e9 + (ug.high * per_layer + emb) * fg.high / 1e9
    )
    explained = next(t.explanation for t in fsdp.full.terms if t.name == "sharding_buffers")
    assert "root unit" in explained and "reduce-scatter" in explained
    assert "root unit" not in next(
        t.explanation for t in zero3.full.terms if t.name == "sharding_buffers"
    )


def test_gradient_checkpointing_and_longer_sequences() -> None:
    short = estimate(LLAMA2_7B, make_setup(sequence_length=512)).lora
    long = estimate(LLAMA2_7B, make_setup(sequence_length=4096)).lora
    no_ckpt = estimate(LLAMA2_7B, make_setup(sequence_length=4096, gradient_checkpointing=False))
    assert term(long, "activations").low > term(short, "activations").low
    assert term(no_ckpt.lora, "activations").low > term(long, "activations").high
    assert (
        "gradient checkpointing"
        in next(t for t in long.terms if t.name == "activations").explanation
    )


# --------------------------------------------------------------------------------------------
# Time and cost
# --------------------------------------------------------------------------------------------


def priced(**changes: object) -> TrainingSetup:
    return dataclasses.replace(
        make_setup(gpu_bf16_tflops=A100_BF16_TFLOPS, gpu_usd_per_hour=2.0, gpu_memory_gb=80.0),
        **changes,  # type: ignore[arg-type]
    )


def test_time_follows_6ND_and_4ND() -> None:
    c = load_constants()
    setup = priced(examples=10_000, avg_tokens=500, epochs=2.0)
    result = estimate(LLAMA2_7B, setup)
    tokens = 10_000 * 500 * 2.0
    throughput = A100_BF16_TFLOPS * 1e12 * 3600
    full_flops = 6 * LLAMA2_7B.parameters * tokens
    assert result.full.gpu_hours is not None
    assert result.full.gpu_hours.low == pytest.approx(full_flops / throughput / c.mfu.high)
    assert result.full.gpu_hours.high == pytest.approx(full_flops / throughput / c.mfu.low)
    adapter = result.lora.trainable_parameters
    lora_flops = (4 * (LLAMA2_7B.parameters + adapter) + 2 * adapter) * tokens
    assert result.lora.gpu_hours is not None
    assert result.lora.gpu_hours.low == pytest.approx(lora_flops / throughput / c.mfu.high)
    assert result.lora.usd == Range(
        result.lora.gpu_hours.low * 2.0, result.lora.gpu_hours.high * 2.0
    )
    # GPU-hours do not depend on how many GPUs share the work.
    assert estimate(LLAMA2_7B, dataclasses.replace(setup, gpus=4)).full.gpu_hours == (
        result.full.gpu_hours
    )


@pytest.mark.parametrize(
    "bigger",
    [
        {"examples": 2000},
        {"avg_tokens": 1024},
        {"epochs": 6.0},
    ],
)
def test_time_and_cost_grow_with_tokens(bigger: dict[str, object]) -> None:
    base = estimate(LLAMA2_7B, priced())
    more = estimate(LLAMA2_7B, priced(**bigger))
    for name in ("full", "lora", "qlora"):
        a, b = getattr(base, name), getattr(more, name)
        assert b.gpu_hours.low > a.gpu_hours.low
        assert b.gpu_hours.high > a.gpu_hours.high
        assert b.usd.high > a.usd.high


def test_time_and_cost_grow_with_parameters() -> None:
    sizes = [1_000_000_000, 3_000_000_000, 7_000_000_000, 13_000_000_000, 70_000_000_000]
    previous: Estimates | None = None
    for n in sizes:
        result = estimate(ModelShape(parameters=n), priced())
        if previous is not None:
            for name in ("full", "lora", "qlora"):
                assert getattr(result, name).gpu_hours.low > getattr(previous, name).gpu_hours.low
                assert getattr(result, name).usd.high > getattr(previous, name).usd.high
        previous = result


def test_technique_time_ordering() -> None:
    result = estimate(LLAMA2_7B, priced())
    assert result.lora.gpu_hours.high < result.full.gpu_hours.high
    assert result.qlora.gpu_hours.low > result.lora.gpu_hours.low
    assert result.qlora.gpu_hours.high > result.lora.gpu_hours.high
    assert result.in_context.gpu_hours is None
    assert result.in_context.usd is None
    assert result.in_context.trainable_parameters == 0
    assert result.full.trainable_parameters == LLAMA2_7B.parameters


def test_unknown_prices_give_none() -> None:
    no_price = estimate(LLAMA2_7B, priced(gpu_usd_per_hour=None))
    for t in (no_price.full, no_price.lora, no_price.qlora):
        assert t.gpu_hours is not None
        assert t.usd is None
    assert no_price.break_even_requests is None
    no_throughput = estimate(LLAMA2_7B, priced(gpu_bf16_tflops=None))
    for t in (no_throughput.full, no_throughput.lora, no_throughput.qlora):
        assert t.gpu_hours is None
        assert t.usd is None
    assert no_throughput.break_even_requests is None


def test_litgpt_qlora_slowdown_is_inside_the_time_factor() -> None:
    # Lit-GPT on an A100, LoRA vs 4-bit: tutorials/finetune_lora.md (Llama 2 7B bf16-true 876 s,
    # + nf4 1,090 s, + nf4-dq 1,136 s) and tutorials/resource-tables.md (time per 1k iterations:
    # 7B 2.36 vs 3.68 / 3.83 min, 13B 3.19 vs 6.38 / 6.55 min, StableLM 3B 1.24 vs 1.82 / 1.87).
    measured = [1089.79 / 876.30, 1135.86 / 876.30, 3.68 / 2.36, 3.83 / 2.36, 6.38 / 3.19]
    measured += [6.55 / 3.19, 1.82 / 1.24, 1.87 / 1.24]
    result = estimate(LLAMA2_7B, priced())
    ratio_low = result.qlora.gpu_hours.low / result.lora.gpu_hours.low
    ratio_high = result.qlora.gpu_hours.high / result.lora.gpu_hours.high
    for ratio in measured:
        assert ratio_low - 1e-9 <= ratio <= ratio_high + 1e-9, ratio


def test_litgpt_lora_time_at_micro_batch_1_is_slower_than_the_range() -> None:
    """Documented miss: Lit-GPT's LoRA time per 1k iterations (micro-batch 1, Alpaca, median
    sample 110 tokens per tutorials/oom.md) is 2.36 min for Llama 2 7B and 3.19 min for 13B on
    an A100: 4 x N x 110 x 1000 FLOPs in that time is 7-10% of the bf16 peak, below the 15-45%
    utilisation range in estimates.yaml, which assumes micro-batches big enough to fill the GPU.
    So for micro-batches of one short sample our hours are optimistic by about 2x. The test
    pins the miss so that a change of the utilisation range revisits it."""
    c = load_constants()
    for shape, minutes in ((LLAMA2_7B, 2.36), (LLAMA2_13B, 3.19)):
        setup = priced(examples=1000, avg_tokens=110, sequence_length=110, epochs=1.0, lora_rank=8)
        hours = estimate(shape, setup).lora.gpu_hours
        assert hours is not None
        assert hours.high < minutes / 60
        implied = 4 * shape.parameters * 110 * 1000 / (A100_BF16_TFLOPS * 1e12 * minutes * 60)
        assert 0.05 < implied < c.mfu.low


def test_break_even_is_positive_and_sensible() -> None:
    c = load_constants()
    setup = priced(examples=1000, avg_tokens=500, gpu_memory_gb=24.0)
    result = estimate(LLAMA2_7B, setup)
    # Default prompt: as many examples as fit the prompt budget, keeping room for the request.
    room = (c.prompt_token_budget - 500) // 500
    assert result.prompt_tokens_per_request == min(1000, room) * 500
    assert result.break_even_requests is not None
    fitting = [t for t in (result.full, result.lora, result.qlora) if t.fits != "no"]
    cheapest = min(t.usd.high for t in fitting)  # type: ignore[union-attr]
    price = next(usd for up_to, usd in c.input_price_by_size if LLAMA2_7B.parameters <= up_to)
    per_request = result.prompt_tokens_per_request * price / 1e6
    assert result.break_even_requests == math.ceil(cheapest / per_request)
    assert 10 < result.break_even_requests < 1_000_000
    # Full fine-tuning does not fit 24 GB, so it is not the fine-tune that break-even uses.
    assert result.full.fits == "no"
    # More examples in every prompt: each request costs more, fine-tuning pays off sooner.
    fewer = estimate(LLAMA2_7B, dataclasses.replace(setup, prompt_examples=2))
    assert fewer.prompt_tokens_per_request == 1000
    assert fewer.break_even_requests is not None
    assert fewer.break_even_requests > result.break_even_requests
    # No examples in the prompt: nothing to break even with.
    assert (
        estimate(LLAMA2_7B, dataclasses.replace(setup, prompt_examples=0)).break_even_requests
        is None
    )


def test_in_context_memory_is_weights_plus_kv_cache() -> None:
    setup = make_setup(avg_tokens=500, prompt_examples=7)
    ic = estimate(LLAMA3_8B, setup).in_context
    context = (7 + 1) * 500
    kv = 2 * 32 * 8 * 128 * context * 2 / 1e9  # 2 x layers x kv_heads x head_dim x tokens x 2 B
    assert term(ic, "kv_cache").low == pytest.approx(kv)
    assert term(ic, "weights").low == pytest.approx(LLAMA3_8B.parameters * 2 / 1e9)
    assert "8 KV heads" in next(t for t in ic.terms if t.name == "kv_cache").explanation


# --------------------------------------------------------------------------------------------
# Output form
# --------------------------------------------------------------------------------------------


def test_to_dict_is_json_ready_rounded_and_deterministic() -> None:
    setup = priced(gpus=2)
    first = estimate(LLAMA2_13B, setup).to_dict()
    second = estimate(LLAMA2_13B, setup).to_dict()
    text = json.dumps(first, sort_keys=True, allow_nan=False)
    assert text == json.dumps(second, sort_keys=True, allow_nan=False)
    assert set(first) == {
        "full",
        "lora",
        "qlora",
        "in_context",
        "prompt_tokens_per_request",
        "break_even_requests",
    }
    lora = first["lora"]
    assert isinstance(lora, dict)
    assert set(lora) == {
        "memory_gb",
        "tensors_gb",
        "fits",
        "margin_gb",
        "gpu_hours",
        "usd",
        "trainable_parameters",
        "terms",
    }
    assert lora["memory_gb"]["low"] == round(lora["memory_gb"]["low"], 1)
    assert lora["usd"]["high"] == round(lora["usd"]["high"], 2)
    names = [t["name"] for t in lora["terms"]]
    assert names == [
        "weights",
        "gradients",
        "optimizer",
        "activations",
        "sharding_buffers",
        "overhead",
    ]
    assert first["in_context"]["gpu_hours"] is None  # type: ignore[index]


def test_every_term_is_explained() -> None:
    result = estimate(ModelShape(parameters=7_000_000_000), priced(gpus=2))
    for t in (result.full, result.lora, result.qlora, result.in_context):
        for x in t.terms:
            assert x.explanation and "\n" not in x.explanation
            assert 0 <= x.gb.low <= x.gb.high
        assert t.memory_gb.low <= t.memory_gb.high
    lora_weights = result.lora.terms[0].explanation
    assert "the attention (q, k, v, o) and MLP (gate, up, down) projections" in lora_weights
    # Parameter-count-only shapes say they were approximated, and how.
    assert "shape approximated from 7B parameters" in lora_weights
    assert "size table" in lora_weights
    exact = estimate(LLAMA2_7B, priced())
    assert "approximated" not in exact.lora.terms[0].explanation


# --------------------------------------------------------------------------------------------
# Constants file
# --------------------------------------------------------------------------------------------


def test_constants_load_once_and_every_constant_has_a_source() -> None:
    assert load_constants() is load_constants()
    fresh = load_constants(str(DEFAULT_CONSTANTS_PATH))
    assert fresh is not load_constants()
    assert fresh == load_constants()
    # Every constant (a mapping with value, low/high or a by_size table) carries a source.
    raw = yaml.safe_load(DEFAULT_CONSTANTS_PATH.read_text(encoding="utf-8"))
    constants: list[str] = []

    def walk(prefix: str, node: object) -> None:
        if isinstance(node, dict):
            if {"value", "low", "high", "by_size"} & set(node):
                constants.append(prefix)
                assert isinstance(node.get("source"), str) and node["source"].strip(), prefix
            for key, value in node.items():
                walk(f"{prefix}.{key}" if prefix else str(key), value)

    walk("", raw)
    assert len(constants) >= 30
    assert sorted(constants) == sorted(fresh.sources)
    assert "qlora.quantization_constant_bits_per_param" in fresh.sources
    assert "0.127" in fresh.sources["qlora.quantization_constant_bits_per_param"]


BROKEN = [
    # (what, original line, corrupted line, field)
    (
        "a number as text",
        "    low: 0.127",
        '    low: "lots"',
        "qlora.quantization_constant_bits_per_param.low",
    ),
    ("low above high", "    low: 0.15", "    low: 0.9", "compute.model_flops_utilisation"),
    ("unsigned exponent", "    value: 1.0e+9", "    value: 1.0e9", "units.bytes_per_gb.value"),
    ("unknown key", "  tight_margin:", "  tight_margins:", "verdict.tight_margins"),
    (
        "negative",
        "    value: 2\n    source: >-\n      With full",
        "    value: -2\n    source: >-\n      With full",
        "activations.checkpoint_bytes_per_token_layer_hidden.value",
    ),
]


@pytest.mark.parametrize(
    ("what", "original", "corrupted", "field"), BROKEN, ids=[b[0] for b in BROKEN]
)
def test_broken_constants_raise_a_located_catalog_error(
    tmp_path: Path, what: str, original: str, corrupted: str, field: str
) -> None:
    text = DEFAULT_CONSTANTS_PATH.read_text(encoding="utf-8")
    assert text.count(original) == 1, what
    broken = text.replace(original, corrupted)
    path = tmp_path / "estimates.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_constants(str(path))
    error = caught.value
    expected_line = broken[: broken.index(corrupted)].count("\n") + 1
    message = str(error)
    assert "\n" not in message
    assert error.source == str(path)
    assert error.field == field
    assert error.line is not None and expected_line <= error.line <= expected_line + 2, message
    assert error.column is not None
    assert message.startswith(f"{path}:{error.line}:{error.column}: {field}: ")


def test_missing_source_and_bad_yaml_are_located(tmp_path: Path) -> None:
    text = DEFAULT_CONSTANTS_PATH.read_text(encoding="utf-8")
    start = text.index("  tight_margin:")
    source = text.index("    source:", start)
    end = text.index("\n\n", source)
    path = tmp_path / "no_source.yaml"
    path.write_text(text[:source] + text[end + 1 :], encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_constants(str(path))
    assert caught.value.field == "verdict.tight_margin.source"
    assert "required field is missing" in str(caught.value)

    path = tmp_path / "bad.yaml"
    path.write_text("units:\n  bytes_per_gb: [1.0\n", encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_constants(str(path))
    assert caught.value.line is not None
    assert str(caught.value).startswith(f"{path}:")
    assert "\n" not in str(caught.value)

    with pytest.raises(CatalogError, match="cannot read"):
        load_constants(str(tmp_path / "missing.yaml"))


# --------------------------------------------------------------------------------------------
# Input checks and speed
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shape", "changes", "field"),
    [
        (LLAMA2_7B, {"avg_tokens": 0}, "avg_tokens"),
        (LLAMA2_7B, {"examples": -1}, "examples"),
        (LLAMA2_7B, {"gpus": 0}, "gpus"),
        (LLAMA2_7B, {"epochs": float("nan")}, "epochs"),
        (LLAMA2_7B, {"gpu_memory_gb": 0.0}, "gpu_memory_gb"),
        (LLAMA2_7B, {"gpu_usd_per_hour": -1.0}, "gpu_usd_per_hour"),
        (LLAMA2_7B, {"prompt_examples": -3}, "prompt_examples"),
        (ModelShape(parameters=0), {}, "parameters"),
        (ModelShape(parameters=10**9, layers=0), {}, "layers"),
    ],
)
def test_impossible_setups_raise_input_error(
    shape: ModelShape, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InputError) as caught:
        estimate(shape, make_setup(**changes))
    assert caught.value.field == field


def test_estimates_are_typed_from_python() -> None:
    from transfer_advisor import advise, load_manifest

    examples = Path(__file__).resolve().parent.parent / "examples"
    rec = advise(load_manifest(examples / "small-gpu-qlora.yaml"))
    figures = rec.estimate_figures()
    assert set(figures) == {"full", "lora", "qlora", "in_context"}
    qlora = figures["qlora"]
    assert qlora.fits == "yes" and qlora.memory_gb.low < qlora.memory_gb.high
    assert qlora.usd is not None and qlora.usd.high == rec.estimates["qlora"]["usd"]["high"]
    assert figures["in_context"].gpu_hours is None  # serving is not trained
    hosted = advise(
        {"name": "h", "data": {"labeled_examples": 500}, "model": {"name": "gpt-4o-mini"}}
    )
    assert hosted.estimate_figures() == {}


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"gpus": 8, "gradient_checkpointing": False},
        {"attention": "eager", "precision": "fp16-mixed", "gpu_memory_gb": 24.0},
        {"precision": "fp32", "parallelism": "zero3", "gpus": 2, "prompt_examples": 5},
    ],
)
def test_figures_without_explanations_are_the_explained_figures(changes: dict[str, Any]) -> None:
    # The advice asks for figures only (explain=False); they must be the explained ones.
    for shape in (LLAMA2_7B, LLAMA2_70B):
        setup = make_setup(**changes)
        explained = estimate(shape, setup)
        bare = estimate(shape, setup, explain=False)
        for name in ("full", "lora", "qlora", "in_context"):
            with_text, without = getattr(explained, name), getattr(bare, name)
            assert with_text.terms and not without.terms
            assert without.to_dict(terms=False) == with_text.to_dict(terms=False)
            assert without.tensors_gb == with_text.tensors_gb
        assert bare.break_even_requests == explained.break_even_requests


def test_constants_replace_gives_a_what_if_variant_with_its_derived_fields_rebuilt() -> None:
    c = load_constants(DEFAULT_CONSTANTS_PATH)
    wider = c.replace(gathered_layers=Range(1, 4))
    assert wider.gathered_layers == Range(1, 4) and c.gathered_layers != Range(1, 4)
    assert wider.tight_margin == c.tight_margin and wider.sources == c.sources
    assert "1–4 layer(s)" in wider.phrases.gathered and "1–4" not in c.phrases.gathered
    assert wider.prepared_cache == {} and wider != c
    with pytest.raises(TypeError, match="unknown \\['no_such_constant'\\]"):
        c.replace(no_such_constant=1)
    setup = make_setup(gpus=8)
    assert (
        term(estimate(LLAMA2_70B, setup, wider).lora, "sharding_buffers").high
        > term(estimate(LLAMA2_70B, setup, c).lora, "sharding_buffers").high
    )


@pytest.mark.parametrize(
    "model", ["facebook/dinov2-base", "bert-base-uncased", "openai/whisper-small"]
)
def test_a_model_that_cannot_be_prompted_has_no_few_shot_cost(model: str) -> None:
    """Examples in the prompt, and the requests after which a fine-tune pays for them, only
    exist for a model that can be prompted with them."""
    from transfer_advisor import advise

    manifest = {"name": "t", "data": {"labeled_examples": 2000}, "model": {"name": model}}
    estimates = advise(manifest).estimates
    assert estimates is not None
    assert estimates["prompt_tokens_per_request"] == 0
    assert estimates["break_even_requests"] is None
    prompted = advise({**manifest, "model": {"name": "meta-llama/Llama-3.1-8B-Instruct"}})
    assert prompted.estimates is not None and prompted.estimates["prompt_tokens_per_request"] > 0


def test_lora_on_a_mixture_of_experts_adapts_every_expert_but_stores_the_routed_inputs() -> None:
    from transfer_advisor.catalog import default_catalog
    from transfer_advisor.estimate.hfconfig import count_parameters

    entry = default_catalog().model("Qwen/Qwen3-30B-A3B")
    assert entry is not None and entry.config is not None
    shape = count_parameters(entry.config.as_config()).shape
    every = estimate(shape, make_setup(lora_rank=16))
    attention = estimate(shape, make_setup(lora_rank=16, lora_targets=("q", "k", "v", "o")))
    # q (2,048 -> 4,096), k and v (2,048 -> 512), o (4,096 -> 2,048) in each of 48 layers; with
    # the MLP, all 128 experts' gate, up (2,048 -> 768) and down (768 -> 2,048), as PEFT's
    # all-linear adapts each expert's linear layers (the router's few are left out).
    per_layer_attention = (2048 + 4096) + 2 * (2048 + 512) + (4096 + 2048)
    per_layer_experts = 128 * (2 * (2048 + 768) + (768 + 2048))
    assert attention.lora.trainable_parameters == 16 * 48 * per_layer_attention
    assert every.lora.trainable_parameters == 16 * 48 * (per_layer_attention + per_layer_experts)
    # Their optimizer states count, but a token's stored adapter inputs are its 8 experts' only.
    assert every.lora.memory_gb.low - attention.lora.memory_gb.low > 8.0


def test_serving_a_mixture_of_experts_keeps_the_routed_share_of_working_memory() -> None:
    # Every expert is held, but a token's prefill runs through its routed experts only: the
    # working memory is the routed share's, so a mixture serves in less than a dense model of
    # the same size, while their weights are the same.
    dense = replace(LLAMA2_70B, active_parameters=None)
    mixture = replace(LLAMA2_70B, active_parameters=LLAMA2_70B.parameters // 5)
    served_dense = estimate(dense, make_setup()).in_context
    served_mixture = estimate(mixture, make_setup()).in_context
    assert term(served_mixture, "weights") == term(served_dense, "weights")
    dense_work, mixture_work = (
        term(served_dense, "activations"),
        term(served_mixture, "activations"),
    )
    assert mixture_work.high == pytest.approx(dense_work.high / 5, rel=1e-6)
    assert "each token runs through" in next(
        x.explanation for x in served_mixture.terms if x.name == "activations"
    )


def test_a_count_that_rounds_up_is_shown_in_the_next_unit() -> None:
    # Gemma 3 1B has 999,885,952 parameters: "1B", never "1e+03M".
    shape = ModelShape(parameters=999_885_952)
    result = estimate(shape, TrainingSetup(examples=100, avg_tokens=256, sequence_length=256))
    texts = " ".join(term.explanation for term in result.full.terms)
    assert "× 1B parameters" in texts
    assert "e+" not in texts

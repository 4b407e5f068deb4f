"""Per (shape, LoRA rank, GPU count, targets, precision, optimizer, parallelism): each
technique's fixed memory terms (weights, gradients, optimizer state, sharding buffers), training
FLOPs per token and explanation texts, computed once and reused by every row that names the same
model (:func:`_prepare`, memoised by :func:`~transfer_advisor.estimate.memory.estimate`).
"""

from __future__ import annotations

from transfer_advisor._internal.records import Record
from transfer_advisor.estimate.constants import EstimateConstants, _lookup
from transfer_advisor.estimate.geometry import _Geometry, _geometry
from transfer_advisor.estimate.phrases import _count, _gpus, _span, precision_words
from transfer_advisor.estimate.results import _BITS_PER_BYTE, _PER_MILLION, MemoryTerm, Range
from transfer_advisor.estimate.serving import serving_terms
from transfer_advisor.estimate.shape import ModelShape
from transfer_advisor.estimate.strategy import optimizer_bytes, parallelism_note, split
from transfer_advisor.estimate.terms import _Held, _quantized


class _Prepared(Record):
    """Everything that depends only on (shape, LoRA rank, GPU count), with the constants.

    Batch runs repeat the same catalog models and GPU counts, so this is computed once per key
    and the per-row work is the setup-dependent arithmetic.
    """

    __slots__ = (
        "geo",
        "adapter",
        "adapter_inputs",
        "full",
        "lora",
        "qlora",
        "in_context",
        "activation_texts",
        "activation_suffix",
        "overhead_text",
        "kv_text",
        "usd_per_prompt_token",
    )

    geo: _Geometry
    adapter: int  # LoRA/QLoRA trainable parameters
    adapter_inputs: int  # sum of d_in over every adapted matrix of every layer
    full: _Held
    lora: _Held
    qlora: _Held
    in_context: _Held  # weights and working memory; the KV cache depends on the prompt
    activation_texts: tuple[tuple[str, str, str], tuple[str, str, str]]  # [checkpointing][tech]
    activation_suffix: str
    overhead_text: str
    kv_text: tuple[str, str]  # text before and after "<context> tokens (...)"
    usd_per_prompt_token: float

    def __init__(
        self,
        geo: _Geometry,
        adapter: int,
        adapter_inputs: int,
        full: _Held,
        lora: _Held,
        qlora: _Held,
        in_context: _Held,
        activation_texts: tuple[tuple[str, str, str], tuple[str, str, str]],
        activation_suffix: str,
        overhead_text: str,
        kv_text: tuple[str, str],
        usd_per_prompt_token: float,
    ) -> None:
        self.geo = geo
        self.adapter = adapter
        self.adapter_inputs = adapter_inputs
        self.full = full
        self.lora = lora
        self.qlora = qlora
        self.in_context = in_context
        self.activation_texts = activation_texts
        self.activation_suffix = activation_suffix
        self.overhead_text = overhead_text
        self.kv_text = kv_text
        self.usd_per_prompt_token = usd_per_prompt_token


def _zero2_load(host: Range | None, floor: float) -> Range | None:
    """A full fine-tune's CPU memory under ZeRO-2 offload: each GPU's process also loads the
    model in fp32 there, so DeepSpeed's estimator takes the larger of 4 bytes × parameters ×
    GPUs and the offloaded states (estimate_zero2_model_states_mem_needs: max(4 × GPUs, 16)
    bytes per parameter, times its buffer)."""
    return host if host is None else Range(host.low, max(host.high, floor))


def _describe_targets(targets: tuple[str, ...], gated: bool, experts: int = 1) -> str:
    attention = [t for t in ("q", "k", "v", "o") if t in targets]
    parts = []
    if attention:
        parts.append(f"attention ({', '.join(attention)})")
    if "mlp" in targets:
        each = f" of each of {experts} experts" if experts > 1 else ""
        parts.append(f"MLP ({'gate, up, down' if gated else 'up, down'}{each})")
    return " and ".join(parts) if parts else "no"


def _prepare(
    shape: ModelShape,
    rank: int,
    gpus: int,
    targets: tuple[str, ...],
    precision: str,
    c: EstimateConstants,
    optimizer: str | None = None,
    parallelism: str | None = None,
    cpu_offload: bool = False,
    weight_bits: int | None = None,
    serving_bits: int | None = None,
) -> _Prepared:
    geo = _geometry(shape, c)
    ph = c.phrases
    n = geo.parameters
    # A mixture's "mlp" matrices come once per expert: each is adapted (as PEFT's all-linear
    # does), while a token's stored adapter inputs are those of its routed experts only.
    matrices = [
        (m, geo.experts if t == "mlp" else 1, geo.routed if t == "mlp" else 1)
        for t in dict.fromkeys(targets)
        for m in geo.modules.get(t, ())
    ]
    adapter = rank * geo.layers * sum(k * (d_in + d_out) for (d_in, d_out), k, _ in matrices)
    adapter_inputs = geo.layers * sum(k * d_in for (d_in, _), _, k in matrices)
    count_n, count_a = _count(n), _count(adapter)
    on_gpus = _gpus(gpus)
    sp = split(gpus, parallelism or "fsdp", cpu_offload)
    assumed = parallelism_note(gpus, parallelism, cpu_offload)
    w_on, g_on, o_on = (", " + sp.weights.text, ", " + sp.gradients.text, ", " + sp.optimizer.text)
    w_on += assumed
    note = geo.note
    adapter_text = (
        f"rank {rank} × (d_in + d_out) on the {_describe_targets(targets, geo.gated_mlp, geo.experts)} "
        f"projections of {geo.layers} layers = {count_a} parameters{w_on}{note}"
    )
    layers = geo.layers
    shape_text = f"{geo.hidden:,} × {layers} layers"
    logits = f"{ph.logits}{geo.vocab:,} per token)"
    without = ph.without_checkpointing
    with_ckpt = tuple(ph.checkpointing + shape_text + r + logits for r in ph.recomputed)
    per_gb = 1.0 / c.bytes_per_gb
    wf, gf, of = (sp.weights.factor * per_gb, sp.gradients.factor * per_gb,
                  sp.optimizer.factor * per_gb)  # fmt: skip
    # Bytes per value by precision: mixed precision (the default) as the constants say;
    # pure 16-bit training keeps weights and gradients in 16 bit; fp32 in 4 bytes. The
    # optimizer's bytes follow the optimizer (and, for plain AdamW, the precision).
    fw, fg = c.full_weight_bytes, c.full_gradient_bytes
    base, aw, ag = c.lora_base_bytes, c.lora_adapter_weight_bytes, c.lora_adapter_gradient_bytes
    if precision == "bf16-true":
        fw = fg = aw = ag = base
    elif precision == "fp32":
        fw = fg = aw = ag = base = Range(c.fp32_bytes, c.fp32_bytes)
    # Mixed precision's fp32 master copy is optimizer state (DeepSpeed docs, ZeRO: "optimizer
    # states (e.g., for Adam optimizer, 32-bit weights, and the first, and second moment
    # estimates)"): where the weights are not sharded (ZeRO-2), it is held with the optimizer
    # state, sharded over the GPUs (Rajbhandari et al. 2020, ZeRO, Sec. 5: 2 + (2 + 12) / N
    # bytes per parameter) or offloaded to CPU memory (Ren et al. 2021, ZeRO-Offload, Sec. 4),
    # while every GPU keeps the 16-bit working copy.
    master_apart = precision.endswith("-mixed") and sp.weights.factor != sp.optimizer.factor

    # ZeRO-3/FSDP: the layers being computed are gathered whole; FSDP also keeps its root unit
    # (embeddings and lm_head) whole, and full fine-tuning holds unsharded gradients until
    # their reduce-scatter.
    frozen: tuple[MemoryTerm, ...] = ()
    trained: tuple[MemoryTerm, ...] = ()
    if sp.gathers:
        per_layer = (n - geo.embedding_parameters) / layers
        root = (
            geo.embedding_parameters * c.fsdp_root_unsharded
            if parallelism in (None, "fsdp")
            else 0.0
        )
        gl, gb, ug = c.gathered_layers, c.gathered_bytes, c.unsharded_gradient_layers
        gathered = Range(
            (gl.low * per_layer + root) * gb * per_gb, (gl.high * per_layer + root) * gb * per_gb
        )
        text = f"{ph.gathered}{_count(per_layer)} parameters each while computing"
        if root:
            text += f"{ph.root_unit}{_count(root)} parameters) whole from forward to backward"
        frozen = (MemoryTerm("sharding_buffers", gathered, text + "; per GPU"),)
        grads = Range(
            gathered.low + (ug.low * per_layer + root) * fg.low * per_gb,
            gathered.high + (ug.high * per_layer + root) * fg.high * per_gb,
        )
        text += (
            f"; unsharded gradients of {_span(ug)} layer(s){' and the root unit' if root else ''} "
            f"at {_span(fg)} bytes until their reduce-scatter; per GPU"
        )
        trained = (MemoryTerm("sharding_buffers", grads, text),)

    def held(
        texts: tuple[str, str, str],
        weights: Range,
        gradients: Range,
        optimizer: Range,
        flops_per_token: tuple[float, float],
        after: tuple[MemoryTerm, ...] = frozen,
        host: Range | None = None,
    ) -> _Held:
        buffers = after[0].gb if after else Range(0.0, 0.0)
        return _Held(
            before=(
                MemoryTerm("weights", weights, texts[0]),
                MemoryTerm("gradients", gradients, texts[1]),
                MemoryTerm("optimizer", optimizer, texts[2]),
            ),
            after=after,
            low=weights.low + gradients.low + optimizer.low + buffers.low,
            high=weights.high + gradients.high + optimizer.high + buffers.high,
            flops_per_token=flops_per_token,
            host=host,
        )

    # CPU offload: what leaves the GPUs is held once in the machine's CPU memory (the
    # unsharded bytes of the offloaded terms), with the buffer DeepSpeed's estimator adds.
    weights_offloaded = cpu_offload and sp.weights.factor == 0.0
    hb = c.offload_host_buffer

    def host(*parts: Range) -> Range | None:
        """GB of CPU memory holding ``parts`` (bytes, unsharded), or None without offload."""
        if not cpu_offload:
            return None
        low = sum(r.low for r in parts) * hb.low * per_gb
        return Range(low, sum(r.high for r in parts) * hb.high * per_gb)

    words = precision_words(precision, c, master_apart)
    adapter_gradients = (
        f"adapter gradients only (the base is frozen): {_span(ag)} bytes × {count_a} "
        f"trainable parameters{g_on}"
    )

    def optimizer_term(technique: str, trained: int) -> tuple[Range, str, Range]:
        """The optimizer state on each GPU, its text, and its whole bytes (for offload)."""
        size, resident, head = optimizer_bytes(
            technique, optimizer, precision, technique != "full", c
        )
        text = f"{head}{_count(trained)} trainable parameters"
        if resident.low < 1.0:
            text += f", {_span(resident, '.0%')} resident on the GPU (paged to CPU memory)"
        return (
            Range(trained * size.low * resident.low * of, trained * size.high * resident.high * of),
            text + o_on,
            Range(trained * size.low, trained * size.high),
        )

    # Compute runs the parameters active per token: all of them, or a mixture of experts'
    # routed share (memory still holds every expert).
    active = min(shape.active_parameters or n, n)
    # Full fine-tuning: every parameter trains; 6 × N FLOPs per token.
    per_token = (c.forward_flops + c.backward_input_flops + c.backward_weight_flops) * active
    full_opt, full_opt_text, full_opt_all = optimizer_term("full", n)
    if master_apart:
        master = Range(fw.low - base.low, fw.high - base.high)
        full_weights = Range(
            n * (base.low * wf + master.low * of), n * (base.high * wf + master.high * of)
        )
        weights_text = (
            f"{words[0]}: {_span(base)} bytes × {count_n} parameters{w_on}; fp32 master copy "
            f"(optimizer state): {_span(master)} bytes × {count_n} parameters{o_on}"
        )
    else:
        full_weights = Range(n * fw.low * wf, n * fw.high * wf)
        weights_text = f"{words[0]}: {_span(fw)} bytes × {count_n} parameters{w_on}"
    # Offloaded: the weights whole (ZeRO-3/FSDP), or the fp32 master copy with the optimizer.
    nothing = Range(0.0, 0.0)
    full_host_weights = (
        Range(n * fw.low, n * fw.high)
        if weights_offloaded
        else Range(n * master.low, n * master.high)
        if master_apart
        else nothing
    )
    full = held(
        (
            weights_text,
            f"{words[1]}: {_span(fg)} bytes × {count_n} trainable parameters{g_on}",
            full_opt_text,
        ),
        full_weights,
        Range(n * fg.low * gf, n * fg.high * gf),
        full_opt,
        (per_token, per_token),
        trained,
        _zero2_load(
            host(full_host_weights, Range(n * fg.low, n * fg.high), full_opt_all),
            n * c.fp32_bytes * gpus * hb.high * per_gb if parallelism == "zero2" else 0.0,
        ),
    )

    # LoRA: frozen base; adapters train. Forward and activation gradients run through
    # the whole model (about 4 × N FLOPs per token), weight gradients only for the adapter.
    gradients = Range(adapter * ag.low * gf, adapter * ag.high * gf)
    per_token = (c.forward_flops + c.backward_input_flops) * (active + adapter)
    per_token += c.backward_weight_flops * adapter
    adapters = f" parameters, plus LoRA adapters at {_span(aw)} bytes: "
    lora_opt, lora_opt_text, lora_opt_all = optimizer_term("lora", adapter)
    qc = c.qlora_constant_bits
    emb, inp = geo.embedding_parameters, geo.input_embedding_parameters
    if weight_bits is None:
        lora_base = f"frozen {words[2]} base: {_span(base)} bytes × {count_n}"
        lora_weights = Range(n * base.low, n * base.high)
    else:
        # A checkpoint published quantized keeps its linear layers at their stored width
        # plus the quantization constants, and its embeddings (and, at the high end,
        # lm_head) in 16 bit, as QLoRA's base does.
        lora_base = (
            f"frozen base quantized to {weight_bits} bits (as published; quantization "
            f"constants add {_span(qc)} bits per parameter, and the embeddings stay 16-bit): "
            f"{weight_bits / _BITS_PER_BYTE:g} bytes × {count_n}"
        )
        lora_weights = _quantized(n, inp, emb, weight_bits, qc, base)
    lora_all = Range(lora_weights.low + adapter * aw.low, lora_weights.high + adapter * aw.high)
    adapter_gradients_all = Range(adapter * ag.low, adapter * ag.high)
    lora = held(
        (
            f"{lora_base}{adapters}{adapter_text}",
            adapter_gradients,
            lora_opt_text,
        ),
        Range(lora_all.low * wf, lora_all.high * wf),
        gradients,
        lora_opt,
        (per_token, per_token),
        host=host(lora_all if weights_offloaded else nothing, adapter_gradients_all, lora_opt_all),
    )

    # QLoRA: NF4 base + quantization constants; the input embeddings stay 16-bit (bitsandbytes
    # quantizes linear layers only), and lm_head too in the high end;
    # adapters as in LoRA; dequantization slows every matmul down.
    bits = c.qlora_base_bits
    tf = c.qlora_time_factor
    qlora_opt, qlora_opt_text, qlora_opt_all = optimizer_term("qlora", adapter)
    qlora_all = Range(
        (n - inp) * (bits + qc.low) / _BITS_PER_BYTE + inp * base.low + adapter * aw.low,
        (n - emb) * (bits + qc.high) / _BITS_PER_BYTE + emb * base.high + adapter * aw.high,
    )
    qlora = held(
        (
            ph.qlora_base
            + count_n
            + ph.qlora_constants
            + _count(inp)
            + (
                f"{ph.qlora_untied_head}{_count(emb)} parameters in all)"
                if emb > inp
                else ph.qlora_tied_head
            )
            + f"; plus LoRA adapters at {_span(aw)} bytes: "
            + adapter_text,
            adapter_gradients,
            qlora_opt_text,
        ),
        Range(qlora_all.low * wf, qlora_all.high * wf),
        gradients,
        qlora_opt,
        (per_token * tf.low, per_token * tf.high),
        host=host(
            qlora_all if weights_offloaded else nothing, adapter_gradients_all, qlora_opt_all
        ),
    )
    in_context = serving_terms(n, inp, emb, active, gpus, c, base, weight_bits, serving_bits)
    return _Prepared(
        geo=geo,
        adapter=adapter,
        adapter_inputs=adapter_inputs,
        full=full,
        lora=lora,
        qlora=qlora,
        in_context=in_context,
        activation_texts=(
            (
                without[0] + shape_text + " per token, plus " + logits,
                without[1] + shape_text + " per token, plus " + logits,
                without[2] + shape_text + " per token, plus " + logits,
            ),
            (with_ckpt[0], with_ckpt[1], with_ckpt[2]),
        ),
        activation_suffix="; per GPU" + note,
        overhead_text=ph.overhead,
        kv_text=(
            f"KV cache: 2 × {layers} layers × {geo.kv_heads} KV heads × head_dim {geo.head_dim} × ",
            ph.kv_bytes + on_gpus + note,
        ),
        usd_per_prompt_token=float(_lookup(c.input_price_by_size, n)) / _PER_MILLION,
    )

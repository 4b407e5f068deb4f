"""Batch evaluation: many manifests in, one output row per input row, streamed in input order.

This module owns the row loop (in-process or across worker processes, order preserved, memory
bounded): :func:`run_batch` reads rows from a :class:`~transfer_advisor.batch.input.BatchInput`
(see :func:`~transfer_advisor.batch.read.open_input`), advises each
(:mod:`transfer_advisor.batch.rows`), writes it (:mod:`transfer_advisor.batch.write`) and counts
it (:mod:`transfer_advisor.batch.summary`). It prints nothing and knows nothing of terminals: the
``batch`` command (:mod:`transfer_advisor.cli.batch`) decides what to show.

The Python API for notebooks and data pipelines is :func:`advise_records` (one output record per
input mapping, errors as records) and :func:`~transfer_advisor.batch.write.flat_record` (one
flat row, as in the CSV output).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import IO, Any

from transfer_advisor.batch.input import BatchInput, RawRow
from transfer_advisor.batch.rows import RowProcessor, _name_of, error_record
from transfer_advisor.batch.summary import BatchSummary, Brief
from transfer_advisor.batch.write import BatchFormat, _footer, _header, _Writer
from transfer_advisor.catalog import Catalog, default_catalog
from transfer_advisor.errors import InputError, TransferAdvisorError
from transfer_advisor.flat import mapping_from_flat
from transfer_advisor.rules import cache as rule_cache
from transfer_advisor.rules.load import load_rulebook
from transfer_advisor.rules.rulebook import Rulebook

__all__ = [
    "advise_records",
    "run_batch",
]


#: Rows sent to a worker process at a time, and chunks in flight per worker: together they bound
#: the memory a multi-process run holds, whatever the input size.
CHUNK_ROWS = 256
CHUNKS_PER_WORKER = 4


# --------------------------------------------------------------------------------------------
# The row loop: in order, one row at a time, in-process or across worker processes
# --------------------------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity where the system says, as in a container
    pinned to some cores), else the machine's."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # not on macOS or Windows
        return os.cpu_count() or 1


def _init_worker(
    rules: str | None, fmt: str, fields: tuple[str, ...] | None = None, cache: bool = False
) -> None:
    """Pool initializer: load the rulebook once per worker process (with the parent's rule
    cache setting: a spawned worker starts with the library's, off)."""
    try:
        rulebook = load_rulebook(rules, cache=cache)
        _WORKER["processor"] = RowProcessor(rulebook, default_catalog(), fmt, fields)
    except BaseException as exc:  # reported by the first task, not by respawning forever
        _WORKER["error"] = exc


def _work(chunk: list[RawRow]) -> list[tuple[str, Brief]]:
    processor = _WORKER.get("processor")
    if processor is None:
        raise _WORKER.get("error") or RuntimeError("worker not initialised")
    return [processor.process(raw) for raw in chunk]


def _chunks(rows: Iterable[RawRow], size: int) -> Iterator[list[RawRow]]:
    chunk: list[RawRow] = []
    for raw in rows:
        chunk.append(raw)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def iter_results(
    rows: Iterable[RawRow],
    *,
    fmt: BatchFormat,
    rulebook: Rulebook | None = None,
    rules: str | None = None,
    workers: int = 1,
    fields: tuple[str, ...] | None = None,
) -> Iterator[tuple[str, Brief]]:
    """``(output text, brief)`` for each row, in input order.

    ``workers=1`` runs in this process with ``rulebook`` (loaded from ``rules`` if None). More
    workers each load ``rules`` once; at most ``workers * CHUNKS_PER_WORKER`` chunks of
    ``CHUNK_ROWS`` rows are in flight, so memory stays bounded however long the input.
    ``workers=0`` is one per CPU this process may run on (:func:`available_cpus`).
    """
    # More processes than cores only adds start-up time and memory.
    cpus = available_cpus()
    workers = min(workers, cpus) if workers > 0 else cpus
    if workers <= 1:
        processor = RowProcessor(rulebook if rulebook is not None else load_rulebook(rules),
                                 default_catalog(), fmt, fields)  # fmt: skip
        process = processor.process
        for raw in rows:
            yield process(raw)
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # spawn, not fork: the caller may run threads (a progress display), and fork with threads
    # can deadlock the child. An executor rather than multiprocessing.Pool: when the reader
    # stops early (`| head`, an exception), Pool.terminate() can deadlock against a worker
    # that is waiting for work, while the executor cancels what has not started and lets the
    # few running chunks finish.
    context = multiprocessing.get_context("spawn")
    local: list[RowProcessor] = []

    def here() -> RowProcessor:  # for rows no worker could advise (a worker died)
        if not local:
            local.append(RowProcessor(rulebook if rulebook is not None else load_rulebook(rules),
                                      default_catalog(), fmt, fields))  # fmt: skip
        return local[0]

    def results(future: Future[list[tuple[str, Brief]]], chunk: list[RawRow]) -> Any:
        try:
            return future.result()
        except TransferAdvisorError:  # the rulebook failed to load in the worker
            raise
        except Exception:  # a worker died or failed: its rows are advised here instead
            return [here().process(raw) for raw in chunk]

    cache = rule_cache.ENABLED  # the command line's: workers take the entry it just wrote
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                             initargs=(rules, fmt.value, fields, cache)) as executor:  # fmt: skip
        pending: deque[tuple[Future[list[tuple[str, Brief]]], list[RawRow]]] = deque()
        window = workers * CHUNKS_PER_WORKER
        broken = False
        try:
            for chunk in _chunks(rows, CHUNK_ROWS):
                if not broken:
                    try:
                        pending.append((executor.submit(_work, chunk), chunk))
                    except BrokenProcessPool:
                        broken = True  # the rest is advised in this process
                if broken:
                    while pending:
                        yield from results(*pending.popleft())
                    yield from (here().process(raw) for raw in chunk)
                    continue
                if len(pending) >= window:
                    yield from results(*pending.popleft())
            while pending:
                yield from results(*pending.popleft())
        finally:
            for future, _ in pending:
                future.cancel()


def run_batch(
    batch_input: Iterable[RawRow] | BatchInput,
    out: IO[bytes],
    *,
    fmt: BatchFormat | str = BatchFormat.jsonl,
    rulebook: Rulebook | None = None,
    rules: str | None = None,
    workers: int = 1,
    source: str = "<batch>",
    observe: Callable[[Brief], None] | None = None,
    tick: Callable[[BatchSummary], None] | None = None,
    tick_every: int = 200,
    fields: tuple[str, ...] | None = None,
) -> BatchSummary:
    """Advise every row of ``batch_input`` and write one output row each to ``out``.

    ``observe`` sees every row's :class:`Brief` (e.g. for a report); ``tick`` is called every
    ``tick_every`` rows (e.g. for a progress bar). Raises :class:`InputError` if the input
    becomes unreadable part-way (a YAML syntax error), once every row before it has been advised
    and written; the footer (the JSON document's end, the Markdown summary) is not.
    ``fields`` (JSONL, JSON, CSV) keeps only these flat columns (see ``batch/fields.py``).
    """
    fmt = BatchFormat(fmt)
    if isinstance(batch_input, BatchInput):
        source = batch_input.source
    summary = BatchSummary()
    writer = _Writer(out, fmt)
    writer.text(_header(fmt, source, fields))
    add = summary.add
    row = writer.row
    stopped: list[Exception] = []
    rows = _until_unreadable(batch_input, stopped)
    for text, item in iter_results(rows, fmt=fmt, rulebook=rulebook, rules=rules,
                                   workers=workers, fields=fields):  # fmt: skip
        row(text)
        add(item)
        if observe is not None:
            observe(item)
        if tick is not None and summary.rows % tick_every == 0:
            tick(summary)
    if stopped:
        if summary.rows:
            writer.flush()
        raise stopped[0]
    writer.text(_footer(fmt, summary))
    writer.flush()
    return summary


def _until_unreadable(rows: Iterable[RawRow], stopped: list[Exception]) -> Iterator[RawRow]:
    """``rows`` until the input cannot be read any further; the error goes to ``stopped``.

    Ending the rows instead of raising lets the rows already read (some of them in worker
    processes) be advised and written before the error is raised.
    """
    try:
        yield from rows
    except TransferAdvisorError as exc:
        stopped.append(exc)
    except Exception as exc:  # a bug in a reader: still write the rows read before it
        stopped.append(exc)


# --------------------------------------------------------------------------------------------
# Python API
# --------------------------------------------------------------------------------------------


def advise_records(
    manifests: Iterable[Mapping[str, Any]],
    rulebook: Rulebook | None = None,
    *,
    catalog: Catalog | None = None,
    dotted: bool = False,
) -> Iterator[dict[str, Any]]:
    """Advise each mapping, lazily, one output record per input (the ``batch`` JSONL rows).

    Unlike :func:`~transfer_advisor.advise_many` an invalid manifest does not stop the loop: its
    record has ``row``, ``name`` and ``error`` instead of a strategy. With ``dotted=True`` the
    mappings are flat, keyed by dotted paths (``data.labeled_examples``) as in a DataFrame row:
    see :func:`~transfer_advisor.flat.mapping_from_flat`.
    """
    processor = RowProcessor(rulebook if rulebook is not None else load_rulebook(), catalog)
    for row, manifest in enumerate(manifests, 1):
        data: Any = manifest
        if dotted:
            try:
                data = mapping_from_flat(manifest)
            except InputError as exc:
                yield error_record(row, _name_of(dict(manifest)), exc, "<batch>", None)
                continue
        if isinstance(data, Mapping) and not isinstance(data, dict):
            data = dict(data)
        yield processor.advise_mapping(row, data)

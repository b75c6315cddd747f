"""Wiring only: which stage runs on what, in which engine, and what gets stored.

Library entry points used by the CLI, the web app and Python users alike.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone

from echolocate.config import Settings
from echolocate.engines.local import bind, run_ordered
from echolocate.model import IngestSummary, ParsedInput, Rejection
from echolocate.stages import ingest as ingest_stage
from echolocate.stages.ingest import InputTask, discover, parse_input
from echolocate.store import Store

log = logging.getLogger(__name__)

Progress = Callable[[int, IngestSummary], None]


def open_store(settings: Settings | None = None, read_only: bool = False) -> Store:
    settings = settings or Settings()
    return Store(settings.db, read_only=read_only)


def ingest(targets: Iterable[str], settings: Settings | None = None, progress: Progress | None = None,
           stdin=None, force: bool = False) -> IngestSummary:
    """Read every input named by ``targets`` into the store; resumable and idempotent.

    Inputs already stored with the same size and modification time are skipped
    (``force`` re-reads them); duplicates of stored reports add only a source.
    """
    settings = settings or Settings()
    summary = IngestSummary()
    started = datetime.now(timezone.utc)
    with open_store(settings) as store:
        done = {} if force else store.done_inputs()
        tasks = _fresh(discover(targets, settings.max_bytes, stdin=stdin), done, summary)
        parsed = run_ordered(bind(_parse_task, settings=settings), tasks, workers=settings.workers,
                             on_crash=_crash_rejection)
        batch: list[tuple[ParsedInput, str]] = []
        last = time.monotonic()
        for item in parsed:
            batch.append(item)
            summary.inputs_seen += 1
            if len(batch) >= settings.batch_size or time.monotonic() - last > 2.0:
                store.write_parsed(batch, summary)
                log.info("stored a batch of %d inputs (%d so far)", len(batch), summary.inputs_seen)
                batch, last = [], time.monotonic()
            if progress:
                progress(1, summary)
        if batch:
            store.write_parsed(batch, summary)
        store.record_run(uuid.uuid4().hex[:16], "ingest", started, datetime.now(timezone.utc),
                         {"targets": list(map(str, targets)) if isinstance(targets, (list, tuple)) else [],
                          "max_bytes": settings.max_bytes, "min_words": settings.min_words},
                         summary.as_dict(), {ingest_stage.NAME: ingest_stage.VERSION})
    return summary


def _fresh(tasks: Iterator[InputTask], done: dict[str, str], summary: IngestSummary) -> Iterator[InputTask]:
    """Drop inputs already stored completely (same key, size and modification time)."""
    for task in tasks:
        if task.rejection is None and done.get(task.source.key) == task.fingerprint:
            summary.inputs_skipped += 1
            continue
        yield task


def _parse_task(task: InputTask, settings: Settings) -> tuple[ParsedInput, str]:
    """Worker function: the parsed input with the fingerprint the writer records as done."""
    return parse_input(task, settings), task.fingerprint


def _crash_rejection(task: InputTask, error: BaseException) -> tuple[ParsedInput, str]:
    rejection = Rejection(task.source, "worker-crashed", f"the parser process died on this input: {error}",
                          "this is an echolocate bug: please report it with the file")
    return ParsedInput(task.source, "", rejections=(rejection,)), task.fingerprint

"""Wiring only: which stage runs on what, in which engine, and what gets stored.

Library entry points used by the CLI, the web app and Python users alike.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

from echolocate.config import Settings
from echolocate.engines.dispatch import open_engine
from echolocate.engines.local import bind
from echolocate.model import IngestSummary, ParsedInput, ReadSummary, Rejection
from echolocate.stages import ingest as ingest_stage
from echolocate.stages.ingest import InputTask, discover, parse_input
from echolocate.store import Store

log = logging.getLogger(__name__)

Progress = Callable[[int, IngestSummary], None]


def open_store(settings: Settings | None = None, read_only: bool = False) -> Store:
    settings = settings or Settings()
    return Store(settings.db, read_only=read_only, memory_limit=settings.db_memory)


def ingest(targets: Iterable[str], settings: Settings | None = None, progress: Progress | None = None,
           stdin=None, force: bool = False) -> IngestSummary:
    """Read every input named by ``targets`` into the store; resumable and idempotent.

    Inputs already stored with the same size and modification time are skipped
    (``force`` re-reads them); duplicates of stored reports add only a source.
    ``settings.engine`` says where the inputs are parsed (``local`` or ``ray``).
    """
    settings = settings or Settings()
    summary = IngestSummary()
    started = datetime.now(timezone.utc)
    with open_store(settings) as store, open_engine(settings) as engine:
        for left in engine.pending("parsed"):  # results a killed run computed but never stored
            store.write_parsed(left, IngestSummary())
        done = {} if force else store.done_inputs()
        tasks = _fresh(discover(targets, settings.max_bytes, stdin=stdin), done, summary)
        parsed = engine.parse(tasks, bind(_parse_task, settings=settings), on_crash=_crash_rejection)
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
        engine.stored("parsed")
        store.record_run(uuid.uuid4().hex[:16], "ingest", started, datetime.now(timezone.utc),
                         {"targets": list(map(str, targets)) if isinstance(targets, (list, tuple)) else [],
                          "max_bytes": settings.max_bytes, "min_words": settings.min_words,
                          "engine": settings.engine},
                         summary.as_dict(), {ingest_stage.NAME: ingest_stage.VERSION})
    return summary


def read(settings: Settings | None = None, progress: Callable[[int, ReadSummary], None] | None = None,
         force: bool = False) -> ReadSummary:
    """Run the read stage over every stored report not yet read by this stage version, then resolve
    entities across all reports. Resumable: each batch of readings is committed with its reports.
    ``settings.engine`` says where the reports are read (``local`` or ``ray``).
    """
    from echolocate.stages.read import stage as read_stage

    settings = settings or Settings()
    summary = ReadSummary()
    started = datetime.now(timezone.utc)
    clock = time.monotonic()
    with open_store(settings) as store, open_engine(settings) as engine:
        if force:
            store.forget_readings()
        for left in engine.pending("readings"):  # readings a killed run computed but never stored
            store.write_readings(left, read_stage.VERSION)
        ids = store.unread_report_ids(read_stage.VERSION)
        summary.reports_already_read = store.count("readings")
        size = max(1, settings.read_batch)
        batches = (ids[i:i + size] for i in range(0, len(ids), size))
        inputs = ([read_stage.ReadInput(rid, text, published) for rid, text, published in store.report_texts(batch)]
                  for batch in batches)
        for readings in engine.read(inputs):
            store.write_readings(readings, read_stage.VERSION)
            _count_readings(summary, readings)
            if progress:
                progress(len(readings), summary)
        engine.stored("readings")
        known = store.count("entities")
        if summary.reports_read or force or not known:
            summary.entities = _resolve_entities(store, settings)
        else:
            summary.entities = known
        summary.seconds = round(time.monotonic() - clock, 3)
        store.record_run(uuid.uuid4().hex[:16], "read", started, datetime.now(timezone.utc),
                         {"read_batch": settings.read_batch, "aliases": settings.aliases,
                          "engine": settings.engine},
                         summary.as_dict(), {read_stage.NAME: read_stage.VERSION})
    return summary


LINK_STAGE, LINK_VERSION = "reuse", "1"


def link(settings: Settings | None = None, force: bool = False) -> dict:
    """Find text re-use across all stored reports (a corpus step), unless the corpus is unchanged."""
    from echolocate.stages.link import ReuseInput, ReuseParams, near_duplicate_clusters

    settings = settings or Settings()
    started, clock = datetime.now(timezone.utc), time.monotonic()
    with open_store(settings) as store, open_engine(settings) as engine:
        digest = store.corpus_digest()
        if not force and store.stage_digest(LINK_STAGE, LINK_VERSION) == digest:
            return {"relinked": False, "links": store.count("reuse_links")}
        params = ReuseParams()
        inputs = [ReuseInput(rid, text, published, outlet) for rid, text, published, outlet in store.reuse_inputs()]
        links = engine.reuse(inputs, params)  # the local engine: find_reuse on its pool; Ray: the same on Ray
        tally = _LinkTally()
        store.write_reuse(tally.passing(links), LINK_STAGE, LINK_VERSION, digest, repr(params))
        engine.stored("links")
        counts = {"relinked": True, "reports": len(inputs), "links": tally.links, "report_pairs": len(tally.pairs),
                  "near_duplicate_clusters": len(near_duplicate_clusters(tally.near)),
                  "seconds": round(time.monotonic() - clock, 3)}
        store.record_run(uuid.uuid4().hex[:16], "link", started, datetime.now(timezone.utc),
                         {"params": repr(params), "engine": settings.engine}, counts, {LINK_STAGE: LINK_VERSION})
    return counts


class _LinkTally:
    """What a link run reports, counted as its links pass on to the store: the links are not kept."""

    def __init__(self) -> None:
        self.links = 0
        self.pairs: set[tuple[str, str]] = set()
        self.near: list[SimpleNamespace] = []  # the near-duplicate pairs, without their passages

    def passing(self, links: Iterable) -> Iterator:
        from echolocate.stages.link import reuse

        for link in links:
            self.links += 1
            self.pairs.add((link.a_report, link.b_report))
            if min(link.a_coverage, link.b_coverage) >= reuse.NEAR_DUPLICATE:
                self.near.append(SimpleNamespace(a_report=link.a_report, b_report=link.b_report,
                                                 a_coverage=link.a_coverage, b_coverage=link.b_coverage))
            yield link


# 3: events take the bare word across reports only between copies, claim groups, towns and days
ASSESS_STAGE, ASSESS_VERSION = "assess", "3"


class _Phases:
    """Wall seconds of each step of a corpus stage, and this process's peak memory once it ended, kept in
    its run record: where the stage's time goes, and which step set its peak (the step whose figure first
    reaches the last one)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.peak_mb: dict[str, int] = {}
        self._last = time.monotonic()

    def done(self, step: str) -> None:
        now = time.monotonic()
        self.seconds[step] = round(now - self._last, 3)
        self.peak_mb[step] = _peak_rss_mb()
        self._last = now


def _peak_rss_mb() -> int:
    """This process's peak resident memory so far, in MB (0 where the platform does not say)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (2**20 if sys.platform == "darwin" else 2**10))  # bytes on macOS, KiB on Linux


def _release_memory() -> None:
    """Hand memory freed by Python back to the system before a step that needs its own (DuckDB's buffers,
    event grouping): the freed small objects otherwise stay in the C heap, counted in the peak."""
    gc.collect()
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # not glibc (musl): nothing to trim
            pass


def assess(settings: Settings | None = None, force: bool = False) -> dict:
    """Group claims across reports, resolve each carrier's origin, count independent origins and grade.

    A corpus step: it reruns when the corpus changed since the last run (or with ``force``).
    """
    from echolocate.stages.assess import ReliabilityTable
    from echolocate.stages.assess.events import group_events

    settings = settings or Settings()
    started, clock = datetime.now(timezone.utc), time.monotonic()
    with open_store(settings) as store, open_engine(settings) as engine:
        table = Path(settings.reliability) if settings.reliability else None
        edited = table.stat().st_mtime_ns if table is not None and table.exists() else 0
        digest = f"{store.corpus_digest()}:{store.readings_state()}:{settings.reliability}:{edited}"
        if not force and store.stage_digest(ASSESS_STAGE, ASSESS_VERSION) == digest:
            return {"reassessed": False}
        reliability = ReliabilityTable.load(settings.reliability) if settings.reliability else None
        if store.count("mentions") and not store.count("entities"):
            log.warning("the names in the reports are not resolved to entities (a read stopped before its end?); "
                        "claims are grouped and compared without them, so no contradiction can be found: "
                        "run `echolocate read` to finish the read, then assess again")
        phases = _Phases()
        counts, copies, claim_group_of = _assess_claims(store, engine, reliability, phases)
        _release_memory()  # the claims, origins and grades are written and gone: events need their room
        event_inputs = store.event_inputs()
        phases.done("read_event_mentions")
        events = group_events(event_inputs, copies=copies, claim_groups=claim_group_of)
        del event_inputs, copies, claim_group_of
        phases.done("group_events")
        store.write_events(events)
        store.mark_stage(ASSESS_STAGE, ASSESS_VERSION, digest)
        counts["events"] = len(events)
        counts["events_with_several_carriers"] = sum(1 for e in events if len(e.carriers) > 1)
        del events
        phases.done("write_events")
        _release_memory()  # the summaries are built inside DuckDB, in its own memory
        # after mark_stage: the summaries record the store state they were built from, stage record included
        store.refresh_web_index()  # the web app's summary tables (board order, facets, word index)
        phases.done("web_summaries")
        counts.update(seconds=round(time.monotonic() - clock, 3), phase_seconds=phases.seconds,
                      phase_peak_mb=phases.peak_mb)
        store.record_run(uuid.uuid4().hex[:16], "assess", started, datetime.now(timezone.utc),
                         {"reliability": settings.reliability}, counts, {ASSESS_STAGE: ASSESS_VERSION})
    return counts


def _assess_claims(store, engine, reliability, phases: _Phases) -> tuple[dict, object, dict[str, str]]:
    """Group the claims, resolve origins, grade, find contradictions and write them all.

    Returns their counts and only what event grouping needs of them (the copy neighbours of each report,
    each claim's group), so the claims, origins and grades can be freed before the events are read: at
    100k reports they are several GB."""
    from echolocate.stages.assess import assess_groups, find_contradictions, resolve_origins
    from echolocate.stages.assess.copies import copy_neighbours
    from echolocate.stages.assess.relays import infer_relays

    items = store.claim_items()
    by_id = {item.claim_id: item for item in items}
    phases.done("read_claims")
    groups = engine.group(items)  # the local engine: group_claims here; Ray: the same groups on Ray
    phases.done("group_claims")
    links = store.reuse_links()
    origins = infer_relays(groups, by_id, resolve_origins(items, links, reliability))
    copies = copy_neighbours(links)  # for event grouping; the links themselves are not kept
    del links
    phases.done("origins")
    assessments = assess_groups(groups, by_id, origins, reliability)
    contradictions = find_contradictions(groups, by_id, assessments)
    phases.done("grades_and_contradictions")
    store.write_assessment(groups, assessments, contradictions, by_id)
    phases.done("write_claim_groups")
    grades: dict[str, int] = {}
    for assessment in assessments:
        if len(assessment.carriers) > 1:
            grades[assessment.grade] = grades.get(assessment.grade, 0) + 1
    counts = {"reassessed": True, "claims": len(items), "groups": len(groups),
              "groups_with_several_carriers": sum(1 for g in groups if len(g.members) > 1),
              "grades_of_shared_claims": grades, "contradictions": len(contradictions)}
    claim_group_of = {claim: group.id for group in groups for claim in group.members}
    return counts, copies, claim_group_of


def _count_readings(summary: ReadSummary, readings) -> None:
    for reading in readings:
        summary.reports_read += 1
        summary.words += reading.words
        summary.claims += len(reading.claims)
        summary.attributed_claims += sum(1 for claim in reading.claims if claim.sources)
        summary.mentions += len(reading.mentions)
        summary.places += len(reading.places)
        summary.times += len(reading.times)
        summary.quotes += len(reading.quotes)
        summary.reports_with_problems += bool(reading.problems)


def _resolve_entities(store, settings: Settings) -> int:
    """Resolve every stored mention to canonical entities across reports (a corpus step)."""
    from echolocate.stages.read.resolve import resolve_entities
    from echolocate.stages.read.resolve_aliases import load_alias_file
    from echolocate.stages.read.types import Mention

    aliases = load_alias_file(settings.aliases) if settings.aliases else None
    by_report: dict[str, list[Mention]] = {}
    for report_id, _idx, start, end, text, kind, label, normalised in store.all_mentions():
        by_report.setdefault(report_id, []).append(Mention(start, end, text, kind, label or "", normalised or ""))
    entities, links = resolve_entities(by_report, aliases)
    store.write_entities(entities, links)
    return len(entities)


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

"""The Ray engine: the per-report stages (parse, read) on Ray Data actor pools; the store stays one writer.

What is distributed: each input's ``parse_input`` and each report's ``read_batch``,
with the spaCy pipeline and gazetteer loaded once per actor, and the re-use step of
link (signatures, LSH buckets as a Ray Data group-by, alignment: ``engines/ray_link.py``)
and most of claim grouping (embedding, key blocks, distinct pairs, scoring: ``engines/ray_group.py``).
What is not: discovery (one pass over the names the user gave, archives streamed), the
store writes (DuckDB has one writer: the driver), entity resolution, the greedy merge of
claim groups, and the rest of assess, which run as in the local engine.

The driver hands the work to Ray as Arrow blocks in the object store, Ray Data maps
them on the actors, and every result batch lands as a Parquet part before the
pipeline writes it to the store (``engines/parts.py`` documents the layout). Results
come back in input order, so the store ends up row for row what the local engine writes.

Faults: Ray restarts a dead actor and retries its batch once (``_RETRIES``). A batch that
kills its actor again is skipped by Ray Data, and its inputs then run one at a time, each in a
task of its own (``_alone``): the input that kills that task too is the culprit, and the stage
turns it into a result (parse: a ``worker-crashed`` rejection; read: a reading that records the
problem), as the local engine does. Results are taken once per input (``_ordered``) and the
store's writes are idempotent, so a retried batch never doubles a row, and a rerun skips
whatever the store already holds.
"""

from __future__ import annotations

import heapq
import logging
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from echolocate.engines import codec, parts
from echolocate.errors import EcholocateError
from echolocate.model import ParsedInput, Source

log = logging.getLogger(__name__)

_PARSE_BLOCK = 16  # inputs per block (one actor call); the read stage uses settings.read_batch reports
_BLOCK_BYTES = 32 << 20  # ...or fewer when archive members carry their bytes
_RETRIES = 1  # a batch whose actor died runs once more on the replacement; after that, input by input

TASKS = pa.schema([("seq", pa.int64()), ("source_path", pa.string()), ("locator", pa.string()),
                   ("path", pa.string()), ("data", pa.binary()), ("size", pa.int64()), ("mtime", pa.float64()),
                   ("rejection", pa.string())])
READ_INPUTS = pa.schema([("seq", pa.int64()), ("report_id", pa.string()), ("text", pa.string()),
                         ("anchor", pa.date32())])


class EngineError(EcholocateError):
    """The requested engine cannot run here."""


def require_ray():
    """Import Ray, or say how to get it: Ray is an optional extra."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise EngineError("the ray engine needs Ray, which is not installed in this environment",
                          hint="pip install 'echolocate[ray]' (or run without --engine ray)") from exc
    return ray


@dataclass(frozen=True)
class RayOptions:
    """Where and how wide to run: ``address`` empty starts a local Ray; ``workers`` 0 uses every CPU."""

    address: str = ""
    workers: int = 0
    batch: int = 8
    progress: bool = False


@contextmanager
def session(options: RayOptions):
    """A Ray connection: joins the one this process already has (tests, notebooks, the ingest step of
    ``analyze`` for its read step), else starts a local Ray or joins ``options.address``.

    A Ray started here stays up until the process exits (Ray shuts it down then): ``analyze``
    pays the few seconds of starting it once, not once per stage.
    """
    ray = require_ray()
    if not ray.is_initialized():
        # workers' own log lines reach the terminal with -v; errors reach it anyway, as exceptions
        kwargs = {"include_dashboard": False, "logging_level": logging.WARNING,
                  "log_to_driver": log.isEnabledFor(logging.INFO)}
        if options.address:
            kwargs["address"] = options.address
        elif options.workers:
            kwargs["num_cpus"] = options.workers
        try:
            ray.init(**kwargs)
        except ConnectionError as exc:
            raise EngineError(f"cannot reach the Ray cluster at {options.address}: {exc}",
                              hint="start it with `ray start --head` on the head node, and pass its address "
                                   "as --address HOST:6379 (or 'auto' on a cluster node)") from exc
    quiet_data(ray, options.progress)
    yield ray


def quiet_data(ray, progress: bool) -> None:
    """Ray Data as the engines need it: results in input order, no progress bars unless asked for."""
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True  # same order as the local engine: same store
    context.enable_progress_bars = progress
    if not progress:
        logging.getLogger("ray.data").setLevel(logging.WARNING)


def cluster_width(ray, options: RayOptions) -> int:
    """How many actors a pool gets: ``options.workers``, else one per CPU of the cluster."""
    if options.workers:
        return options.workers
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


class RayEngine:
    """The engine interface of ``engines/dispatch.py`` on Ray: one run ID per stage and command."""

    def __init__(self, settings, stack: ExitStack) -> None:
        self.options = _options(settings)
        self.stack = stack
        self.connected = None
        self.root = parts.parts_dir(settings.db, settings.parts)
        self.runs: dict[str, str] = {}
        self.recovered: dict[str, list[Path]] = {}

    @classmethod
    @contextmanager
    def open(cls, settings):
        """Ray itself starts (or is joined) only when there is work for it: a rerun with nothing new is quick."""
        require_ray()
        with ExitStack() as stack:
            yield cls(settings, stack)

    def ray(self):
        if self.connected is None:
            self.connected = self.stack.enter_context(session(self.options))
        return self.connected

    def parse(self, tasks: Iterable, parse: Callable, on_crash: Callable | None = None) -> Iterator:
        """``on_crash(task, error)`` answers for an input that kills its worker on every try."""
        return parse_inputs(self.ray, tasks, parse, self.root, self._run("parsed"), self.options, on_crash)

    def read(self, batches: Iterable[list], read: Callable | None = None) -> Iterator[list]:
        inputs = (item for batch in batches for item in batch)
        return read_reports(self.ray, inputs, self.root, self._run("readings"), self.options, read=read)

    def reuse(self, inputs: list, params) -> Iterator:
        """The re-use links of ``inputs`` as they arrive, computed on Ray; each batch of links is a Parquet
        part first.

        A killed run's link parts are not loaded back: the step reruns whole (it is a corpus step,
        keyed by the corpus digest), so its parts only serve queries."""
        from echolocate.engines.ray_link import iter_reuse_on_ray

        return iter_reuse_on_ray(self.ray, inputs, params, self.root, self._run("links"), self.options)

    def group(self, items: list, params=None) -> list:
        """Claim groups of ``items`` computed on Ray (``engines/ray_group.py``): ``group_claims``' answer."""
        from echolocate.engines.ray_group import group_on_ray
        from echolocate.stages.link.claim_groups import GroupParams

        return group_on_ray(self.ray, items, self.options, params or GroupParams())

    def pending(self, stage: str) -> Iterator[list]:
        source = {"parsed": pending_parsed, "readings": pending_readings}[stage]
        for run, items in source(self.root):
            log.info("loading %d %s result(s) an earlier run left in %s", len(items), stage, run)
            self.recovered.setdefault(stage, []).append(run)
            yield items

    def stored(self, stage: str) -> None:
        """The store holds this stage's results: mark its parts loaded, drop the work files."""
        for run in self.recovered.pop(stage, []):
            (run / parts.LOADED).touch()
        run = self.runs.pop(stage, None)
        if run is not None:
            folder = self.root / stage / run
            if folder.is_dir():
                parts.PartWriter(self.root, stage, run).mark_loaded()

    def _run(self, stage: str) -> str:
        return self.runs.setdefault(stage, parts.new_run_id())


def _options(settings) -> RayOptions:
    return RayOptions(address=settings.ray_address, workers=settings.workers, batch=settings.read_batch)


# --- parse ---------------------------------------------------------------------------------------

class ParseWorker:
    """Actor: ``parse(task) -> (ParsedInput, fingerprint)`` over a batch of input tasks."""

    def __init__(self, parse: Callable) -> None:
        self.parse = parse

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows = batch.to_pylist()
        return parsed_rows(rows, [self.parse(_task(row)) for row in rows])


def parsed_rows(rows: list[dict], results: list[tuple[ParsedInput, str]]) -> pa.Table:
    """The parsed part of ``(ParsedInput, fingerprint)`` results, one per input row."""
    out = [{"seq": row["seq"], "source_key": parsed.source.key, "fingerprint": fingerprint,
            "digest": parsed.digest, "report_ids": [r.id for r in parsed.reports],
            "rejections": len(parsed.rejections), "parsed": codec.encode(parsed)}
           for row, (parsed, fingerprint) in zip(rows, results)]
    return pa.Table.from_pylist(out, schema=parts.PARSED)


def parse_inputs(connect: Callable, tasks: Iterable, parse: Callable, root: Path, run: str,
                 options: RayOptions, on_crash: Callable | None = None) -> Iterator[tuple[ParsedInput, str]]:
    """``parse(task)`` for every task on Ray, yielded in task order; each result batch is a Parquet part.

    ``connect()`` returns the ``ray`` module, connected: called only when there is work."""
    rows = (_task_row(seq, task) for seq, task in enumerate(tasks))
    writer = parts.PartWriter(root, "parsed", run)
    crashed = None if on_crash is None else (lambda row, error: parsed_rows([row], [on_crash(_task(row), error)]))
    for row in on_actors(connect, rows, TASKS, ParseWorker, parse, _PARSE_BLOCK, writer, options, crashed):
        yield codec.decode(row["parsed"]), row["fingerprint"]


def _task_row(seq: int, task) -> dict:
    return {"seq": seq, "source_path": task.source.path, "locator": task.source.locator, "path": task.path,
            "data": task.data, "size": task.size, "mtime": task.mtime,
            "rejection": codec.encode(task.rejection) if task.rejection is not None else None}


def _task(row: dict):
    from echolocate.stages.ingest import InputTask

    rejection = codec.decode(row["rejection"]) if row["rejection"] else None
    return InputTask(Source(row["source_path"], row["locator"] or ""), path=row["path"], data=row["data"],
                     size=row["size"] or 0, mtime=row["mtime"] or 0.0, rejection=rejection)


def pending_parsed(root: Path) -> Iterator[tuple[Path, list[tuple[ParsedInput, str]]]]:
    """Parsed parts of an earlier run that never reached the store, run by run."""
    for run in parts.pending_runs(root, "parsed"):
        batch = [(codec.decode(row["parsed"]), row["fingerprint"])
                 for table in parts.read_parts(run) for row in table.to_pylist()]
        yield run, batch


# --- read ----------------------------------------------------------------------------------------

class ReadWorker:
    """Actor: the read stage over a batch of reports; the models load once, when the actor starts."""

    def __init__(self, read: Callable | None = None) -> None:
        from echolocate.stages.read import stage

        stage.setup()
        self.read = read or stage.read_batch

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows = batch.to_pylist()
        return reading_rows(rows, self.read([_read_input(row) for row in rows]))


def _read_input(row: dict):
    from echolocate.stages.read.stage import ReadInput

    return ReadInput(row["report_id"], row["text"], row["anchor"])


def reading_rows(rows: list[dict], readings: list) -> pa.Table:
    """The readings part of ``readings``, one per input row."""
    from echolocate.stages.read.stage import VERSION

    out = [{"seq": row["seq"], "report_id": reading.report_id, "stage_version": VERSION,
            "words": reading.words, "claims": len(reading.claims), "problems": list(reading.problems),
            "reading": codec.encode(reading)} for row, reading in zip(rows, readings)]
    return pa.Table.from_pylist(out, schema=parts.READINGS)


def _crashed_reading(row: dict, error: BaseException) -> pa.Table:
    from echolocate.stages.read.stage import crashed_reading

    return reading_rows([row], [crashed_reading(_read_input(row), error)])


def read_reports(connect: Callable, inputs: Iterable, root: Path, run: str, options: RayOptions,
                 read: Callable | None = None) -> Iterator[list]:
    """Readings of every ``ReadInput`` on Ray, in input order, a batch at a time (each batch a part)."""
    rows = ({"seq": seq, "report_id": item.report_id, "text": item.text, "anchor": item.anchor}
            for seq, item in enumerate(inputs))
    writer = parts.PartWriter(root, "readings", run)
    batch: list = []
    for row in on_actors(connect, rows, READ_INPUTS, ReadWorker, read, max(1, options.batch), writer, options,
                         _crashed_reading):
        batch.append(codec.decode(row["reading"]))
        if len(batch) >= max(1, options.batch) * 8:
            yield batch
            batch = []
    if batch:
        yield batch


def pending_readings(root: Path) -> Iterator[tuple[Path, list]]:
    """Reading parts of an earlier run that never reached the store, run by run (this stage version only)."""
    from echolocate.stages.read.stage import VERSION

    for run in parts.pending_runs(root, "readings"):
        yield run, [codec.decode(row["reading"]) for table in parts.read_parts(run) for row in table.to_pylist()
                    if row["stage_version"] == VERSION]


# --- shared --------------------------------------------------------------------------------------

def on_actors(connect: Callable, rows: Iterable[dict], schema: pa.Schema, worker: type, argument,
               block_rows: int, writer: parts.PartWriter, options: RayOptions,
               crashed: Callable[[dict, BaseException], pa.Table] | None = None) -> Iterator[dict]:
    """Result rows of ``worker(argument)`` actors over ``rows``, in ``seq`` order, each result batch saved
    as a Parquet part first. One block is one actor call, so the pool is busy from the first blocks on.

    A batch whose actor died runs again on the replacement actor (``_RETRIES``). A batch that fails
    again is skipped, and its rows run alone afterwards (``_alone``); ``crashed(row, error)`` gives the
    result part of a row that fails alone too (without it, that is an ``EngineError``).
    """
    ray, blocks, count = None, [], 0
    for table in arrow_blocks(rows, schema, block_rows):
        ray = ray or connect()
        blocks.append(ray.put(table))
        count += table.num_rows
    if not count:
        return
    context = ray.data.DataContext.get_current()
    errored = context.max_errored_blocks
    context.max_errored_blocks = -1  # this dataset only: its skipped rows are run again by ``_alone``
    try:
        with warnings.catch_warnings():  # Ray 2.60 (pinned) takes the retry limit only as a deprecated remote arg
            warnings.simplefilter("ignore", DeprecationWarning)
            dataset = ray.data.from_arrow_refs(blocks).map_batches(
                worker, fn_constructor_args=(argument,), batch_size=block_rows, batch_format="pyarrow",
                compute=ray.data.ActorPoolStrategy(size=min(cluster_width(ray, options), len(blocks))), num_cpus=1,
                max_restarts=-1, max_task_retries=_RETRIES)
    finally:
        context.max_errored_blocks = errored
    alone = (lambda missing: _alone(ray, blocks, worker, argument, missing, writer, crashed))
    yield from _ordered(_results(dataset, writer), count, alone)


def _alone(ray, blocks: list, worker: type, argument, missing: set[int], writer: parts.PartWriter,
           crashed: Callable | None) -> Iterator[dict]:
    """The result rows of the ``missing`` input rows, each run alone in a task of its own, once."""
    log.warning("%d input(s) were in batches that failed twice; running each alone", len(missing))
    task = ray.remote(num_cpus=1, max_retries=0)(_call_worker)
    for ref in blocks:
        table = ray.get(ref)
        for row in table.to_pylist():
            if row["seq"] not in missing:
                continue
            try:
                out = ray.get(task.remote(worker, argument, pa.Table.from_pylist([row], schema=table.schema)))
            except ray.exceptions.RayError as error:
                if crashed is None:
                    raise EngineError(f"input {row['seq']} failed in a task of its own: {error}",
                                      hint="this is an echolocate bug: please report it with the input") from error
                log.warning("input %d killed its worker on every try: %s", row["seq"], error)
                out = crashed(row, error)
            writer.write(out)
            yield from out.to_pylist()


def _call_worker(worker: type, argument, table: pa.Table) -> pa.Table:
    return worker(argument)(table)


def arrow_blocks(rows: Iterable[dict], schema: pa.Schema, block_rows: int) -> Iterator[pa.Table]:
    """Rows as Arrow blocks of bounded size, for the object store: the driver never holds them all.

    Why not Ray Data's ``read_parquet`` of files the driver writes: its listing and read tasks
    need a CPU each, and an actor pool as wide as the cluster holds them all (a deadlock on a
    small machine). Blocks put in the object store need no task to read them; Ray spills
    them to disk when memory runs short.
    """
    chunk, size = [], 0
    for row in rows:
        chunk.append(row)
        size += len(row.get("data") or b"") + len(row.get("text") or "")
        if len(chunk) >= block_rows or size >= _BLOCK_BYTES:
            yield pa.Table.from_pylist(chunk, schema=schema)
            chunk, size = [], 0
    if chunk:
        yield pa.Table.from_pylist(chunk, schema=schema)


def _results(dataset, writer: parts.PartWriter) -> Iterator[dict]:
    """Each result batch as it arrives: first into a Parquet part, then row by row to the caller."""
    for table in dataset.iter_batches(batch_size=None, batch_format="pyarrow"):
        if table.num_rows:
            writer.write(table)
            yield from table.to_pylist()


def _ordered(rows: Iterator[dict], count: int,
             recover: Callable[[set[int]], Iterator[dict]] | None = None) -> Iterator[dict]:
    """Rows back in ``seq`` order (Ray keeps block order; this holds anything that arrives early),
    each seq once: a retried batch that somehow arrives twice is not stored twice. Seqs still
    missing when ``rows`` ends come from ``recover(missing)``.

    Rows after a missing one wait here until the end of the run: a batch that fails twice holds
    back the results after it (they are in the Parquet parts already)."""
    waiting: list = []
    expected = 0

    def take(source: Iterator[dict]) -> Iterator[dict]:
        nonlocal expected
        for row in source:
            if row["seq"] < expected:
                continue
            heapq.heappush(waiting, (row["seq"], id(row), row))
            while waiting and waiting[0][0] <= expected:
                seq, _, ready = heapq.heappop(waiting)
                if seq == expected:
                    expected += 1
                    yield ready

    yield from take(rows)
    if expected != count and recover is not None:
        have = {seq for seq, _, _ in waiting}
        yield from take(recover({seq for seq in range(expected, count) if seq not in have}))
    if expected != count:
        raise EngineError(f"the Ray run returned {expected} of {count} results in order",
                          hint="rerun the command: what was stored is kept and skipped")

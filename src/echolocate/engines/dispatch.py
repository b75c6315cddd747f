"""Choose the engine a command runs its per-report stages on; both offer the same six calls.

``parse`` and ``read`` yield results in input order; ``reuse`` returns the re-use links
of the link step (``find_reuse``'s answer, in its order; an iterable to take once); ``group``
returns the claim groups of assess (``group_claims``' answer); ``pending`` yields results an
earlier run computed but never stored (only the Ray engine leaves any: its Parquet
parts); ``stored`` tells the engine the store now holds a stage's results.
The pipeline writes to the store either way, so the answers cannot depend on the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from echolocate.config import Settings
from echolocate.engines.local import run_alone, run_ordered
from echolocate.errors import ConfigError

ENGINES = ("local", "ray")


class _CrashedBatch:
    """A read batch whose worker process died, also when the batch ran alone."""

    def __init__(self, batch: list, error: BaseException) -> None:
        self.batch, self.error = batch, error


class LocalEngine:
    """All cores of this machine through a process pool (``engines/local.py``)."""

    def __init__(self, settings: Settings) -> None:
        self.workers = settings.workers
        self.db = Path(settings.db)

    def _crash_mark(self, stage: str) -> Path:
        """The file that says an in-process ``stage`` run on this store is under way (``run_ordered``)."""
        return self.db.with_name(f"{self.db.name}.{stage}-in-process")

    def parse(self, tasks: Iterable, parse: Callable, on_crash: Callable) -> Iterator:
        return run_ordered(parse, tasks, workers=self.workers, on_crash=on_crash, crash_mark=self._crash_mark("parse"))

    def read(self, batches: Iterable[list], read: Callable | None = None) -> Iterator[list]:
        """Readings batch by batch. A batch whose worker died twice is read again report by report, each
        in a process of its own; a report that kills that one too gets ``crashed_reading``."""
        from echolocate.stages.read import stage as read_stage

        read = read or read_stage.read_batch
        for result in run_ordered(read, batches, workers=self.workers, chunk=1, on_crash=_CrashedBatch,
                                  crash_mark=self._crash_mark("read")):
            if isinstance(result, _CrashedBatch):
                alone = run_alone(read, [[item] for item in result.batch],
                                  on_crash=lambda one, error: [read_stage.crashed_reading(one[0], error)])
                result = [reading for readings in alone for reading in readings]
            yield result

    def reuse(self, inputs: list, params) -> Iterable:
        """``find_reuse``'s links as they come (``iter_reuse``): signatures and LSH in this process, the
        candidate pairs aligned block by block on the pool (in this process when there are few). A block
        whose worker died is aligned here."""
        from echolocate.stages.link import iter_reuse

        def on_pool(align, blocks):
            return run_ordered(align, blocks, workers=self.workers, chunk=1,
                               on_crash=lambda block, error: align(block))

        return iter_reuse(inputs, params, map_blocks=on_pool)

    def group(self, items: list, params=None) -> list:
        """``group_claims``' groups, with its bands, pair scoring and groups on the pool (``local_group``)."""
        from echolocate.engines.local_group import group_on_pool
        from echolocate.stages.link.claim_groups import GroupParams

        return group_on_pool(items, params or GroupParams(), self.workers)

    def pending(self, stage: str) -> Iterator[list]:
        return iter(())

    def stored(self, stage: str) -> None:
        return None


@contextmanager
def open_engine(settings: Settings):
    """The engine ``settings.engine`` names, ready for one command; Ray is started (or joined) here."""
    if settings.engine == "local":
        yield LocalEngine(settings)
        return
    if settings.engine != "ray":
        raise ConfigError(f"unknown engine {settings.engine!r}", hint=f"choose one of: {', '.join(ENGINES)}")
    from echolocate.engines.ray_engine import RayEngine

    with RayEngine.open(settings) as engine:
        yield engine

"""What the Ray test modules share: one local Ray per module, and the benchmarks' corpus builders.

Imported only by modules that have already skipped when Ray is not installed.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]


@contextmanager
def local_ray(ship_by_value: str | None = None) -> Iterator[ModuleType]:
    """A local Ray (2 CPUs, no dashboard, quiet), stopped afterwards if it was started here.

    ``ship_by_value``: a test module whose functions Ray workers must run (fault hooks); workers cannot
    import test modules, so they are pickled by value."""
    import ray

    from echolocate.engines.ray_engine import quiet_data

    started = not ray.is_initialized()
    if started:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    quiet_data(ray, progress=False)
    if ship_by_value:
        ray.cloudpickle.register_pickle_by_value(sys.modules[ship_by_value])
    try:
        yield ray
    finally:
        if started:
            ray.shutdown()


def benchmark_module(name: str) -> ModuleType:
    """``benchmarks/<name>.py`` loaded as a module (the benchmarks folder is not a package)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def real_sentences(reports: int) -> list:
    """Sentences of real articles and of edited copies of them, as claims (one report each article): the
    generated corpus of ``benchmarks/reuse_scale.py`` cut by ``benchmarks/link_scale.py``."""
    split = benchmark_module("link_scale").split_claims
    return [claim for rid, text in benchmark_module("reuse_scale").corpus(reports) for claim in split(rid, text)]

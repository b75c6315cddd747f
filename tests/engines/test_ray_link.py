"""The re-use step of link on Ray gives the local engine's candidates and links, in the same order.

One local Ray (2 CPUs, no dashboard) for the module; skipped when Ray is not installed. The
generated corpus is ``benchmarks/reuse_scale.py``'s: real article texts from ../shared/datasets
plus edited and partial copies of them, so there are real buckets, big and small.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from echolocate import pipeline
from echolocate.config import Settings
from echolocate.engines import parts
from echolocate.engines.ray_engine import RayOptions
from echolocate.engines.ray_link import candidates_on_ray, find_reuse_on_ray
from echolocate.stages.link.minhash import MinHashParams, candidate_pairs, sign_batch
from echolocate.stages.link.reuse import ReuseInput, ReuseParams, find_reuse
from echolocate.store import Store
from tests.engines import ray_support

ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'echolocate[ray]'")
REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SAMPLE = SHARED / "corpora" / "libya-2016"


@pytest.fixture(scope="module")
def local_ray():
    with ray_support.local_ray() as session:
        yield session


@pytest.fixture(scope="module")
def generated() -> list[ReuseInput]:
    """300 reports: real articles, edited copies and partial copies (benchmarks/reuse_scale.py)."""
    if not (SHARED / "datasets").is_dir():
        pytest.skip(f"the public datasets are not at {SHARED / 'datasets'}")
    return [ReuseInput(rid, text) for rid, text in ray_support.benchmark_module("reuse_scale").corpus(300)]


@pytest.fixture(scope="module")
def expected_links(generated) -> list:
    """What the local engine finds in the generated corpus."""
    return find_reuse(generated, ReuseParams())


def _local_candidates(texts: list[str], params: MinHashParams):
    return candidate_pairs(sign_batch([(str(i), text) for i, text in enumerate(texts)], params), params)


def test_ray_link_candidates_equal_local_on_generated_corpus(local_ray, generated):
    params = MinHashParams()
    texts = [r.text for r in generated]
    expected = _local_candidates(texts, params)
    assert len(expected) > 100, "the generated corpus has many re-used pairs"
    assert candidates_on_ray(local_ray, texts, params, RayOptions()) == expected


def test_ray_link_links_equal_find_reuse_and_land_as_parquet(local_ray, generated, expected_links, tmp_path):
    import duckdb

    expected = expected_links
    links = find_reuse_on_ray(lambda: local_ray, generated, ReuseParams(), tmp_path, "run1", RayOptions())
    assert links == expected
    count, total = duckdb.sql(f"SELECT count(*), sum(links) FROM '{tmp_path}/links/run1/*.parquet'").fetchall()[0]
    assert total == len(expected) and count >= len({(link.a_report, link.b_report) for link in expected})


class _LinkThenCrash:
    """``link_pair``, but the first call anywhere kills its actor after the work, before the result returns."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __call__(self, *args):
        from echolocate.stages.link.reuse import link_pair

        links = link_pair(*args)
        try:
            fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return links
        os.close(fd)
        os._exit(1)


def test_ray_link_actor_killed_mid_run_loses_and_doubles_nothing(local_ray, generated, expected_links, tmp_path):
    marker = tmp_path / "link-crashed"
    links = find_reuse_on_ray(lambda: local_ray, generated, ReuseParams(), tmp_path, "fault", RayOptions(),
                              link=_LinkThenCrash(str(marker)))
    assert marker.exists(), "the hook did kill an actor"
    assert links == expected_links


def _copies(words: int, copies: int) -> list[str]:
    """A made-up text and ``copies`` copies with one word changed each, plus unrelated filler texts."""
    base = [f"w{i % 97}x{i % 13}" for i in range(words)]
    out = []
    for c in range(copies):
        changed = list(base)
        changed[(c * 7) % words] = f"changed{c}"
        out.append(" ".join(changed) + ".")
    out.extend(" ".join(f"filler{f}y{i}" for i in range(words)) + "." for f in range(3))
    return out


@pytest.mark.parametrize(("case", "texts", "params", "pairs"), [
    ("small buckets: every pair of the 5 copies", _copies(60, 5), MinHashParams(), 10),
    ("buckets over max_bucket link to their first member only", _copies(60, 9), MinHashParams(max_bucket=3), 8),
    ("one window per report, another threshold", _copies(30, 6), MinHashParams(threshold=0.5), 10),
    ("texts shorter than a shingle sign nothing", ["too short", "a b", "x"], MinHashParams(), 0),
])
def test_ray_link_candidates_follow_the_local_bucket_rules(local_ray, case, texts, params, pairs):
    expected = _local_candidates(texts, params)
    assert len(expected) >= pairs, case
    assert candidates_on_ray(local_ray, texts, params, RayOptions()) == expected, case


def test_ray_link_refuses_duplicate_ids_and_needs_two_reports(local_ray, tmp_path):
    twice = [ReuseInput("r1", "one text"), ReuseInput("r1", "another")]
    with pytest.raises(ValueError, match="appears twice"):
        find_reuse_on_ray(lambda: local_ray, twice, ReuseParams(), tmp_path, "dup", RayOptions())
    assert find_reuse_on_ray(lambda: local_ray, twice[:1], ReuseParams(), tmp_path, "one", RayOptions()) == []


def test_ray_link_pipeline_link_stores_what_the_local_engine_stores(local_ray, tmp_path):
    if not SAMPLE.is_dir():
        pytest.skip(f"the sample corpus is not at {SAMPLE}")
    local = Settings(db=tmp_path / "local.duckdb", workers=1)
    on_ray = Settings(db=tmp_path / "ray.duckdb", engine="ray")
    answers = []
    for settings in (local, on_ray):
        pipeline.ingest([str(SAMPLE)], Settings(db=settings.db, workers=1))
        counts = pipeline.link(settings)
        assert counts["relinked"] and counts["links"] > 0
        with Store(settings.db, read_only=True) as store:
            answers.append((store.reuse(), counts["links"], counts["report_pairs"]))
    assert answers[0] == answers[1]
    runs = list((parts.parts_dir(on_ray.db) / "links").iterdir())
    assert len(runs) == 1 and (runs[0] / parts.LOADED).exists()
    assert pipeline.link(on_ray) == {"relinked": False, "links": answers[1][1]}  # unchanged corpus: no rerun

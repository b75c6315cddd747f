"""Claim grouping on Ray gives ``group_claims``' groups, bit for bit: members, IDs, representatives, variants.

One local Ray (2 CPUs, no dashboard) for the module; skipped when Ray is not installed. Inputs are
real: the claims the read stage finds in the sample corpus, and sentences of real articles from
../shared/datasets (``benchmarks/reuse_scale.py``'s corpus, cut by ``benchmarks/link_scale.py``),
with the size limits of ``GroupParams`` lowered so that a few thousand claims take the large-input
paths (LSH neighbours, the static embedding table, float16 storage, several scoring parts).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from echolocate import pipeline
from echolocate.config import Settings
from echolocate.engines import ray_group
from echolocate.engines.dispatch import open_engine
from echolocate.engines.ray_engine import RayOptions
from echolocate.engines.ray_group import block_pairs, distinct_pairs, group_on_ray
from echolocate.stages.link import claim_groups
from echolocate.stages.link.claim_groups import GroupParams, group_claims
from echolocate.stages.link.claim_types import ClaimItem
from echolocate.stages.link.group_candidates import key_blocks, key_rows, unique_pairs
from echolocate.stages.link.group_features import Features
from echolocate.store import Store
from tests.engines import ray_support

ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'echolocate[ray]'")
REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SAMPLE = SHARED / "corpora" / "libya-2016"
REPORTS = 100  # reports of the generated corpus cut into claims: about 2,000 sentences


@pytest.fixture(scope="module")
def local_ray():
    with ray_support.local_ray(ship_by_value=__name__) as session:  # the fault hooks below run on workers
        yield session


@pytest.fixture(scope="module")
def sentences() -> list[ClaimItem]:
    """Sentences of real articles and of edited copies of them, as claims (one report each article)."""
    if not (SHARED / "datasets").is_dir():
        pytest.skip(f"the public datasets are not at {SHARED / 'datasets'}")
    return ray_support.real_sentences(REPORTS)


@pytest.fixture(scope="module")
def sample_claims(tmp_path_factory) -> list[ClaimItem]:
    """The claims the read stage finds in the sample corpus (with resolved entities, places, times)."""
    if not SAMPLE.is_dir():
        pytest.skip(f"the sample corpus is not at {SAMPLE}")
    settings = Settings(db=tmp_path_factory.mktemp("sample") / "sample.duckdb", workers=1)
    pipeline.ingest([str(SAMPLE)], settings)
    pipeline.read(settings)
    with Store(settings.db, read_only=True) as store:
        return store.claim_items()


def test_ray_group_engine_groups_sample_corpus_claims_as_group_claims(local_ray, sample_claims, tmp_path):
    """Through the engine interface ``pipeline.assess`` uses: MiniLM, exact neighbours, the raised bar."""
    expected = group_claims(sample_claims)
    assert any(len(group.members) > 2 for group in expected), "the sample corpus has claims told several times"
    with open_engine(Settings(db=tmp_path / "s.duckdb", engine="ray")) as engine:
        assert engine.group(sample_claims) == expected


def test_lsh_bands_as_ray_tasks_give_the_local_neighbour_pairs(local_ray):
    """Each band in a task of its own (joined and padded there), folded as the tasks end."""
    from echolocate.stages.link.group_candidates import embedding_pairs

    rng = np.random.default_rng(5)
    centres = rng.standard_normal((60, 64)).astype(np.float32)
    vecs = centres[rng.integers(0, 60, 3_000)] + 0.4 * rng.standard_normal((3_000, 64)).astype(np.float32)
    vecs = (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(np.float16)
    want = embedding_pairs(vecs, 6, 0.35, 0, 300)
    got = embedding_pairs(vecs, 6, 0.35, 0, 300, run_bands=ray_group.bands_on_ray(local_ray, 2))
    assert want[0].size > 3_000
    assert np.array_equal(want[0], got[0]) and np.array_equal(want[1], got[1])


SMALL = dict(exact_limit=500, static_above=1_000, compact_above=800)


@pytest.mark.parametrize(("case", "params", "parts"), [
    ("static table, float16, LSH neighbours, scored in several parts", GroupParams(**SMALL, pass_pairs=3_000), 3),
    ("lexical and entity signals only, many parts", GroupParams(use_embedding=False, pass_pairs=1_000), 5),
])
def test_ray_group_equals_group_claims_on_real_sentences(local_ray, sentences, case, params, parts):
    expected = group_claims(sentences, params)
    raw = key_blocks(Features(sentences, None), *claim_groups.block_limits(len(sentences), params)).pair_count()
    assert claim_groups.pass_count(raw, params) >= parts, case
    assert sum(len(group.members) > 1 for group in expected) > 100, case
    got = group_on_ray(lambda: local_ray, sentences, RayOptions(), params)
    assert [g.members for g in got] == [g.members for g in expected], case
    assert got == expected, case  # IDs, representatives, texts, variants, cohesion


def test_ray_group_representatives_split_over_many_tasks_match(local_ray, sentences, monkeypatch):
    """Clusters spread over several tasks (a few claims each) give the groups made in one process."""
    monkeypatch.setattr(ray_group, "_MEMBERS_PER_TASK", 50)
    params = GroupParams(use_embedding=False)
    its, _ = claim_groups.sort_items(sentences)
    feats = Features(its, None)
    w = params.lexical_weights
    clusters = [members for members in _clusters(group_claims(sentences, params), its)]
    assert sum(len(m) for m in clusters if len(m) > 1) > 4 * 50, "enough clusters for several tasks"
    expected = claim_groups.make_groups(its, feats, w, clusters)
    got = ray_group.groups_on_ray(local_ray, its, feats, w, clusters, RayOptions())
    assert sorted(got, key=lambda g: g.id) == sorted(expected, key=lambda g: g.id)


def _clusters(groups, its) -> list[list[int]]:
    index = {it.claim_id: i for i, it in enumerate(its)}
    return [sorted(index[m] for m in group.members) for group in groups]


def test_ray_group_input_order_does_not_matter(local_ray, sentences):
    params = GroupParams(use_embedding=False)
    few = sentences[:300]
    assert group_on_ray(lambda: local_ray, few[::-1], RayOptions(), params) == group_claims(few, params)


@pytest.mark.parametrize(("case", "items", "groups"), [
    ("nothing to group", [], 0),
    ("one claim is its own group", [ClaimItem("c1", "r1", "Troops were sent to Tripoli.", 0, 28)], 1),
])
def test_ray_group_small_inputs(local_ray, case, items, groups):
    params = GroupParams(use_embedding=False)
    got = group_on_ray(lambda: local_ray, items, RayOptions(), params)
    assert got == group_claims(items, params) and len(got) == groups, case


def test_ray_group_refuses_duplicate_claim_ids(local_ray):
    twice = [ClaimItem("c1", "r1", "One text here.", 0, 14), ClaimItem("c1", "r2", "Another one.", 0, 12)]
    with pytest.raises(ValueError, match="unique"):
        group_on_ray(lambda: local_ray, twice, RayOptions())


@pytest.mark.parametrize("partitions", [1, 3, 8])
def test_ray_group_block_partitions_give_the_key_block_pairs(sentences, partitions):
    """The two map_groups steps, run by hand over a partition of the keys, give ``key_blocks``' pairs."""
    feats = Features(sentences, None)
    n = len(feats)
    limits = claim_groups.block_limits(n, GroupParams())
    i, j = unique_pairs(*_all_pairs(key_blocks(feats, *limits), n), n)
    keys, claims = key_rows(feats, *limits)
    shuffled = np.random.default_rng(partitions).permutation(keys.size)  # a shuffle keeps no row order
    keys, claims = keys[shuffled], claims[shuffled]
    found = [block_pairs({"key": keys[keys % partitions == p], "claim": claims[keys % partitions == p]}, n, 4)
             for p in range(partitions)]
    part, pair = np.concatenate([f["part"] for f in found]), np.concatenate([f["pair"] for f in found])
    distinct = [distinct_pairs({"part": part[part == p], "pair": pair[part == p]}) for p in range(4)]
    got = np.sort(np.concatenate([d["pair"] for d in distinct]))
    assert i.size > 1000
    assert np.array_equal(got, i.astype(np.int64) * n + j)


def _all_pairs(blocks, n: int):
    got = list(blocks.pairs(n))
    return np.concatenate([a for a, _ in got]), np.concatenate([b for _, b in got])


def test_ray_group_minilm_units_follow_the_embedder_batches():
    """Units cut from ``minilm_order`` are whole batches of ``Embedder.embed``: same vectors as one call."""
    from echolocate.engines.ray_group import _unit, minilm_order
    from echolocate.stages.link.embed import _BATCH, Embedder, EmbedderUnavailable

    try:
        embedder = Embedder.load()
    except EmbedderUnavailable:
        pytest.skip("the embedding model package is not installed")
    texts = ["Short claim.", "A much longer claim about troops sent to the coast of Libya by two allies.",
             "Officials denied it.", "Fighting resumed near the airport on Tuesday, witnesses said."] * 12
    order = minilm_order(texts)
    assert sorted(order.tolist()) == list(range(len(texts)))
    out = np.zeros((len(texts), embedder.dim), np.float32)
    unit = _BATCH  # one batch per unit here: the finest cut that must still agree
    for lo in range(0, len(texts), unit):
        index = order[lo:lo + unit]
        out[index] = embedder.embed([texts[i] for i in index])
    assert _unit(False) % _BATCH == 0
    assert np.array_equal(out, embedder.embed(texts))


@pytest.mark.parametrize("engine", ["local", "ray"])
def test_ray_group_params_are_passed_through_the_engines(local_ray, sentences, tmp_path, engine):
    params = replace(GroupParams(use_embedding=False), lexical_threshold=0.5)
    few = sentences[:300]
    expected = group_claims(few, params)
    assert expected != group_claims(few, GroupParams(use_embedding=False)), "a higher bar groups less"
    with open_engine(Settings(db=tmp_path / "s.duckdb", engine=engine)) as opened:
        assert opened.group(few, params) == expected


class _ThenCrash:
    """Runs ``name`` of ``claim_groups``, then, the first time anywhere, kills its worker before the
    result returns (a marker file says whether it has happened)."""

    def __init__(self, name: str, marker: str) -> None:
        self.name, self.marker = name, marker

    def __call__(self, *args):
        from echolocate.stages.link import claim_groups as stage

        result = getattr(stage, self.name)(*args)
        try:
            fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return result
        os.close(fd)
        os._exit(1)


def test_ray_group_worker_killed_mid_run_changes_nothing(local_ray, sentences, tmp_path):
    """An embedding actor and a scoring task's worker die once each; Ray retries; the same groups."""
    params = GroupParams(exact_limit=300, static_above=500, compact_above=400)
    few = sentences[:600]
    embed, score = _ThenCrash("_embed", str(tmp_path / "embed")), _ThenCrash("score_part", str(tmp_path / "score"))
    got = group_on_ray(lambda: local_ray, few, RayOptions(), params, embed=embed, score=score)
    assert (tmp_path / "embed").exists() and (tmp_path / "score").exists(), "both hooks did kill a worker"
    assert got == group_claims(few, params)

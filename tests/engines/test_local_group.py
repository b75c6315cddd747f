"""Claim grouping on the local process pool gives ``group_claims``' groups, bit for bit.

Real inputs: sentences of real articles and of edited copies of them from ../shared/datasets (the corpus
of ``benchmarks/reuse_scale.py`` cut by ``benchmarks/link_scale.py``), with the size limits of
``GroupParams`` lowered so that a few thousand claims take the large-input paths (LSH bands, the static
embedding table, float16 storage, several scoring slices), and the pool used whatever the input's size.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from echolocate.engines import local_group
from echolocate.engines.local_group import group_on_pool
from echolocate.stages.link import claim_groups
from echolocate.stages.link.claim_groups import GroupParams, group_claims
from echolocate.stages.link.claim_types import ClaimItem
from echolocate.stages.link.group_features import Features
from tests.engines import ray_support

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
REPORTS = 100  # reports of the generated corpus cut into claims: about 2,000 sentences


@pytest.fixture(scope="module")
def sentences() -> list[ClaimItem]:
    if not (SHARED / "datasets").is_dir():
        pytest.skip(f"the public datasets are not at {SHARED / 'datasets'}")
    return ray_support.real_sentences(REPORTS)


SMALL = dict(exact_limit=500, static_above=1_000, compact_above=800)


@pytest.mark.parametrize(("case", "params"), [
    ("static table embedded on the pool, float16, LSH bands on the pool, scored in many slices",
     GroupParams(**SMALL, pass_pairs=3_000)),
    ("lexical and entity signals only", GroupParams(use_embedding=False, pass_pairs=1_000)),
])
def test_pool_grouping_equals_group_claims_on_real_sentences(sentences, monkeypatch, case, params):
    monkeypatch.setattr(claim_groups, "SCORE_BATCH", 2_048)  # many slices, so both workers score some
    monkeypatch.setattr(local_group, "MEMBERS_PER_JOB", 60)  # many jobs of groups
    monkeypatch.setattr(local_group, "EMBED_JOB", 256)  # texts embedded in many jobs (the static table)
    expected = group_claims(sentences, params)
    assert sum(len(group.members) > 1 for group in expected) > 100, case
    got = group_on_pool(sentences, params, workers=2, pool_above=0)
    assert [g.members for g in got] == [g.members for g in expected], case
    assert got == expected, case  # IDs, representatives, texts, variants, cohesion


def test_pool_grouping_input_order_does_not_matter(sentences):
    params = GroupParams(use_embedding=False)
    few = sentences[:400]
    assert group_on_pool(few[::-1], params, workers=2, pool_above=0) == group_claims(few, params)


def test_pool_grouping_small_or_single_worker_runs_group_claims_here(sentences, monkeypatch):
    called = []
    monkeypatch.setattr(local_group, "_Pool", lambda *a: called.append(a))  # would fail if used
    params = GroupParams(use_embedding=False)
    assert group_on_pool(sentences[:50], params, workers=2) == group_claims(sentences[:50], params)
    assert group_on_pool(sentences[:50], params, workers=1, pool_above=0) == group_claims(sentences[:50], params)
    assert group_on_pool([], params, workers=2, pool_above=0) == [] and not called


def test_mapped_features_score_as_the_originals(sentences, tmp_path):
    """What the workers read: the saved, memory-mapped arrays give the same scores, bit for bit."""
    its, _ = claim_groups.sort_items(sentences[:300])
    vectors = np.random.default_rng(1).standard_normal((len(its), 24)).astype(np.float16)
    feats = Features(its, vectors)
    feats.save(tmp_path / "features")
    mapped = Features.mapped(tmp_path / "features")
    i, j = np.triu_indices(len(its), 1)
    w = GroupParams().weights
    assert len(mapped) == len(feats)
    assert np.array_equal(mapped.scores(i, j, w), feats.scores(i, j, w))
    assert np.array_equal(mapped.cross(i[:40], j[:30], w), feats.cross(i[:40], j[:30], w))

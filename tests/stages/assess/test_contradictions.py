"""find_contradictions: opposite polarity or incompatible values about the same actors and relation."""

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from echolocate.stages.assess.contradictions import MIN_RELATION_OVERLAP, candidate_pairs, find_contradictions
from echolocate.stages.assess.grades import assess_groups
from echolocate.stages.assess.origins import resolve_origins

from .test_origins import group, item

ACTORS = dict(entities=("E1", "E2"), names=("Northland", "the Harbour Alliance"))


def _run(*claims):
    items = list(claims)
    by_id = {i.claim_id: i for i in items}
    groups = [group(f"g{i}", [c.claim_id], text=c.text) for i, c in enumerate(items)]
    assessments = assess_groups(groups, by_id, resolve_origins(items, [], None), None)
    return find_contradictions(groups, by_id, assessments)


def test_find_contradictions_opposite_polarity():
    found = _run(item("c1", "r1", "Alpha Post", text="Northland supplies fuel to the Harbour Alliance.", **ACTORS),
                 item("c2", "r2", "Beta Gazette", text="Northland does not supply fuel to the Harbour Alliance.",
                      negated=True, **ACTORS))
    assert [(c.a_group, c.b_group, c.kind) for c in found] == [("g0", "g1", "polarity")]
    assert "Alpha Post" in found[0].explanation and "Beta Gazette" in found[0].explanation


def test_find_contradictions_denial_stance_counts_as_opposite():
    found = _run(item("c1", "r1", "Alpha Post", text="Northland supplies fuel to the Harbour Alliance.", **ACTORS),
                 item("c2", "r2", "Beta Gazette", text="Northland supplies fuel to the Harbour Alliance.",
                      stance="denies", **ACTORS))
    assert [c.kind for c in found] == ["polarity"]


def test_find_contradictions_incompatible_values():
    found = _run(item("c1", "r1", "Alpha Post", text="Northland sent 12 ships to the Harbour Alliance.",
                      numbers=("12",), **ACTORS),
                 item("c2", "r2", "Beta Gazette", text="Northland sent 40 ships to the Harbour Alliance.",
                      numbers=("40",), **ACTORS))
    assert [c.kind for c in found] == ["value"]
    assert "12 vs 40" in found[0].explanation


def test_find_contradictions_ignores_different_relations_and_actors():
    found = _run(item("c1", "r1", "Alpha Post", text="Northland supplies fuel to the Harbour Alliance.", **ACTORS),
                 item("c2", "r2", "Beta Gazette", text="Northland will not attend the summit with the Harbour "
                      "Alliance in autumn.", negated=True, **ACTORS),
                 item("c3", "r3", "Gamma Herald", text="Southland does not supply fuel to the Harbour Alliance.",
                      negated=True, entities=("E9", "E2"), names=("Southland", "the Harbour Alliance")))
    assert found == []


def test_find_contradictions_agreeing_groups_are_not_listed():
    found = _run(item("c1", "r1", "Alpha Post", text="Northland supplies fuel to the Harbour Alliance.", **ACTORS),
                 item("c2", "r2", "Beta Gazette", text="Northland supplies the Harbour Alliance with fuel.", **ACTORS))
    assert found == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sets(st.sampled_from("troops oil port jets aid border talks envoy fuel drone".split()),
                        max_size=6), max_size=14))
def test_candidate_pairs_hold_every_pair_reaching_the_overlap_bar_once(contents):
    got = list(candidate_pairs(contents))
    assert len(got) == len(set(got)) and all(i < j for i, j in got)
    reaching = {(i, j) for i, j in combinations(range(len(contents)), 2)
                if contents[i] and contents[j]
                and len(contents[i] & contents[j]) / len(contents[i] | contents[j]) >= MIN_RELATION_OVERLAP}
    assert reaching <= set(got)


def test_candidate_pairs_skip_most_pairs_of_a_large_bucket():
    """A thousand statements about one actor, few alike: far fewer candidates than pairs."""
    import random

    rnd = random.Random(4)
    vocabulary = [f"w{k}" for k in range(400)]
    contents = [set(rnd.sample(vocabulary, 8)) for _ in range(1000)]
    assert len(list(candidate_pairs(contents))) < 0.2 * (1000 * 999 // 2)

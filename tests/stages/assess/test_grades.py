"""assess_groups: independence counts, grades, reasoning, and the monotonicity properties."""

from hypothesis import given, settings
from hypothesis import strategies as st

import pytest

from echolocate.stages.assess.grades import GRADE_RANK, assess_groups
from echolocate.stages.assess.origins import resolve_origins
from echolocate.stages.assess.reliability import ReliabilityTable

from .test_origins import copy_link, group, item


def _assess(items, links=(), table=None):
    origins = resolve_origins(items, list(links), table)
    by_id = {i.claim_id: i for i in items}
    return assess_groups([group("g1", by_id)], by_id, origins, table)[0]


def test_assess_groups_five_carriers_of_one_website_are_one_origin_echo():
    items = [item("c0", "r0", "Coastwatch Online", start=0)]
    items += [item(f"c{i}", f"r{i}", f"Outlet {i} Herald", start=400, chain=[("coastwatch.net", "outlet")])
              for i in range(1, 5)]
    result = _assess(items)
    assert (result.grade, result.independent_origins, len(result.carriers)) == ("single-origin echo", 1, 5)
    assert result.reasoning[0] == "5 carriers -> 1 independent origin"
    assert "Coastwatch Online (= coastwatch.net): all five carriers collapse into one origin" in result.reasoning[1]


def test_assess_groups_two_independent_outlets_corroborate():
    result = _assess([item("c1", "r1", "Alpha Post"), item("c2", "r2", "Beta Gazette")])
    assert (result.grade, result.independent_origins, result.credible_origins) == ("corroborated", 2, 2)


def test_assess_groups_wire_carried_by_four_outlets_is_one_origin():
    spellings = ["AP", "Associated Press", "The Associated Press", "apnews.com"]
    items = [item(f"c{i}", f"r{i}", f"Town {i} Courier", chain=[(s, "outlet")]) for i, s in enumerate(spellings)]
    result = _assess(items)
    assert (result.grade, result.independent_origins) == ("single-origin echo", 1)
    assert result.origins[0].kind == "wire"


def test_assess_groups_debka_spellings_are_one_origin():
    items = [item("c1", "r1", "A Herald", chain=[("Debka", "outlet")]),
             item("c2", "r2", "B Herald", chain=[("DEBKAfile", "outlet")]),
             item("c3", "r3", "debka.com")]
    result = _assess(items)
    assert result.independent_origins == 1
    assert "(= " in result.reasoning[1]


def test_assess_groups_times_and_new_york_times_are_two_origins():
    items = [item("c1", "r1", "A Herald", chain=[("The Times", "outlet")]),
             item("c2", "r2", "B Herald", chain=[("The New York Times", "outlet")])]
    assert _assess(items).independent_origins == 2


def test_assess_groups_official_statement_is_officially_stated():
    items = [item("c1", "r1", "A Herald", chain=[("the Ministry of Transport", "organisation")]),
             item("c2", "r2", "B Herald")]
    result = _assess(items)
    assert result.grade == "officially stated"
    assert "Ministry of Transport" in result.reasoning[-1]


@pytest.mark.parametrize("stance, negated", [("denies", False), ("doubts", False), ("asserts", True)])
def test_assess_groups_denial_is_contested(stance, negated):
    items = [item("c1", "r1", "A Herald"), item("c2", "r2", "B Herald"),
             item("c3", "r3", "C Herald", chain=[("the port company", "organisation")], stance=stance,
                  negated=negated)]
    result = _assess(items)
    assert result.grade == "contested"
    assert result.contested_by == ("org:portcompany",)
    assert result.independent_origins == 2
    assert any(line.startswith("against: ") for line in result.reasoning)


def test_assess_groups_copies_collapse_with_reasoning():
    items = [item("c1", "r1", "Alpha Post", start=40), item("c2", "r2", "Copy Daily", start=540),
             item("c3", "r3", "Third Wire Watch", start=40)]
    links = [copy_link("r1", 0, "r2", 500), copy_link("r1", 0, "r3", 0, direction="unknown")]
    result = _assess(items, links)
    assert (result.grade, result.independent_origins) == ("single-origin echo", 1)
    text = " ".join(result.reasoning)
    assert "r2 (Copy Daily) copies a passage of r1 (Alpha Post) (re-use 0.93" in text
    assert "direction unknown" in text


def test_assess_groups_unreliable_origin_does_not_corroborate():
    table = ReliabilityTable.from_rows([("Beta Gazette", "E", "fabricates")])
    result = _assess([item("c1", "r1", "Alpha Post"), item("c2", "r2", "Beta Gazette")], table=table)
    assert (result.grade, result.independent_origins, result.credible_origins) == ("single source", 2, 1)
    assert any("reliability of Beta Gazette: 0.2" in line for line in result.reasoning)


def test_assess_groups_missing_origin_is_reported_not_counted():
    items = [item("c1", "r1", "Alpha Post")]
    by_id = {i.claim_id: i for i in items}
    result = assess_groups([group("g1", ["c1", "c9"])], by_id, resolve_origins(items, [], None), None)[0]
    assert result.independent_origins == 1
    assert any("c9" in line for line in result.reasoning)


# --- properties -------------------------------------------------------------------------------------------

_OUTLETS = ["Alpha Post", "Beta Gazette", "Gamma Herald", "Delta Courier", "Reuters", "Reuters.com"]
_CHAINS = [(), (("Debka", "outlet"),), (("DEBKAfile", "outlet"), ("officers", "anonymous")),
           (("the Ministry of Ports", "organisation"),), (("AFP", "outlet"),)]
_carrier = st.tuples(st.sampled_from(_OUTLETS), st.sampled_from(range(len(_CHAINS))),
                     st.sampled_from(["asserts", "reports", "denies"]))


def _build(spec):
    return [item(f"c{i:02d}", f"r{i:02d}", outlet, chain=_CHAINS[chain], stance=stance, start=1000 * i)
            for i, (outlet, chain, stance) in enumerate(spec)]


def _score(result):
    return GRADE_RANK[result.grade], result.independent_origins


@settings(max_examples=60, deadline=None)
@given(st.lists(_carrier, min_size=1, max_size=6), st.sampled_from(["Omega Tribune", "Sigma Ledger"]),
       st.sampled_from(["asserts", "reports"]), st.sampled_from([0.2, 0.9, None]))
def test_assess_groups_independent_carrier_never_lowers_grade(spec, new_outlet, stance, rating):
    table = ReliabilityTable.from_rows([(new_outlet, rating)]) if rating is not None else None
    before = _assess(_build(spec), table=table)
    extra = item("c99", "r99", new_outlet, stance=stance, start=0)
    after = _assess(_build(spec) + [extra], table=table)
    assert GRADE_RANK[after.grade] >= GRADE_RANK[before.grade]
    assert after.independent_origins >= before.independent_origins


@settings(max_examples=60, deadline=None)
@given(st.lists(_carrier, min_size=1, max_size=6), st.integers(min_value=0, max_value=5),
       st.sampled_from(["a->b", "unknown"]))
def test_assess_groups_copy_never_raises_grade(spec, which, direction):
    items = _build(spec)
    source = items[which % len(items)]
    copy = item("c99", "zz99", "Copycat Times", chain=source.chain, stance=source.stance, start=5)
    link = copy_link(source.report_id, source.start, "zz99", 5,
                     direction=None if direction == "a->b" else "unknown")
    before = _assess(items)
    after = _assess(items + [copy], [link])
    assert GRADE_RANK[after.grade] <= GRADE_RANK[before.grade]
    assert after.independent_origins <= before.independent_origins


@settings(max_examples=40, deadline=None)
@given(st.lists(_carrier, min_size=1, max_size=6), st.randoms(use_true_random=False))
def test_assess_groups_result_does_not_depend_on_input_order(spec, rnd):
    items = _build(spec)
    links = [copy_link(items[0].report_id, items[0].start, items[-1].report_id, items[-1].start)] \
        if len(items) > 1 else []
    shuffled, shuffled_links = list(items), list(links)
    rnd.shuffle(shuffled)
    members = [i.claim_id for i in shuffled]
    origins_a = resolve_origins(items, links, None)
    origins_b = resolve_origins(shuffled, shuffled_links, None)
    by_id = {i.claim_id: i for i in items}
    a = assess_groups([group("g", [i.claim_id for i in items], items[0].claim_id)], by_id, origins_a, None)
    b = assess_groups([group("g", members, items[0].claim_id)], by_id, origins_b, None)
    assert a == b


@pytest.mark.parametrize("cue, grade", [("claimed", "corroborated"), ("questioned", "contested")])
def test_assess_groups_distancing_cue_is_not_a_doubt(cue, grade):
    from echolocate.stages.link.claim_types import ChainLink

    items = [item("c1", "r1", "A Herald"), item("c2", "r2", "B Herald"),
             item("c3", "r3", "C Herald", chain=[ChainLink("the port company", "organisation", cue=cue)],
                  stance="doubts")]
    assert _assess(items).grade == grade

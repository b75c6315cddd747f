"""resolve_origins: innermost sources, anonymous nesting, copying chains, unknown directions."""

from datetime import date

import pytest

from echolocate.stages.assess.origins import is_official, resolve_origins
from echolocate.stages.assess.reliability import ReliabilityTable
from echolocate.stages.link.claim_types import ChainLink, ClaimGroup, ClaimItem
from echolocate.stages.link.reuse import ReuseLink


# --- builders shared with the other assess tests (hand-written claims and links) ---
CLAIM = "The harbour authority will open a second ferry terminal next spring."


def item(claim_id: str, report: str, outlet: str | None, *, chain=(), text: str = CLAIM, start: int = 100,
         stance: str = "asserts", negated: bool = False, published: date | None = None, entities=(), names=(),
         numbers=()) -> ClaimItem:
    links = tuple(c if isinstance(c, ChainLink) else ChainLink(c[0], c[1]) for c in chain)
    return ClaimItem(claim_id, report, text, start, start + len(text), stance=stance, negated=negated, chain=links,
                     outlet=outlet, published=published, entities=tuple(entities), entity_names=tuple(names),
                     numbers=tuple(numbers))


def copy_link(source: str, source_start: int, copier: str, copier_start: int, length: int = 200,
              direction: str | None = None, similarity: float = 0.93) -> ReuseLink:
    """A link saying ``copier`` re-used ``source``'s passage (direction "unknown" when asked)."""
    a, b = sorted((source, copier))
    a_start, b_start = (source_start, copier_start) if a == source else (copier_start, source_start)
    if direction is None:
        direction = "a->b" if a == source else "b->a"
    evidence = "publication order" if direction != "unknown" else "no dates, no citation, no containment"
    return ReuseLink(a, a_start, a_start + length, "x" * length, b, b_start, b_start + length, "x" * length,
                     similarity, direction, evidence)


def group(gid: str, members, representative: str | None = None, text: str = CLAIM) -> ClaimGroup:
    members = tuple(members)
    return ClaimGroup(gid, representative or members[0], text, members)


def test_resolve_origins_unattributed_claim_is_the_reporting_outlet():
    origins = resolve_origins([item("c1", "r1", "Harbour Gazette")], [], None)
    assert origins["c1"].origin.name == "Harbour Gazette"
    assert origins["c1"].origin.kind == "outlet"
    assert "unattributed" in origins["c1"].how


@pytest.mark.parametrize("chain, name, kind, key", [
    ([("Debka", "outlet")], "Debka", "outlet", "debka"),
    ([("the Coast Weekly", "outlet"), ("Debka", "outlet")], "Debka", "outlet", "debka"),
    ([("AP", "outlet")], "Associated Press", "wire", "wire:associatedpress"),
    ([("the Ministry of Transport", "organisation")], "Ministry of Transport", "official",
     "official:ministrytransport"),
    ([("a government spokesperson", "official")], "government spokesperson", "official",
     "official:governmentspokesperson"),
    ([("Debka", "outlet"), ("military sources", "anonymous")], "military sources (cited by Debka)", "anonymous",
     "debka"),
    ([("sources close to the port", "anonymous")], "sources close to the port (cited by Harbour Gazette)",
     "anonymous", "harbourgazette"),
    ([("Debka", "outlet"), ("it", "pronoun")], "Debka", "outlet", "debka"),
])
def test_resolve_origins_takes_innermost_standing_source(chain, name, kind, key):
    origin = resolve_origins([item("c1", "r1", "Harbour Gazette", chain=chain)], [], None)["c1"].origin
    assert (origin.name, origin.kind, origin.key) == (name, kind, key)


def test_resolve_origins_prefers_entity_id_for_people():
    chain = [ChainLink("Mr Ortega", "person", entity_id="E7")]
    other = [ChainLink("Luis Ortega", "person", entity_id="E7")]
    origins = resolve_origins([item("c1", "r1", "A", chain=chain), item("c2", "r2", "B", chain=other)], [], None)
    assert origins["c1"].origin.key == origins["c2"].origin.key == "person:E7"


@pytest.mark.parametrize("first, second", [
    (ChainLink("Ahmed Saleh", "person"), ChainLink("Ahmed Saleh, a Libyan political researcher", "person")),
    (ChainLink("Ahmed Saleh", "person"), ChainLink("Mr Saleh", "person", entity_id="E9", entity_name="Ahmed Saleh")),
    (ChainLink("the Port Authority", "organisation"),
     ChainLink("Port Authority, which runs the harbour", "organisation")),
])
def test_resolve_origins_one_key_however_a_source_is_named(first, second):
    items = [item("c1", "r1", "A", chain=[first]), item("c2", "r2", "B", chain=[second])]
    origins = resolve_origins(items, [], None)
    assert origins["c1"].origin.key == origins["c2"].origin.key


def test_resolve_origins_keeps_a_comma_inside_a_name_list_apart():
    items = [item("c1", "r1", "A", chain=[ChainLink("Smith, Jones and Brown", "organisation")]),
             item("c2", "r2", "B", chain=[ChainLink("Smith", "organisation")])]
    origins = resolve_origins(items, [], None)
    assert origins["c1"].origin.key != origins["c2"].origin.key


def test_resolve_origins_copy_takes_source_outlet_when_unattributed():
    items = [item("c1", "r1", "Harbour Gazette", start=50), item("c2", "r2", "Copy Times", start=300)]
    origins = resolve_origins(items, [copy_link("r1", 0, "r2", 250)], None)
    assert origins["c2"].origin.key == "harbourgazette"
    assert origins["c2"].copied_from == ("r1",)
    assert "copies a passage of r1 (Harbour Gazette)" in origins["c2"].how


def test_resolve_origins_copy_of_anonymous_sources_keys_under_the_original_citer():
    chain = [("sources close to the port", "anonymous")]
    items = [item("c1", "r1", "Harbour Gazette", chain=chain, start=50),
             item("c2", "r2", "Copy Times", chain=chain, start=300)]
    origins = resolve_origins(items, [copy_link("r1", 0, "r2", 250)], None)
    assert origins["c2"].origin.key == origins["c1"].origin.key == "harbourgazette"


def test_resolve_origins_follows_chains_of_copying():
    items = [item("c1", "r1", "Origin Post", start=0), item("c2", "r2", "Middle News", start=0),
             item("c3", "r3", "Last Daily", start=0)]
    links = [copy_link("r1", 0, "r2", 0), copy_link("r2", 0, "r3", 0)]
    origins = resolve_origins(items, links, None)
    assert origins["c3"].origin.key == "originpost"
    assert origins["c3"].copied_from == ("r2", "r1")


def test_resolve_origins_copy_cycle_is_cut():
    items = [item("c1", "r1", "Alpha Post", start=0), item("c2", "r2", "Beta Post", start=0)]
    links = [copy_link("r1", 0, "r2", 0), copy_link("r2", 0, "r1", 0)]
    origins = resolve_origins(items, links, None)
    assert {o.origin.key for o in origins.values()} <= {"alphapost", "betapost"}
    assert len({o.origin.key for o in origins.values()}) == 1


def test_resolve_origins_unknown_direction_is_not_independent():
    items = [item("c1", "r1", "Alpha Post", start=0), item("c2", "r2", "Beta Post", start=0)]
    origins = resolve_origins(items, [copy_link("r1", 0, "r2", 0, direction="unknown")], None)
    assert origins["c1"].origin.key == origins["c2"].origin.key
    assert origins["c2"].direction_unknown
    assert "direction unknown" in origins["c2"].how


def test_resolve_origins_claim_outside_copied_passage_keeps_own_origin():
    items = [item("c1", "r1", "Alpha Post", start=50), item("c2", "r2", "Beta Post", start=900)]
    origins = resolve_origins(items, [copy_link("r1", 0, "r2", 0)], None)
    assert origins["c2"].origin.key == "betapost"


def test_resolve_origins_reliability_flows_to_copies():
    table = ReliabilityTable.from_rows([("Harbour Gazette", 0.2, "often wrong")])
    items = [item("c1", "r1", "Harbour Gazette", start=50), item("c2", "r2", "Copy Times", start=300),
             item("c3", "r3", "Elsewhere Herald", start=0)]
    origins = resolve_origins(items, [copy_link("r1", 0, "r2", 250)], table)
    assert origins["c1"].reliability == origins["c2"].reliability == 0.2
    assert origins["c3"].reliability is None


@pytest.mark.parametrize("name, official", [
    ("the Russian Defence Ministry", True), ("a statement from the army", True), ("the port company", False),
    ("Greenpeace", False),
])
def test_is_official_reads_generic_cues(name, official):
    assert is_official(name) is official

"""infer_relays: an unattributed claim in a report that cites the outlet carrying it is that outlet's."""

from echolocate.stages.assess import assess_groups, resolve_origins
from echolocate.stages.assess.relays import infer_relays
from tests.stages.assess.test_origins import group, item

OTHER = "The ferry company plans to double its fleet before the summer."


def _scene(relay_cites: str | None):
    """The Harbour Gazette states a claim; the Coast Courier repeats it unattributed, and elsewhere in the
    same report either cites the Gazette (a relay) or cites nobody (an independent statement)."""
    chain = [(relay_cites, "outlet")] if relay_cites else []
    items = [
        item("c1", "r1", "Harbour Gazette"),
        item("c2", "r2", "Coast Courier"),
        item("c3", "r2", "Coast Courier", chain=chain, text=OTHER, start=400),
    ]
    groups = [group("g1", ["c1", "c2"]), group("g2", ["c3"], text=OTHER)]
    by_id = {i.claim_id: i for i in items}
    return items, groups, by_id


def test_relays_report_citing_the_carrier_elsewhere_is_not_independent():
    items, groups, by_id = _scene("the Harbour Gazette")
    origins = infer_relays(groups, by_id, resolve_origins(items, [], None))
    assert origins["c2"].origin.key == origins["c1"].origin.key
    assert "inferred" in origins["c2"].how
    assessment = {a.group_id: a for a in assess_groups(groups, by_id, origins)}["g1"]
    assert assessment.independent_origins == 1


def test_relays_report_citing_nobody_stays_independent():
    items, groups, by_id = _scene(None)
    origins = infer_relays(groups, by_id, resolve_origins(items, [], None))
    assert origins["c2"].origin.name == "Coast Courier"
    assessment = {a.group_id: a for a in assess_groups(groups, by_id, origins)}["g1"]
    assert assessment.independent_origins == 2


def test_relays_citing_an_unrelated_outlet_changes_nothing():
    items, groups, by_id = _scene("the Mountain Herald")
    origins = infer_relays(groups, by_id, resolve_origins(items, [], None))
    assert origins["c2"].origin.name == "Coast Courier"


def test_relays_never_raise_independence():
    for cites in ("the Harbour Gazette", None, "the Mountain Herald"):
        items, groups, by_id = _scene(cites)
        before = {a.group_id: a.independent_origins
                  for a in assess_groups(groups, by_id, resolve_origins(items, [], None))}
        after = {a.group_id: a.independent_origins
                 for a in assess_groups(groups, by_id, infer_relays(groups, by_id, resolve_origins(items, [], None)))}
        assert all(after[g] <= before[g] for g in before)

"""Claim groups are written a slice at a time: the stored rows are those of writing them all at once, and a
failure half-way leaves the groups of the last good assess."""

from __future__ import annotations

from datetime import date

import pytest

from echolocate.stages.link.claim_types import (Assessment, CarrierOrigin, ChainLink, ClaimGroup, ClaimItem,
                                                Contradiction, Origin, Variant)
from echolocate.store import Store, assess_io


def _inputs(n: int = 7):
    """``n`` groups of one to three claims each, with carriers, origins, a variant and a contradiction."""
    items, groups, assessments = {}, [], []
    for g in range(n):
        members = []
        for m in range(1 + g % 3):
            cid = f"c{g}-{m}"
            items[cid] = ClaimItem(cid, f"r{m}", f"The pier at harbour {g} closed for {m + 2} days.", 10 * m,
                                   10 * m + 40, hedges=("reportedly",) if m else (),
                                   chain=(ChainLink("port officials", "official"),), outlet=f"Outlet {m}",
                                   published=date(2026, 2, 1 + m), source_path=f"in/{m}.txt")
            members.append(cid)
        origin = Origin(f"Outlet {g % 2}", "outlet", f"outlet-{g % 2}")
        variants = (Variant(members[-1], "number", "2", str(1 + len(members))),) if len(members) > 1 else ()
        groups.append(ClaimGroup(f"g{g}", members[0], items[members[0]].text, tuple(members), variants, 0.9))
        carriers = tuple(CarrierOrigin(cid, items[cid].report_id, origin, "reporting outlet",
                                       copied_from=("r0",) if i else ()) for i, cid in enumerate(members))
        if g != 3:  # a group with no assessment is stored as unassessed
            assessments.append(Assessment(f"g{g}", "corroborated" if g % 2 else "single source", 1 + g % 2,
                                          (origin,), carriers, (f"step {g}",)))
    return groups, assessments, [Contradiction("g1", "g2", "value", "2 against 3 days")], items


def _stored(db) -> list[list]:
    with Store(db, read_only=True) as store:
        return [store.con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
                for table in ("claim_groups", "claim_group_members", "contradictions")]


def test_groups_written_in_slices_equal_one_slice(tmp_path, monkeypatch):
    groups, assessments, contradictions, items = _inputs()
    with Store(tmp_path / "one.duckdb") as store:
        store.write_assessment(groups, assessments, contradictions, items)
    monkeypatch.setattr(assess_io, "_GROUPS_PER_INSERT", 2)
    with Store(tmp_path / "sliced.duckdb") as store:
        store.write_assessment(groups, assessments, contradictions, items)
    one, sliced = _stored(tmp_path / "one.duckdb"), _stored(tmp_path / "sliced.duckdb")
    assert one == sliced
    assert [len(rows) for rows in one] == [len(groups), sum(len(g.members) for g in groups), 1]
    grades = {row[0]: row[3] for row in one[0]}
    assert grades["g3"] == "unassessed" and grades["g1"] == "corroborated"


def test_a_failure_half_way_keeps_the_previous_groups(tmp_path, monkeypatch):
    groups, assessments, contradictions, items = _inputs()
    with Store(tmp_path / "s.duckdb") as store:
        store.write_assessment(groups[:2], assessments[:2], [], items)
    before = _stored(tmp_path / "s.duckdb")
    monkeypatch.setattr(assess_io, "_GROUPS_PER_INSERT", 2)
    calls = []
    real_row = assess_io._group_row

    def failing_row(group, assessment, by_id):
        calls.append(group.id)
        if len(calls) > 4:  # two slices of two groups are inserted when the third slice fails
            raise RuntimeError("disk full")
        return real_row(group, assessment, by_id)

    monkeypatch.setattr(assess_io, "_group_row", failing_row)
    with Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(RuntimeError):
            store.write_assessment(groups, assessments, contradictions, items)
    assert _stored(tmp_path / "s.duckdb") == before

"""The link stage writes its links as they come, in batches: the store and the run's counts are those of
writing them all at once, and an error half-way leaves the links of the last good run."""

from __future__ import annotations

from datetime import date

import pytest

from echolocate import pipeline
from echolocate.stages.link import ReuseInput, find_reuse, near_duplicate_clusters
from echolocate.stages.link.reuse import NEAR_DUPLICATE
from echolocate.store import Store, link_writer

_A = ("The ferry operator said on Monday that 12 crossings were cancelled because of the high winds. "
      "Passengers were told to expect delays of up to four hours at the western terminal. "
      "A spokeswoman for the port reportedly said the harbour would stay closed overnight. ")
_B = ("Engineers inspected the loading ramp after a lorry slid against the barrier. "
      "The regional council has promised to publish a review of the closures by the end of March. ")


def _inputs() -> list[ReuseInput]:
    texts = [_A + _B, _A.replace("12", "14") + _B, _A, _B + _A, "Growers expect a small apple harvest after frost. "
             "The cooperative asked for emergency loans to cover the losses.", _B]
    return [ReuseInput(f"r{i}", text, date(2026, 3, 1 + i)) for i, text in enumerate(texts)]


def _stored(db) -> tuple[list, list]:
    with Store(db, read_only=True) as store:
        return (store.con.execute("SELECT * FROM reuse_links ORDER BY id").fetchall(),
                store.con.execute("SELECT * FROM reuse_mutations ORDER BY link_id, idx").fetchall())


def test_links_written_in_batches_equal_one_batch(tmp_path, monkeypatch):
    links = find_reuse(_inputs())
    assert len(links) >= 6
    with Store(tmp_path / "one.duckdb") as store:
        store.write_reuse(iter(links), "link", "t", "d", "p")
    monkeypatch.setattr(link_writer, "LINK_BATCH", 2)
    with Store(tmp_path / "batched.duckdb") as store:
        store.write_reuse(iter(links), "link", "t", "d", "p")
        assert store.stage_digest("link", "t") == "d"
    one, batched = _stored(tmp_path / "one.duckdb"), _stored(tmp_path / "batched.duckdb")
    assert one == batched and len(one[0]) == len(links) and one[1]


def test_links_failing_half_way_keep_the_previous_links(tmp_path, monkeypatch):
    links = find_reuse(_inputs())
    with Store(tmp_path / "s.duckdb") as store:
        store.write_reuse(links, "link", "t", "first", "p")
    before = _stored(tmp_path / "s.duckdb")
    monkeypatch.setattr(link_writer, "LINK_BATCH", 2)

    def broken():
        yield from links[:4]
        raise RuntimeError("the engine lost a block")

    with Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(RuntimeError):
            store.write_reuse(broken(), "link", "t", "second", "p")
        assert store.stage_digest("link", "t") == "first"
    assert _stored(tmp_path / "s.duckdb") == before


def test_link_tally_counts_what_it_passes_on():
    links = find_reuse(_inputs())
    tally = pipeline._LinkTally()
    assert list(tally.passing(iter(links))) == links
    assert tally.links == len(links)
    assert tally.pairs == {(link.a_report, link.b_report) for link in links}
    assert near_duplicate_clusters(tally.near) == near_duplicate_clusters(links) != []


def test_near_duplicate_links_read_from_the_store_give_the_clusters_of_every_link(tmp_path):
    links = find_reuse(_inputs())
    with Store(tmp_path / "s.duckdb") as store:
        store.write_reuse(iter(links), "link", "t", "d", "p")
        every = store.reuse_links()
        near = store.reuse_links(min_coverage=NEAR_DUPLICATE)
    assert len(near) < len(every)
    assert all(min(link.a_coverage, link.b_coverage) >= NEAR_DUPLICATE for link in near)
    assert near_duplicate_clusters(near) == near_duplicate_clusters(every) != []

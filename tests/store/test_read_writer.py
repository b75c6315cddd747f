"""Readings and entities in the store: replaced, never duplicated; chains kept in order; queries for `show`."""

from __future__ import annotations

from datetime import date

import pytest

from echolocate.errors import InputError
from echolocate.model import IngestSummary, ParsedInput, Report, Source
from echolocate.stages.read.types import (Claim, Entity, Hedge, Mention, Place, Quote, Reading, SourceRef, Span,
                                          TimeRef)
from echolocate.store import Store

TEXT = ("The Daily Planet reported on Sunday, citing officials in the port authority, that the ferry may "
        "have left Harbourtown. \"We saw it go,\" a dock worker said.")


def _stored_report(store: Store) -> str:
    report = Report(text=TEXT, source=Source("fixture/planet.txt"), title="Ferry", published=date(2020, 3, 2))
    store.write_parsed([(ParsedInput(report.source, "digest", reports=(report,)), "1:1")], IngestSummary())
    return report.id


def _at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def _reading(report_id: str, claim: str = "the ferry may have left Harbourtown") -> Reading:
    chain = (SourceRef("The Daily Planet", *_at("The Daily Planet"), "outlet", "reported"),
             SourceRef("officials in the port authority", *_at("officials in the port authority"), "official",
                       "citing"))
    claim_span = _at(claim)
    first_sentence = _at(TEXT.split(" \"")[0])
    return Reading(
        report_id=report_id,
        sentences=(Span(*first_sentence, TEXT[slice(*first_sentence)]), Span(first_sentence[1] + 1, len(TEXT),
                                                                            TEXT[first_sentence[1] + 1:])),
        mentions=(Mention(*_at("Daily Planet"), "Daily Planet", "outlet", "ORG", "daily planet"),
                  Mention(*_at("Harbourtown"), "Harbourtown", "place", "GPE", "harbourtown")),
        places=(Place(*_at("Harbourtown"), "Harbourtown", None),),
        times=(TimeRef(*_at("on Sunday"), "on Sunday", "date", "2020-03-01", date(2020, 3, 1), date(2020, 3, 1),
                       "day"),),
        quotes=(Quote(*_at("We saw it go,"), "We saw it go,", "a dock worker", *_at("a dock worker"), "said"),),
        claims=(Claim(*claim_span, claim, kind="fact", sources=chain, hedges=(Hedge(*_at("may"), "may", "modal"),),
                      stance="reports"),),
        anchor=date(2020, 3, 2),
        words=24,
    )


def _count(store: Store, table: str) -> int:
    return store.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]


def test_read_writer_rewrite_replaces_rows(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        rid = _stored_report(store)
        store.write_readings([_reading(rid)], "1")
        store.write_readings([_reading(rid)], "1")
        counts = {t: _count(store, t) for t in ("readings", "sentences", "mentions", "places", "times", "quotes",
                                                 "claims", "claim_sources", "claim_hedges")}
    assert counts == {"readings": 1, "sentences": 2, "mentions": 2, "places": 1, "times": 1, "quotes": 1,
                      "claims": 1, "claim_sources": 2, "claim_hedges": 1}


def test_read_writer_changed_claims_leave_no_orphans(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        rid = _stored_report(store)
        store.write_readings([_reading(rid)], "1")
        store.write_readings([_reading(rid, claim="the ferry may have left")], "2")
        claim_ids = {row[0] for row in store.con.execute("SELECT id FROM claims").fetchall()}
        source_ids = {row[0] for row in store.con.execute("SELECT claim_id FROM claim_sources").fetchall()}
    assert len(claim_ids) == 1 and source_ids == claim_ids


def test_read_writer_unread_ids_follow_stage_version(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        rid = _stored_report(store)
        assert store.unread_report_ids("1") == [rid]
        store.write_readings([_reading(rid)], "1")
        assert store.unread_report_ids("1") == []
        assert store.unread_report_ids("2") == [rid]


def test_read_queries_report_reading_keeps_chain_order(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        rid = _stored_report(store)
        store.write_readings([_reading(rid)], "1")
        store.write_entities([Entity("e1", "Daily Planet", "outlet", ("Daily Planet",), 1)], {(rid, 0): "e1"})
        data = store.report_reading(store.find_report("planet.txt"))
    claim = data["claims"][0]
    assert [s["text"] for s in claim["sources"]] == ["The Daily Planet", "officials in the port authority"]
    assert [h["text"] for h in claim["hedges"]] == ["may"]
    assert data["entities"][0]["name"] == "Daily Planet"
    assert data["quotes"][0]["speaker"] == "a dock worker"
    assert data["times"][0]["value"] == "2020-03-01"


def test_read_queries_find_report_unknown_has_hint(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        _stored_report(store)
        with pytest.raises(InputError) as error:
            store.find_report("nothing-like-this")
    assert "echolocate show" in error.value.hint


def test_read_writer_entities_replaced_as_a_whole(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        rid = _stored_report(store)
        store.write_readings([_reading(rid)], "1")
        store.write_entities([Entity("e1", "A", "person", ("A",), 1)], {(rid, 0): "e1"})
        store.write_entities([Entity("e2", "B", "person", ("B",), 1)], {(rid, 1): "e2"})
        assert [r[0] for r in store.con.execute("SELECT id FROM entities").fetchall()] == ["e2"]
        assert _count(store, "mention_entities") == 1

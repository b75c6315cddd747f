"""The sample corpus's events as an analyst reads them: distinct happenings stay distinct events.

The reports tell of a field marshal's visits to a capital, an aircraft carrier's call at a port, claimed
troop deployments and an arms offer. Each must come out as its own event with the place, date and mode
the text gives, and no event may mix places in different countries. Asserted by structure (categories,
modes, places, dates), never by event IDs or counts tuned to these files.
"""

from __future__ import annotations

import pytest

from echolocate.config import Settings
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def events(tmp_path_factory) -> list[dict]:
    if not SAMPLE.is_dir():
        pytest.skip("sample corpus ../shared/corpora/libya-2016 is absent")
    pytest.importorskip("spacy")
    from echolocate import pipeline

    settings = Settings(db=tmp_path_factory.mktemp("events") / "store.duckdb", workers=1)
    pipeline.ingest([str(SAMPLE)], settings)
    pipeline.read(settings)
    pipeline.assess(settings)  # text re-use (link) only sharpens origins, not which events there are
    with pipeline.open_store(settings, read_only=True) as store:
        return store.events()


def _place(event: dict) -> str:
    return (event["place"] or {}).get("name") or ""


def _words(event: dict) -> str:
    return " ".join(c["text"] for c in event["carriers"]).lower()


def test_sample_events_visit_to_the_capital_is_its_own_event(events):
    visits = [e for e in events if e["category"] == "CONSULT" and _place(e) == "Moscow" and e["mode"] == "happened"]
    assert visits, [(e["category"], _place(e)) for e in events]
    for visit in visits:  # a visit to the capital carries no carrier that is placed in another country
        assert all(v["kind"] != "place" or "Cairo" not in v["values"] for v in visit["variants"])
    dated = [v for v in visits if v["date"]]
    assert dated and all(v["date"]["start"] <= v["date"]["end"] for v in dated)


def test_sample_events_no_event_mixes_places_in_two_countries(events):
    for event in events:
        for variant in event["variants"]:
            if variant["kind"] == "place":
                assert not {"Moscow", "Cairo"} <= set(variant["values"]), event


def test_sample_events_port_call_is_dated_and_apart_from_deployments(events):
    calls = [e for e in events if e["category"] == "MOBILIZE" and _place(e) == "Tobruk"]
    assert len(calls) == 1
    call = calls[0]
    assert call["mode"] == "happened" and call["date"] and call["date"]["precision"] == "day"
    assert "tobruk" in _words(call)
    deployments = [e for e in events if e["category"] == "MOBILIZE" and e["id"] != call["id"]
                   and any(w in _words(e) for w in ("deploy", "dispatch"))]
    assert deployments  # the claimed deployments exist, as events of their own
    assert not any(w in _words(call) for w in ("deploy", "dispatch"))


def test_sample_events_arms_offer_is_an_offer_not_a_delivery(events):
    offers = [e for e in events if e["category"] == "AID" and e["mode"] == "offered"]
    assert offers
    offer = max(offers, key=lambda e: len(e["carriers"]))
    assert offer["subtype"] == "military" and offer["actor"] and offer["target"]
    assert all(c["mode"] == "offered" for c in offer["carriers"])


def test_sample_events_every_event_says_who_or_where_or_when(events):
    for event in events:
        assert event["actor"] or event["target"] or event["place"] or event["date"], event


def test_sample_events_no_time_from_a_bound_or_comparison(events):
    for event in events:
        if event["date"]:  # "the largest landing since 1952" is not dated 1952
            year = str(event["date"]["start"])[:4]
            for carrier in event["carriers"]:
                text = " ".join(carrier["text"].split()).lower()
                assert f"since {year}" not in text and f"since the {year}" not in text, event

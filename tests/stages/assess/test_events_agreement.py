"""group_events as an analyst reads it: the fields most carriers agree on, mentions placed in the event
their own report tells, roles and countries that do not make two events one, vague events left out."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from echolocate.stages.assess.events import EventInput, group_events

# made-up places: two towns in one country, a town in another, and the first country itself
TOWNS = {
    "Harbourtown": (10.0, 20.0, "city", "AA"),
    "Quayside": (10.1, 20.1, "city", "AA"),  # about 15 km from Harbourtown
    "Farmouth": (40.0, -5.0, "city", "BB"),
    "Aland": (11.0, 21.0, "country", "AA"),
}


def _m(report: str, idx: int = 0, *, category: str = "CONSULT", mode: str = "happened", lemma: str = "visit",
       actor: str | None = "Marshal Ironside", target: str | None = None, place: str | None = None,
       day: date | None = None, time_text: str | None = None, claim: str | None = None) -> EventInput:
    lat, lon, precision, country = TOWNS.get(place, (None, None, "unknown", None)) if place else (
        None, None, "unknown", None)
    return EventInput(report_id=report, idx=idx, text=f"{actor} {lemma} {target or ''} {place or ''}".strip(),
                      start=0, end=10, category=category, subtype=None, mode=mode, trigger=lemma, actor=actor,
                      target=target, place=place, lat=lat, lon=lon, place_precision=precision,
                      date_start=day, date_end=day, date_precision="day" if day else "unknown",
                      time_text=time_text or (day.isoformat() if day else None),
                      claim_id=claim or f"c-{report}-{idx}", origin_name=f"Outlet {report}", origin_kind="outlet",
                      origin_key=f"outlet {report}", source_path=f"{report}.txt", place_country=country, lemma=lemma)


def _with(events, place: str):
    return [e for e in events if (e.place or {}).get("name") == place]


@pytest.mark.parametrize(("places", "shown"), [
    (("Quayside", "Harbourtown", "Harbourtown"), "Harbourtown"),  # the majority, not the first report's
    (("Aland", "Harbourtown"), "Harbourtown"),  # the country counts for the town inside it
    (("Aland", "Aland", "Quayside"), "Quayside"),  # two "Aland" and one town in it: all agree on the town
])
def test_group_events_shows_the_place_most_carriers_agree_on(places, shown):
    events = group_events([_m(f"r{i}", place=p) for i, p in enumerate(places)])
    assert len(events) == 1
    assert events[0].place["name"] == shown
    if len(set(places)) > 1:
        assert [v for v in events[0].variants if v["kind"] == "place"][0]["values"] == sorted(set(places))


def test_group_events_shows_the_date_most_carriers_agree_on():
    days = [date(2020, 3, 1), date(2020, 3, 2), date(2020, 3, 2)]
    events = group_events([_m(f"r{i}", day=d) for i, d in enumerate(days)])
    assert len(events) == 1
    assert events[0].date["start"] == "2020-03-02"
    assert len([v for v in events[0].variants if v["kind"] == "date"][0]["values"]) == 2


def test_group_events_target_named_by_most_carriers():
    mentions = [_m("r1", target="Admiral Vane"), _m("r2", target="Vane"), _m("r3", target="the admiral")]
    events = group_events(mentions)
    assert len(events) == 1 and events[0].target in ("Admiral Vane", "Vane")


def test_group_events_vague_mention_joins_the_visit_its_own_report_tells():
    mentions = [_m("r1", idx=0, place="Farmouth"),  # another report's visit elsewhere, first in order
                _m("r2", idx=0, place="Harbourtown"),
                _m("r2", idx=5, actor=None)]  # "the visit", later in r2
    events = group_events(mentions)
    harbour = _with(events, "Harbourtown")[0]
    assert ("r2", 5) in harbour.members


@pytest.mark.parametrize("lemma", ["meet", "visit"])
def test_group_events_unplaced_mention_stays_where_its_report_puts_that_type(lemma):
    # r2 tells a trip to Harbourtown and, unplaced, a meeting; r1 tells a trip to Farmouth by the same man
    mentions = [_m("r1", place="Farmouth", day=date(2020, 5, 1)),
                _m("r2", idx=0, place="Harbourtown"),
                _m("r2", idx=1, lemma=lemma, target="Admiral Vane", day=date(2020, 5, 1))]
    events = group_events(mentions)
    farmouth = _with(events, "Farmouth")[0]
    assert ("r2", 1) not in farmouth.members


@pytest.mark.parametrize(("category", "a_parties", "b_parties", "together"), [
    # "the marshal opposes the council" and "militias oppose the marshal": two events
    ("REJECT", ("Marshal Ironside", "the council"), ("armed militias", "Marshal Ironside"), False),
    # "the marshal met the admiral" and "the admiral met the marshal": one meeting
    ("CONSULT", ("Marshal Ironside", "Admiral Vane"), ("Admiral Vane", "Marshal Ironside"), True),
])
def test_group_events_swapped_roles(category, a_parties, b_parties, together):
    a = _m("r1", category=category, lemma="oppose", actor=a_parties[0], target=a_parties[1])
    b = _m("r2", category=category, lemma="oppose", actor=b_parties[0], target=b_parties[1])
    assert (len(group_events([a, b])) == 1) is together


@pytest.mark.parametrize(("lemma_b", "together"), [
    ("sail", True),  # the same word: one movement told twice
    ("deploy", False),  # only the country in common: a country does many things
])
def test_group_events_a_country_alone_is_no_evidence(lemma_b, together):
    a = replace(_m("r1", category="MOBILIZE", lemma="sail", actor="Aland"), actor_affiliation="Aland")
    b = replace(_m("r2", category="MOBILIZE", lemma=lemma_b, actor="Aland"), actor_affiliation="Aland")
    assert (len(group_events([a, b])) == 1) is together


@pytest.mark.parametrize(("a", "b", "together"), [
    ("United Arab Emirates", "United Nations", False),  # a shared first word is not a shared name
    ("Richard M. Nixon", "Richard Nixon", True),
    ("Lohan", "Lindsay Lohan", True),
])
def test_group_events_names_fit_on_their_head_word(a, b, together):
    events = group_events([_m("r1", actor=a, lemma="meet"), _m("r2", actor=b, lemma="meet")])
    assert (len(events) == 1) is together


@pytest.mark.parametrize(("fields", "shown"), [
    ({"actor": None}, False),  # "the assault": nobody, nowhere, never
    ({"actor": None, "target": "the parties"}, False),  # "these deals" between "parties": still nothing
    ({"actor": None, "time_text": "(report date)", "day": date(2020, 1, 1)}, False),  # only the report's day
    ({"actor": "Marshal Ironside"}, True),
    ({"actor": None, "place": "Harbourtown"}, True),
    ({"actor": None, "day": date(2020, 1, 1)}, True),
])
def test_group_events_leaves_out_events_that_say_nothing_specific(fields, shown):
    mention = _m("r1", **fields)
    assert (len(group_events([mention])) == 1) is shown
    assert len(group_events([mention], vague=True)) == 1


def test_group_events_best_fit_does_not_depend_on_input_order():
    mentions = [_m("r1", place="Farmouth"), _m("r2", idx=0, place="Harbourtown"), _m("r2", idx=5, actor=None),
                _m("r3", idx=0, actor=None, place="Quayside"), _m("r3", idx=2, actor=None)]
    forward = [(e.id, e.members) for e in group_events(mentions)]
    assert forward == [(e.id, e.members) for e in group_events(list(reversed(mentions)))]


@pytest.mark.parametrize(("category", "together"), [
    ("SUPPORT", False),  # "the council backs the marshal", "the marshal was welcomed": a recipient receives many
    ("CONSULT", True),  # a meeting has no sides: the same counterpart is evidence
])
def test_group_events_shared_target_alone(category, together):
    a = _m("r1", category=category, lemma="back", actor="Harbour Council", target="Marshal Ironside")
    b = _m("r2", category=category, lemma="welcome", actor=None, target="Marshal Ironside")
    assert (len(group_events([a, b])) == 1) is together

"""group_events: one event across reports, kept apart by mode, participants and dates; evidence counted."""

from dataclasses import replace
from datetime import date

import pytest

from echolocate.stages.assess.events import EventInput, group_events


def _mention(report: str, idx: int = 0, *, category: str = "CONSULT", mode: str = "happened",
             actor: str | None = "Harbour Mayor", target: str | None = "Port Minister", day: date | None = None,
             origin: str | None = None, place: str | None = None) -> EventInput:
    return EventInput(report_id=report, idx=idx, text=f"{actor} met {target}", start=0, end=20, category=category,
                      subtype=None, mode=mode, trigger="met", actor=actor, target=target, place=place,
                      lat=1.0 if place else None, lon=2.0 if place else None,
                      place_precision="city" if place else "unknown", date_start=day, date_end=day,
                      date_precision="day" if day else "unknown", claim_id=f"c-{report}-{idx}",
                      origin_name=origin or f"Outlet {report}", origin_kind="outlet",
                      origin_key=(origin or f"Outlet {report}").lower(), source_path=f"{report}.txt")


def test_group_events_same_event_from_three_reports_is_one():
    events = group_events([_mention("r1", day=date(2020, 3, 1)), _mention("r2"), _mention("r3", origin="Outlet r1")])
    assert len(events) == 1
    assert events[0].independent_origins == 2 and len(events[0].carriers) == 3
    assert events[0].date == {"start": "2020-03-01", "end": "2020-03-01", "precision": "day"}


def test_group_events_offer_is_not_a_delivery():
    events = group_events([_mention("r1", category="AID", mode="offered"), _mention("r2", category="AID")])
    assert sorted(e.mode for e in events) == ["happened", "offered"]


def test_group_events_different_days_are_different_events():
    events = group_events([_mention("r1", day=date(2020, 3, 1)), _mention("r2", day=date(2020, 6, 1))])
    assert len(events) == 2 and events[0].date["start"] < events[1].date["start"]


def test_group_events_denial_joins_and_is_named():
    events = group_events([_mention("r1"), _mention("r2", mode="denied", origin="Ministry")])
    assert len(events) == 1
    assert events[0].denied_by == ("Ministry",) and events[0].independent_origins == 1
    assert events[0].certainty.startswith("denied by Ministry")


def test_group_events_conflicting_places_are_variants():
    events = group_events([_mention("r1", place="Harbourtown"), _mention("r2", place="Rivermouth")])
    assert [v["kind"] for v in events[0].variants] == ["place"]


def test_group_events_does_not_depend_on_input_order():
    mentions = [_mention("r1", day=date(2020, 3, 1)), _mention("r2"), _mention("r3", category="AID"),
                _mention("r4", actor="Someone Else")]
    assert [e.id for e in group_events(mentions)] == [e.id for e in group_events(list(reversed(mentions)))]


def test_group_events_person_and_country_are_compatible_actors_via_affiliation():
    offer = dict(category="AID", mode="offered", target="Field Commander")
    mentions = [_mention("r1", actor="Northland", **offer),
                replace(_mention("r2", actor="Ivan Petrov", **offer), actor_affiliation="Northland"),
                _mention("r3", actor="Petrov", **offer)]  # affiliation learnt from r2, surname of r2's name
    events = group_events(mentions)
    assert len(events) == 1 and len(events[0].carriers) == 3


def test_group_events_unrelated_actors_stay_apart():
    events = group_events([_mention("r1", actor="Northland"),
                           replace(_mention("r2", actor="Ivan Petrov"), actor_affiliation="Southland")])
    assert len(events) == 2


@pytest.mark.parametrize(("modes", "expected"), [
    (("offered", "happened", "planned"), 3),  # offers, deliveries and plans are different events
    (("happened", "denied"), 1),  # a denial joins what it denies
])
def test_group_events_modes_kept_apart(modes, expected):
    events = group_events([_mention(f"r{i}", category="AID", mode=m) for i, m in enumerate(modes)])
    assert len(events) == expected


def test_group_events_takes_most_precise_date_and_keeps_conflicts_as_variants():
    year = replace(_mention("r1"), date_start=date(2020, 1, 1), date_end=date(2020, 12, 31), date_precision="year",
                   time_text="2020")
    day1 = replace(_mention("r2", day=date(2020, 3, 1)), time_text="March 1")
    day2 = replace(_mention("r3", day=date(2020, 3, 2)), time_text="March 2")  # a report a day off
    undated = _mention("r4")
    events = group_events([year, day1, day2, undated])
    assert len(events) == 1
    assert events[0].date["precision"] == "day" and events[0].date["start"] in ("2020-03-01", "2020-03-02")
    dates = [v for v in events[0].variants if v["kind"] == "date"][0]["values"]
    assert len(dates) == 3


def test_group_events_distant_towns_are_different_events():
    a = replace(_mention("r1", place="Harbourtown"), lat=30.0, lon=31.0)
    b = replace(_mention("r2", place="Rivermouth"), lat=55.0, lon=37.0)
    assert len(group_events([a, b])) == 2


def test_group_events_town_outside_the_country_is_another_event():
    town = replace(_mention("r1", place="Harbourtown"), lat=30.0, lon=31.0, place_country="AA")
    same_country = replace(_mention("r2", place="Aland"), lat=29.0, lon=30.0, place_precision="country",
                           place_country="AA")
    other_country = replace(_mention("r3", place="Bland"), lat=40.0, lon=10.0, place_precision="country",
                            place_country="BB")
    assert len(group_events([town, same_country])) == 1
    assert len(group_events([town, other_country])) == 2


def test_group_events_same_word_without_parties_joins_across_reports():
    mentions = [replace(_mention("r1", actor=None, target=None), lemma="visit"),
                replace(_mention("r2", actor=None, target=None), lemma="visit"),
                replace(_mention("r3", actor=None, target=None), lemma="meet")]
    assert sorted(len(e.carriers) for e in group_events(mentions, vague=True)) == [1, 2]


@pytest.mark.parametrize("a, b, together", [
    ("the police", "officers", True),  # descriptions do not tell events apart
    ("Harbour Mayor", "Mayor", True),  # one name within the other
    ("Harbour Mayor", "Port Minister", False),  # two different names do
])
def test_group_events_only_names_keep_events_apart(a, b, together):
    events = group_events([_mention("r1", actor=a), _mention("r2", actor=b)])
    assert (len(events) == 1) is together

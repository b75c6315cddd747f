"""group_events: one event across reports, kept apart by mode, participants and dates; evidence counted."""

from datetime import date

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

"""The timeline: items from events and claims, grouping by period, precision labels, the overview strip."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from echolocate.web import timeline
from echolocate.web.query import ClaimFacets, Period
from echolocate.web.timeline import Item

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("period, label", [
    (Period("2016-01-01", "2016-12-31", "year"), "2016"),
    (Period("2016-06-01", "2016-06-30", "month"), "2016-06"),
    (Period("2016-11-28", "2016-11-28", "day"), "2016-11-28"),
    (Period("2016-06-03", "2016-06-09", "range"), "2016-06-03 – 2016-06-09"),
])
def test_timeline_period_label_keeps_the_precision(period, label):
    assert timeline.period_label(period) == label


def _item(start, end, precision, kind="event", title="t"):
    return Item(kind, Period(start, end, precision), title, "#")


def test_timeline_group_items_by_month_with_years_apart():
    items = [_item("2016-11-28", "2016-11-28", "day"), _item("2016-01-01", "2016-12-31", "year"),
             _item("2016-11-01", "2016-11-30", "month"), _item("2016-06-28", "2016-07-03", "range"),
             _item("2017-03-14", "2017-03-14", "day")]
    groups = timeline.group_items(sorted(items, key=lambda i: i.period.start))
    assert [(g.key, len(g.items)) for g in groups] == [("2016", 2), ("2016-11", 2), ("2017-03", 1)]
    assert groups[1].label == "November 2016" and groups[0].date_from == "2016"


@pytest.mark.parametrize("intervals, expected", [
    ([], []),
    ([(10, 20), (25, 30)], [(10, 30)]),
    ([(0, 1), (10_000, 10_001), (10_010, 10_020)], [(0, 1), (10_000, 10_020)]),
    ([(5, 50), (0, 10)], [(0, 50)]),
])
def test_timeline_segments_break_the_axis_over_long_empty_stretches(intervals, expected):
    assert timeline.segments(intervals) == expected


def test_timeline_items_from_events_and_claims_in_time_order():
    events = [{"category": "CONSULT", "mode": "happened", "actor": "A", "target": "B", "place": None,
               "date": {"start": "2016-11-28", "end": "2016-11-28", "precision": "day"}, "certainty": "c",
               "carriers": []},
              {"category": "MOVE", "mode": "planned", "actor": None, "target": None, "place": None, "date": None,
               "carriers": []}]
    groups = [{"id": "g1", "text": "claim", "grade": "corroborated"}]
    facets = {"g1": ClaimFacets(periods=(Period("2016-06-01", "2016-06-30", "month"),
                                         Period("2016-11-28", "2016-11-28", "day", "reported")))}
    items = timeline.items_from(events, groups, facets, lambda e: "/events", lambda g: f"/claims/{g['id']}")
    assert [(i.kind, i.period.start) for i in items] == [("claim", "2016-06-01"), ("event", "2016-11-28"),
                                                         ("reported", "2016-11-28")]
    assert items[0].href == "/claims/g1" and items[0].grade == "corroborated" and items[1].title.startswith("A → B")


def test_timeline_overview_svg_draws_each_precision_and_escapes_titles():
    evil = '<script>alert(1)</script>'
    items = [_item("1952-01-01", "1952-12-31", "year", title=evil), _item("2016-06-01", "2016-06-30", "month"),
             _item("2016-11-28", "2016-11-28", "day", "claim"), _item("2016-07-01", "2016-07-09", "range",
                                                                       "reported")]
    svg = str(timeline.overview_svg(items, href=lambda key: f"/timeline?date_from={key}"))
    root = ET.fromstring(svg)
    assert "<script>" not in svg and not list(root.iter(f"{SVG}script"))
    assert [t.text for t in root.iter(f"{SVG}title")][0].endswith(evil)
    assert len(list(root.iter(f"{SVG}circle"))) == 1 and len(list(root.iter(f"{SVG}path"))) == 1
    assert "≈" in svg  # 1952 and 2016 on one axis: broken, not squashed
    xs = [float(c.get("cx")) for c in root.iter(f"{SVG}circle")]
    assert all(150 <= x <= 960 for x in xs)
    assert timeline.overview_svg([]) == ""

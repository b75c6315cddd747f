"""The shared filter of the linked views: dates, names, places, claim facets, and the links that carry it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from echolocate.web import query
from echolocate.web.facets import build_views, index_from_readings
from echolocate.web.query import ClaimFacets, ClaimFilter, Period, PlaceRef


@pytest.mark.parametrize("value, expected", [
    ("2016", ("2016-01-01", "2016-12-31", "year")),
    ("2016-02", ("2016-02-01", "2016-02-29", "month")),
    ("2015-02", ("2015-02-01", "2015-02-28", "month")),
    ("2016-11-28", ("2016-11-28", "2016-11-28", "day")),
    (" 2017-03 ", ("2017-03-01", "2017-03-31", "month")),
    ("2016-13", None), ("2016-02-30", None), ("P6M", None), ("XXXX-06", None), ("", None), (None, None),
    ("2016-W23", None), ("PRESENT_REF", None),
])
def test_query_period_of_reads_iso_years_months_and_days(value, expected):
    assert query.period_of(value) == expected


@pytest.mark.parametrize("start, end, lo, hi, expected", [
    ("2016-06-01", "2016-06-30", "2016-06", "2016-06", True),
    ("2016-06-01", "2016-06-30", "2016-07", None, False),
    ("2016-06-01", "2016-06-30", None, "2016-05-31", False),
    ("2016-01-01", "2016-12-31", "2016-11-28", "2016-11-28", True),
    ("2016-06-15", "2016-06-15", "2016", "2016", True),
    ("2016-06-15", "2016-06-15", None, None, True),
    ("2016-06-15", "2016-06-15", "garbage", None, True),
])
def test_query_overlaps_uses_whole_periods_at_both_ends(start, end, lo, hi, expected):
    assert query.overlaps(start, end, lo, hi) is expected


@pytest.mark.parametrize("wanted, name, expected", [
    ("Haftar", "Khalifa Haftar", True), ("haftar", "KHALIFA HAFTAR", True), ("Khalifa Haftar", "Khalifa Haftar", True),
    ("Haft", "Khalifa Haftar", False), ("Russia", "Russian Federation", False), ("", "Russia", False),
    ("Haftar", None, False), ("U.S.", "the U.S. Navy", True), ("(", "a ( b", True),
])
def test_query_name_matches_whole_words(wanted, name, expected):
    assert query.name_matches(wanted, name) is expected


def test_query_place_matches_by_name_or_by_country():
    tripoli = PlaceRef("Tripoli", 32.9, 13.2, "city", "LY")
    countries = {"LY": "Libya"}
    assert query.place_matches("Tripoli", tripoli)
    assert query.place_matches("Libya", tripoli, countries)
    assert not query.place_matches("Libya", tripoli)
    assert query.place_matches("Libya", {"name": "Sirte", "country_code": "LY"}, countries)
    assert not query.place_matches("Egypt", tripoli, countries) and not query.place_matches("x", None)


@given(st.builds(ClaimFilter, grade=st.sampled_from([None, "corroborated", "single source"]),
                 min_origins=st.one_of(st.none(), st.integers(0, 9)), min_carriers=st.integers(1, 9),
                 q=st.one_of(st.none(), st.text(max_size=12)), outlet=st.one_of(st.none(), st.text(max_size=12)),
                 actor=st.one_of(st.none(), st.text(max_size=12)), place=st.one_of(st.none(), st.text(max_size=12)),
                 date_from=st.sampled_from([None, "2016", "2016-06-01"]), date_to=st.sampled_from([None, "2017-01"])))
def test_query_filter_url_round_trips_the_filter(f):
    url = query.filter_url("/map", f)
    params = {k: v[0] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}
    assert urlsplit(url).path == "/map"
    for key in query.FILTER_KEYS:
        value = getattr(f, key)
        if value in (None, "") or (key == "min_carriers" and value == 1):
            assert key not in params
        else:
            assert params[key] == str(value)


def test_query_filter_url_changes_one_part_and_keeps_the_rest():
    f = ClaimFilter(grade="corroborated", actor="Haftar", min_carriers=2)
    assert query.filter_params(f, actor=None) == {"grade": "corroborated", "min_carriers": "2"}
    assert query.filter_params(f, place="Sirte")["place"] == "Sirte"
    assert query.filter_url("/", ClaimFilter()) == "/"


# -- facets of a hand-written claim ------------------------------------------------------------------------

TEXT = "Haftar met Shoigu in Moscow in June 2016, the ministry said."
READING = {
    "id": "r1",
    "entities": [{"name": "Khalifa Haftar", "kind": "person", "spellings_here": ["Haftar"]},
                 {"name": "Sergei Shoigu", "kind": "person", "spellings_here": ["Shoigu"]},
                 {"name": "Defence Ministry", "kind": "organisation", "spellings_here": ["ministry"]}],
    "places": [{"text": "Moscow", "name": "Moscow", "lat": 55.75, "lon": 37.62, "precision": "city",
                "country_code": "RU"},
               {"text": "Russia", "name": "Russian Federation", "lat": 60.0, "lon": 100.0, "precision": "country",
                "country_code": "RU"},
               {"text": "Atlantis", "name": "Atlantis", "lat": None, "lon": None, "precision": None}],
    "claims": [{"id": "c1", "times": [{"value": "2016-06"}, {"value": "P6M"}]}],
}
MENTIONS = {"r1": [(0, 0, 6, "Haftar", "person", "PERSON", "haftar"),
                   (1, 11, 17, "Shoigu", "person", "PERSON", "shoigu"),
                   (2, 21, 27, "Moscow", "place", "GPE", "moscow"),
                   (3, 45, 53, "ministry", "organisation", "ORG", "ministry"),
                   (4, 70, 76, "Russia", "place", "GPE", "russia")]}  # outside the claim: not counted
GROUP = {"id": "g1", "text": TEXT, "grade": "single source", "independent_origins": 1, "carrier_count": 1,
         "carriers": [{"claim_id": "c1", "report_id": "r1", "start": 0, "end": 41, "date": "2016-11-28",
                       "text": TEXT[:41], "outlet": "Wire", "origin": {"name": "Wire"}, "chain": []}]}


def test_query_claim_facets_reads_actors_places_and_dates_inside_the_claim():
    facets = query.claim_facets(GROUP, MENTIONS, index_from_readings([READING]))
    assert facets.actors == ("Khalifa Haftar", "Sergei Shoigu")
    assert [p.name for p in facets.places] == ["Moscow"]
    assert facets.periods == (Period("2016-06-01", "2016-06-30", "month"),
                              Period("2016-11-28", "2016-11-28", "day", "reported"))


def test_query_index_from_readings_skips_unlocated_places_and_names_countries():
    index = index_from_readings([READING])
    assert set(index.places["r1"]) == {"Moscow", "Russia"} and index.countries == {"RU": "Russian Federation"}
    assert index.times["r1"] == [("c1", "2016-06"), ("c1", "P6M")]


@pytest.mark.parametrize("f, matches", [
    (ClaimFilter(actor="Haftar"), True), (ClaimFilter(actor="Putin"), False),
    (ClaimFilter(place="Moscow"), True), (ClaimFilter(place="Russian Federation"), True),
    (ClaimFilter(place="Libya"), False),
    (ClaimFilter(date_from="2016-06", date_to="2016-06"), True), (ClaimFilter(date_from="2017"), False),
    (ClaimFilter(date_from="2016-11-28", date_to="2016-11-28"), True),  # the day it was reported
    (ClaimFilter(actor="Haftar", place="Libya"), False), (ClaimFilter(), True),
])
def test_query_filter_claims_by_actor_place_and_date(f, matches):
    views = build_views([GROUP], MENTIONS, [READING])
    assert (query.filter_claims([GROUP], f, views.facets, views.index.countries) == [GROUP]) is matches


def test_query_filter_claims_without_facets_matches_nothing_on_facet_filters():
    assert query.filter_claims([GROUP], ClaimFilter(actor="Haftar")) == []
    assert query.filter_claims([GROUP], ClaimFilter(q="shoigu")) == [GROUP]


EVENT = {"category": "CONSULT", "mode": "happened", "actor": "Khalifa Haftar", "target": "Sergei Shoigu",
         "place": {"name": "Moscow", "country_code": "RU", "lat": 55.75, "lon": 37.62},
         "date": {"start": "2016-06-01", "end": "2016-06-30", "precision": "month"},
         "carriers": [{"text": "Haftar met Shoigu", "outlet": "Wire"}]}


@pytest.mark.parametrize("f, matches", [
    (ClaimFilter(actor="Shoigu"), True), (ClaimFilter(actor="Putin"), False),
    (ClaimFilter(place="Russia"), True), (ClaimFilter(place="Cairo"), False),
    (ClaimFilter(date_from="2016-06-20"), True), (ClaimFilter(date_to="2016-05"), False),
    (ClaimFilter(outlet="wire"), True), (ClaimFilter(outlet="Other"), False),
    (ClaimFilter(grade="corroborated"), True),  # grades narrow claims, not events
])
def test_query_event_matches_the_shared_filter(f, matches):
    assert query.event_matches(EVENT, f, {"RU": "Russia"}) is matches


def test_query_event_period_reads_precision_and_ranges():
    assert query.event_period(EVENT) == Period("2016-06-01", "2016-06-30", "month")
    ranged = {**EVENT, "date": {"start": "2016-06-03", "end": "2016-06-09", "precision": "week"}}
    assert query.event_period(ranged).precision == "range"
    assert query.event_period({**EVENT, "date": None}) is None


def test_query_facets_default_is_empty():
    assert ClaimFacets() == ClaimFacets((), (), ())

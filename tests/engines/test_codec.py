"""Stage results survive the trip through JSON text that the Ray engine ships and stores as Parquet."""

from __future__ import annotations

from datetime import date

import pytest

from echolocate.engines import codec
from echolocate.model import Page, ParsedInput, Rejection, Report, Source
from echolocate.stages.read.types import Claim, Hedge, Mention, Place, Quote, Reading, SourceRef, Span, TimeRef

_REPORT = Report("A harbour was closed on Monday, officials said.", Source("in/a.html", "#story=2"),
                 title="Harbour closed", outlet="Example Post", published=date(2016, 11, 28), story_index=2)
_READING = Reading(
    report_id="r1",
    sentences=(Span(0, 10, "A harbour."),),
    mentions=(Mention(2, 9, "harbour", "place", "LOC", "harbour"),),
    places=(Place(2, 9, "harbour", "geonames:1", "Harbour", 32.1, 20.06, "LY", "PPL", "city", 0.75),),
    times=(TimeRef(20, 26, "Monday", "date", "2016-11-28", date(2016, 11, 28), date(2016, 11, 28), "day",
                   "anchor - 1 day", False, ("weekday-mismatch",)),),
    quotes=(Quote(0, 5, "\u201cclosed\u201d", "officials", 30, 39, "said"),),
    claims=(Claim(0, 30, "A harbour was closed", "fact", (SourceRef("officials", 30, 39, "official", "said"),
                                                          SourceRef("he", None, None, "pronoun")),
                  (Hedge(1, 3, "reportedly", "reported"),), "reports", True, False, 0),),
    anchor=date(2016, 11, 29),
    words=9,
    problems=("quotes: ValueError: x",),
)


@pytest.mark.parametrize("value", [
    _REPORT,
    _READING,
    Reading("r2"),
    ParsedInput(Source("in/a.html"), "abc", (_REPORT, _REPORT), (Rejection(Source("in/b"), "empty", "no bytes", "hint"),),
                (Page("p1", Source("in/a.html"), None, 3),)),
    [_READING, Reading("r3", words=0)],
])
def test_codec_round_trip_is_exact(value):
    back = codec.decode(codec.encode(value))
    assert back == (tuple(value) if isinstance(value, list) else value)


def test_codec_round_trip_keeps_unicode_and_floats_exact():
    place = Place(0, 4, "Sirte \u0633\u0631\u062a", lat=31.205753, lon=16.588937, confidence=0.1 + 0.2)
    assert codec.decode(codec.encode(place)) == place


@pytest.mark.parametrize("text", [
    '{"__t": "os:system", "command": "true"}',
    '{"__t": "echolocate.model:NoSuchThing"}',
    '{"__t": "echolocate.config:DEFAULT_JSONL_FIELDS"}',
])
def test_codec_refuses_classes_it_must_not_build(text):
    with pytest.raises(codec.CodecError):
        codec.decode(text)


def test_codec_refuses_values_it_cannot_encode():
    with pytest.raises(codec.CodecError):
        codec.encode(Reading("r1", problems=(object(),)))

"""Arguments read from the trigger's own clause: bounds and comparisons are not the event's time,
descriptions are not events, places behind non-spatial prepositions or listed with a party are not
where the event happened, and a noun event's "of" names its provider. Sentences are our own."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def read(read_events):
    """A function from text to events (no claims: every sentence counts)."""
    return lambda text: read_events(text, with_claims=False)


def _one(events, trigger):
    found = [e for e in events if e.trigger == trigger]
    assert found, [(e.trigger, e.category) for e in events]
    return found[0]


@pytest.mark.parametrize(("text", "trigger", "time"), [
    ("The second visit of the minister to Cairo since June was short.", "visit", None),  # a bound
    ("The frigate docked at Tartus until March.", "docked", None),
    ("The rebels attacked the town after the ceasefire in May.", "attacked", None),
    ("The minister's visit to Cairo in June was his second.", "visit", "June"),  # its own time stays
    ("The frigate docked at Tartus on Friday.", "docked", "Friday"),
])
def test_extract_events_bounds_are_not_the_event_time(read, text, trigger, time):
    assert _one(read(text), trigger).time == time


@pytest.mark.parametrize(("text", "not_a_trigger"), [
    ("The UN-backed government met in Tripoli.", "backed"),  # a participle inside a noun phrase
    ("Marines will land for an operation billed as the largest allied landing since the 1952 war.", "landing"),
    ("It was the deadliest attack since 2015.", "attack"),
])
def test_extract_events_descriptions_are_not_events(read, text, not_a_trigger):
    assert not_a_trigger not in [e.trigger for e in read(text)]


@pytest.mark.parametrize(("text", "trigger"), [
    ("Russia held its first naval exercise since the Cold War.", "exercise"),  # a real event, first since
    ("The army attacked the town.", "attacked"),
])
def test_extract_events_real_events_stay(read, text, trigger):
    assert _one(read(text), trigger)


@pytest.mark.parametrize(("text", "trigger", "place"), [
    ("In addition to Russia, the general is supported by Egypt.", "supported", None),
    ("The general is backed by Egypt, whose president has close ties to the Kremlin.", "backed", None),
    ("The council is supported by the UN, France and Italy.", "supported", None),  # parties, not places
    ("Russia dispatched paratroopers from the Moscow province.", "dispatched", None),  # whence, not where
    ("Russia sent warships to the port of Tobruk.", "sent", "Tobruk"),
    ("The navy captured pirates who threatened a ship in the Gulf of Aden.", "captured", "Gulf of Aden"),
    ("The two sides signed an agreement in Cairo.", "signed", "Cairo"),
])
def test_extract_events_place_is_where_it_happened(read, text, trigger, place):
    assert _one(read(text), trigger).place == place


@pytest.mark.parametrize(("text", "trigger", "actor"), [
    ("The general grew stronger with the assistance of the Egyptian Armed Forces.", "assistance",
     "Egyptian Armed Forces"),
    ("The delivery of Russian fighter jets was late.", "delivery", None),  # goods, not a provider
    ("Russia held its first naval exercise in years.", "exercise", "Russia"),  # "its": the light verb's subject
])
def test_extract_events_nominal_actor(read, text, trigger, actor):
    assert _one(read(text), trigger).actor == actor

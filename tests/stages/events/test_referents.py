"""Event arguments resolved inside a report: pronouns, titles, nationality words, affiliations; real places
only; and the movements of forces (port calls, landings) as MOBILIZE. Hand-written sentences."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def read(read_events):
    """A function from text to events, running the real read-stage readers first."""
    return read_events


def _by_trigger(events, trigger):
    matches = [e for e in events if e.trigger == trigger]
    assert matches, [(e.trigger, e.category, e.actor) for e in events]
    return matches[0]


@pytest.mark.parametrize(
    ("text", "trigger", "category", "place"),
    [
        ("The frigate sailed into Tartus port on Monday.", "sailed", "MOBILIZE", "Tartus"),
        ("Two destroyers docked at Alexandria last week.", "docked", "MOBILIZE", "Alexandria"),
        ("French commandos landed at an air base near Benghazi.", "landed", "MOBILIZE", "Benghazi"),
        ("Egyptian jets flew to Tobruk on Friday.", "flew", "MOBILIZE", "Tobruk"),
        ("The prime minister flew to Cairo on Friday.", "flew", "CONSULT", "Cairo"),
    ],
)
def test_extract_events_movements(read, text, trigger, category, place):
    event = _by_trigger(read(text), trigger)
    assert (event.category, event.place) == (category, place)


@pytest.mark.parametrize(
    ("text", "trigger", "actor", "affiliation"),
    [
        # a pronoun goes to the person named before it
        ("General Omar Bashar arrived in Amman on Sunday. He met the king on Monday.", "met", "Omar Bashar", None),
        # a definite title goes to the name written with that title
        ("Field marshal Omar Bashar spoke on Monday. Later, the field marshal visited Amman.", "visited",
         "Omar Bashar", None),
        # a related title: a leader is a president
        ("Russian President Vladimir Putin spoke on Monday. The Russian leader later visited Ankara.", "visited",
         "Vladimir Putin", "Russia"),
        # a nationality word with a collective noun stands for its country, written where the report names it
        ("Russia has long backed the army. Russian jets bombed the town of Derna.", "bombed", "Russia", "Russia"),
        # with no such name in the report, the phrase stays, the country attached
        ("Egyptian warplanes struck targets near Derna.", "struck", "Egyptian warplanes", "Egypt"),
        # the affiliation of a name comes from its noun phrase
        ("Russian President Vladimir Putin offered fighter jets to the army.", "offered", "Vladimir Putin", "Russia"),
    ],
)
def test_extract_events_actor_resolution(read, text, trigger, actor, affiliation):
    event = _by_trigger(read(text), trigger)
    assert (event.actor, event.actor_affiliation) == (actor, affiliation)
    assert text[event.actor_start:event.actor_end] == event.actor


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("It was raining when they met the envoy.", "met"),  # "they" with nothing to point at: unknown
        ("His main objective is to seize control of the fields.", "seize"),  # not a party
    ],
)
def test_extract_events_actor_unknown_rather_than_wrong(read, text, trigger):
    assert _by_trigger(read(text), trigger).actor is None


def test_extract_events_target_is_a_party_not_an_abstract_noun(read):
    event = _by_trigger(read("The general visited Cairo to discuss the details with the minister."), "discuss")
    assert event.target != "details"


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("According to Debka, Russia is offering Haftar fighter jets.", "offering"),
        ("The Egyptian air force has bombed the Islamic State fighters.", "bombed"),
    ],
)
def test_extract_events_place_is_never_an_outlet_or_adjective(read, text, trigger):
    event = _by_trigger(read(text), trigger)
    assert event.place not in ("Debka", "Islamic", "Egyptian")

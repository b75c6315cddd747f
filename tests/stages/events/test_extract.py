"""Event extraction: categories, modes, arguments and offsets on hand-written sentences, and the sample corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from echolocate.stages.events import CATEGORIES, MODES

REPO = Path(__file__).resolve().parents[3]
SAMPLE = REPO.parent / "shared" / "corpora" / "libya-2016"


@pytest.fixture(scope="module")
def read(read_events):
    """A function from text to events, running the real read-stage readers first."""
    return read_events


def _by_trigger(events, trigger):
    matches = [e for e in events if e.trigger == trigger]
    assert matches, [(e.trigger, e.category) for e in events]
    return matches[0]


@pytest.mark.parametrize(
    ("text", "trigger", "category", "subtype"),
    [
        ("Haftar arrived in Moscow on Sunday and met Shoigu.", "met", "CONSULT", None),
        ("The foreign ministers held talks with their Egyptian counterparts.", "talks", "CONSULT", None),
        ("Putin visited Cairo in February.", "visited", "CONSULT", "visit"),
        ("Russia is offering Haftar fighter jets.", "offering", "AID", "military"),
        ("Russia delivered armoured vehicles to the army last week.", "delivered", "AID", "military"),
        ("The European Union sent food and medicine to the town.", "sent", "AID", "humanitarian"),
        ("Qatar provided the government with a large loan.", "provided", "AID", "economic"),
        ("Moscow deployed troops in eastern Syria.", "deployed", "MOBILIZE", None),
        ("Egyptian warplanes struck targets near Derna on Friday.", "struck", "ASSAULT", None),
        ("Rebels attacked the convoy.", "attacked", "ASSAULT", None),
        ("The mayor asked the army to protect the port.", "asked", "REQUEST", None),
        ("The two sides signed an agreement in Cairo.", "signed", "AGREE", None),
        ("The parties agreed on a ceasefire.", "agreed", "AGREE", None),
        ("The opposition accused the government of fraud.", "accused", "ACCUSE", None),
        ("Parliament rejected the proposal.", "rejected", "REJECT", None),
        ("The general threatened the rebels with air strikes.", "threatened", "THREATEN", None),
        ("Thousands protested in the capital.", "protested", "PROTEST", None),
        ("Washington imposed sanctions on the bank.", "imposed", "SANCTION", None),
        ("Police arrested two journalists in Benghazi.", "arrested", "COERCE", None),
        ("The militia withdrew from the airport.", "withdrew", "RETREAT", "withdraw"),
        ("Russia and Egypt held joint exercises.", "exercises", "COOPERATE", None),
        ("The minister praised the new government.", "praised", "SUPPORT", None),
        ("Russia struck a deal with the rebels.", "struck", "AGREE", None),
    ],
)
def test_extract_events_category(read, text, trigger, category, subtype):
    event = _by_trigger(read(text), trigger)
    assert (event.category, event.subtype) == (category, subtype)
    assert event.category in CATEGORIES


@pytest.mark.parametrize(
    ("text", "trigger", "mode"),
    [
        ("Russia delivered fighter jets to Haftar last week.", "delivered", "happened"),
        ("Russia is offering Haftar fighter jets.", "offering", "offered"),
        ("Russia offered to send fighter jets to Haftar.", "send", "offered"),
        ("Moscow plans to deploy troops in eastern Libya.", "deploy", "planned"),
        ("Moscow will deploy troops in eastern Libya.", "deploy", "planned"),
        ("Haftar asked Russia to supply weapons.", "supply", "requested"),
        ("The ministry denied that its aircraft bombed the hospital.", "bombed", "denied"),
        ("Russia did not strike the convoy.", "strike", "denied"),
        ("If the talks fail, Egypt could send troops to Libya.", "send", "hypothetical"),
        ("If Russia sends jets, the war will escalate.", "sends", "hypothetical"),
        ("The planned visit to Cairo was postponed.", "visit", "planned"),
    ],
)
def test_extract_events_mode(read, text, trigger, mode):
    assert mode in MODES
    assert _by_trigger(read(text), trigger).mode == mode


def test_extract_events_consult_example_has_place_and_date(read):
    events = read("Haftar arrived in Moscow on Sunday and met Shoigu.")
    met = _by_trigger(events, "met")
    assert (met.category, met.actor, met.target, met.place, met.time) == ("CONSULT", "Haftar", "Shoigu", "Moscow", "Sunday")
    assert _by_trigger(events, "arrived").place == "Moscow"


@pytest.mark.parametrize(
    ("text", "trigger", "actor", "target"),
    [
        ("Russia is offering Haftar fighter jets.", "offering", "Russia", "Haftar"),
        ("Russia delivered fighter jets to Haftar last week.", "delivered", "Russia", "Haftar"),
        ("Egypt provides Haftar with air support.", "provides", "Egypt", "Haftar"),
        ("Haftar asked Russia to supply weapons.", "supply", "Russia", None),
        ("Haftar asked Russia to supply weapons.", "asked", "Haftar", "Russia"),
        ("Haftar's visit to Moscow in June was his second.", "visit", "Haftar", None),
        ("The deployment of Russian troops began in March.", "deployment", "Russian troops", None),
        ("Haftar, who is aided by Egypt, controls the east.", "aided", "Egypt", "Haftar"),
    ],
)
def test_extract_events_actor_and_target(read, text, trigger, actor, target):
    event = _by_trigger(read(text), trigger)
    assert (event.actor, event.target) == (actor, target)


@pytest.mark.parametrize(
    ("text", "trigger", "place", "time"),
    [
        ("Haftar's visit to Moscow in June was his second.", "visit", "Moscow", "June"),
        ("The deployment of Russian troops began in March.", "deployment", None, "March"),
        ("Moscow plans to deploy troops in eastern Libya.", "deploy", "Libya", None),
        ("Haftar asked Russia to supply weapons.", "supply", None, None),
    ],
)
def test_extract_events_place_and_time(read, text, trigger, place, time):
    event = _by_trigger(read(text), trigger)
    assert (event.place, event.time) == (place, time)


@pytest.mark.parametrize(
    "text",
    [
        "The weather was mild.",
        "The city is known for its old harbour and its markets.",
        "Is Russia going to send troops to Libya?",
    ],
)
def test_extract_events_none_without_an_event(read, text):
    assert read(text) == []


def test_extract_events_offsets_point_into_the_text(read):
    text = ("Officials said on Monday that Russia had delivered armoured vehicles to Haftar. "
            "He met the defence minister in Moscow, and the two discussed further deliveries.")
    events = read(text)
    assert len(events) >= 3
    for e in events:
        assert text[e.start:e.end] == e.text
        assert text[e.trigger_start:e.trigger_end] == e.trigger
        assert e.start <= e.trigger_start < e.trigger_end <= e.end
        for name in ("actor", "target", "place", "time"):
            value, start, end = getattr(e, name), getattr(e, f"{name}_start"), getattr(e, f"{name}_end")
            assert value is None or text[start:end] == value
        assert e.claim_index is not None and 0.0 < e.confidence <= 1.0


def test_extract_events_sample_corpus(read):
    files = sorted(SAMPLE.glob("*.txt")) if SAMPLE.is_dir() else []
    if not files:
        pytest.skip("sample corpus ../shared/corpora/libya-2016 is absent")
    categories = set()
    for path in files:
        text = path.read_text(encoding="utf-8")
        for e in read(text):
            categories.add(e.category)
            assert text[e.start:e.end] == e.text
            assert text[e.trigger_start:e.trigger_end] == e.trigger
            for name in ("actor", "target", "place", "time"):
                value, start = getattr(e, name), getattr(e, f"{name}_start")
                assert value is None or text[start:getattr(e, f"{name}_end")] == value
    assert {"CONSULT", "AID"} <= categories

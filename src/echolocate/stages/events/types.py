"""What the event reader finds: one typed event mention per trigger, with its arguments.

Offsets are character offsets into the report text, like every other reading, so
an analyst can see the words each field came from. Arguments the text does not
give stay ``None`` rather than being guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

MODES = ("happened", "planned", "offered", "requested", "denied", "hypothetical")


@dataclass(frozen=True)
class EventMention:
    """One event as one report words it: who did what to whom, where and when, and whether it happened.

    ``start``/``end``/``text`` cover the clause (or noun phrase) around the trigger;
    ``category`` is a PLOVER event type and ``subtype`` its mode where PLOVER has
    one (``military`` for AID); ``mode`` says whether the report presents the event
    as having happened or as planned, offered, requested, denied or hypothetical.
    ``actor``/``target`` are resolved within the report (a pronoun or title points at the name it
    stands for, and its offsets are that name's); ``*_affiliation`` is the country the party's
    noun phrase ties it to, so that grouping can treat "Putin" and "Russia" as compatible actors.
    ``time_from_report`` marks an event without a time expression of its own that its tense dates to
    the report's date ("Russia is sending", "has deployed", "the ministry said"); see ``when``.
    """

    start: int
    end: int
    text: str
    category: str
    subtype: str | None
    mode: str
    trigger: str
    trigger_start: int
    trigger_end: int
    actor: str | None = None
    actor_start: int | None = None
    actor_end: int | None = None
    target: str | None = None
    target_start: int | None = None
    target_end: int | None = None
    place: str | None = None
    place_start: int | None = None
    place_end: int | None = None
    time: str | None = None
    time_start: int | None = None
    time_end: int | None = None
    claim_index: int | None = None
    confidence: float = 0.0
    actor_affiliation: str | None = None  # the country the actor belongs to ("Vladimir Putin" -> Russia)
    target_affiliation: str | None = None
    time_from_report: bool = False  # no time of its own, but told in a tense that dates it to the report's date
    trigger_lemma: str | None = None  # "visited" -> "visit": what groups mentions across reports

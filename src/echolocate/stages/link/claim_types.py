"""The nouns of claim grouping and assessment: what goes in, what comes out.

``ClaimItem`` is one claim of one report as the read stage stored it, with the
canonical entities, places and times inside its span. Grouping turns items into
``ClaimGroup``s; assessment turns groups plus re-use links into ``Assessment``s.
Fields may be added with defaults; existing ones are a contract with the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ChainLink:
    """One cited source of a claim, outermost first (the reporting outlet is not repeated here)."""

    text: str
    kind: str  # outlet | person | official | organisation | anonymous | document | pronoun | unknown
    resolved: str | None = None
    entity_id: str | None = None  # canonical entity when the source text resolves to one
    cue: str | None = None  # the attribution cue as written: "said", "according to", "claimed"
    entity_name: str | None = None  # that entity's canonical name: one key for every way a report names it


@dataclass(frozen=True)
class ClaimItem:
    claim_id: str
    report_id: str
    text: str
    start: int
    end: int
    kind: str = "fact"
    stance: str = "asserts"  # asserts | reports | denies | doubts
    negated: bool = False
    hedges: tuple[str, ...] = ()
    chain: tuple[ChainLink, ...] = ()
    entities: tuple[str, ...] = ()  # canonical entities mentioned inside the claim (their canonical names)
    entity_names: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # places inside the claim (their gazetteer names)
    times: tuple[str, ...] = ()  # TIMEX3 values inside the claim
    numbers: tuple[str, ...] = ()
    outlet: str | None = None  # the reporting outlet of the report
    published: date | None = None
    source_path: str = ""


@dataclass(frozen=True)
class Variant:
    """Where a member of a group differs from the group's representative."""

    claim_id: str
    kind: str  # number | place | date | actor | hedge | attribution | negation | wording
    representative_value: str
    member_value: str


@dataclass(frozen=True)
class ClaimGroup:
    id: str  # content-derived from the sorted member claim IDs
    representative: str  # claim_id of the representative member
    text: str  # the representative statement
    members: tuple[str, ...]  # claim IDs
    variants: tuple[Variant, ...] = ()
    cohesion: float = 1.0  # mean similarity of members to the representative


@dataclass(frozen=True)
class Origin:
    """Where a claim in a report really comes from."""

    name: str  # canonical name: "DEBKAfile", "Reuters", "Russian defence ministry", "unnamed sources in ..."
    kind: str  # outlet | wire | official | person | organisation | anonymous | document | unknown
    key: str  # identity used for counting: one outlet under several names has one key


@dataclass(frozen=True)
class CarrierOrigin:
    """One carrier (a claim in a report) and its resolved origin, with how it was resolved."""

    claim_id: str
    report_id: str
    origin: Origin
    how: str  # "innermost cited source", "reporting outlet", "copied from r... (re-use link u...)", ...
    reliability: float | None = None
    copied_from: tuple[str, ...] = ()  # report IDs the claim was copied through, nearest first
    direction_unknown: bool = False  # a re-use link of unknown direction joined it to another carrier
    supports: bool = True  # False when this carrier denies or doubts what its group states


@dataclass(frozen=True)
class Assessment:
    group_id: str
    grade: str  # single-origin echo | single source | corroborated | officially stated | contested | unsupported
    independent_origins: int
    origins: tuple[Origin, ...]
    carriers: tuple[CarrierOrigin, ...]
    reasoning: tuple[str, ...]  # human-readable steps: which links collapsed which carriers
    contested_by: tuple[str, ...] = ()  # origin keys that doubt or deny
    credible_origins: int = 0  # independent supporting origins not rated unreliable in the reliability table


@dataclass(frozen=True)
class Contradiction:
    a_group: str
    b_group: str
    kind: str  # polarity | value
    explanation: str

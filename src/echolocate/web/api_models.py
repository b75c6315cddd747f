"""Response models of the API's detail answers (one claim, one report, the store's status), for the OpenAPI
schema: a client generated from it knows every field.

The answers are the store's own output contracts (``assess_io.claim_group_rows``, ``read_queries.report_reading``,
``queries.status``), so the models describe them rather than reshape them: every field the contract may leave
empty is optional, and each model allows extra fields, so a field added to a contract later still reaches the
client (and is documented here when someone adds it) instead of being silently dropped.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


# ---- a claim group ---------------------------------------------------------------------------------------

class Origin(_Open):
    name: str | None = Field(None, description="who the claim traces back to")
    kind: str | None = Field(None, description="official, outlet, anonymous, ...")
    key: str | None = Field(None, description="the origin's identity: carriers with one key share one origin")


class Carrier(_Open):
    """One report's passage carrying the claim."""

    source_path: str | None = None
    text: str | None = Field(None, description="the passage")
    start: int | None = Field(None, description="character offset of the passage in the report's text")
    end: int | None = None
    stance: str | None = None
    hedges: list[Any] = Field(default_factory=list)
    chain: list[Any] = Field(default_factory=list, description="who cited whom, outermost first")
    origin: Origin | None = None
    how: str | None = Field(None, description="how the origin was found (cited, copied, own reporting...)")
    supports: bool | None = None
    reliability: float | None = Field(None, description="the origin's rating, 0..1, when rated")
    report_id: str
    claim_id: str | None = None
    outlet: str | None = None
    date: str | None = None
    copied_from: list[Any] = Field(default_factory=list, description="reports this passage was copied from")


class Variant(_Open):
    claim_id: str | None = None
    kind: str | None = Field(None, description="what differs (a number, a name, a date...)")
    representative_value: Any = None
    member_value: Any = None


class ClaimGroup(_Open):
    """A claim as the store groups it: every report's wording of one statement, with its grade and reasoning."""

    id: str
    text: str = Field(description="the representative statement")
    grade: str
    independent_origins: int
    credible_origins: int | None = None
    carrier_count: int = Field(description="passages carrying it")
    report_count: int = Field(description="reports carrying it")
    cohesion: float | None = None
    origins: list[Origin] = Field(default_factory=list)
    carriers: list[Carrier] = Field(default_factory=list)
    variants: list[Variant] = Field(default_factory=list)
    reasoning: list[Any] = Field(default_factory=list, description="why the grade, one step per item")
    contested_by: list[Any] = Field(default_factory=list, description="keys of origins that deny it")
    contradicts: list[str] = Field(default_factory=list, description="claim groups it contradicts")


# ---- a report and what was read in it ---------------------------------------------------------------------

class ClaimSource(_Open):
    depth: int | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None
    kind: str | None = None
    cue: str | None = None
    resolved: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None


class ReadClaim(_Open):
    id: str
    idx: int | None = None
    start: int
    end: int
    text: str | None = None
    kind: str | None = None
    stance: str | None = None
    inherited: bool | None = None
    negated: bool | None = None
    quote_idx: int | None = None
    sources: list[ClaimSource] = Field(default_factory=list, description="who it is attributed to, nearest first")
    hedges: list[dict[str, Any]] = Field(default_factory=list)
    times: list[dict[str, Any]] = Field(default_factory=list)
    group_id: str | None = Field(None, description="the claim group it belongs to (GET /api/claims/{group_id})")


class ReadEntity(_Open):
    id: str
    name: str | None = None
    kind: str | None = None
    spellings_here: list[str] = Field(default_factory=list)
    mentions_here: int | None = None
    mentions_in_corpus: int | None = None
    aliases: list[Any] | None = None


class ReadPlace(_Open):
    text: str | None = None
    name: str | None = None
    gazetteer_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    feature: str | None = None
    precision: str | None = None
    confidence: float | None = None
    mentions: int | None = None
    first_start: int | None = None


class ReadTime(_Open):
    start: int | None = None
    end: int | None = None
    text: str | None = None
    kind: str | None = None
    value: str | None = None
    earliest: date | str | None = None
    latest: date | str | None = None
    precision: str | None = None
    relative: str | None = None
    approximate: bool | None = None
    flags: list[Any] = Field(default_factory=list)


class Reading(_Open):
    stage_version: str | None = None
    anchor: date | str | None = Field(None, description="the day relative dates were resolved against")
    problems: list[Any] = Field(default_factory=list)


class Report(_Open):
    """One report with its text and everything read in it; every item has its character span in ``text``."""

    id: str
    title: str | None = None
    outlet: str | None = None
    outlet_evidence: str | None = None
    author: str | None = None
    url: str | None = None
    published: date | str | None = None
    date_evidence: str | None = None
    language: str | None = None
    words: int | None = None
    page_id: str | None = None
    story_index: int | None = None
    text: str
    sources: list[str] = Field(default_factory=list, description="the inputs it was read from")
    read: Reading | None = Field(None, description="null until the report has been read")
    claims: list[ReadClaim] = Field(default_factory=list)
    quotes: list[dict[str, Any]] = Field(default_factory=list)
    entities: list[ReadEntity] = Field(default_factory=list)
    places: list[ReadPlace] = Field(default_factory=list)
    times: list[ReadTime] = Field(default_factory=list)
    reuse: list[str] = Field(default_factory=list, description="re-use links involving it (GET /api/reuse)")


# ---- the store's status ------------------------------------------------------------------------------------

class Status(_Open):
    """What the store holds."""

    reports: int
    sources: int | None = None
    inputs: int | None = None
    pages_split: int | None = None
    rejections: int | None = None
    by_outlet: list[dict[str, Any]] = Field(default_factory=list)
    by_language: list[dict[str, Any]] = Field(default_factory=list)
    by_month: list[dict[str, Any]] = Field(default_factory=list)
    rejection_reasons: list[dict[str, Any]] = Field(default_factory=list)
    claim_groups: int | None = None
    reuse_links: int | None = None
    events: int | None = None
    grades: dict[str, int] = Field(default_factory=dict, description="claim groups per grade")
    grades_of_shared_claims: dict[str, int] = Field(default_factory=dict,
                                                    description="the same, for claims told by several reports")

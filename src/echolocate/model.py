"""The typed nouns every stage exchanges. Frozen dataclasses, no free-form dicts.

Offsets always point into ``Report.text``; IDs are derived from content so that
running the same input twice yields the same rows.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date


def normalise_for_hash(text: str) -> str:
    """Canonical form used for content IDs: NFC, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def content_id(text: str, prefix: str = "r") -> str:
    """A short, stable ID derived from the normalised text."""
    digest = hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:20]}"


def bytes_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


@dataclass(frozen=True)
class Source:
    """Where a report came from.

    ``path`` is the input as the user gave it (archive members as
    ``archive.zip!member``); ``locator`` adds the position inside it: a story
    index for split pages (``#story=2``), a line for JSON lines, a record for WARC.
    """

    path: str
    locator: str = ""

    @property
    def key(self) -> str:
        return f"{self.path}{self.locator}"


@dataclass(frozen=True)
class Report:
    """One story: its text and what we could establish about it. Unknown stays ``None``."""

    text: str
    source: Source
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published: date | None = None
    date_evidence: str | None = None
    outlet_evidence: str | None = None
    language: str | None = None
    fmt: str = "text"
    page_id: str | None = None
    story_index: int | None = None

    @property
    def id(self) -> str:
        return content_id(self.text)


@dataclass(frozen=True)
class Rejection:
    """An input we could not turn into a report, with why and what to do about it."""

    source: Source
    reason: str
    detail: str = ""
    hint: str = ""

    @property
    def id(self) -> str:
        return "x" + hashlib.sha256(f"{self.source.key}\0{self.reason}".encode()).hexdigest()[:20]


@dataclass(frozen=True)
class Page:
    """A page that held several separately dated stories; its stories point back to it."""

    id: str
    source: Source
    title: str | None
    story_count: int


@dataclass(frozen=True)
class ParsedInput:
    """What one input (a file, archive member, or stdin) turned into."""

    source: Source
    digest: str
    reports: tuple[Report, ...] = ()
    rejections: tuple[Rejection, ...] = ()
    pages: tuple[Page, ...] = ()


@dataclass
class IngestSummary:
    """Counts for one ingest run. Mutable: the pipeline fills it as it goes."""

    inputs_seen: int = 0
    inputs_skipped: int = 0
    reports_new: int = 0
    reports_duplicate: int = 0
    rejections: int = 0
    rejection_reasons: dict[str, int] = field(default_factory=dict)

    @property
    def status(self) -> str:
        """``stored`` when nothing was rejected, else ``partial``."""
        return "partial" if self.rejections else "stored"

    def as_dict(self) -> dict:
        return {
            "inputs_seen": self.inputs_seen,
            "inputs_skipped": self.inputs_skipped,
            "reports_new": self.reports_new,
            "reports_duplicate": self.reports_duplicate,
            "rejections": self.rejections,
            "rejection_reasons": dict(sorted(self.rejection_reasons.items())),
            "status": self.status,
        }


@dataclass
class ReadSummary:
    """Counts for one run of the read stage. Mutable: the pipeline fills it as it goes."""

    reports_read: int = 0
    reports_already_read: int = 0
    words: int = 0
    claims: int = 0
    attributed_claims: int = 0
    mentions: int = 0
    entities: int = 0
    places: int = 0
    times: int = 0
    quotes: int = 0
    reports_with_problems: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict:
        data = dict(self.__dict__)
        data["words_per_second"] = round(self.words / self.seconds) if self.seconds else None
        return data

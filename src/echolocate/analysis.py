"""The Python entry point: ``echolocate.analyze(paths)`` runs the whole pipeline and hands back an
``Analysis`` whose methods answer the analyst's questions with the same rows the CLI prints as JSON.

A notebook or a script should not have to shell out to the CLI or learn the store's tables:
these rows are the documented output contract (docs/architecture.md), so code written
against them keeps working as the store's schema evolves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from echolocate.config import Settings


@dataclass(frozen=True)
class Analysis:
    """A view of one store. Each call opens the store read-only, so an analysis can be re-run meanwhile."""

    settings: Settings
    summary: dict = field(default_factory=dict)

    @property
    def db(self) -> Path:
        return Path(self.settings.db)

    def _store(self):
        from echolocate.pipeline import open_store

        return open_store(self.settings, read_only=True)

    def claims(self, min_carriers: int = 1, limit: int | None = None) -> list[dict]:
        """Claim groups, most carried first: grade, independent origins, origins, carriers, variants."""
        with self._store() as store:
            return store.claim_groups(limit, min_carriers=min_carriers)

    def reuse(self, limit: int | None = None) -> list[dict]:
        """Re-used passages between reports, most similar first, with direction and changed wording."""
        with self._store() as store:
            return store.reuse(limit)

    def events(self, limit: int | None = None) -> list[dict]:
        """Events in time order with category, mode, actor, target, place, date and origins."""
        with self._store() as store:
            return store.events(limit)

    def reports(self) -> list[dict]:
        """Every stored report (one row per story: a page holding several stories gives several)."""
        with self._store() as store:
            return store.report_list()

    def report(self, ref: str) -> dict:
        """One report with everything read in it; ``ref`` is a report ID, a file name or a path as given."""
        with self._store() as store:
            return store.report_reading(store.find_report(ref))

    def rejections(self, limit: int | None = None) -> list[dict]:
        """Inputs that were not stored, each with its reason and a hint."""
        with self._store() as store:
            return store.rejections(limit)

    def status(self) -> dict:
        """Counts of what is stored and which stages are up to date."""
        with self._store() as store:
            return store.status()


def analyze(paths: Iterable[str | Path], db: str | Path | None = None, settings: Settings | None = None,
            **overrides: Any) -> Analysis:
    """Ingest ``paths`` (files, folders, archives, feeds) and run read, link and assess, incrementally.

    ``db`` (or ``settings.db``) is the store file; running again on the same store only does
    what is new. Other keyword arguments override settings (e.g. ``workers=1``).
    """
    from echolocate import pipeline

    base = settings or Settings.load()
    values = {k: v for k, v in {"db": db, **overrides}.items() if v is not None}
    settings = base._with(values) if values else base
    ingested = pipeline.ingest([str(p) for p in paths], settings)
    read = pipeline.read(settings)
    linked = pipeline.link(settings)
    assessed = pipeline.assess(settings)
    summary = {"ingest": ingested.as_dict(), "read": read.as_dict(), "link": linked, "assess": assessed}
    return Analysis(settings, summary)


def open_analysis(db: str | Path | None = None, settings: Settings | None = None) -> Analysis:
    """An ``Analysis`` of an existing store, without running anything."""
    from echolocate.errors import StoreError

    settings = settings or Settings.load()
    if db is not None:
        settings = settings._with({"db": db})
    if not Path(settings.db).exists():
        raise StoreError(f"no store at {settings.db}", hint="run echolocate.analyze(paths, db=...) first")
    return Analysis(settings)

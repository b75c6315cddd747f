"""The JSON API under /api: everything the pages show, paged, with one error shape.

Lists answer ``{"total", "limit", "offset", "items"}``; ``total`` counts every match so a
client can page with ``offset``. Details are the store's own output contracts (the same
dicts `echolocate claims --json` and friends print), so the CLI and the web agree.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from echolocate.web import query
from echolocate.web.app import SnapshotDep
from echolocate.web.snapshot import Snapshot


class ErrorDetail(BaseModel):
    code: str
    message: str
    hint: str


class ErrorResponse(BaseModel):
    error: ErrorDetail


class Page(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


_ERRORS = {404: {"model": ErrorResponse, "description": "no such item"},
           422: {"model": ErrorResponse, "description": "a parameter is out of range"},
           503: {"model": ErrorResponse, "description": "the store cannot be opened"}}
router = APIRouter(prefix="/api", tags=["api"], responses=_ERRORS)



# a fresh Query per parameter: FastAPI binds a Query object to the first parameter it is used for
def _limit():
    return Query(50, ge=1, le=500, description="how many items to return")


def _offset():
    return Query(0, ge=0, le=10_000_000, description="how many matching items to skip")


def _text(what: str):
    return Query(None, max_length=200, description=what)


@router.get("/claims", response_model=Page, summary="Claim groups, most carried first, filtered and paged")
def claims(grade: str | None = Query(None, max_length=40, description=f"one of {', '.join(query.GRADES)}"),
           min_origins: int | None = Query(None, ge=0, le=100_000), max_origins: int | None = Query(None, ge=0,
                                                                                                   le=100_000),
           min_carriers: int = Query(1, ge=1, le=100_000, description="2 or more: claims told by several reports"),
           q: str | None = _text("words that must all occur"), outlet: str | None = _text("part of an outlet name"),
           limit: int = _limit(), offset: int = _offset(), snap: Snapshot = SnapshotDep) -> dict:
    f = query.ClaimFilter(grade=grade, min_origins=min_origins, max_origins=max_origins,
                          min_carriers=min_carriers, q=q, outlet=outlet)
    rows = [query.summary(g) for g in query.filter_claims(snap.groups, f)]
    return query.page(rows, limit, offset)


@router.get("/claims/{claim_id}", response_model=dict[str, Any],
            summary="One claim group: statement, grade, reasoning, origins, carriers, variants")
def claim(claim_id: str, snap: Snapshot = SnapshotDep) -> dict:
    return snap.group(claim_id)


@router.get("/reports", response_model=Page, summary="Reports, searchable over title, outlet, source and text")
def reports(q: str | None = _text("words that must all occur"),
            outlet: str | None = _text("part of an outlet name"), limit: int = _limit(), offset: int = _offset(),
            snap: Snapshot = SnapshotDep) -> dict:
    return query.page(query.search_reports(snap.reports, snap.texts, q, outlet), limit, offset)


@router.get("/reports/{report_id}", response_model=dict[str, Any],
            summary="One report with its text and everything read in it, each item with its character span")
def report(report_id: str, snap: Snapshot = SnapshotDep) -> dict:
    reading = dict(snap.reading(report_id))
    reading["claims"] = [dict(c, group_id=snap.group_of_claim.get(c["id"])) for c in reading["claims"]]
    reading["reuse"] = [r["id"] for r in snap.reuse if report_id in (r["a"]["report_id"], r["b"]["report_id"])]
    return reading


@router.get("/reuse", response_model=Page, summary="Re-used passages between reports, most similar first")
def reuse(report: str | None = Query(None, max_length=64, description="only pairs involving this report ID"),
          limit: int = _limit(), offset: int = _offset(), snap: Snapshot = SnapshotDep) -> dict:
    rows = [r for r in snap.reuse if not report or report in (r["a"]["report_id"], r["b"]["report_id"])]
    return query.page(rows, limit, offset)


@router.get("/events", response_model=Page, summary="Events in time order (undated last)")
def events(category: str | None = Query(None, max_length=40), q: str | None = _text("words that must all occur"),
           limit: int = _limit(), offset: int = _offset(), snap: Snapshot = SnapshotDep) -> dict:
    return query.page(query.filter_events(snap.events, category, q), limit, offset)


@router.get("/status", response_model=dict[str, Any], summary="What the store holds")
def status(snap: Snapshot = SnapshotDep) -> dict:
    return dict(snap.status, claim_groups=len(snap.groups), reuse_links=len(snap.reuse), events=len(snap.events),
                grades=query.grade_counts(snap.groups), grades_of_shared_claims=query.grade_counts(snap.groups, 2))

"""The JSON API under /api: everything the pages show, paged, with one error shape.

Lists answer ``{"total", "limit", "offset", "items"}``; ``total`` counts every match so a
client can page with ``offset``. Details are the store's own output contracts (the same
dicts `echolocate claims --json` and friends print), so the CLI and the web agree.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Body, Path, Query, Request
from pydantic import BaseModel, Field

from echolocate.stages.assess.outlet_names import outlet_key
from echolocate.stages.assess.reliability import parse_rating
from echolocate.web import query
from echolocate.web.api_models import ClaimGroup, Report, Status
from echolocate.web.app import SnapshotDep, TokenDep
from echolocate.web.errors import Refused
from echolocate.web.reliability_edit import rating_label
from echolocate.web.snapshot import Snapshot
from echolocate.web.uploads import receive


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


class Rejection(BaseModel):
    source: str = Field(description="the uploaded file (batch/name, plus the story index for split pages)")
    reason: str
    detail: str
    hint: str


class JobError(BaseModel):
    message: str
    hint: str


class JobStatus(BaseModel):
    """A re-analysis job: ingest of uploaded files (if any), then read, link and assess."""

    id: str
    state: Literal["queued", "running", "done", "failed", "interrupted"] = Field(
        description="interrupted: the server stopped before the job finished; upload or save again to re-run")
    stage: str | None = Field(None, description="ingest, read, link, assess or done")
    reasons: list[str] = Field(default_factory=list, description="what asked for the job (uploads, edits)")
    files: list[str] = Field(default_factory=list, description="uploaded file names, as sent")
    batches: list[str] = Field(default_factory=list, description="upload batches the job ingests")
    created: str | None = None
    started: str | None = None
    finished: str | None = None
    counts: dict[str, dict[str, Any]] = Field(default_factory=dict, description="counts so far, per stage")
    rejections: list[Rejection] = Field(default_factory=list, description="uploaded files not stored, and why")
    error: JobError | None = None


class JobPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[JobStatus]


class UploadedFile(BaseModel):
    name: str = Field(description="the file name as sent")
    stored_as: str = Field(description="the safe name it was stored under")
    bytes: int


class UploadAccepted(BaseModel):
    batch: str
    files: list[UploadedFile]
    job: str = Field(description="the job that analyses the upload; poll /api/jobs/{job}")


class OutletReliability(BaseModel):
    name: str
    key: str = Field(description="the outlet's identity: every spelling with this key shares the rating")
    rated: bool
    rating: float | None = Field(None, description="0..1; null when unrated or rated F (cannot be judged)")
    rating_label: str | None = Field(None, description="the rating as written in the table: a number, or F")
    note: str = ""


class OutletRow(OutletReliability):
    spellings: list[str]
    reports: int = Field(description="reports it published")
    claims_originated: int = Field(description="claims in the store traced back to it")


class OutletPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[OutletRow]


class ReliabilityEdit(BaseModel):
    rating: float | str = Field(description="a number from 0 to 1, or an Admiralty letter: A completely "
                                            "reliable ... E unreliable, F cannot be judged")
    note: str = Field("", max_length=2000)


class ReliabilitySaved(BaseModel):
    outlet: OutletReliability
    job: str | None = Field(description="the re-assessment job the edit started; poll /api/jobs/{job}")


def _paged(total: int, items: list, limit: int, offset: int) -> dict:
    """A list answer: one page of ``items`` out of ``total`` matches (the store already paged them)."""
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def _error(description: str) -> dict:
    return {"model": ErrorResponse, "description": description}


_ERRORS = {404: _error("no such item"), 422: _error("a parameter is out of range"),
           500: _error("an internal error (a bug)"), 503: _error("the store cannot be opened")}
_WRITE_ERRORS = {401: _error("the token printed at start-up is missing or wrong")}
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
    total, rows = snap.claims(f, limit, offset)
    return _paged(total, [query.summary(g) for g in rows], limit, offset)


@router.get("/claims/{claim_id}", response_model=ClaimGroup,
            summary="One claim group: statement, grade, reasoning, origins, carriers, variants")
def claim(claim_id: str, snap: Snapshot = SnapshotDep) -> dict:
    return snap.group(claim_id)


@router.get("/reports", response_model=Page, summary="Reports, searchable over title, outlet, source and text")
def reports(q: str | None = _text("words that must all occur"),
            outlet: str | None = _text("part of an outlet name"), limit: int = _limit(), offset: int = _offset(),
            snap: Snapshot = SnapshotDep) -> dict:
    return _paged(*snap.search_reports(q, outlet, limit, offset), limit, offset)


@router.get("/reports/{report_id}", response_model=Report,
            summary="One report with its text and everything read in it, each item with its character span")
def report(report_id: str, snap: Snapshot = SnapshotDep) -> dict:
    reading = dict(snap.reading(report_id))
    group_of = snap.group_of([c["id"] for c in reading["claims"]])
    reading["claims"] = [dict(c, group_id=group_of.get(c["id"])) for c in reading["claims"]]
    reading["reuse"] = [r["id"] for r in snap.reuse_page(report_id, None)[1]]
    return reading


@router.get("/reuse", response_model=Page, summary="Re-used passages between reports, most similar first")
def reuse(report: str | None = Query(None, max_length=64, description="only pairs involving this report ID"),
          limit: int = _limit(), offset: int = _offset(), snap: Snapshot = SnapshotDep) -> dict:
    return _paged(*snap.reuse_page(report, limit, offset), limit, offset)


@router.get("/events", response_model=Page, summary="Events in time order (undated last)")
def events(category: str | None = Query(None, max_length=40), q: str | None = _text("words that must all occur"),
           limit: int = _limit(), offset: int = _offset(), snap: Snapshot = SnapshotDep) -> dict:
    return _paged(*snap.events_page(category, q, None, limit, offset), limit, offset)


@router.get("/status", response_model=Status, summary="What the store holds")
def status(snap: Snapshot = SnapshotDep) -> dict:
    return snap.status_counts()


_UPLOAD_BODY = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["files"],
    "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"},
                             "description": "report files: text, HTML, JSON lines, WARC, RSS/Atom, zip, tar.gz"}}}}}}


@router.post("/uploads", status_code=202, response_model=UploadAccepted, dependencies=[TokenDep],
             summary="Add reports: store the files, then analyse them in the background job",
             responses={**_WRITE_ERRORS, 411: _error("no Content-Length"),
                        413: _error("too many files, a file too large, or the upload too large"),
                        422: _error("not a multipart form with files in the field 'files'")},
             openapi_extra={"requestBody": _UPLOAD_BODY})
async def upload(request: Request) -> dict:
    state = request.app.state
    batch = await receive(request, state.limits, state.uploads)
    job = state.jobs.submit(f"upload {batch.id}", [batch.folder], [sent for sent, _, _ in batch.files])
    return {"batch": batch.id, "job": job,
            "files": [{"name": sent, "stored_as": name, "bytes": size} for sent, name, size in batch.files]}


@router.get("/jobs", response_model=JobPage, summary="Re-analysis jobs, newest first")
def jobs(request: Request, limit: int = _limit(), offset: int = _offset()) -> dict:
    return query.page(request.app.state.jobs.recent(), limit, offset)


@router.get("/jobs/{job_id}", response_model=JobStatus, summary="A job's state, stage, counts so far, rejections")
def job(request: Request, job_id: str = Path(max_length=40)) -> dict:
    return request.app.state.jobs.status(job_id)


def _outlet_name():
    return Path(min_length=1, max_length=200, description="the outlet's name, any spelling")


def _reliability_row(request: Request, name: str) -> dict:
    entry = request.app.state.reliability.get(name)
    return {"name": entry.outlet if entry else name, "key": outlet_key(name), "rated": entry is not None,
            "rating": entry.rating if entry else None, "rating_label": rating_label(entry.rating) if entry else None,
            "note": entry.note if entry else ""}


@router.get("/outlets", response_model=OutletPage,
            summary="Outlets seen in the store (as publisher or origin) and rated ones, with their reliability")
def outlets(request: Request, q: str | None = _text("part of an outlet name"), limit: int = _limit(),
            offset: int = _offset(), snap: Snapshot = SnapshotDep) -> dict:
    rows = snap.outlet_rows(request.app.state.reliability.table())
    if q:
        rows = [r for r in rows if any(q.casefold() in s.casefold() for s in r["spellings"])]
    return query.page(rows, limit, offset)


@router.get("/outlets/{name}/reliability", response_model=OutletReliability,
            summary="An outlet's rating and note in the reliability table (rated: false when it has none)")
def get_reliability(request: Request, name: str = _outlet_name()) -> dict:
    _check_name(name)
    return _reliability_row(request, name)


@router.put("/outlets/{name}/reliability", response_model=ReliabilitySaved, dependencies=[TokenDep],
            responses=_WRITE_ERRORS,
            summary="Set an outlet's rating and note, then re-assess every claim (copies inherit the rating)")
def put_reliability(request: Request, name: str = _outlet_name(), edit: ReliabilityEdit = Body()) -> dict:
    _check_name(name)
    try:
        rating = parse_rating(edit.rating)
    except ValueError as exc:
        raise Refused(422, str(exc), "give a number from 0 to 1 or a letter A-F") from None
    request.app.state.reliability.set(name, rating, edit.note)
    job_id = request.app.state.jobs.submit(f"reliability of {name}")
    return {"outlet": _reliability_row(request, name), "job": job_id}


@router.delete("/outlets/{name}/reliability", response_model=ReliabilitySaved, dependencies=[TokenDep],
               responses=_WRITE_ERRORS, summary="Remove an outlet's rating, then re-assess")
def delete_reliability(request: Request, name: str = _outlet_name()) -> dict:
    _check_name(name)
    job_id = request.app.state.jobs.submit(f"reliability of {name} removed") \
        if request.app.state.reliability.remove(name) else None
    return {"outlet": _reliability_row(request, name), "job": job_id}


def _check_name(name: str) -> None:
    if not outlet_key(name):
        raise Refused(422, f"outlet name {name!r} has no letters or digits", "give the outlet's name")

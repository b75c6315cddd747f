"""The pages that change things: add reports (/upload) and edit outlet reliability (/outlets).

Both work without JavaScript: plain forms that carry the start-up token in a field (no
cookie ever authenticates, so another site cannot forge a write), answered with a
redirect to the page showing the job, which refreshes itself while the job runs.
``static/writes.js`` adds upload progress, live job status and keeps the token for the
browser tab (sessionStorage).
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from echolocate.errors import InputError
from echolocate.stages.assess.outlet_names import outlet_key
from echolocate.stages.assess.reliability import parse_rating
from echolocate.web.app import SnapshotDep, check_token
from echolocate.web.errors import Refused
from echolocate.web.snapshot import Snapshot
from echolocate.web.uploads import receive

router = APIRouter(include_in_schema=False)
_RECENT = 10


def _render(request: Request, name: str, **context) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, context)


def _job(request: Request, job_id: str | None) -> dict | None:
    if not job_id:
        return None
    try:
        return request.app.state.jobs.status(job_id)
    except InputError:
        return None


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request, job: str | None = Query(None, max_length=40)):
    state = request.app.state
    return _render(request, "upload.html", limits=state.limits, job=_job(request, job),
                   recent=state.jobs.recent()[:_RECENT])


@router.post("/upload")
async def upload_form(request: Request):
    state = request.app.state
    batch = await receive(request, state.limits, state.uploads,
                          check=lambda form: check_token(request, str(form.get("token") or "")))
    job = state.jobs.submit(f"upload {batch.id}", [batch.folder], [sent for sent, _, _ in batch.files])
    return RedirectResponse(f"/upload?{urlencode({'job': job})}", status_code=303)


@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(request: Request, outlet: str | None = Query(None, max_length=200),
                 job: str | None = Query(None, max_length=40), snap: Snapshot = SnapshotDep):
    table = request.app.state.reliability.table()
    rows = snap.outlet_rows(table)
    edit = next((r for r in rows if outlet and r["key"] == outlet_key(outlet)), None)
    return _render(request, "outlets.html", rows=rows, edit=edit or {"name": outlet or "", "rating_label": "",
                                                                      "note": ""},
                   job=_job(request, job), table_name=request.app.state.reliability.path.name)


@router.post("/outlets")
async def outlets_form(request: Request):
    form = await request.form(max_files=0, max_fields=10)
    check_token(request, str(form.get("token") or ""))
    name = str(form.get("outlet") or "").strip()[:200]
    if not outlet_key(name):
        raise Refused(422, "the outlet has no name", "type the outlet's name, or pick it from the list")
    reliability, jobs = request.app.state.reliability, request.app.state.jobs
    if form.get("action") == "remove":
        job = jobs.submit(f"reliability of {name} removed") if reliability.remove(name) else None
    else:
        try:
            rating = parse_rating(str(form.get("rating") or "").strip())
        except ValueError as exc:
            raise Refused(422, str(exc), "give a number from 0 to 1 or a letter A-F") from None
        reliability.set(name, rating, str(form.get("note") or "")[:2000])
        job = jobs.submit(f"reliability of {name}")
    query = {"outlet": name, **({"job": job} if job else {})}
    return RedirectResponse(f"/outlets?{urlencode(query)}", status_code=303)

"""The FastAPI application: wiring of the snapshot cache, templates, static files, API and pages.

``create_app`` has no side effects beyond building the app: the store is first opened on
the first request, read-only. When the server starts (the app's lifespan), ``start_up`` tidies
up after servers that were killed: their store copies and unfinished jobs. Swagger UI is left
out because it loads from a CDN; the OpenAPI schema is served at /api/openapi.json.
"""

from __future__ import annotations

import secrets
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path

import jinja2
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from echolocate.config import Settings
from echolocate.web import errors
from echolocate.web.snapshot import Snapshot, SnapshotCache

_HERE = Path(__file__).parent
_SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def create_app(db_path: Path | str, token: str | None = None, strict: bool = False,
               settings: Settings | None = None, job_command: list[str] | None = None) -> FastAPI:
    """The web app over the store at ``db_path``; write endpoints need ``token`` (none: writes are refused).

    ``settings`` give the upload limits, the reliability table and what re-analysis jobs run
    with (default: ``Settings`` with ``db=db_path``). ``strict`` makes templates fail on
    undefined names (tests use it to catch typos); ``job_command`` replaces the job process
    (tests).
    """
    from echolocate.web import api, pages, write_pages
    from echolocate.web.jobs import JobQueue
    from echolocate.web.reliability_edit import ReliabilityFile
    from echolocate.web.uploads import UploadLimits, uploads_root

    db = Path(db_path).absolute()
    settings = replace(settings or Settings(), db=db)
    app = FastAPI(title="echolocate", version="0.1.0", docs_url=None, redoc_url=None, lifespan=_lifespan,
                  openapi_url="/api/openapi.json",
                  description="What is claimed by whom citing whom, who copied whom, and how many independent "
                              "origins back each claim. Reads need nothing; writes (uploads, reliability edits) "
                              "need the token printed at start-up as 'Authorization: Bearer TOKEN'. Errors have "
                              'one shape: {"error": {"code", "message", "hint"}}.')
    app.state.cache = SnapshotCache(db, warmers=(pages.warm_views,))
    app.state.token = token
    app.state.settings = settings
    app.state.limits = UploadLimits.from_settings(settings)
    app.state.uploads = uploads_root(db)
    app.state.jobs = JobQueue(settings, job_command)
    app.state.reliability = ReliabilityFile(settings.reliability_path())
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(_HERE / "templates")), autoescape=True,
                             undefined=jinja2.StrictUndefined if strict else jinja2.Undefined)
    templates = Jinja2Templates(env=env)
    pages.register_filters(templates.env)
    app.state.templates = templates
    errors.install(app)

    @app.middleware("http")
    async def _headers(request: Request, call_next):
        response = await call_next(request)
        for name, value in _SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(write_pages.router)
    return app


def start_up(app: FastAPI) -> None:
    """What a server does once when it starts: tidy up after servers that were killed. Their private store
    copies (as large as the store) are deleted, and their unfinished jobs marked interrupted (they would
    otherwise say "running" for ever); both are logged. Then the templates are compiled, so that the first
    visitor of each page does not wait for it."""
    from echolocate.web.snapshot import remove_stale_copies

    remove_stale_copies()
    app.state.jobs.recover()
    env = app.state.templates.env
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)


@asynccontextmanager
async def _lifespan(app: FastAPI):
    start_up(app)
    yield


def snapshot(request: Request) -> Snapshot:
    """The current view of the store (a FastAPI dependency)."""
    return request.app.state.cache.get()


def require_token(request: Request) -> None:
    """Refuse a write unless it carries the start-up token (``Authorization: Bearer`` or ``X-Echolocate-Token``)."""
    given = request.headers.get("x-echolocate-token", "")
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        given = value.strip()
    check_token(request, given)


def check_token(request: Request, given: str | None) -> None:
    """Refuse unless ``given`` is the start-up token; compared in constant time. Forms pass their token field."""
    expected = request.app.state.token
    if not expected or not given or not secrets.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(401, "this action needs the token printed when the server started",
                            headers={"www-authenticate": "Bearer"})


SnapshotDep = Depends(snapshot)
TokenDep = Depends(require_token)

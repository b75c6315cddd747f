"""One error shape for everything the web app refuses or fails at, caught in exactly one place.

``{"error": {"code", "message", "hint"}}`` for the API; the same three facts on an HTML
page for browsers. The hint says what to do next, as everywhere in echolocate.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from echolocate.errors import EcholocateError, InputError, StoreError

log = logging.getLogger(__name__)

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          409: "conflict", 411: "length_required", 413: "too_large", 422: "invalid_parameters", 429: "busy",
          500: "server_error", 503: "store_unavailable"}


class Refused(EcholocateError):
    """A write the web app refuses on purpose (too large, malformed, busy), with the HTTP status to answer."""

    def __init__(self, status: int, message: str, hint: str = "") -> None:
        super().__init__(message, hint)
        self.status = status


def error_body(status: int, message: str, hint: str = "") -> dict:
    return {"error": {"code": _CODES.get(status, f"http_{status}"), "message": message, "hint": hint}}


def _respond(request: Request, status: int, message: str, hint: str, headers: dict | None = None):
    if request.url.path.startswith("/api") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(error_body(status, message, hint), status_code=status, headers=headers)
    try:
        return request.app.state.templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message, "hint": hint, "code": _CODES.get(status, "")},
            status_code=status, headers=headers)
    except Exception:  # the error page itself failed: answer in the shape that cannot fail
        log.exception("error page failed to render")
        return JSONResponse(error_body(status, message, hint), status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException):
        hint = {404: "see / for the claim board, or /api/openapi.json for the API",
                405: "see /api/openapi.json for the methods each path accepts",
                401: "send the token printed at start-up as 'Authorization: Bearer TOKEN'"}.get(exc.status_code, "")
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return _respond(request, exc.status_code, message, hint, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        return _respond(request, 422, _validation_message(exc),
                        "see /api/openapi.json for the parameters and their ranges")

    @app.exception_handler(EcholocateError)
    async def _ours(request: Request, exc: EcholocateError):
        if isinstance(exc, Refused):
            return _respond(request, exc.status, exc.message, exc.hint)
        status = 404 if isinstance(exc, InputError) else 503 if isinstance(exc, StoreError) else 500
        return _respond(request, status, exc.message, exc.hint)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception):
        log.exception("unhandled error on %s", request.url.path)
        return _respond(request, 500, "internal error", "this is a bug: the server log has the traceback")

"""`echolocate serve`: run the web app with uvicorn, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import secrets
from pathlib import Path

from echolocate.errors import StoreError


def new_token() -> str:
    return secrets.token_urlsafe(24)


def serve(db_path: Path | str, host: str = "127.0.0.1", port: int = 8765, token: str | None = None,
          echo=print, settings=None) -> None:
    """Serve the store at ``db_path`` until interrupted; prints the address and the write token.

    ``settings`` (a ``Settings``) give upload limits, the reliability table and what
    re-analysis jobs run with.
    """
    import uvicorn

    from echolocate.web.app import create_app

    path = Path(db_path)
    if not path.exists():
        raise StoreError(f"no store at {path}", hint="run `echolocate analyze PATH` first, or pass --db")
    token = token or new_token()
    echo(f"echolocate: serving {path} at http://{host}:{port}/")
    echo(f"write token (for uploads and edits): {token}")
    echo(f"add reports at http://{host}:{port}/upload, rate outlets at http://{host}:{port}/outlets")
    if host not in ("127.0.0.1", "localhost", "::1"):
        echo(f"warning: listening on {host}: anyone who can reach this address can read the store")
    uvicorn.run(create_app(path, token, settings=settings), host=host, port=port, log_level="warning",
                server_header=False)

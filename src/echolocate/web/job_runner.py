"""One re-analysis job, run in its own process: ``python -m echolocate.web.job_runner SPEC.json``.

The web server cannot run the pipeline itself: DuckDB lets one process hold a file
read-write *or* several read-only, and the server's snapshot loader opens it read-only.
So the server writes a spec (settings and folders to ingest) and starts this module;
it runs ingest -> read -> link -> assess, as `echolocate analyze` does, and keeps a
status file beside the spec up to date (state, stage, counts so far, rejections,
error) for ``GET /api/jobs/{id}``. Every stage is incremental and resumable, so a job
that dies can simply be run again.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from echolocate.errors import EcholocateError, StoreError

_LOCK_WAIT = 60.0  # seconds to wait for the web server's read-only snapshot load to let go of the store
_WRITE_EVERY = 0.5


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def write_status(path: Path, status: dict) -> None:
    """Replace the status file atomically: a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(status, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(tmp, path)


class _Status:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        self._last = 0.0

    def update(self, force: bool = True, **changes) -> None:
        self.data.update(changes)
        if force or time.monotonic() - self._last > _WRITE_EVERY:
            write_status(self.path, self.data)
            self._last = time.monotonic()

    def count(self, stage: str, counts: dict, force: bool = False) -> None:
        self.data.setdefault("counts", {})[stage] = counts
        self.update(force=force)


def _retry_locked(step):
    """Run ``step``; while the store is briefly held by a reader, wait and try again (stages are idempotent)."""
    deadline = time.monotonic() + _LOCK_WAIT
    while True:
        try:
            return step()
        except StoreError as exc:
            if "in use" not in exc.message or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def run(spec_path: Path) -> int:
    from echolocate import pipeline
    from echolocate.config import Settings
    from echolocate.store import Store

    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    status = _Status(Path(spec["status"]))
    status.update(state="running", stage="ingest", started=now(), pid=os.getpid())
    try:
        settings = Settings()._with(spec["settings"])
        folders = [str(f) for f in spec.get("folders", [])]
        if folders:
            summary = _retry_locked(lambda: pipeline.ingest(
                folders, settings, progress=lambda _n, s: status.count("ingest", s.as_dict())))
            status.count("ingest", summary.as_dict(), force=True)
            with Store(settings.db, read_only=True) as store:
                status.data["rejections"] = [
                    {"source": r["source_key"], "reason": r["reason"], "detail": r["detail"], "hint": r["hint"]}
                    for r in store.rejections() if any(str(r["source_key"]).startswith(f) for f in folders)]
        status.update(stage="read")
        read = _retry_locked(lambda: pipeline.read(settings, progress=lambda _n, s: status.count("read", s.as_dict())))
        status.count("read", read.as_dict())
        status.update(stage="link")
        status.count("link", _retry_locked(lambda: pipeline.link(settings)))
        status.update(stage="assess")
        status.count("assess", _retry_locked(lambda: pipeline.assess(settings)))
        status.update(state="done", stage="done", finished=now())
        return 0
    except EcholocateError as exc:
        status.update(state="failed", finished=now(), error={"message": exc.message, "hint": exc.hint})
        return 1
    except Exception as exc:  # the job's one catch-all: the status must say it failed, and why
        status.update(state="failed", finished=now(),
                      error={"message": f"{type(exc).__name__}: {exc}",
                             "hint": "this is a bug: the job log beside the status file has the traceback"})
        raise


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m echolocate.web.job_runner SPEC.json", file=sys.stderr)
        return 2
    return run(Path(args[0]))


if __name__ == "__main__":
    sys.exit(main())

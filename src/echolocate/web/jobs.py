"""Background re-analysis for the web app: one job at a time, each in a subprocess.

Uploads and reliability edits ask for a job; at most one runs and at most one waits.
A request that arrives while a job waits joins it (its folders are added), so a burst
of uploads costs one re-analysis, not one each. The job itself is
``echolocate.web.job_runner`` in a child process, which owns the store read-write
while it runs; its status file under ``<db>.jobs/`` is what ``GET /api/jobs/{id}``
answers, so status survives a restart of the server.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from echolocate.config import Settings
from echolocate.errors import InputError
from echolocate.web.job_runner import now, write_status

log = logging.getLogger(__name__)

__all__ = ["JobQueue", "jobs_root", "JOB_STATES"]

JOB_STATES = ("queued", "running", "done", "failed", "interrupted")
_ID = re.compile(r"^j[0-9a-f]{16}$")
_LOG_TAIL = 2000


def jobs_root(db: Path) -> Path:
    return db.with_name(db.name + ".jobs")


def settings_for_job(settings: Settings) -> dict:
    """The settings a job runs with, as JSON; the reliability table resolved as `analyze` resolves it."""
    if not settings.reliability and settings.default_reliability_path().exists():
        settings = replace(settings, reliability=str(settings.default_reliability_path()))
    out = {}
    for f in fields(settings):
        value = getattr(settings, f.name)
        out[f.name] = str(value) if isinstance(value, Path) else {k: list(v) for k, v in value.items()} \
            if isinstance(value, dict) else value
    return out


@dataclass
class _Pending:
    id: str
    reasons: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


class JobQueue:
    """Runs re-analysis jobs for one store, one at a time, in a background thread."""

    def __init__(self, settings: Settings, command: Sequence[str] | None = None) -> None:
        self.settings = settings
        self.root = jobs_root(settings.db)
        self.command = list(command) if command else [sys.executable, "-m", "echolocate.web.job_runner"]
        self._lock = threading.Lock()
        self._queued: _Pending | None = None
        self._running: str | None = None
        self._thread: threading.Thread | None = None
        self._finished = threading.Condition(self._lock)

    # asking for work ------------------------------------------------------
    def submit(self, reason: str, folders: Sequence[Path] = (), files: Sequence[str] = ()) -> str:
        """Queue a re-analysis (ingesting ``folders`` first); returns the job that will do it."""
        with self._lock:
            job = self._queued
            if job is None:
                job = self._queued = _Pending("j" + secrets.token_hex(8))
            job.reasons.append(reason)
            job.folders += [str(f) for f in folders]
            job.files += list(files)
            self.root.mkdir(parents=True, exist_ok=True)
            self._write_queued(job)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="echolocate-jobs", daemon=True)
                self._thread.start()
            return job.id

    def status(self, job_id: str) -> dict:
        if not _ID.match(job_id or ""):
            raise InputError(f"no job {job_id!r}", hint="job IDs look like j0123456789abcdef; /api/jobs lists them")
        path = self.root / f"{job_id}.json"
        try:
            return _public(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise InputError(f"no job {job_id!r}", hint="/api/jobs lists the jobs of this store") from None
        except ValueError:  # caught between writes on a file system without atomic replace: ask again
            return {"id": job_id, "state": "running", "stage": None}

    def recent(self) -> list[dict]:
        """Every job of this store, newest first."""
        if not self.root.is_dir():
            return []
        out = []
        for path in self.root.glob("j*.json"):
            if _ID.match(path.stem):
                try:
                    out.append(_public(json.loads(path.read_text(encoding="utf-8"))))
                except (OSError, ValueError):
                    continue
        return sorted(out, key=lambda s: (s.get("created") or "", s["id"]), reverse=True)

    def active(self) -> list[str]:
        """The running job and the waiting one, if any."""
        with self._lock:
            return self._active()

    def wait(self, job_id: str, timeout: float) -> dict:
        """Block until ``job_id`` is done or failed (tests and scripts); returns its status."""
        with self._finished:
            self._finished.wait_for(lambda: job_id not in self._active(), timeout=timeout)
        return self.status(job_id)

    def _active(self) -> list[str]:
        return [j for j in (self._running, self._queued.id if self._queued else None) if j]

    def recover(self) -> list[str]:
        """Mark the jobs a stopped server left unfinished as "interrupted", and return their IDs (the server
        calls this on start-up). A queued job lived only in that server's memory; a running one whose
        analysis process is gone will never finish. A running job whose process is still alive is left be."""
        from echolocate.web.snapshot import _alive

        if not self.root.is_dir():
            return []
        found = []
        for path in sorted(self.root.glob("j*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            pid = data.get("pid")
            if data.get("state") not in ("queued", "running") or not _ID.match(path.stem) \
                    or (data.get("state") == "running" and isinstance(pid, int) and _alive(pid)):
                continue
            left = data["state"]
            data.update(state="interrupted", finished=now(), error={
                "message": f"the server stopped while this job was {left}, so it did not finish",
                "hint": "re-run it: upload the files again, or save the rating again (the analysis stages "
                        "resume where they stopped)"})
            write_status(path, data)
            log.warning("job %s was left %s by a server that stopped: marked interrupted", path.stem, left)
            found.append(path.stem)
        return found

    # running --------------------------------------------------------------
    def _write_queued(self, job: _Pending) -> None:
        write_status(self.root / f"{job.id}.json", {
            "id": job.id, "state": "queued", "stage": None, "reasons": job.reasons, "files": job.files,
            "folders": job.folders, "created": now(), "started": None, "finished": None, "counts": {},
            "rejections": [], "error": None})

    def _loop(self) -> None:
        while True:
            with self._lock:
                job, self._queued = self._queued, None
                self._running = job.id if job else None
                if job is None:
                    self._thread = None
                    self._finished.notify_all()
                    return
            try:
                self._run(job)
            except Exception:  # a job must never take the queue down with it
                log.exception("job %s could not be run", job.id)
                self._fail(job.id, "the job could not be started", "the server log has the traceback")
            with self._lock:
                self._running = None
                self._finished.notify_all()

    def _run(self, job: _Pending) -> None:
        status_path = self.root / f"{job.id}.json"
        spec = self.root / f"{job.id}.spec.json"
        spec.write_text(json.dumps({"status": str(status_path), "folders": job.folders,
                                    "settings": settings_for_job(self.settings)}), encoding="utf-8")
        log_path = self.root / f"{job.id}.log"
        with open(log_path, "wb") as log_file:
            code = subprocess.run([*self.command, str(spec)], stdin=subprocess.DEVNULL, stdout=log_file,
                                  stderr=subprocess.STDOUT, check=False).returncode
        state = json.loads(status_path.read_text(encoding="utf-8")).get("state")
        if state not in ("done", "failed") or (code != 0 and state != "failed"):
            tail = log_path.read_bytes()[-_LOG_TAIL:].decode("utf-8", "replace").strip()
            self._fail(job.id, f"the analysis process ended with exit code {code}" + (f": {tail}" if tail else ""),
                       "see the job log; the stages are resumable, so uploading again or saving a rating retries")

    def _fail(self, job_id: str, message: str, hint: str) -> None:
        path = self.root / f"{job_id}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {"id": job_id}
        data.update(state="failed", finished=now(), error={"message": message, "hint": hint})
        write_status(path, data)


def _public(status: dict) -> dict:
    """The status as the API shows it: no server paths beyond the uploaded file names."""
    out = {k: v for k, v in status.items() if k not in ("folders", "pid")}
    out["batches"] = [Path(f).name for f in status.get("folders") or []]
    out.setdefault("counts", {})
    out.setdefault("rejections", [])
    out.setdefault("error", None)
    for rejection in out["rejections"]:
        rejection["source"] = _relative(rejection.get("source", ""), status.get("folders") or [])
    return out


def _relative(source: str, folders: list[str]) -> str:
    for folder in folders:
        if source.startswith(folder):
            return Path(folder).name + source[len(folder):]
    return source

"""What a server tidies up when it starts, after servers that were killed: their private store copies and
the jobs they left unfinished."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import pytest

from echolocate.web.jobs import JobQueue
from echolocate.web.snapshot import COPY_PREFIX, OWNER_FILE, SnapshotCache, remove_stale_copies
from tests.web.writes_support import AUTH, copy_store, writes_client


def _dead_pid() -> int:
    """The ID of a process that has ended (a child we started and waited for)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _copy_folder(root, name: str, owner: str | None):
    folder = root / f"{COPY_PREFIX}{name}"
    folder.mkdir()
    (folder / "store-1-0.duckdb").write_bytes(b"a copy")
    if owner is not None:
        (folder / OWNER_FILE).write_text(owner, encoding="ascii")
    return folder


def test_startup_removes_only_copies_whose_server_is_gone(tmp_path, caplog):
    import os

    dead = _copy_folder(tmp_path, "dead", str(_dead_pid()))
    alive = _copy_folder(tmp_path, "alive", str(os.getppid()))
    own = _copy_folder(tmp_path, "own", str(os.getpid()))
    unknown = _copy_folder(tmp_path, "unknown", None)
    garbled = _copy_folder(tmp_path, "garbled", "not a pid")
    with caplog.at_level(logging.WARNING, logger="echolocate.web.snapshot"):
        assert remove_stale_copies(tmp_path) == [dead]
    assert not dead.exists() and alive.exists() and own.exists() and unknown.exists() and garbled.exists()
    assert "no longer running" in caplog.text and str(dead) in caplog.text


def test_startup_copy_folder_records_its_server(sample_store, tmp_path):
    import os

    cache = SnapshotCache(copy_store(sample_store, tmp_path / "s"))
    cache.get()
    folder = cache._folder
    assert folder.name.startswith(COPY_PREFIX)
    assert (folder / OWNER_FILE).read_text(encoding="ascii") == str(os.getpid())
    assert folder.exists()


def _job_file(root, job_id: str, state: str, pid: int | None) -> None:
    root.mkdir(parents=True, exist_ok=True)
    data = {"id": job_id, "state": state, "stage": "read" if state == "running" else None, "reasons": ["upload b1"],
            "files": ["a.txt"], "folders": [], "created": "2026-01-01T00:00:00+00:00", "started": None,
            "finished": None, "counts": {}, "rejections": [], "error": None}
    if pid is not None:
        data["pid"] = pid
    (root / f"{job_id}.json").write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize("state, pid, after", [
    ("running", "dead", "interrupted"),
    ("running", None, "interrupted"),
    ("queued", None, "interrupted"),
    ("running", "alive", "running"),
    ("done", None, "done"),
    ("failed", "dead", "failed"),
])
def test_startup_marks_unfinished_jobs_interrupted(sample_store, tmp_path, state, pid, after):
    import os

    db = copy_store(sample_store, tmp_path / "s")
    job_id = "j0123456789abcdef"
    pids = {"dead": _dead_pid(), "alive": os.getpid(), None: None}
    client = writes_client(db)
    _job_file(client.app.state.jobs.root, job_id, state, pids[pid])
    with client:  # the app's start-up runs when the client starts it
        status = client.get(f"/api/jobs/{job_id}", headers=AUTH).json()
    assert status["state"] == after
    if after == "interrupted":
        assert "server stopped" in status["error"]["message"] and "again" in status["error"]["hint"]
        assert status["finished"]
    else:
        assert status["error"] is None


def test_startup_recover_leaves_a_store_without_jobs_alone(tmp_path):
    from echolocate.config import Settings

    assert JobQueue(Settings(db=tmp_path / "none.duckdb")).recover() == []

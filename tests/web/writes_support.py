"""Shared by the tests of the web's writes: a private copy of the sample store, and apps over it."""

from __future__ import annotations

import shutil
import sys
import warnings
from pathlib import Path

from echolocate.config import Settings
from tests.web.conftest import TOKEN

FAKE_JOB = Path(__file__).with_name("fake_job.py")
AUTH = {"authorization": f"Bearer {TOKEN}"}


def fake_job(exit_code: int = 0, seconds: float = 0.0) -> list[str]:
    """The job command of a fake job that ends with ``exit_code`` after ``seconds``."""
    return [sys.executable, str(FAKE_JOB), str(exit_code), str(seconds)]


def copy_store(store: Path, folder: Path) -> Path:
    """A copy of ``store`` that a test may change (uploads, ratings, jobs) without touching the shared one."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "store.duckdb"
    shutil.copyfile(store, db)
    return db


def writes_client(db: Path, job_command: list[str] | None = None, **settings):
    """A test client over ``db`` with ``settings`` (upload limits...) and, unless given, the real job process."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*httpx2.*")
        from fastapi.testclient import TestClient
    from echolocate.web.app import create_app

    app = create_app(db, TOKEN, strict=True, settings=Settings(workers=1, **settings), job_command=job_command)
    return TestClient(app)

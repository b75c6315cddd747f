"""A store built from the sample corpus, once per test session, and a test client over it."""

from __future__ import annotations

import warnings

import pytest

from echolocate import pipeline
from echolocate.config import Settings
from tests.conftest import SAMPLE

TOKEN = "test-token-7f3a"


def build_store(db, inputs: list[str]) -> Settings:
    """Ingest, read, link and assess ``inputs`` into a new store at ``db``, as `echolocate analyze` does."""
    settings = Settings(db=db, workers=1)
    pipeline.ingest(inputs, settings)
    pipeline.read(settings)
    pipeline.link(settings)
    pipeline.assess(settings)
    return settings


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory):
    if not SAMPLE.is_dir():
        pytest.skip(f"the sample corpus is missing at {SAMPLE}: clone the repository beside ../shared")
    return build_store(tmp_path_factory.mktemp("web") / "sample.duckdb", [str(SAMPLE)]).db


def make_client(db):
    with warnings.catch_warnings():  # starlette's test client warns that it prefers httpx2
        warnings.filterwarnings("ignore", message=".*httpx2.*")
        from fastapi.testclient import TestClient
    from echolocate.web.app import create_app

    return TestClient(create_app(db, TOKEN, strict=True))


@pytest.fixture(scope="session")
def client(sample_store):
    return make_client(sample_store)

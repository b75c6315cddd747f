"""Shared fixtures: paths to ../shared and a fresh store per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from echolocate.config import Settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE = SHARED / "corpora" / "libya-2016"


@pytest.fixture
def sample_dir() -> Path:
    if not SAMPLE.is_dir():
        pytest.fail(f"the sample corpus is missing at {SAMPLE}: clone the repository beside ../shared")
    return SAMPLE


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db=tmp_path / "store.duckdb", workers=1)

"""The sample corpus end to end through the library and the CLI, as a new user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from echolocate import ingest, open_store


def test_sample_corpus_becomes_seven_reports_with_supported_dates_and_outlets(sample_dir, settings):
    summary = ingest([str(sample_dir)], settings)
    assert summary.inputs_seen == 5
    assert summary.reports_new == 7 and summary.rejections == 0
    with open_store(settings, read_only=True) as store:
        reports = store.reports()
        info = store.status()
    assert info["pages_split"] == 1
    split = [r for r in reports if r["page_id"]]
    assert [r["story_index"] for r in split] == [1, 2, 3]
    assert {r["outlet"] for r in split} == {"DEBKAfile"}
    assert [r["published"] for r in split] == [date(2017, 3, 14), date(2016, 11, 28), date(2016, 1, 23)]
    assert [r["title"] for r in split][1] == "New Putin move to win a military base in Libya"
    unsplit = [r for r in reports if not r["page_id"]]
    # none of the other four files states a publication date or an outlet: unknown stays unknown
    assert all(r["published"] is None and r["outlet"] is None for r in unsplit)
    assert unsplit[0]["title"] == "Is Putin attempting to intervene in Libya militarily?"  # breadcrumb dropped
    assert {r["language"] for r in reports} == {"en"}


def test_sample_corpus_reingest_adds_nothing(sample_dir, settings):
    ingest([str(sample_dir)], settings)
    again = ingest([str(sample_dir)], settings)
    assert again.inputs_skipped == 5 and again.reports_new == 0
    forced = ingest([str(sample_dir)], settings, force=True)
    assert forced.reports_new == 0 and forced.reports_duplicate == 7
    with open_store(settings, read_only=True) as store:
        assert store.status()["reports"] == 7
        assert store.status()["sources"] == 7


def test_cli_analyze_then_status_json(sample_dir, tmp_path):
    db = tmp_path / "cli.duckdb"
    run = subprocess.run([sys.executable, "-m", "echolocate.cli", "--db", str(db), "analyze", str(sample_dir)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert "7 new report(s)" in run.stdout and "DEBKAfile" in run.stdout
    status = subprocess.run([sys.executable, "-m", "echolocate.cli", "--db", str(db), "status", "--json"],
                            capture_output=True, text=True, check=True)
    data = json.loads(status.stdout)
    assert data["reports"] == 7
    assert {row["outlet"]: row["reports"] for row in data["by_outlet"]} == {"DEBKAfile": 3, "(unknown)": 4}
    assert {row["month"] for row in data["by_month"]} == {"(undated)", "2016-01", "2016-11", "2017-03"}

"""The Python entry point gives the same rows as the CLI's JSON, and re-running only does what is new."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import echolocate
from echolocate.cli import cli
from echolocate.errors import StoreError


@pytest.fixture(scope="module")
def analysis(tmp_path_factory):
    from tests.conftest import SAMPLE

    if not SAMPLE.is_dir():
        pytest.fail(f"the sample corpus is missing at {SAMPLE}: clone the repository beside ../shared")
    db = tmp_path_factory.mktemp("analysis") / "store.duckdb"
    return echolocate.analyze([SAMPLE], db=db, workers=1)


def _cli_json(db, *args):
    result = CliRunner().invoke(cli, ["--db", str(db), *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_analyze_summary_counts_every_stage(analysis):
    summary = analysis.summary
    assert summary["ingest"]["reports_new"] >= 5
    assert summary["read"]["reports_read"] == len(analysis.reports())
    assert summary["assess"]["reassessed"] is True
    assert summary["assess"]["groups"] > 0
    phases = summary["assess"]["phase_seconds"]  # where assess spent its time, step by step, in order
    assert list(phases) == ["read_claims", "group_claims", "origins", "grades_and_contradictions",
                            "write_claim_groups", "read_event_mentions", "group_events", "write_events",
                            "web_summaries"]
    assert all(s >= 0 for s in phases.values()) and sum(phases.values()) <= summary["assess"]["seconds"]
    peaks = summary["assess"]["phase_peak_mb"]  # the process's peak memory as each step ended: never falls
    assert list(peaks) == list(phases)
    assert list(peaks.values()) == sorted(peaks.values()) and peaks["read_claims"] > 0


@pytest.mark.parametrize("method, args", [("claims", ("claims",)), ("reuse", ("reuse",)), ("events", ("events",))])
def test_analysis_rows_equal_the_cli_json(analysis, method, args):
    rows = getattr(analysis, method)() if method != "claims" else analysis.claims(min_carriers=2)
    assert rows, f"the sample corpus should give some {method}"
    assert json.loads(json.dumps(rows, default=str)) == _cli_json(analysis.db, *args)


def test_analysis_report_accepts_a_file_name(analysis):
    name = analysis.reports()[0]["source_key"].split("/")[-1]
    reading = analysis.report(name)
    assert reading["claims"], "a sample report has claims"


def test_analyze_again_reads_nothing_new(analysis):
    from tests.conftest import SAMPLE

    again = echolocate.analyze([SAMPLE], db=analysis.db, workers=1)
    assert again.summary["read"]["reports_read"] == 0
    assert again.summary["assess"]["reassessed"] is False
    assert again.claims() == analysis.claims()


def test_open_analysis_of_a_missing_store_says_how_to_make_one(tmp_path):
    with pytest.raises(StoreError) as info:
        echolocate.open_analysis(tmp_path / "none.duckdb")
    assert "analyze" in info.value.hint

"""The CLI contract: help with examples everywhere, exit codes, JSON output, stdin, errors with hints."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from echolocate.cli import cli

_ARTICLE = ("The harbour authority said on Monday that three tankers had left the port after the storm, "
            "and that the fuel depot on the northern quay would reopen once inspectors had checked the pipes. "
            "Local fishermen said the damage was worse than officials admitted.")


def _commands():
    return sorted(cli.commands)


@pytest.mark.parametrize("name", _commands())
def test_cli_every_command_has_help_with_an_example(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and f"echolocate {name}" in result.output


def test_cli_ingest_exit_status_tells_stored_from_partial(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(_ARTICLE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    runner = CliRunner()
    db = str(tmp_path / "s.duckdb")
    assert runner.invoke(cli, ["--db", db, "ingest", str(good)]).exit_code == 0
    partial = runner.invoke(cli, ["--db", db, "ingest", str(empty), "--json"])
    assert partial.exit_code == 3
    data = json.loads(partial.output)
    assert data["rejection_reasons"] == {"empty": 1} and data["status"] == "partial"


def test_cli_ingest_reads_stdin(tmp_path):
    db = str(tmp_path / "s.duckdb")
    result = CliRunner().invoke(cli, ["--db", db, "ingest", "-", "--json"], input=_ARTICLE.encode())
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["reports_new"] == 1


def test_cli_status_lists_rejections_with_reason_and_hint(tmp_path):
    db = str(tmp_path / "s.duckdb")
    runner = CliRunner()
    runner.invoke(cli, ["--db", db, "ingest", str(tmp_path / "missing.txt")])
    result = runner.invoke(cli, ["--db", db, "status"])
    assert result.exit_code == 0
    assert "not-found" in result.output and "hint:" in result.output


def test_cli_status_without_store_fails_with_hint(tmp_path, capsys):
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "echolocate.cli", "--db", str(tmp_path / "none.duckdb"), "status"],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "error: no store" in run.stderr and "hint: run `echolocate ingest" in run.stderr


def test_cli_field_option_maps_json_lines(tmp_path):
    data = tmp_path / "items.jsonl"
    data.write_text(json.dumps({"body": _ARTICLE, "headline": "Tankers leave port"}) + "\n", encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    result = CliRunner().invoke(cli, ["--db", db, "ingest", str(data), "--field", "text=body",
                                      "--field", "title=headline", "--json"])
    assert result.exit_code == 0, result.output
    status = json.loads(CliRunner().invoke(cli, ["--db", db, "status", "--json"]).output)
    assert status["reports_list"][0]["title"] == "Tankers leave port"


def test_cli_every_command_is_in_the_reference():
    from pathlib import Path

    reference = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = [name for name in cli.commands if f"## echolocate {name}\n" not in reference]
    assert not missing, f"regenerate docs/cli.md (docs/make_cli_reference.py): missing {missing}"


@pytest.mark.parametrize("engine", ["local", "ray"])
def test_cli_analyze_runs_every_step_on_the_engine_asked_for(tmp_path, monkeypatch, engine):
    """`analyze --engine E` must not fall back to the default engine for link and assess."""
    from echolocate import cli as cli_module
    from echolocate import pipeline

    seen: dict[str, tuple] = {}

    class _Summary:
        def as_dict(self):
            return {}

    def _ingest(ctx, *args, **kwargs):
        seen["ingest"] = (kwargs["engine"], kwargs["ray_address"])
        return 0

    def _read(ctx, *args, **kwargs):
        seen["read"] = (kwargs["engine"], kwargs["ray_address"])
        return _Summary()

    monkeypatch.setattr(cli_module, "_run_ingest", _ingest)
    monkeypatch.setattr(cli_module, "_run_read", _read)
    monkeypatch.setattr(pipeline, "link", lambda s: seen.setdefault("link", (s.engine, s.ray_address)) and {})
    monkeypatch.setattr(pipeline, "assess", lambda s: seen.setdefault("assess", (s.engine, s.ray_address)) and {})
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.duckdb"), "analyze", str(tmp_path), "--json",
                                      "--engine", engine, "--address", "10.0.0.5:6379"])
    assert result.exit_code == 0, result.output
    assert seen == {step: (engine, "10.0.0.5:6379") for step in ("ingest", "read", "link", "assess")}

"""Choosing an engine: local by default, Ray on request, a clear error when Ray is missing."""

from __future__ import annotations

import sys

import pytest

from echolocate.config import Settings
from echolocate.engines import dispatch, ray_engine
from echolocate.engines.ray_engine import EngineError, _ordered
from echolocate.errors import ConfigError


def test_dispatch_local_is_the_default(tmp_path):
    with dispatch.open_engine(Settings(db=tmp_path / "s.duckdb")) as engine:
        assert isinstance(engine, dispatch.LocalEngine)
        assert list(engine.pending("parsed")) == []
        assert list(engine.parse([1, 2, 3], str, on_crash=None)) == ["1", "2", "3"]


def test_dispatch_unknown_engine_names_the_choices(tmp_path):
    with pytest.raises(ConfigError, match="unknown engine") as caught:
        with dispatch.open_engine(Settings(db=tmp_path / "s.duckdb", engine="spark")):
            pass
    assert "local, ray" in caught.value.hint


def test_dispatch_ray_without_ray_installed_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now fails as if it were not installed
    with pytest.raises(EngineError) as caught:
        with dispatch.open_engine(Settings(db=tmp_path / "s.duckdb", engine="ray")):
            pass
    assert "pip install 'echolocate[ray]'" in caught.value.hint


def test_cli_engine_ray_without_ray_fails_with_hint(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from echolocate.cli import cli

    monkeypatch.setitem(sys.modules, "ray", None)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.duckdb"), "read", "--engine", "ray"])
    assert result.exit_code != 0
    assert isinstance(result.exception, EngineError)


@pytest.mark.parametrize("arrival, expected", [
    ([0, 1, 2], [0, 1, 2]),
    ([1, 0, 2], [0, 1, 2]),          # a block that finishes early waits for its predecessors
    ([0, 0, 1, 2, 1], [0, 1, 2]),    # a retried batch that arrives twice is taken once
    ([2, 1, 0], [0, 1, 2]),
])
def test_ordered_gives_each_result_once_in_input_order(arrival, expected):
    rows = [{"seq": seq, "n": i} for i, seq in enumerate(arrival)]
    assert [row["seq"] for row in _ordered(iter(rows), len(expected))] == expected


def test_ordered_fails_loudly_when_a_result_is_missing():
    with pytest.raises(EngineError, match="2 of 3"):
        list(_ordered(iter([{"seq": 0}, {"seq": 1}]), 3))


def test_parts_default_beside_the_store(tmp_path):
    from echolocate.engines.parts import parts_dir

    assert parts_dir(tmp_path / "x.duckdb") == tmp_path / "x.duckdb.parts"
    assert parts_dir(tmp_path / "x.duckdb", str(tmp_path / "shared")) == tmp_path / "shared"
    assert ray_engine.RayOptions().address == ""

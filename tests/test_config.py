"""Settings: file < environment < flags, and errors that name the bad key."""

from __future__ import annotations

from pathlib import Path

import pytest

from echolocate.config import Settings
from echolocate.errors import ConfigError


def test_config_precedence_file_then_environment_then_flags(tmp_path, monkeypatch):
    config = tmp_path / "echolocate.toml"
    config.write_text('[echolocate]\nmax_bytes = 10\nmin_words = 3\ndb = "from-file.duckdb"\n')
    monkeypatch.setenv("ECHOLOCATE_MIN_WORDS", "7")
    settings = Settings.load(config, db="flag.duckdb")
    assert settings.max_bytes == 10 and settings.min_words == 7 and settings.db == Path("flag.duckdb")


def test_config_unknown_key_is_named(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text("[echolocate]\nmax_byts = 10\n")
    with pytest.raises(ConfigError) as error:
        Settings.load(config)
    assert "max_byts" in error.value.message and "max_bytes" in error.value.hint


@pytest.mark.parametrize("value", ["ten", "-5"])
def test_config_bad_number_is_refused(monkeypatch, value):
    monkeypatch.setenv("ECHOLOCATE_MAX_BYTES", value)
    with pytest.raises(ConfigError):
        Settings.load()


def test_config_jsonl_mapping_merges_with_defaults(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('[echolocate.jsonl_fields]\ntext = ["body"]\n')
    settings = Settings.load(config)
    assert settings.jsonl_fields["text"] == ("body",)
    assert "maintext" not in settings.jsonl_fields["text"] and settings.jsonl_fields["title"][0] == "title"

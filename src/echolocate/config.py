"""One settings object: defaults and help in one table; file < environment < flags.

Settings are passed explicitly to whatever needs them; nothing reads them globally.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from echolocate.errors import ConfigError

DEFAULT_JSONL_FIELDS = {
    # our name: candidate keys in the input, first present wins (news-please first)
    "text": ("maintext", "text", "content", "body", "article", "description"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "outlet": ("source_domain", "outlet", "source", "site_name", "sitename", "domain", "publisher"),
    "author": ("authors", "author", "byline"),
    "published": ("date_publish", "published", "date", "pubdate", "publish_date", "datetime", "timestamp"),
    "language": ("language", "lang"),
}


@dataclass(frozen=True)
class Settings:
    """Everything a run can be told. See ``Settings.help()`` for the table."""

    db: Path = field(default=Path("echolocate.duckdb"), metadata={"help": "DuckDB store file"})
    max_bytes: int = field(default=50_000_000, metadata={"help": "largest input file accepted, in bytes"})
    workers: int = field(default=0, metadata={"help": "worker processes for parsing (0: one per core)"})
    batch_size: int = field(default=256, metadata={"help": "inputs written per store transaction"})
    min_words: int = field(default=25, metadata={"help": "shortest text kept as a report, in words"})
    read_batch: int = field(default=8, metadata={"help": "reports per read-stage task (one nlp.pipe call)"})
    aliases: str = field(default="", metadata={"help": "alias file (TOML or CSV: spelling -> canonical name), optional"})
    engine: str = field(default="local", metadata={"help": "where per-report stages run: local (processes) or ray"})
    ray_address: str = field(default="", metadata={"help": "Ray cluster for --engine ray (empty: start a local Ray; "
                                                           "'auto': the cluster this node belongs to)"})
    parts: str = field(default="", metadata={"help": "Parquet results of --engine ray runs (default: <db>.parts)"})
    db_memory: str = field(default="", metadata={
        "help": "DuckDB memory limit for commands that write the store, e.g. 4GB (default: a quarter of this "
                "machine's memory)"})
    reliability: str = field(default="", metadata={
        "help": "outlet reliability table (CSV or TOML); unset: <db>.reliability.csv when that file exists"})
    upload_max_files: int = field(default=50, metadata={"help": "web uploads: most files in one upload"})
    upload_max_bytes: int = field(default=20_000_000, metadata={"help": "web uploads: largest file, in bytes"})
    upload_max_total: int = field(default=100_000_000, metadata={"help": "web uploads: largest upload, in bytes"})
    jsonl_fields: dict = field(
        default_factory=lambda: dict(DEFAULT_JSONL_FIELDS),
        metadata={"help": "JSON lines field mapping: our field -> list of input keys"},
    )

    @classmethod
    def help(cls) -> list[tuple[str, str, Any]]:
        return [(f.name, f.metadata.get("help", ""), _default_of(f)) for f in fields(cls)]

    @classmethod
    def load(cls, config_file: Path | None = None, **overrides: Any) -> "Settings":
        """Build settings from a TOML file, then ``ECHOLOCATE_*`` variables, then ``overrides``."""
        values: dict[str, Any] = {}
        path = config_file or (Path("echolocate.toml") if Path("echolocate.toml").exists() else None)
        if path is not None:
            values.update(_read_toml(Path(path)))
        for f in fields(cls):
            env = os.environ.get(f"ECHOLOCATE_{f.name.upper()}")
            if env is not None and f.name != "jsonl_fields":
                values[f.name] = env
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls()._with(values)
        if not settings.reliability and settings.default_reliability_path().exists():
            settings = replace(settings, reliability=str(settings.default_reliability_path()))
        return settings

    def default_reliability_path(self) -> Path:
        """Where the web app keeps the reliability table when none is configured: beside the store,
        so `echolocate analyze` (through ``load``) and `echolocate serve` read the same file."""
        return self.db.with_name(self.db.name + ".reliability.csv")

    def reliability_path(self) -> Path:
        """The reliability table to read and edit: the configured one, else the default beside the store."""
        return Path(self.reliability) if self.reliability else self.default_reliability_path()

    def _with(self, values: dict[str, Any]) -> "Settings":
        known = {f.name: f for f in fields(self)}
        clean: dict[str, Any] = {}
        for key, value in values.items():
            if key not in known:
                raise ConfigError(f"unknown setting '{key}'", hint=f"known settings: {', '.join(known)}")
            clean[key] = _coerce(key, value, getattr(self, key))
        return replace(self, **clean)


def _default_of(f) -> Any:
    from dataclasses import MISSING

    return f.default if f.default is not MISSING else f.default_factory()


def _coerce(key: str, value: Any, current: Any) -> Any:
    try:
        if isinstance(current, Path):
            return Path(value)
        if isinstance(current, bool):
            return str(value).lower() in {"1", "true", "yes", "on"}
        if isinstance(current, int):
            number = int(value)
            if number < 0:
                raise ValueError("must not be negative")
            return number
        if isinstance(current, dict):
            if not isinstance(value, dict):
                raise ValueError("must be a table")
            merged = dict(current)
            for name, keys in value.items():
                merged[name] = (keys,) if isinstance(keys, str) else tuple(keys)
            return merged
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting '{key}' has a bad value {value!r}: {exc}",
                          hint="see `echolocate config` for each setting and its type") from exc
    return value


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}", hint="fix or remove the file") from exc
    section = data.get("echolocate", data)
    if not isinstance(section, dict):
        raise ConfigError(f"config file {path} has no [echolocate] table")
    return dict(section)

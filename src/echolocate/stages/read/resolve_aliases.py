"""The user's alias file: spellings the rules miss, mapped to the name to show.

Two formats, chosen by extension:

TOML (``.toml``)::

    [aliases]
    "Hafter" = "Khalifa Haftar"
    "Marshal" = "Khalifa Haftar"

CSV (``.csv``), two columns ``alias,canonical``, an optional header row::

    alias,canonical
    Hafter,Khalifa Haftar
"""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

from echolocate.errors import InputError

_EXAMPLE_TOML = '[aliases]\n"Hafter" = "Khalifa Haftar"'
_EXAMPLE_CSV = "alias,canonical\nHafter,Khalifa Haftar"


def load_alias_file(path: str | Path) -> dict[str, str]:
    """Read an alias file into {alias: canonical}; raise InputError naming the line or key at fault."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"alias file not found: {path}", hint="give the path of a .toml or .csv alias file")
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return _load_toml(path)
    if suffix == ".csv":
        return _load_csv(path)
    raise InputError(
        f"alias file {path} must end in .toml or .csv",
        hint=f"write it as TOML:\n{_EXAMPLE_TOML}\nor as CSV:\n{_EXAMPLE_CSV}",
    )


def _check(alias: object, canonical: object, where: str, path: Path) -> tuple[str, str]:
    if not isinstance(alias, str) or not isinstance(canonical, str):
        raise InputError(f"{path}: {where}: aliases and names must be text", hint=f"e.g.\n{_EXAMPLE_TOML}")
    alias, canonical = alias.strip(), canonical.strip()
    if not alias or not canonical:
        raise InputError(f"{path}: {where}: empty alias or name", hint="each entry needs both a spelling and the name it stands for")
    return alias, canonical


def _load_toml(path: Path) -> dict[str, str]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"alias file {path} is not valid TOML: {exc}", hint=f"expected:\n{_EXAMPLE_TOML}") from exc
    table = data.get("aliases")
    if not isinstance(table, dict):
        raise InputError(f"alias file {path} has no [aliases] table", hint=f"expected:\n{_EXAMPLE_TOML}")
    out = {}
    for alias, canonical in table.items():
        a, c = _check(alias, canonical, f"key {alias!r}", path)
        out[a] = c
    return out


def _load_csv(path: Path) -> dict[str, str]:
    out = {}
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            for lineno, row in enumerate(csv.reader(fh), start=1):
                if not row or all(not cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                    continue
                if lineno == 1 and [c.strip().lower() for c in row[:2]] == ["alias", "canonical"]:
                    continue
                if len(row) != 2:
                    raise InputError(f"{path}: line {lineno}: expected 2 columns (alias,canonical), got {len(row)}",
                                     hint=f"expected:\n{_EXAMPLE_CSV}")
                a, c = _check(row[0], row[1], f"line {lineno}", path)
                out[a] = c
    except UnicodeDecodeError as exc:
        raise InputError(f"alias file {path} is not UTF-8 text", hint="save it as UTF-8") from exc
    return out

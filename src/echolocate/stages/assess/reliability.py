"""Outlet reliability: a small table the analyst edits, read from CSV or TOML.

Each row names an outlet (any spelling: it is keyed with ``outlet_key``), a rating and
an optional note. Ratings are numbers from 0 to 1 or letters of the Admiralty scale
analysts already use: A completely reliable ... E unreliable, F cannot be judged (no
rating). The table feeds the grade and, because copies inherit the origin of what they
copied, flows down to every report that re-used that outlet's text.

CSV: a header row with ``outlet,rating[,note]``. TOML: ``[outlets]`` with
``"DEBKAfile" = {rating = 0.3, note = "..."}`` or ``"DEBKAfile" = "D"``, or an array
``[[outlet]]`` of tables with ``name``, ``rating``, ``note``.
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from echolocate.errors import ConfigError
from echolocate.stages.assess.outlet_names import outlet_key
from echolocate.stages.link.claim_types import Origin

__all__ = ["LETTER_RATINGS", "Rating", "ReliabilityTable", "parse_rating"]

# Admiralty (NATO) source reliability letters; F "cannot be judged" carries no number.
LETTER_RATINGS: Mapping[str, float | None] = {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.4, "E": 0.2, "F": None}
_HINT = "write each row as: outlet, rating (a number from 0 to 1 or a letter A-F), note"


@dataclass(frozen=True)
class Rating:
    outlet: str  # as the analyst wrote it
    rating: float | None
    note: str = ""


def parse_rating(value: object) -> float | None:
    """A rating from a number 0..1 or an Admiralty letter A-F; ValueError says what was wrong."""
    if isinstance(value, bool):
        raise ValueError(f"rating {value!r} is neither a number from 0 to 1 nor a letter A-F")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip()
        if text.upper() in LETTER_RATINGS:
            return LETTER_RATINGS[text.upper()]
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"rating {text!r} is neither a number from 0 to 1 nor a letter A-F") from None
    if not 0.0 <= number <= 1.0:
        raise ValueError(f"rating {number:g} is outside 0..1")
    return number


@dataclass(frozen=True)
class ReliabilityTable:
    """Outlet key -> ``Rating``. Immutable: ``with_rating`` returns an edited copy."""

    rows: Mapping[str, Rating] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, object] | tuple[str, object, str]]) -> ReliabilityTable:
        table = cls()
        for row in rows:
            outlet, rating, note = (tuple(row) + ("",))[:3]
            table = table.with_rating(outlet, parse_rating(rating), str(note or ""))
        return table

    @classmethod
    def load(cls, path: str | Path) -> ReliabilityTable:
        """Read a CSV or TOML table; errors name the file, the line or entry, and the problem."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read reliability table {path}: {exc.strerror or exc}",
                              "check the path given for the reliability table") from exc
        if path.suffix.lower() == ".toml":
            return cls._from_toml(text, path)
        return cls._from_csv(text, path)

    @classmethod
    def _from_csv(cls, text: str, path: Path) -> ReliabilityTable:
        reader = csv.reader(io.StringIO(text))
        table = cls()
        header_seen = False
        for row in reader:
            line = reader.line_num
            cells = [c.strip() for c in row]
            if not any(cells) or cells[0].startswith("#"):
                continue
            if not header_seen and cells[0].lower() in {"outlet", "name", "source"}:
                header_seen = True
                continue
            header_seen = True
            if len(cells) < 2 or not cells[0]:
                raise ConfigError(f"{path}:{line}: expected an outlet and a rating, got {row!r}", _HINT)
            try:
                rating = parse_rating(cells[1])
            except ValueError as exc:
                raise ConfigError(f"{path}:{line}: {exc}", _HINT) from None
            table = table.with_rating(cells[0], rating, ",".join(cells[2:]).strip())
        return table

    @classmethod
    def _from_toml(cls, text: str, path: Path) -> ReliabilityTable:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: {exc}", "fix the TOML syntax at the position shown") from None
        entries: list[tuple[str, object, object]] = []
        for name, value in (data.get("outlets") or {}).items():
            if isinstance(value, Mapping):
                entries.append((name, value.get("rating"), value.get("note", "")))
            else:
                entries.append((name, value, ""))
        for i, value in enumerate(data.get("outlet") or [], 1):
            if not isinstance(value, Mapping) or "name" not in value:
                raise ConfigError(f"{path}: [[outlet]] entry {i} has no name", _HINT)
            entries.append((value["name"], value.get("rating"), value.get("note", "")))
        if not entries and data:
            raise ConfigError(f"{path}: no [outlets] table or [[outlet]] entries found", _HINT)
        table = cls()
        for name, rating, note in entries:
            if rating is None:
                raise ConfigError(f"{path}: outlet {name!r} has no rating", _HINT)
            try:
                table = table.with_rating(str(name), parse_rating(rating), str(note or ""))
            except ValueError as exc:
                raise ConfigError(f"{path}: outlet {name!r}: {exc}", _HINT) from None
        return table

    def with_rating(self, outlet: str, rating: float | None, note: str = "") -> ReliabilityTable:
        key = outlet_key(outlet)
        if not key:
            raise ValueError(f"outlet name {outlet!r} is empty")
        rows = dict(self.rows)
        rows[key] = Rating(outlet.strip(), rating, note)
        return ReliabilityTable(rows)

    def entry(self, origin: Origin | str) -> Rating | None:
        """The row for an origin (by its key, then by its name) or for an outlet name."""
        if isinstance(origin, Origin):
            for key in (origin.key, outlet_key(origin.name)):
                if key in self.rows:
                    return self.rows[key]
            return None
        return self.rows.get(outlet_key(origin))

    def rating_of(self, origin: Origin | str) -> float | None:
        row = self.entry(origin)
        return row.rating if row is not None else None

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["outlet", "rating", "note"])
        for row in sorted(self.rows.values(), key=lambda r: r.outlet.lower()):
            writer.writerow([row.outlet, "F" if row.rating is None else f"{row.rating:g}", row.note])
        return out.getvalue()

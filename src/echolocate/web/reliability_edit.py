"""Editing the outlet reliability table from the web, and listing the outlets a store has seen.

The table is the same file `echolocate analyze` reads (``Settings.reliability_path()``):
CSV, or TOML when the configured file ends in ``.toml``. An edit rewrites the whole file
atomically (comments in it are not kept) under a lock, so two edits never interleave;
the assess stage then reruns because the file's modification time is part of its digest.
"""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from pathlib import Path

from echolocate.errors import InputError
from echolocate.stages.assess.outlet_names import outlet_key
from echolocate.stages.assess.reliability import Rating, ReliabilityTable

__all__ = ["ReliabilityFile", "clean_name", "clean_note", "outlets_seen", "rating_label"]

_RATED_KINDS = ("outlet", "wire")


def rating_label(rating: float | None) -> str:
    """How a rating is written back: 'F' for cannot be judged, else the number."""
    return "F" if rating is None else f"{rating:g}"


class ReliabilityFile:
    """The reliability table file: read fresh when it changed, rewritten whole on every edit."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._cached: tuple[tuple | None, ReliabilityTable] = (None, ReliabilityTable())

    def table(self) -> ReliabilityTable:
        try:
            st = self.path.stat()
            sig: tuple | None = (st.st_size, st.st_mtime_ns)
        except FileNotFoundError:
            return ReliabilityTable()
        if self._cached[0] != sig:
            self._cached = (sig, ReliabilityTable.load(self.path))
        return self._cached[1]

    def get(self, outlet: str) -> Rating | None:
        return self.table().entry(outlet) if outlet_key(outlet) else None

    def set(self, outlet: str, rating: float | None, note: str = "") -> Rating:
        outlet, note = clean_name(outlet), clean_note(note)
        if not outlet_key(outlet):
            raise InputError(f"outlet name {outlet!r} has no letters or digits", hint="give the outlet's name")
        with self._lock:
            table = self.table().with_rating(outlet, rating, note)
            self._write(table)
        return table.entry(outlet)

    def remove(self, outlet: str) -> bool:
        with self._lock:
            table = self.table()
            key = outlet_key(outlet)
            if key not in table.rows:
                return False
            self._write(ReliabilityTable({k: v for k, v in table.rows.items() if k != key}))
            return True

    def _write(self, table: ReliabilityTable) -> None:
        text = _to_toml(table) if self.path.suffix.lower() == ".toml" else table.to_csv()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, self.path)
        self._cached = (None, table)


def clean_name(name: str) -> str:
    """An outlet name on one line: control characters and runs of white space become one space; no leading
    '#' (the CSV table reads such a line as a comment)."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in name).split()).lstrip("# ")


def clean_note(note: str) -> str:
    """A note keeps its line breaks (as ``\n``) but no other control character, so every table format holds it."""
    lines = note.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join("".join(ch if ch.isprintable() or ch == "\t" else " " for ch in line) for line in lines).strip()


def _to_toml(table: ReliabilityTable) -> str:
    # a JSON string is a valid TOML basic string (same escapes), which keeps any outlet name or note safe
    lines = ["# outlet reliability: rating 0..1 or A-F (Admiralty scale; F = cannot be judged)", "[outlets]"]
    for row in sorted(table.rows.values(), key=lambda r: r.outlet.lower()):
        rating = json.dumps("F") if row.rating is None else f"{row.rating:g}"
        lines.append(f"{json.dumps(row.outlet, ensure_ascii=False)} = "
                     f"{{rating = {rating}, note = {json.dumps(row.note, ensure_ascii=False)}}}")
    return "\n".join(lines) + "\n"


def outlets_seen(groups: list[dict], reports: list[dict], table: ReliabilityTable) -> list[dict]:
    """Every outlet or wire the store knows (as reporting outlet or as origin) and every rated one.

    One row per outlet key, named by its most frequent spelling, with how many reports it
    published, how many claims trace back to it, and its current rating and note.
    """
    names: dict[str, Counter] = {}
    published: Counter = Counter()
    originated: Counter = Counter()
    for report in reports:
        if report.get("outlet") and (key := outlet_key(report["outlet"])):
            names.setdefault(key, Counter())[report["outlet"]] += 1
            published[key] += 1
    for group in groups:
        for carrier in group["carriers"]:
            origin = carrier["origin"]
            if origin["kind"] in _RATED_KINDS and (key := outlet_key(origin["name"])):
                names.setdefault(key, Counter())[origin["name"]] += 1
                originated[key] += 1
    for key, row in table.rows.items():
        names.setdefault(key, Counter())[row.outlet] += 0
    rows = []
    for key, spellings in names.items():
        entry = table.rows.get(key)
        rows.append({"name": spellings.most_common(1)[0][0], "key": key,
                     "spellings": sorted(spellings), "reports": published[key], "claims_originated": originated[key],
                     "rated": entry is not None, "rating": entry.rating if entry else None,
                     "rating_label": rating_label(entry.rating) if entry else None,
                     "note": entry.note if entry else ""})
    return sorted(rows, key=lambda r: (-(r["reports"] + r["claims_originated"]), r["name"].lower()))

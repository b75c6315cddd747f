"""What the web app shows, loaded from the store once per change of the store file.

The store is opened read-only only while loading, so `echolocate analyze` can write to
it between requests; if it is busy, the last good snapshot keeps being served.
Pages and API calls then filter plain dicts in memory, which keeps them fast on the
corpora a laptop holds (tens of thousands of claim groups).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from echolocate.errors import InputError, StoreError
from echolocate.store import Store

log = logging.getLogger(__name__)

_READINGS_KEPT = 64


@dataclass
class Snapshot:
    """Everything the pages list, from one state of the store. Report readings load on demand."""

    path: Path
    signature: tuple
    groups: list[dict]
    reports: list[dict]
    reuse: list[dict]
    events: list[dict]
    status: dict
    texts: dict[str, str]
    mentions: dict[str, list[tuple]]
    group_by_id: dict[str, dict] = field(default_factory=dict)
    group_of_claim: dict[str, str] = field(default_factory=dict)
    report_by_id: dict[str, dict] = field(default_factory=dict)
    _readings: OrderedDict = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.group_by_id = {g["id"]: g for g in self.groups}
        self.group_of_claim = {c["claim_id"]: g["id"] for g in self.groups for c in g["carriers"]}
        self.report_by_id = {r["id"]: r for r in self.reports}

    def group(self, group_id: str) -> dict:
        try:
            return self.group_by_id[group_id]
        except KeyError:
            raise InputError(f"no claim {group_id!r}", hint="claim IDs start with 'g'; /api/claims lists them") from None

    def reading(self, report_id: str) -> dict:
        """A report with everything read in it (``Store.report_reading``), kept for the last few asked."""
        if report_id not in self.report_by_id:
            raise InputError(f"no report {report_id!r}", hint="report IDs start with 'r'; /api/reports lists them")
        with self._lock:
            if report_id in self._readings:
                self._readings.move_to_end(report_id)
                return self._readings[report_id]
        with Store(self.path, read_only=True) as store:
            reading = store.report_reading(report_id)
        with self._lock:
            self._readings[report_id] = reading
            while len(self._readings) > _READINGS_KEPT:
                self._readings.popitem(last=False)
        return reading


def signature(path: Path) -> tuple:
    """Size and modification time of the store file and its write-ahead log: changes when a writer commits."""
    parts = []
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            st = p.stat()
            parts.append((st.st_size, st.st_mtime_ns))
        except FileNotFoundError:
            parts.append(None)
    return tuple(parts)


def load(path: Path) -> Snapshot:
    sig = signature(path)
    with Store(path, read_only=True) as store:
        reports = store.report_list()
        ids = [r["id"] for r in reports]
        texts = {rid: text for rid, text, _ in store.report_texts(ids)} if ids else {}
        mentions: dict[str, list[tuple]] = {}
        for row in store.all_mentions():
            mentions.setdefault(row[0], []).append(row[1:])
        return Snapshot(path=path, signature=sig, groups=store.claim_groups(), reports=reports,
                        reuse=store.reuse(), events=store.events(), status=store.status(), texts=texts,
                        mentions=mentions)


class SnapshotCache:
    """Hands out the current snapshot, reloading it when the store file changed."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._current: Snapshot | None = None
        self._lock = threading.Lock()

    def get(self) -> Snapshot:
        current = self._current
        if current is not None and current.signature == signature(self.path):
            return current
        with self._lock:
            current = self._current
            if current is not None and current.signature == signature(self.path):
                return current
            try:
                self._current = load(self.path)
            except StoreError as exc:
                if current is None:
                    raise
                log.warning("store changed but cannot be reopened (%s); serving the last snapshot", exc.message)
                return current
            return self._current

"""Measure how our events get their dates, on TempEval-3 training data (TimeBank + AQUAINT, TBAQ-cleaned).

Gold: every EVENT with a TLINK that puts it inside a TIMEX3 whose value is a calendar date
(a day, week, month, quarter, season or year; the document creation time t0 counts). The
relations that put an event inside a time are, with the event first: IS_INCLUDED, DURING,
SIMULTANEOUS, IDENTITY, BEGINS, ENDS; with the time first: INCLUDES, DURING_INV,
SIMULTANEOUS, IDENTITY, BEGUN_BY, ENDED_BY. BEFORE/AFTER/IBEFORE... only bound one side and
are left out. An event with several such links takes the narrowest range (most precise).

Each document is read with the read stage as in ``echolocate analyze`` (report date = the DCT),
and three settings are scored:

- ``pipeline``: our event triggers (only PLOVER political types) and our time expressions; a gold
  event counts as found when one of our triggers overlaps it.
- ``gold-triggers``: every gold event's head token given as a trigger (our lexicon's type where it
  knows the word), dated by ``event_time`` with our time expressions; this measures the attachment
  rules on all event words, not only the political ones.
- ``gold-times``: the same, with the gold TIMEX3 spans and values in place of ours: what is left is
  attachment error alone.
- ``+report``: each of these with the report-date rule (``when.dated_by_report``: an event without a
  time of its own told in the present, the present perfect, or by a past-tense reporting verb takes
  the document's date). The store does not carry that flag yet, so ``pipeline`` is what
  ``echolocate analyze`` gives today and ``pipeline+report`` what it gives once it does.

Per setting: coverage (share of the gold dated events we give a date), precision (share of the dates
we give that lie within the gold range), exact (same range), same month (the dates' first days in the
same month), within = precision's numerator. Documents are split in two halves by a hash of their
name: ``dev`` (used while writing the rules) and ``test`` (reported); ``--split all`` scores both.

Run:  .venv/bin/python eval/tempeval3_events.py [--split test|dev|all] [--limit N] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

DEFAULT_ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "tempeval3" / "TBAQ-cleaned"
SUBCORPORA = ("TimeBank", "AQUAINT")
SETTINGS = ("pipeline", "pipeline+report", "gold-triggers", "gold-triggers+report", "gold-times",
            "gold-times+report")

_EVENT_FIRST = frozenset("IS_INCLUDED DURING SIMULTANEOUS IDENTITY BEGINS ENDS".split())
_TIME_FIRST = frozenset("INCLUDES DURING_INV SIMULTANEOUS IDENTITY BEGUN_BY ENDED_BY".split())
_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Timex:
    tid: str
    start: int
    end: int
    value: str
    type: str


@dataclass(frozen=True)
class GoldEvent:
    eid: str
    start: int
    end: int
    earliest: date
    latest: date


@dataclass(frozen=True)
class Doc:
    name: str
    anchor: date
    text: str
    timexes: tuple[Timex, ...]
    events: tuple[GoldEvent, ...]  # only the dated ones


def value_range(value: str) -> tuple[date, date] | None:
    """The calendar range a TIMEX3 value stands for, or None (durations, PAST_REF, times of day only...)."""
    value = value.split("T")[0]
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            y, mo = int(m[1]), int(m[2])
            nxt = date(y + (mo == 12), mo % 12 + 1, 1)
            return date(y, mo, 1), nxt - timedelta(days=1)
        if m := re.fullmatch(r"(\d{4})-W(\d{2})(?:-WE)?", value):
            start = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return start, start + timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})-Q(\d)", value):
            y, q = int(m[1]), int(m[2])
            nxt = date(y + (q == 4), (q % 4) * 3 + 1, 1)
            return date(y, 3 * q - 2, 1), nxt - timedelta(days=1)
        if m := re.fullmatch(r"(\d{4})-H(\d)", value):
            y, h = int(m[1]), int(m[2])
            return (date(y, 1, 1), date(y, 6, 30)) if h == 1 else (date(y, 7, 1), date(y, 12, 31))
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|AU|WI)", value):
            y = int(m[1])
            return {"SP": (date(y, 3, 1), date(y, 5, 31)), "SU": (date(y, 6, 1), date(y, 8, 31)),
                    "FA": (date(y, 9, 1), date(y, 11, 30)), "AU": (date(y, 9, 1), date(y, 11, 30)),
                    "WI": (date(y, 12, 1), date(y + 1, 2, 28))}[m[2]]
        if m := re.fullmatch(r"(\d{4})", value):
            return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    except ValueError:
        return None
    return None


def read_doc(path: Path) -> Doc:
    """Plain text of <TEXT>, its TIMEX3 and EVENT spans, and the gold dated events."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r"<DCT>.*?value=\"([^\"]+)\"", raw, re.S)
    anchor = date.fromisoformat(dct.group(1)[:10])
    body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S).group(1)
    parts, length, pos = [], 0, 0
    opened: dict[str, tuple[int, dict]] = {}
    timexes, events = [Timex("t0", -1, -1, dct.group(1), "DATE")], {}
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos:m.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name = m.group(1), m.group(2)
        if name not in ("TIMEX3", "EVENT"):
            continue
        if not closing:
            opened[name] = (length, dict(_ATTR.findall(m.group(3))))
        elif name in opened:
            s, attrs = opened.pop(name)
            if name == "TIMEX3":
                timexes.append(Timex(attrs.get("tid", ""), s, length, attrs.get("value", ""), attrs.get("type", "")))
            else:
                events[attrs.get("eid", "")] = (s, length)
    parts.append(html.unescape(body[pos:]))
    instance = {a["eiid"]: a["eventID"] for a in (dict(_ATTR.findall(t)) for t in
                                                    re.findall(r"<MAKEINSTANCE([^>]*)>", raw))}
    ranges = {t.tid: value_range(t.value) for t in timexes}
    dated: dict[str, tuple[date, date]] = {}
    for attrs in (dict(_ATTR.findall(t)) for t in re.findall(r"<TLINK([^>]*)>", raw)):
        rel = attrs.get("relType", "")
        if "eventInstanceID" in attrs and "relatedToTime" in attrs and rel in _EVENT_FIRST:
            eiid, tid = attrs["eventInstanceID"], attrs["relatedToTime"]
        elif "timeID" in attrs and "relatedToEventInstance" in attrs and rel in _TIME_FIRST:
            eiid, tid = attrs["relatedToEventInstance"], attrs["timeID"]
        else:
            continue
        eid, span = instance.get(eiid), ranges.get(tid)
        if eid is None or span is None or eid not in events:
            continue
        if eid not in dated or (span[1] - span[0]) < (dated[eid][1] - dated[eid][0]):
            dated[eid] = span
    gold = tuple(GoldEvent(eid, *events[eid], *dated[eid]) for eid in sorted(dated, key=lambda e: events[e]))
    return Doc(path.stem, anchor, "".join(parts), tuple(t for t in timexes if t.start >= 0), gold)


def split_of(name: str) -> str:
    """``dev`` or ``test``: a fixed half of the documents by a hash of the file name."""
    return "dev" if hashlib.sha1(name.encode()).digest()[0] % 2 == 0 else "test"


def load(root: Path = DEFAULT_ROOT, split: str = "test", limit: int | None = None) -> list[Doc]:
    docs = []
    for sub in SUBCORPORA:
        paths = sorted(p for p in (root / sub).glob("*.tml") if split == "all" or split_of(p.stem) == split)
        docs.extend(read_doc(p) for p in (paths[:limit] if limit else paths))
    return docs


def _gold_times(doc: Doc):
    """The gold TIMEX3s as our ``TimeRef``s (date-valued ones resolved, the rest kept undated)."""
    from echolocate.stages.read.types import TimeRef

    out = []
    for t in doc.timexes:
        span = value_range(t.value)
        kind = {"DATE": "date", "TIME": "time", "DURATION": "duration", "SET": "set"}.get(t.type, "date")
        out.append(TimeRef(t.start, t.end, doc.text[t.start:t.end], kind, t.value,
                           span[0] if span else None, span[1] if span else None))
    return out


def _dates_for_gold(doc: Doc, spacy_doc, times, report_date: bool = False) -> list:
    """The (earliest, latest) our rules give each gold event, read as a trigger on its own head word;
    with ``report_date`` an event our rules date by its tense takes the document's date."""
    from echolocate.stages.events.arguments import clause_span
    from echolocate.stages.events.classify import Trigger, classify
    from echolocate.stages.events.mode import mode_of
    from echolocate.stages.events.when import dated_by_report, event_time

    text = doc.text
    out = []
    for g in doc.events:
        span = spacy_doc.char_span(g.start, g.end, alignment_mode="expand")
        if span is None or not len(span):
            out.append(None)
            continue
        token = span.root
        trigger = classify(token) or Trigger(token, "ACTION", None, 0.5, token.pos_ in ("NOUN", "PROPN"))
        start, end = clause_span(trigger, text)
        t = event_time(trigger, times, start, end)
        if t is None and report_date and dated_by_report(trigger, mode_of(token, trigger.category)):
            out.append((doc.anchor, doc.anchor))
            continue
        out.append((t.earliest, t.latest) if t is not None and t.earliest is not None else None)
    return out


def _dates_from_pipeline(doc: Doc, reading, report_date: bool = False) -> list:
    """The date of our own event overlapping each gold event, as ``echolocate analyze`` stores it;
    with ``report_date`` the events marked ``time_from_report`` take the document's date."""
    times = {(t.start, t.end): t for t in reading.times}
    out = []
    for g in doc.events:
        hit = next((e for e in reading.events if e.trigger_start < g.end and g.start < e.trigger_end), None)
        if hit is None:
            out.append("missed")
            continue
        t = times.get((hit.time_start, hit.time_end)) if hit.time_start is not None else None
        if t is None and report_date and hit.time_from_report:
            out.append((doc.anchor, doc.anchor))
            continue
        out.append((t.earliest, t.latest) if t is not None and t.earliest is not None else None)
    return out


def _tally(counts: dict, doc: Doc, dates: list) -> None:
    for g, ours in zip(doc.events, dates):
        counts["gold"] += 1
        if ours == "missed":
            continue
        counts["found"] += 1
        if ours is None:
            continue
        lo, hi = ours
        hi = hi or lo
        counts["dated"] += 1
        counts["exact"] += (lo, hi) == (g.earliest, g.latest)
        counts["month"] += (lo.year, lo.month) == (g.earliest.year, g.earliest.month)
        counts["within"] += g.earliest <= lo and hi <= g.latest


def evaluate(root: Path = DEFAULT_ROOT, split: str = "test", limit: int | None = None,
             settings: tuple[str, ...] = SETTINGS) -> dict:
    """Coverage and precision of event dates per setting (the function the quality-floor test calls)."""
    from echolocate.stages.read.stage import ReadInput, read_doc as read_report, setup

    readers = setup()
    docs = load(root, split, limit)
    counts = {s: {k: 0 for k in ("gold", "found", "dated", "exact", "month", "within")} for s in settings}
    for doc in docs:
        spacy_doc = readers.nlp(doc.text)
        reading = read_report(ReadInput(doc.name, doc.text, doc.anchor), spacy_doc, readers)
        for setting in settings:
            report_date = setting.endswith("+report")
            if setting.startswith("pipeline"):
                dates = _dates_from_pipeline(doc, reading, report_date)
            else:
                times = _gold_times(doc) if setting.startswith("gold-times") else list(reading.times)
                dates = _dates_for_gold(doc, spacy_doc, times, report_date)
            _tally(counts[setting], doc, dates)
    out = {"documents": len(docs), "split": split}
    for s, c in counts.items():
        out[s] = dict(c, coverage=_share(c["dated"], c["gold"]), precision=_share(c["within"], c["dated"]),
                      exact_share=_share(c["exact"], c["dated"]), month_share=_share(c["month"], c["dated"]))
    return out


def _share(a: int, b: int) -> float:
    return round(a / b, 3) if b else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="the TBAQ-cleaned folder")
    ap.add_argument("--split", choices=("test", "dev", "all"), default="test")
    ap.add_argument("--limit", type=int, default=None, help="first N documents of each subcorpus in the split")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not args.root.is_dir():
        print(f"no TempEval-3 data at {args.root}: put ../shared beside the repository or pass --root",
              file=sys.stderr)
        return 2
    res = evaluate(args.root, args.split, args.limit)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"TempEval-3 TBAQ-cleaned, {args.split} half: {res['documents']} documents, "
          f"{res['pipeline']['gold']} gold events with a date")
    print(f"{'setting':<20} {'found':>6} {'dated':>6} {'coverage':>8} {'precision':>9} {'exact':>6} {'month':>6}")
    for s in SETTINGS:
        r = res[s]
        print(f"{s:<20} {r['found']:>6} {r['dated']:>6} {r['coverage']:>8.3f} {r['precision']:>9.3f} "
              f"{r['exact_share']:>6.3f} {r['month_share']:>6.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

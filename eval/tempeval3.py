"""Measure ``find_times`` on TempEval-3 training data (TimeBank + AQUAINT, TBAQ-cleaned).

Each TimeML document's creation time (the DCT TIMEX3, tid t0) is the anchor; the
TIMEX3 tags inside <TEXT> are the gold standard. Printed per subcorpus and overall:

- extraction P/R/F1, strict (same span) and relaxed (spans overlap), matched one to one;
- value accuracy on relaxed matches;
- value F1, the TempEval-3 definition: a relaxed match whose value is also right counts,
  precision over our expressions and recall over gold ones. The published anchor is
  HeidelTime's 77.6 on the TempEval-3 *platinum test* set (UzZaman et al. 2013), a
  different (held-out) set from the training data measured here.

Usage: .venv/bin/python eval/tempeval3.py [--limit N] [--json] [--root DIR]
(``--limit N`` keeps the first N documents of each subcorpus, in file-name order).
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from echolocate.stages.read.timex import find_times

DEFAULT_ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "tempeval3" / "TBAQ-cleaned"
SUBCORPORA = ("TimeBank", "AQUAINT")


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    value: str
    type: str


@dataclass(frozen=True)
class Doc:
    name: str
    anchor: date
    text: str
    gold: tuple[Gold, ...]


_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def read_doc(path: Path) -> Doc:
    """The plain text of <TEXT> with the TIMEX3 spans as character offsets into it."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r"<DCT>.*?value=\"([^\"]+)\"", raw, re.S)
    anchor = date.fromisoformat(dct.group(1)[:10])
    body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S).group(1)
    parts: list[str] = []
    length = 0
    open_timex: tuple[int, dict] | None = None
    gold = []
    pos = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos:m.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name = m.group(1), m.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(m.group(3))))
        elif open_timex is not None:
            s, attrs = open_timex
            gold.append(Gold(s, length, attrs.get("value", ""), attrs.get("type", "")))
            open_timex = None
    parts.append(html.unescape(body[pos:]))
    return Doc(path.stem, anchor, "".join(parts), tuple(gold))


def _prf(hit: int, sys_n: int, gold_n: int) -> dict[str, float]:
    p = hit / sys_n if sys_n else 0.0
    r = hit / gold_n if gold_n else 0.0
    return {"p": round(100 * p, 1), "r": round(100 * r, 1), "f1": round(200 * p * r / (p + r), 1) if p + r else 0.0}


def score(docs: list[Doc]) -> dict:
    """Strict and relaxed extraction, value accuracy and value F1 over ``docs``."""
    n_sys = n_gold = strict = relaxed = right = 0
    for doc in docs:
        found = find_times(doc.text, doc.anchor)
        n_sys += len(found)
        n_gold += len(doc.gold)
        used: set[int] = set()
        for g in doc.gold:
            for i, t in enumerate(found):
                if i in used or t.end <= g.start or t.start >= g.end:
                    continue
                used.add(i)
                relaxed += 1
                strict += t.start == g.start and t.end == g.end
                right += t.value == g.value
                break
    return {
        "documents": len(docs),
        "gold": n_gold,
        "system": n_sys,
        "strict": _prf(strict, n_sys, n_gold),
        "relaxed": _prf(relaxed, n_sys, n_gold),
        "value_accuracy": round(100 * right / relaxed, 1) if relaxed else 0.0,
        "value": _prf(right, n_sys, n_gold),
    }


def load(root: Path = DEFAULT_ROOT, limit: int | None = None) -> dict[str, list[Doc]]:
    """Documents per subcorpus, the first ``limit`` of each in file-name order."""
    out = {}
    for sub in SUBCORPORA:
        paths = sorted((root / sub).glob("*.tml"))
        out[sub] = [read_doc(p) for p in (paths[:limit] if limit else paths)]
    return out


def evaluate(root: Path = DEFAULT_ROOT, limit: int | None = None) -> dict[str, dict]:
    """The figures per subcorpus and overall (the function the quality-floor test calls)."""
    corpora = load(root, limit)
    res = {sub: score(docs) for sub, docs in corpora.items()}
    res["overall"] = score([d for docs in corpora.values() for d in docs])
    return res


def _table(res: dict[str, dict]) -> str:
    head = f"{'corpus':<10} {'docs':>5} {'gold':>5} {'sys':>5}  {'strict P/R/F1':>17}  {'relaxed P/R/F1':>17}  {'val.acc':>7}  {'value P/R/F1':>17}"
    lines = [head, "-" * len(head)]
    for name, r in res.items():
        f = lambda d: f"{d['p']:5.1f}/{d['r']:5.1f}/{d['f1']:5.1f}"  # noqa: E731
        lines.append(f"{name:<10} {r['documents']:>5} {r['gold']:>5} {r['system']:>5}  {f(r['strict'])}  "
                     f"{f(r['relaxed'])}  {r['value_accuracy']:7.1f}  {f(r['value'])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="first N documents of each subcorpus")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="the TBAQ-cleaned folder")
    args = ap.parse_args(argv)
    if not args.root.is_dir():
        print(f"no TempEval-3 data at {args.root}: clone ../shared beside the repository or pass --root",
              file=sys.stderr)
        return 2
    res = evaluate(args.root, args.limit)
    print(json.dumps(res, indent=2) if args.json else _table(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

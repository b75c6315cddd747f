"""Measure event trigger detection and time/place attachment on ECB+ (Cybulska & Vossen, LREC 2014).

ECB+ marks every action mention in selected sentences of news articles (CC BY 3.0). Our
extractor only looks for political events (PLOVER types), while ECB+ marks all actions
(deaths, arrests, earthquakes, product launches, statements), so recall against all
actions is bounded well below 1; precision says how often what we call an event is an
action a human marked. The figures:

- trigger P/R/F1: a predicted trigger counts when it falls on a token of a gold action
  mention; gold = ACTION_OCCURRENCE (+ NEG_ACTION_OCCURRENCE), and, reported apart, all
  ACTION_* tags. Only the sentences listed in ECBplus_coreference_sentences.csv count.
- time / place attachment: ECB+ does not link actions to their times and places, so we
  report a proxy: of the matched events that got a time (place), the share whose time
  (place) lies on a gold TIME_* (LOC_*) mention of the same sentence.

Run:  .venv/bin/python eval/ecbplus_events.py [--limit N] [--data ../shared/datasets/ecbplus]
"""

from __future__ import annotations

import argparse
import csv
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "ecbplus"


def selected_sentences(data: Path) -> dict[str, set[int]]:
    chosen: dict[str, set[int]] = defaultdict(set)
    with open(data / "ECBplus_coreference_sentences.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            chosen[f"{row['Topic']}_{row['File']}.xml"].add(int(row["Sentence Number"]))
    return chosen


def load(path: Path, keep: set[int]):
    """Text of the selected sentences (tokens joined by spaces, a line each) and gold spans by tag family."""
    root = ET.parse(path).getroot()
    pieces, spans, sentence_of, offset, current = [], {}, {}, 0, None
    for token in root.iter("token"):
        sentence = int(token.get("sentence"))
        if sentence not in keep:
            continue
        if current is not None and sentence != current:
            pieces.append("\n")
            offset += 1
        elif current is not None:
            pieces.append(" ")
            offset += 1
        word = token.text or ""
        spans[token.get("t_id")] = (offset, offset + len(word))
        sentence_of[token.get("t_id")] = sentence
        pieces.append(word)
        offset += len(word)
        current = sentence
    gold = defaultdict(list)
    markables = root.find("Markables")
    for mention in (markables if markables is not None else []):
        ids = [a.get("t_id") for a in mention.findall("token_anchor") if a.get("t_id") in spans]
        if not ids:
            continue
        tag = mention.tag
        family = ("occurrence" if tag in ("ACTION_OCCURRENCE", "NEG_ACTION_OCCURRENCE") else
                  "action" if "ACTION" in tag else "time" if tag.startswith("TIME") else
                  "loc" if tag.startswith("LOC") else None)
        if family is None:
            continue
        gold[family].append(([spans[i] for i in ids], sentence_of[ids[0]]))
        if family == "occurrence":
            gold["action"].append(gold[family][-1])
    return "".join(pieces), gold


def _hits(start: int, end: int, mention) -> bool:
    return any(s < end and start < e for s, e in mention[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents (0: all)")
    args = parser.parse_args()

    from echolocate.stages.events import extract_events
    from echolocate.stages.read import claims, entities, places, timex
    from echolocate.stages.read.gazetteer import Gazetteer
    from echolocate.stages.read.nlp import load_pipeline
    from echolocate.stages.read.stage import tense_lookup

    nlp, gazetteer = load_pipeline(), Gazetteer.load()
    chosen = selected_sentences(args.data)
    files = sorted(p for p in args.data.glob("*/*.xml") if p.name in chosen)
    if args.limit:
        files = files[: args.limit]
    counts = defaultdict(int)
    for path in files:
        text, gold = load(path, chosen[path.name])
        if not text.strip():
            continue
        doc = nlp(text)
        events = extract_events(doc, claims.extract_claims(doc), places.find_places(doc, gazetteer),
                                timex.find_times(text, None, tense=tense_lookup(doc)), entities.find_mentions(doc))
        line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        counts["predicted"] += len(events)
        for family in ("occurrence", "action"):
            counts[f"gold_{family}"] += len(gold[family])
            counts[f"found_{family}"] += sum(
                any(_hits(e.trigger_start, e.trigger_end, g) for e in events) for g in gold[family])
            counts[f"correct_{family}"] += sum(
                any(_hits(e.trigger_start, e.trigger_end, g) for g in gold[family]) for e in events)
        for e in events:
            if not any(_hits(e.trigger_start, e.trigger_end, g) for g in gold["action"]):
                continue
            line = sum(1 for s in line_starts if s <= e.trigger_start) - 1
            sentence = sorted(chosen[path.name])[line] if line < len(chosen[path.name]) else None
            for arg, family in (("time", "time"), ("place", "loc")):
                start = getattr(e, f"{arg}_start")
                if start is None:
                    continue
                counts[f"{arg}_given"] += 1
                counts[f"{arg}_right"] += any(
                    _hits(start, getattr(e, f"{arg}_end"), g) and g[1] == sentence for g in gold[family])
        counts["documents"] += 1

    print(f"ECB+ documents: {counts['documents']}, predicted event mentions: {counts['predicted']}")
    for family, label in (("occurrence", "ACTION_OCCURRENCE"), ("action", "all ACTION_*")):
        p = counts[f"correct_{family}"] / counts["predicted"] if counts["predicted"] else 0.0
        r = counts[f"found_{family}"] / counts[f"gold_{family}"] if counts[f"gold_{family}"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"trigger vs {label} (gold {counts[f'gold_{family}']}): P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    for arg in ("time", "place"):
        given = counts[f"{arg}_given"]
        share = counts[f"{arg}_right"] / given if given else 0.0
        print(f"{arg} attachment (matched events with a {arg}: {given}): on a gold span {share:.3f}")


if __name__ == "__main__":
    main()

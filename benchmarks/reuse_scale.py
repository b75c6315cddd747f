"""How re-use detection scales: time per report and peak memory at growing corpus sizes.

The corpus is built at run time (never written to the repository) from real article
texts in ``../shared/datasets`` (FNC-1 bodies, PolNeAR articles, ECB+ articles), and
grows past what those hold with generated re-uses: edited copies of a real article
(sentences dropped and moved, words and numbers changed) and partial copies (2-5 of its
sentences inside another real article). About 40 % of the corpus is re-use, a heavy case.
The real articles run out near 5,500 reports (3,283 of them); past that, the missing originals
are real articles with their content words re-mapped, a fresh mapping per article (``_Reworded``:
unrelated to the rest beyond chance, as most of a month of news is), so that every size
keeps the same share of re-use and about the same number of copies per original. Without
them a 100k corpus would hold ~29 copies of each real article, and the benchmark would
measure a corpus denser in copies at every size instead of the code.

The corpus is built once per size in its own process and cached as JSON lines under the
temp directory (``echolocate-bench/``), so the measured process's peak memory is its own.

Each size runs in a fresh process so that its peak resident memory is its own. Phases
timed: tokenising + signing, LSH candidates, alignment of candidates.

    .venv/bin/python benchmarks/reuse_scale.py --sizes 1000 10000 [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATASETS = REPO.parent / "shared" / "datasets"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_REUSE_SHARE = 0.4
_WORD = re.compile(r"[^\W_]+")


def corpus_file(size: int, seed: int = 7) -> Path:
    import tempfile

    return Path(tempfile.gettempdir()) / "echolocate-bench" / f"corpus-v4-{size}-{seed}.jsonl"


def ensure_corpus(size: int, seed: int = 7) -> Path:
    """Build the corpus of ``size`` reports in a separate process, unless it is cached."""
    path = corpus_file(size, seed)
    if not path.exists():
        subprocess.run([sys.executable, __file__, "--build", str(size), "--seed", str(seed)], check=True)
    return path


def corpus(size: int, seed: int = 7) -> list[tuple[str, str]]:
    """``size`` (id, text) reports: the cached corpus if built, else built here."""
    path = corpus_file(size, seed)
    if path.exists():
        with path.open(encoding="utf-8") as fh:
            return [tuple(json.loads(line)) for line in fh]
    return build_corpus(size, seed)


def save_corpus(size: int, seed: int = 7) -> Path:
    path = corpus_file(size, seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(".part")
    with part.open("w", encoding="utf-8") as fh:
        for row in build_corpus(size, seed):
            fh.write(json.dumps(row) + "\n")
    part.replace(path)
    return path


def build_corpus(size: int, seed: int = 7) -> list[tuple[str, str]]:
    """``size`` (id, text) reports: real (then generated) originals, then generated re-uses of them."""
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(REPO / "eval"))
    from news_page import load_articles  # noqa: E402  (FNC-1 + PolNeAR, deduplicated)
    from reuse import _ecbplus  # noqa: E402  (ECB+ articles)

    rng = random.Random(seed)
    real = [a.body for a in load_articles(DATASETS)] + [a.text for a in _ecbplus(DATASETS / "ecbplus")]
    rng.shuffle(real)
    wanted = max(1, round(size * (1 - _REUSE_SHARE)))
    originals = real[:min(len(real), wanted)]
    reports = [(f"real-{i}", text) for i, text in enumerate(originals)]
    if wanted > len(originals):
        model = _Reworded(real, rng)
        while len(originals) < wanted:
            originals.append(model.article())
            reports.append((f"generated-{len(originals)}", originals[-1]))
    words = [w for text in originals[:200] for w in text.split() if w.isalpha()]
    while len(reports) < size:
        text, _ = copy_of(rng.choice(originals), originals, str, rng, words)
        reports.append((f"reuse-{len(reports)}", text))
    return reports[:size]


def copy_of(source: str, pages: list, text_of, rng: random.Random, words: list[str]) -> tuple[str, object]:
    """A re-use of ``source``: half the time the whole text edited (``_edited``: its sentences stay on lines of
    their own), else 2-5 of its sentences, edited, set at a random sentence boundary of a page drawn from
    ``pages`` (``text_of(page)`` its text). Returns the text and the host page (None for a whole edit)."""
    sentences = _SENTENCE_END.split(source)
    if rng.random() < 0.5 or len(sentences) < 4:
        return _edited(sentences, rng, words), None
    size = rng.randint(2, min(5, len(sentences)))
    first = rng.randrange(len(sentences) - size + 1)
    page = rng.choice(pages)
    host = _SENTENCE_END.split(text_of(page))
    cut = rng.randrange(len(host) + 1)
    passage = _edited(sentences[first:first + size], rng, words).split("\n")
    return " ".join(host[:cut] + passage + host[cut:]), page


class _Reworded:
    """New originals that share nothing with each other or the real articles beyond chance.

    Each one is a real article whose every word of two letters or more is replaced through a
    mapping drawn afresh for that article: a common word (function words: the 150 most
    frequent) by another common word, any other word by one of about the same frequency. So
    the mix of common and rare words, sentence lengths, punctuation and repeated names stay as
    in real news, consistently within the article, while two articles made from the same real
    one share no run of words beyond chance. Why not a word n-gram model: sampling one
    reproduces runs of its training text, so its articles share real passages with each other
    and the true re-use pairs grow with the square of the corpus (a quarter of the LSH candidates
    between trigram-made articles aligned into shared passages of 12+ words). Why the common
    words too: kept as they were, articles made from one real article share its skeleton of
    function words, which alignment takes for a light edit (links per report grew 3.5x from 1k
    to 100k reports).
    """

    common = 150  # the most frequent words (function words) map among themselves
    band = 200  # a word is replaced by one within this many frequency ranks of it

    def __init__(self, texts: list[str], rng: random.Random) -> None:
        from collections import Counter

        self.rng = rng
        self.texts = texts
        counts = Counter(w.lower() for text in texts for w in _WORD.findall(text) if w.isalpha())
        self.by_rank = [w for w, _ in counts.most_common()]
        self.rank = {w: i for i, w in enumerate(self.by_rank)}

    def article(self) -> str:
        mapping: dict[str, str] = {}
        top = len(self.by_rank) - 1

        def swap(m: re.Match) -> str:
            word = m.group()
            if word.isdigit():
                return str(self.rng.randint(1, 10 ** len(word) - 1))
            low = word.lower()
            rank = self.rank.get(low)
            if rank is None or len(word) < 2:
                return word
            if low not in mapping:
                if rank < self.common:
                    mapping[low] = self.by_rank[self.rng.randrange(self.common)]
                else:
                    lo = max(self.common, rank - self.band)
                    mapping[low] = self.by_rank[self.rng.randint(lo, min(top, lo + 2 * self.band))]
            new = mapping[low]
            if word.isupper() and len(word) > 1:
                return new.upper()
            return new.capitalize() if word[0].isupper() else new

        return _WORD.sub(swap, self.rng.choice(self.texts))


def _edited(sentences: list[str], rng: random.Random, words: list[str]) -> str:
    kept = [s for s in sentences if rng.random() > 0.15] or sentences[:1]
    if len(kept) > 3 and rng.random() < 0.5:
        moved = kept.pop(rng.randrange(len(kept)))
        kept.insert(rng.randrange(len(kept) + 1), moved)
    out = []
    for sentence in kept:
        tokens = sentence.split(" ")
        if rng.random() < 0.3 and tokens:
            tokens[rng.randrange(len(tokens))] = rng.choice(words)
        out.append(re.sub(r"\d+", lambda m: str(int(m.group()) + 1) if rng.random() < 0.3 else m.group(),
                          " ".join(tokens)))
    return "\n".join(out)


def measure(size: int) -> dict[str, object]:
    """Run the stages once on a corpus of ``size`` reports, in this process."""
    from echolocate.stages.link.minhash import MinHashParams, candidate_pairs, sign_batch
    from echolocate.stages.link.reuse import ReuseInput, ReuseParams, link_pair
    from echolocate.stages.link.reuse_tokens import tokenize

    reports = corpus(size)
    params = ReuseParams()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    tokens = [tokenize(text) for _, text in reports]
    signatures = sign_batch(zip((r for r, _ in reports), tokens), params.minhash)
    t1 = time.perf_counter()
    candidates = candidate_pairs(signatures, params.minhash)
    t2 = time.perf_counter()
    inputs = [ReuseInput(r, text) for r, text in reports]
    links = 0
    linked_pairs = 0
    for c in candidates:
        found = link_pair(inputs[c.a], tokens[c.a], inputs[c.b], tokens[c.b], params.align)
        links += len(found)
        linked_pairs += bool(found)
    t3 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    total = t3 - t0
    return {
        "reports": size, "words": sum(len(t) for t in tokens),
        "windows": sum(len(s.windows) for s in signatures), "candidate_pairs": len(candidates),
        "linked_pairs": linked_pairs, "links": links,
        "seconds": {"tokenise_sign": round(t1 - t0, 2), "candidates": round(t2 - t1, 2),
                    "align": round(t3 - t2, 2), "total": round(total, 2)},
        "ms_per_report": round(1000 * total / size, 3),
        "peak_rss_mb": round(peak / 1024, 1), "rss_before_mb": round(before / 1024, 1),
        "params": MinHashParams().describe(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size here
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)  # internal: build and cache one corpus
    parser.add_argument("--seed", type=int, default=7, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build:
        print(save_corpus(args.build, args.seed))
        return 0
    if args.one:
        print(json.dumps(measure(args.one)))
        return 0
    if not DATASETS.is_dir():
        print(f"datasets not found at {DATASETS}", file=sys.stderr)
        return 2
    results = []
    for size in args.sizes:
        ensure_corpus(size)
        run = subprocess.run([sys.executable, __file__, "--one", str(size)], capture_output=True, text=True,
                             check=True)
        results.append(json.loads(run.stdout.strip().splitlines()[-1]))
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print("| reports | words | windows | candidate pairs | linked pairs | links | sign s | LSH s | align s "
          "| ms/report | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        s = r["seconds"]
        print(f"| {r['reports']} | {r['words']} | {r['windows']} | {r['candidate_pairs']} | {r['linked_pairs']} "
              f"| {r['links']} | {s['tokenise_sign']} | {s['candidates']} | {s['align']} | {r['ms_per_report']} "
              f"| {r['peak_rss_mb']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

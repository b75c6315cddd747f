"""Every real report text in ``../shared/datasets``, as sharded JSON lines: the same-answers corpus.

The engines must agree on real news, not only on generated text, and on more of it than any one
dataset holds. This gathers, in a stable order (nothing is copied into the repository):

1. whole articles: FNC-1 bodies and PolNeAR articles (with their outlets and dates, as
   ``news_page`` gives them), ECB+ articles, TempEval-3 documents (with their creation dates),
   GeoWebNews, GeoVirus and TR-News articles: about 4,200;
2. FNC-1's related headline-body pairs: a real body under another real headline about the same
   claim, the way a story is republished with a new title. These bring the total past 10,000,
   and a body then appears under several headlines: heavy re-use, which is what the linking
   stages must also agree on.

Distinct texts only (whitespace-normalised). Emergent's headlines are left out: at under 25
words, ingest rejects them as too short to be a report.

    .venv/bin/python benchmarks/real_reports.py --n 10000 --out /tmp/real10k   # writes shards, prints counts
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATASETS = REPO.parent / "shared" / "datasets"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "eval"))


@dataclass(frozen=True)
class RealReport:
    key: str
    title: str
    text: str
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date

    def record(self) -> dict:
        """The JSON-lines record ingest reads (``stages/ingest/records.py`` field names)."""
        row = {"id": self.key, "title": self.title, "text": self.text}
        for key in ("outlet", "url", "published"):
            if getattr(self, key):
                row[key] = getattr(self, key)
        return row


def articles(datasets: Path = DATASETS) -> list[RealReport]:
    """Part 1: whole real articles, in dataset order."""
    import geoparsing
    import tempeval3
    from news_page import load_articles
    from reuse import _ecbplus

    out = [RealReport(a.key, a.title, a.body, a.outlet, f"https://{a.host}/{a.key}", a.published.isoformat())
           for a in load_articles(datasets, min_words=1)]
    out += [RealReport(a.key, "", a.text) for a in _ecbplus(datasets / "ecbplus")]
    for sub in tempeval3.SUBCORPORA:
        for path in sorted((datasets / "tempeval3" / "TBAQ-cleaned" / sub).glob("*.tml")):
            doc = tempeval3.read_doc(path)
            out.append(RealReport(f"tempeval-{path.stem}", "", doc.text.strip(), published=doc.anchor.isoformat()))
    for name in geoparsing.FILES:
        for i, article in enumerate(geoparsing.load(name, datasets / "geoparsing")):
            out.append(RealReport(f"{name}-{i}", "", article.text.strip()))
    return out


def republished(datasets: Path = DATASETS) -> list[RealReport]:
    """Part 2: FNC-1 bodies under each related headline (agree, disagree, discuss), in file order."""
    csv.field_size_limit(10**8)
    with open(datasets / "fnc1" / "train_bodies.csv", encoding="utf-8", newline="") as handle:
        bodies = {row["Body ID"]: row["articleBody"].strip() for row in csv.DictReader(handle)}
    out = []
    with open(datasets / "fnc1" / "train_stances.csv", encoding="utf-8", newline="") as handle:
        for i, row in enumerate(csv.DictReader(handle)):
            if row["Stance"] != "unrelated" and row["Body ID"] in bodies:
                out.append(RealReport(f"fnc1-pair-{i}", row["Headline"].strip(), bodies[row["Body ID"]]))
    return out


def distinct_reports(seed: int = 0, datasets: Path = DATASETS, mixed: bool = False) -> Iterator[RealReport]:
    """Every distinct real report: all of part 1 first (shuffled), then part 2 (shuffled). ``mixed``: both
    parts shuffled together, so that a small corpus holds republished bodies too (the tests' corpus)."""
    first = articles(datasets)
    random.Random(seed).shuffle(first)
    rest = republished(datasets)
    random.Random(seed + 1).shuffle(rest)
    if mixed:
        first, rest = first + rest, []
        random.Random(seed + 2).shuffle(first)
    seen: set[str] = set()
    for report in first + rest:
        digest = hashlib.sha1(" ".join(f"{report.title}\n{report.text}".split()).encode()).hexdigest()
        if report.text and digest not in seen:
            seen.add(digest)
            yield report


def real_reports(n: int, seed: int = 0, datasets: Path = DATASETS, mixed: bool = False) -> list[RealReport]:
    """The first ``n`` of ``distinct_reports``."""
    out = list(itertools.islice(distinct_reports(seed, datasets, mixed), n))
    if len(out) < n:
        raise SystemExit(f"only {len(out)} distinct real reports are available in {datasets}")
    return out


def with_copies(n: int, seed: int = 0, datasets: Path = DATASETS) -> list[RealReport]:
    """``n`` reports: every distinct real report (about 15,800), then copies of them up to ``n``.

    Past what the datasets hold, a corpus grows the way a story's coverage does: outlets rewrite
    what others published. Half the copies are a whole real report edited (sentences dropped or
    moved, a word or number changed), half a passage of 2-5 of its sentences set inside another
    real report (``reuse_scale.copy_of``, as the linking benchmark makes its copies). A copy keeps
    the title and date of the page it edits. So every sentence is real news and the re-use is of
    the kind the linking stages look for; the share of copies grows with ``n`` (about half at 30k),
    which the figures must say.
    """
    from reuse_scale import copy_of

    real = list(distinct_reports(seed, datasets))
    if n <= len(real):
        return real[:n]
    rng = random.Random(seed + 3)
    words = [w for report in real[:200] for w in report.text.split() if w.isalpha()]
    out = list(real)
    while len(out) < n:
        source = rng.choice(real)
        text, host = copy_of(source.text, real, lambda report: report.text, rng, words)
        text, page = (text.replace("\n", " "), source) if host is None else (text, host)
        out.append(RealReport(f"copy-{len(out)}", page.title, text, published=page.published))
    return out


def with_generated(n: int, seed: int = 0, datasets: Path = DATASETS) -> list[RealReport]:
    """``n`` reports of which 40 % are copies, at any size: the share of re-use stays that of the linking benchmark.

    ``with_copies`` past 30k is mostly copies of the same 15,800 reports, so the re-use pairs grow with
    the square of ``n`` (a body FNC-1 already shows under 50 headlines gains copies of copies). A month
    of news has more originals than that. Here: every distinct real report, then generated originals
    (``reuse_scale._Reworded``: a real article with every word swapped for one of about the same
    frequency, the same way throughout the article; it reads as nonsense, with the shape, the word
    lengths and the capitals of news), up to 60 % of ``n``; then copies of the originals
    (``reuse_scale.copy_of``). A generated original is titled with its first eight words and has no date.
    """
    from reuse_scale import _REUSE_SHARE, _Reworded, copy_of

    real = list(distinct_reports(seed, datasets))
    wanted = max(1, round(n * (1 - _REUSE_SHARE)))
    originals = real[:wanted]
    rng = random.Random(seed + 5)
    if len(originals) < wanted:
        model = _Reworded([report.text for report in real], rng)
        while len(originals) < wanted:
            text = model.article()
            originals.append(RealReport(f"generated-{len(originals)}", " ".join(text.split()[:8]), text))
    words = [w for report in real[:200] for w in report.text.split() if w.isalpha()]
    out = list(originals)
    while len(out) < n:
        source = rng.choice(originals)
        text, host = copy_of(source.text, originals, lambda report: report.text, rng, words)
        text, page = (text.replace("\n", " "), source) if host is None else (text, host)
        out.append(RealReport(f"copy-{len(out)}", page.title, text, published=page.published))
    return out


def write_shards(reports: list[RealReport], folder: Path, per_shard: int = 1000) -> list[Path]:
    """JSON-lines shards of ``per_shard`` reports: the sharded input the engines read."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for start in range(0, len(reports), per_shard):
        path = folder / f"reports-{start // per_shard:05d}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for report in reports[start:start + per_shard]:
                handle.write(json.dumps(report.record(), ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True, help="folder for the JSON-lines shards")
    args = parser.parse_args()
    reports = real_reports(args.n, args.seed)
    paths = write_shards(reports, args.out)
    kinds: dict[str, int] = {}
    for report in reports:
        kind = "fnc1-pair" if report.key.startswith("fnc1-pair-") else report.key.split("-")[0]
        kinds[kind] = kinds.get(kind, 0) + 1
    print(json.dumps({"reports": len(reports), "shards": len(paths), "by_source": kinds,
                      "words": sum(len(r.text.split()) + len(r.title.split()) for r in reports)}, indent=2))


if __name__ == "__main__":
    main()

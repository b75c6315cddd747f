"""Evaluate text re-use detection on copies planted into real news articles.

The test set is built at run time from ``../shared/datasets`` (FNC-1 bodies grouped by
the claim their headlines discuss, ECB+ articles grouped by topic) and never written to
the repository. With a fixed seed:

- a pool of real articles is drawn topic by topic and cleaned of the re-use it already
  holds (two pool articles sharing any run of ``_CLEAN_RUN`` words: one is dropped), so
  that the only re-use left is the one planted here; the other articles of a topic stay
  as hard negatives (same story, same names, different words);
- each *source* article gets one derived report: either an edited full copy (sentences
  dropped and reordered, words substituted and inserted, numbers changed, hedges dropped)
  or a partial copy (2-5 consecutive sentences, lightly edited) embedded at a sentence
  boundary into another real article of the same topic (a *host*, not otherwise in the
  corpus);
- half of the pairs carry publication dates (the source earlier), a fifth of the rest a
  citation (the copy names the source's outlet), the others nothing: their direction must
  come from containment.

Truth: a copied passage is a maximal run of copied sentences that keeps the source's
order (dropped sentences inside a run stay inside it); its span pair runs from the first
to the last sentence of the run on each side.

Scores:
- passage precision: a predicted link counts when, on both sides, at least half of it lies
  inside one true passage of the same report pair;
- passage recall: a true passage counts when the predicted links of its pair cover at
  least half of it on both sides;
- pair precision/recall over unordered report pairs;
- direction accuracy over found true pairs, split by the evidence available (dates,
  citation, neither), with the share left "unknown";
- mutation recall: planted number changes and dropped hedges inside found pairs reported
  as ``number_changed`` / ``hedge_dropped`` mutations with the right words.

    .venv/bin/python eval/reuse.py [--n 300] [--seed 13] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from echolocate.stages.link import ReuseInput, ReuseLink, find_reuse

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
_CLEAN_RUN = 10
_MIN_SENTENCES = 6
_HEDGE_WORDS = ("reportedly", "allegedly", "apparently", "probably", "possibly")
_OUTLETS = ("Northern Star", "Daily Courier", "Morning Ledger", "Evening Post", "Coastal Herald", "Valley Tribune",
            "Metro Gazette", "Harbour Times", "Capital Observer", "Plains Chronicle", "Lakeside Bulletin",
            "Summit Dispatch")
# a sentence ends at . ! ? (and closing quotes) before a capital or an opening quote, or at a line break
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*[ \t]+(?=[A-Z\"“‘'(])|\n+")
_WORD = re.compile(r"[^\W\d_]{4,}")
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")


@dataclass(frozen=True)
class Article:
    key: str
    topic: str
    text: str


@dataclass
class Planted:
    """One derived report and what was done to make it."""

    source: str
    copy: str
    kind: str  # full | partial
    evidence: str  # dates | citation | none
    passages: list[tuple[tuple[int, int], tuple[int, int]]]  # (source span, copy span)
    numbers: list[tuple[str, str]] = field(default_factory=list)  # (old, new)
    hedges: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------- data


def load_articles(datasets: Path = DATASETS) -> list[Article]:
    """FNC-1 bodies (topic: the claims their headlines discuss, joined transitively) and ECB+ articles."""
    return _fnc1(datasets / "fnc1") + _ecbplus(datasets / "ecbplus")


def _fnc1(folder: Path) -> list[Article]:
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    with open(folder / "train_stances.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Stance"] != "unrelated":
                a, b = root("h:" + row["Headline"]), root("b:" + row["Body ID"])
                if a != b:
                    parent[a] = b
    out = []
    with open(folder / "train_bodies.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = "b:" + row["Body ID"]
            if key in parent:
                out.append(Article(f"fnc1-{row['Body ID']}", "fnc1:" + root(key), row["articleBody"].strip()))
    return out


def _ecbplus(folder: Path) -> list[Article]:
    out = []
    for path in sorted(folder.glob("*/*.xml")):
        sentences: dict[int, list[str]] = defaultdict(list)
        for token in ET.parse(path).getroot().iter("token"):
            sentences[int(token.get("sentence", "0"))].append(token.text or "")
        lines = [_detokenise(words) for _, words in sorted(sentences.items())]
        lines = [line for line in lines if "http" not in line and len(line.split()) > 3]
        out.append(Article(f"ecb-{path.stem}", f"ecb:{path.parent.name}", "\n".join(lines)))
    return out


def _detokenise(words: list[str]) -> str:
    text = " ".join(words).replace("``", '"').replace("''", '"')
    text = re.sub(r" ([.,;:!?%)]|'s|n't|'re|'ve|'ll|'d|'m)", r"\1", text)
    return re.sub(r"([($]) ", r"\1", text)


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of three words or more, without surrounding spaces."""
    spans, begin = [], 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        if match and text[match.start()] in "\"'”’)":
            end = match.start() + len(match.group().rstrip())
        chunk = text[begin:end]
        stripped = chunk.strip()
        if len(stripped.split()) >= 3:
            first = begin + len(chunk) - len(chunk.lstrip())
            spans.append((first, first + len(stripped)))
        begin = match.end() if match else len(text)
    return spans


def _grams(text: str, n: int) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _clean(articles: list[Article]) -> list[Article]:
    """Drop articles until no two share a run of ``_CLEAN_RUN`` words (pre-existing re-use)."""
    owners: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for index, article in enumerate(articles):
        for gram in _grams(article.text, _CLEAN_RUN):
            owners[gram].add(index)
    conflicts: dict[int, set[int]] = defaultdict(set)
    for members in owners.values():
        if len(members) > 1:
            for m in members:
                conflicts[m] |= members - {m}
    dropped: set[int] = set()
    for index in sorted(conflicts, key=lambda i: (-len(conflicts[i]), i)):
        if index not in dropped and conflicts[index] - dropped:
            dropped.add(index)
    return [a for i, a in enumerate(articles) if i not in dropped]


# ------------------------------------------------------------------------------------------ planting


def build(n: int, seed: int, datasets: Path = DATASETS) -> tuple[list[ReuseInput], list[Planted], dict[str, str]]:
    """The test corpus: inputs, what was planted, and each report's role."""
    rng = random.Random(seed)
    usable = [a for a in load_articles(datasets) if len(_sentences(a.text)) >= _MIN_SENTENCES]
    by_topic: dict[str, list[Article]] = defaultdict(list)
    for article in usable:
        by_topic[article.topic].append(article)
    topics = sorted(by_topic)
    rng.shuffle(topics)
    pool: list[Article] = []
    for topic in topics:  # several articles per topic, so every source has same-topic company
        members = sorted(by_topic[topic], key=lambda a: a.key)
        pool.extend(rng.sample(members, min(12, len(members))))
        if len(pool) >= 6 * n:
            break
    pool = _clean(pool)
    vocabulary = sorted({w for a in pool[:200] for w in _WORD.findall(a.text)})
    roles: dict[str, str] = {}
    inputs: list[ReuseInput] = []
    planted: list[Planted] = []
    outlets = {}
    grouped: dict[str, list[Article]] = defaultdict(list)
    for article in pool:
        grouped[article.topic].append(article)
    for topic in sorted(grouped, key=lambda t: topics.index(t)):
        members = grouped[topic]
        for _ in range(max(1, len(members) // 3)):  # the rest of the topic stays as negatives
            if not members or len(planted) >= n:
                break
            source = members.pop(0)
            partial = rng.random() < 0.4
            host = members.pop() if partial and members else None
            if partial and host is None:
                partial = False
            evidence = rng.choices(["dates", "citation", "none"], weights=[50, 10, 40])[0]
            copy_id = f"copy-{len(planted):04d}"
            outlet_a, outlet_b = rng.sample(_OUTLETS, 2)
            outlets[source.key] = outlet_a
            if partial:
                text, plan = _partial(source.text, host.text, rng, vocabulary)
            else:
                text, plan = _full(source.text, rng, vocabulary)
            if evidence == "citation":
                text = f"{text.rstrip()}\n\nThe story was first published by {outlet_a}."
            day = date(2016, 1, 1) + timedelta(days=rng.randrange(700))
            later = day + timedelta(days=rng.randint(1, 9))
            inputs.append(ReuseInput(source.key, source.text, day if evidence == "dates" else None, outlet_a))
            inputs.append(ReuseInput(copy_id, text, later if evidence == "dates" else None, outlet_b))
            roles[source.key], roles[copy_id] = "source", "copy"
            planted.append(Planted(source.key, copy_id, "partial" if partial else "full", evidence, plan.passages,
                                   plan.numbers, plan.hedges))
        for negative in members:  # what is left of the topic: real, same-topic, unrelated by construction
            inputs.append(ReuseInput(negative.key, negative.text, None, rng.choice(_OUTLETS)))
            roles[negative.key] = "negative"
        if len(planted) >= n:
            break
    return inputs, planted, roles


@dataclass
class _Plan:
    passages: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    numbers: list[tuple[str, str]] = field(default_factory=list)
    hedges: list[str] = field(default_factory=list)


def _full(source: str, rng: random.Random, vocabulary: list[str]) -> tuple[str, _Plan]:
    spans = _sentences(source)
    order = [i for i in range(len(spans)) if rng.random() >= 0.15] or [0]
    if len(order) > 3 and rng.random() < 0.5:  # move a block of 1-3 sentences elsewhere
        size = rng.randint(1, 3)
        at = rng.randrange(len(order) - size + 1)
        block, rest = order[at:at + size], order[:at] + order[at + size:]
        where = rng.randrange(len(rest) + 1)
        order = rest[:where] + block + rest[where:]
    plan = _Plan()
    pieces = [(i, _edit(source[spans[i][0]:spans[i][1]], rng, vocabulary, plan, heavy=True)) for i in order]
    return _assemble([(i, t) for i, t in pieces], spans, "", "", rng, plan)


def _partial(source: str, host: str, rng: random.Random, vocabulary: list[str]) -> tuple[str, _Plan]:
    spans = _sentences(source)
    size = rng.randint(2, min(5, len(spans)))
    first = rng.randrange(len(spans) - size + 1)
    plan = _Plan()
    pieces = [(i, _edit(source[spans[i][0]:spans[i][1]], rng, vocabulary, plan, heavy=False))
              for i in range(first, first + size)]
    host_spans = _sentences(host)
    cut = host_spans[rng.randrange(1, len(host_spans))][0]
    return _assemble(pieces, spans, host[:cut], host[cut:], rng, plan)


def _assemble(pieces: list[tuple[int, str]], spans: list[tuple[int, int]], before: str, after: str,
              rng: random.Random, plan: _Plan) -> tuple[str, _Plan]:
    """Join edited sentences (between ``before`` and ``after``), recording the true passages."""
    text = before.rstrip() + ("\n\n" if before.strip() else "")
    run: list[tuple[int, int, int]] = []  # (source index, copy start, copy end)
    runs = [run]
    for index, sentence in pieces:
        if run and index < run[-1][0]:
            run = []
            runs.append(run)
        if run:
            text += "\n\n" if rng.random() < 0.3 else " "
        run.append((index, len(text), len(text) + len(sentence)))
        text += sentence
    text += ("\n\n" + after.lstrip()) if after.strip() else ""
    for run in runs:
        if run:
            plan.passages.append(((spans[run[0][0]][0], spans[run[-1][0]][1]), (run[0][1], run[-1][2])))
    return text, plan


def _edit(sentence: str, rng: random.Random, vocabulary: list[str], plan: _Plan, heavy: bool) -> str:
    """Light edits: a substituted word, an inserted word, a changed number, dropped hedges."""
    numbers = list(_NUMBER.finditer(sentence))
    changed = rng.choice(numbers).start() if numbers and rng.random() < 0.5 else -1

    def renumber(match: re.Match) -> str:  # at most one number per sentence
        if match.start() != changed:
            return match.group()
        old = match.group()
        digits = re.sub(r"\D", "", old) or "1"
        new = str(int(digits) + rng.randint(1, 9) * (1 if rng.random() < 0.7 else 10))
        plan.numbers.append((old, new))
        return new

    sentence = _NUMBER.sub(renumber, sentence)
    for hedge in _HEDGE_WORDS:
        pattern = re.compile(rf"\b{hedge}\s+", re.IGNORECASE)
        if pattern.search(sentence) and rng.random() < 0.7:
            plan.hedges.append(hedge)
            sentence = pattern.sub("", sentence, count=1)
    words = sentence.split(" ")
    if rng.random() < (0.3 if heavy else 0.15):
        positions = [i for i, w in enumerate(words) if _WORD.fullmatch(w)]
        if positions:
            words[rng.choice(positions)] = rng.choice(vocabulary)
    if rng.random() < (0.2 if heavy else 0.1) and len(words) > 2:
        words.insert(rng.randrange(1, len(words)), rng.choice(vocabulary).lower())
    return " ".join(words)


# ------------------------------------------------------------------------------------------- scoring


def score(links: list[ReuseLink], planted: list[Planted], roles: dict[str, str]) -> dict[str, object]:
    truth = {frozenset((p.source, p.copy)): p for p in planted}
    by_pair: dict[frozenset, list[ReuseLink]] = defaultdict(list)
    for link in links:
        by_pair[frozenset((link.a_report, link.b_report))].append(link)

    correct_links = 0
    false_pairs: dict[str, int] = defaultdict(int)
    for pair, pair_links in by_pair.items():
        plant = truth.get(pair)
        if plant is None:
            false_pairs["-".join(sorted(roles.get(r, "?") for r in pair))] += 1
            continue
        for link in pair_links:
            src, cpy = _oriented(link, plant)
            if any(_inside(src, s) >= 0.5 and _inside(cpy, c) >= 0.5 for s, c in plant.passages):
                correct_links += 1
    true_passages = found_passages = 0
    direction: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # correct, wrong, unknown
    numbers = [0, 0]
    hedges = [0, 0]
    for pair, plant in truth.items():
        pair_links = by_pair.get(pair, [])
        spans = [_oriented(link, plant) for link in pair_links]
        for s, c in plant.passages:
            true_passages += 1
            if _covered(s, [x for x, _ in spans]) >= 0.5 and _covered(c, [y for _, y in spans]) >= 0.5:
                found_passages += 1
        if not pair_links:
            continue
        said = pair_links[0].direction
        expected = "a->b" if pair_links[0].a_report == plant.source else "b->a"
        direction[plant.evidence][0 if said == expected else 2 if said == "unknown" else 1] += 1
        mutations = [_oriented_mutation(m, link, plant) for link in pair_links for m in link.mutations]
        for old, new in plant.numbers:
            numbers[1] += 1
            numbers[0] += any(k == "number_changed" and old in a and new in b for k, a, b in mutations)
        for hedge in plant.hedges:
            hedges[1] += 1
            hedges[0] += any(k == "hedge_dropped" and hedge in a.lower() for k, a, b in mutations)
    predicted_pairs = len(by_pair)
    found_pairs = sum(1 for pair in truth if pair in by_pair)
    return {
        "passage_precision": _ratio(correct_links, len(links)),
        "passage_recall": _ratio(found_passages, true_passages),
        "pair_precision": _ratio(found_pairs, predicted_pairs),
        "pair_recall": _ratio(found_pairs, len(truth)),
        "direction": {k: {"accuracy": _ratio(v[0], v[0] + v[1] + v[2]),
                          "accuracy_when_decided": _ratio(v[0], v[0] + v[1]),
                          "unknown": _ratio(v[2], sum(v)), "pairs": sum(v)} for k, v in sorted(direction.items())},
        "number_change_recall": _ratio(*numbers),
        "hedge_drop_recall": _ratio(*hedges),
        "counts": {"links": len(links), "true_passages": true_passages, "true_pairs": len(truth),
                   "predicted_pairs": predicted_pairs, "false_pairs_by_roles": dict(false_pairs),
                   "planted_full": sum(p.kind == "full" for p in planted),
                   "planted_partial": sum(p.kind == "partial" for p in planted)},
    }


def _oriented(link: ReuseLink, plant: Planted) -> tuple[tuple[int, int], tuple[int, int]]:
    a, b = (link.a_start, link.a_end), (link.b_start, link.b_end)
    return (a, b) if link.a_report == plant.source else (b, a)


def _oriented_mutation(m, link: ReuseLink, plant: Planted) -> tuple[str, str, str]:
    if link.a_report == plant.source:
        return m.kind, m.a_text, m.b_text
    flipped = {"hedge_added": "hedge_dropped", "hedge_dropped": "hedge_added"}.get(m.kind, m.kind)
    return flipped, m.b_text, m.a_text


def _inside(span: tuple[int, int], truth: tuple[int, int]) -> float:
    """Share of ``span`` inside ``truth``."""
    length = span[1] - span[0]
    return max(0, min(span[1], truth[1]) - max(span[0], truth[0])) / length if length > 0 else 0.0


def _covered(truth: tuple[int, int], spans: list[tuple[int, int]]) -> float:
    """Share of ``truth`` covered by the union of ``spans``."""
    covered, reach = 0, truth[0]
    for start, end in sorted(spans):
        start, end = max(start, reach), min(end, truth[1])
        if end > start:
            covered += end - start
            reach = end
    return covered / (truth[1] - truth[0]) if truth[1] > truth[0] else 0.0


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def evaluate(n: int = 300, seed: int = 13, datasets: Path = DATASETS) -> dict[str, object]:
    """Build the test set, run ``find_reuse`` on it, score it."""
    inputs, planted, roles = build(n, seed, datasets)
    started = time.perf_counter()
    links = find_reuse(inputs)
    elapsed = time.perf_counter() - started
    result = score(links, planted, roles)
    result["reports"] = len(inputs)
    result["seconds"] = round(elapsed, 2)
    result["n"], result["seed"] = len(planted), seed
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=300, help="planted copies (one source article each)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    if not DATASETS.is_dir():
        print(f"datasets not found at {DATASETS}", file=sys.stderr)
        return 2
    result = evaluate(args.n, args.seed)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"reports {result['reports']}  planted {result['n']}  seed {result['seed']}  "
          f"find_reuse {result['seconds']} s")
    for key in ("passage_precision", "passage_recall", "pair_precision", "pair_recall", "number_change_recall",
                "hedge_drop_recall"):
        print(f"{key:22} {result[key]}")
    for evidence, row in result["direction"].items():
        print(f"direction ({evidence:8}) accuracy {row['accuracy']}  when decided {row['accuracy_when_decided']}  "
              f"unknown {row['unknown']}  pairs {row['pairs']}")
    print("counts", json.dumps(result["counts"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

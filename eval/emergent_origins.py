"""Do independent origins supporting vs. denying a claim separate true claims from false ones?

Emergent (Ferreira & Vlachos 2016) holds rumoured claims with their eventual truth and,
per claim, article headlines with a stance (for / against / observing) and the source
domain. For each claim whose truth is known (true or false):

- every article's domain becomes an origin key with ``outlet_key`` (editions and
  subdomains of one outlet, and wire services, collapse into one origin);
- each origin takes the stance most of its articles take (ties: observing);
- candidate scores are computed from origin counts, and from raw article counts as the
  report-counting baseline the mission wants us to beat.

Claims are split in two halves by a hash of their ID. The candidate with the best ROC
AUC on the *selection* half is named; all candidates are then reported on the *test*
half (with a bootstrap 95 % interval) so the chosen figure is not tuned on what it is
reported on. Stances are Emergent's human labels, so this measures how much the origin
counts are worth given correct stances, not our stance reading. Emergent gives headlines only, no article bodies, so copying between
articles cannot be seen here: only name-level collapse (outlet families, wires) is.

    .venv/bin/python eval/emergent_origins.py [--json]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from echolocate.stages.assess.outlet_names import outlet_key

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
_BOOTSTRAP = 1000
_SEED = 7


@dataclass(frozen=True)
class ClaimCounts:
    claim_id: str
    truth: bool
    origins: Mapping[str, int]  # stance -> number of independent origins taking it
    articles: Mapping[str, int]  # stance -> number of articles
    domains: int  # distinct source domains before collapsing


SCORES: dict[str, Callable[[ClaimCounts], float]] = {
    "origins for - against": lambda c: c.origins["for"] - c.origins["against"],
    "origins (for - against) / (for + against + 1)":
        lambda c: (c.origins["for"] - c.origins["against"]) / (c.origins["for"] + c.origins["against"] + 1),
    "origins against == 0": lambda c: float(c.origins["against"] == 0),
    "- origins against": lambda c: -c.origins["against"],
    "origins for": lambda c: c.origins["for"],
    "origins for / all origins": lambda c: c.origins["for"] / max(1, sum(c.origins.values())),
    "baseline: articles for - against": lambda c: c.articles["for"] - c.articles["against"],
    "baseline: articles for": lambda c: c.articles["for"],
    "baseline: articles (for - against) / (for + against + 1)":
        lambda c: (c.articles["for"] - c.articles["against"]) / (c.articles["for"] + c.articles["against"] + 1),
}


def load_claims(datasets: Path = DATASETS) -> list[ClaimCounts]:
    """Per claim with a known truth: origin and article counts by stance."""
    path = datasets / "emergent" / "emergent.csv"
    rows_by_claim: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["claimTruth"] in {"true", "false"}:
                rows_by_claim[row["claimId"]].append(row)
    claims = []
    for claim_id, rows in sorted(rows_by_claim.items()):
        stances_by_origin: dict[str, Counter] = defaultdict(Counter)
        articles: Counter = Counter({"for": 0, "against": 0, "observing": 0})
        for row in rows:
            stance = row["articleHeadlineStance"]
            articles[stance] += 1
            key = outlet_key(row["source"] or row["url"]) or row["source"]
            stances_by_origin[key][stance] += 1
        origins: Counter = Counter({"for": 0, "against": 0, "observing": 0})
        for counts in stances_by_origin.values():
            origins[_majority(counts)] += 1
        claims.append(ClaimCounts(claim_id, rows[0]["claimTruth"] == "true", dict(origins), dict(articles),
                                  len({row["source"] for row in rows})))
    return claims


def _majority(counts: Counter) -> str:
    best = max(counts.values())
    leaders = sorted(s for s, n in counts.items() if n == best)
    return leaders[0] if len(leaders) == 1 else "observing"


def roc_auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Probability that a random true claim scores above a random false one (ties count half)."""
    pos = [s for s, y in zip(scores, labels) if y]
    neg = [s for s, y in zip(scores, labels) if not y]
    if not pos or not neg:
        return float("nan")
    ranked = sorted((s, i) for i, s in enumerate(scores))
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(ranked):
        j = i
        while j + 1 < len(ranked) and ranked[j + 1][0] == ranked[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[ranked[k][1]] = (i + j) / 2 + 1
        i = j + 1
    pos_rank_sum = sum(r for r, y in zip(ranks, labels) if y)
    return (pos_rank_sum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def _half(claim_id: str) -> str:
    return "selection" if hashlib.sha1(claim_id.encode()).digest()[0] % 2 == 0 else "test"


def _bootstrap(claims: Sequence[ClaimCounts], score: Callable[[ClaimCounts], float]) -> tuple[float, float]:
    rnd = random.Random(_SEED)
    values = []
    for _ in range(_BOOTSTRAP):
        sample = [claims[rnd.randrange(len(claims))] for _ in claims]
        auc = roc_auc([score(c) for c in sample], [c.truth for c in sample])
        if auc == auc:
            values.append(auc)
    values.sort()
    return values[int(0.025 * len(values))], values[int(0.975 * len(values)) - 1]


def evaluate(datasets: Path = DATASETS, bootstrap: bool = True) -> dict:
    started = time.perf_counter()
    claims = load_claims(datasets)
    halves = {name: [c for c in claims if _half(c.claim_id) == name] for name in ("selection", "test")}
    table = {}
    for name, score in SCORES.items():
        row = {half: round(roc_auc([score(c) for c in cs], [c.truth for c in cs]), 4) for half, cs in halves.items()}
        row["all"] = round(roc_auc([score(c) for c in claims], [c.truth for c in claims]), 4)
        if bootstrap:
            low, high = _bootstrap(halves["test"], score)
            row["test_95ci"] = [round(low, 4), round(high, 4)]
        table[name] = row
    candidates = [n for n in SCORES if not n.startswith("baseline")]
    chosen = max(candidates, key=lambda n: (table[n]["selection"], n))
    baseline = max((n for n in SCORES if n.startswith("baseline")), key=lambda n: (table[n]["selection"], n))
    domains = sum(c.domains for c in claims)
    origins = sum(sum(c.origins.values()) for c in claims)
    return {
        "dataset": "Emergent (Ferreira & Vlachos 2016), claims with truth true/false",
        "claims": len(claims), "true": sum(c.truth for c in claims), "false": sum(not c.truth for c in claims),
        "selection_claims": len(halves["selection"]), "test_claims": len(halves["test"]),
        "articles": sum(sum(c.articles.values()) for c in claims),
        "source_domains_per_claim_summed": domains, "independent_origins_per_claim_summed": origins,
        "chosen_on_selection": chosen, "chosen_test_auc": table[chosen]["test"],
        "baseline_chosen_on_selection": baseline, "baseline_test_auc": table[baseline]["test"],
        "scores": table, "seconds": round(time.perf_counter() - started, 2),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--datasets", type=Path, default=DATASETS, help="folder holding emergent/")
    args = parser.parse_args(argv)
    if not (args.datasets / "emergent" / "emergent.csv").exists():
        print(f"no emergent/emergent.csv under {args.datasets}; pass --datasets DIR", file=sys.stderr)
        return 2
    result = evaluate(args.datasets)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{result['dataset']}: {result['claims']} claims ({result['true']} true, {result['false']} false), "
          f"{result['articles']} articles; selection {result['selection_claims']} / test {result['test_claims']}")
    print(f"source domains summed over claims {result['source_domains_per_claim_summed']} -> independent origins "
          f"{result['independent_origins_per_claim_summed']}")
    print(f"{'score':58} {'select':>7} {'test':>7} {'all':>7}  test 95% CI")
    for name, row in result["scores"].items():
        ci = row.get("test_95ci", ["", ""])
        print(f"{name:58} {row['selection']:7.3f} {row['test']:7.3f} {row['all']:7.3f}  {ci[0]}-{ci[1]}")
    print(f"chosen on selection half: {result['chosen_on_selection']}: test AUC {result['chosen_test_auc']:.3f} "
          f"(report counting, {result['baseline_chosen_on_selection']}: {result['baseline_test_auc']:.3f})")
    print(f"{result['seconds']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

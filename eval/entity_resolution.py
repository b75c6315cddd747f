"""Cross-document entity resolution measured on ECB+ and on controlled spelling variants.

Data: ``../shared/datasets/ecbplus`` (ECB+ topics here, CAT XML; Cybulska and Vossen,
LREC 2014), read at run time. Participant (HUMAN_PART_*) and location (LOC_*)
mentions with their cross-document chains (CROSS_DOC_COREF, by instance id) and
within-document chains (INTRA_DOC_COREF); mentions in no chain are singletons.
Only the sentences listed in ECBplus_coreference_sentences.csv are scored, as the
dataset's README asks. Each topic is resolved on its own (echolocate reads one
story at a time): the usual "gold topics" setting.

Three parts:

1. Gold mention spans. ``resolve_entities`` sees each gold mention with a kind
   from its ECB+ tag. It resolves names, not pronouns or descriptions ("he",
   "the actress"), so two scores: **named** (only mentions written as proper
   names, chains restricted to them) and **all** (every mention; the ones that
   are not names stay singletons). Baselines: every mention alone, and the same
   normalised string = the same entity.
2. ``--spacy``: mentions found by our pipeline (``find_mentions``) on the
   detokenised text, matched to gold mentions by their last token; detection
   precision/recall and the resolution scores on matched mentions.
3. Spelling variation: real names from the gold data, each with a variant made
   by a controlled edit (vowel change, doubled or undoubled letter, y/i, k/kh);
   negatives are pairs of different gold entities whose names are similar
   (same surname, same blocking key, or edit distance <= 2). Each pair is resolved alone as two
   one-mention reports: precision and recall of merges.

Metrics: MUC, B-cubed, CEAF-e and CoNLL F1 (their mean), our own code.

    .venv/bin/python eval/entity_resolution.py [--json] [--topics 1,2,3] [--spacy]
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
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from coref_metrics import b_cubed, ceaf_e, clusters as _clusters, muc  # noqa: E402
from echolocate.stages.read.resolve import resolve_entities
from echolocate.stages.read.resolve_match import block_keys
from echolocate.stages.read.resolve_normalise import normalise_name
from echolocate.stages.read.types import Mention

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "ecbplus"
KIND_BY_TAG = {
    "HUMAN_PART_PER": "person", "HUMAN_PART": "person", "HUMAN_PART_ORG": "organisation",
    "HUMAN_PART_GPE": "place", "HUMAN_PART_FAC": "place", "HUMAN_PART_VEH": "other",
    "HUMAN_PART_MET": "other", "HUMAN_PART_GENERIC": "other",
    "LOC_GEO": "place", "LOC_FAC": "place", "LOC_OTHER": "place",
}
_LOWER_OK = frozenset({"of", "the", "and", "de", "al", "el", "for", "du", "la", "von", "van", "bin", "ibn", "'s", "-", "."})
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "my", "your"})


@dataclass(frozen=True)
class GoldMention:
    doc: str
    tokens: tuple[int, ...]  # token ids
    text: str
    kind: str
    chain: str
    named: bool
    start: int  # character offsets in the detokenised document
    end: int


# --------------------------------------------------------------------------- reading ECB+

def selected_sentences() -> dict[str, set[int]]:
    out: dict[str, set[int]] = defaultdict(set)
    with (DATA / "ECBplus_coreference_sentences.csv").open(newline="") as fh:
        for row in csv.DictReader(fh):
            out[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    return out


def read_doc(path: Path, selected: set[int]) -> tuple[str, list[GoldMention]]:
    """Detokenised text of a document and its gold entity mentions in selected sentences."""
    root = ET.parse(path).getroot()
    doc = path.stem
    tokens = {}
    pieces, offsets, pos = [], {}, 0
    for tok in root.iter("token"):
        tid, text = int(tok.get("t_id")), tok.text or ""
        sent, number = int(tok.get("sentence")), int(tok.get("number"))
        tokens[tid] = (text, sent, number)
        if number == 0 and pieces:
            pieces.append("\n")
            pos += 1
        elif pieces and pieces[-1] != "\n":
            pieces.append(" ")
            pos += 1
        offsets[tid] = (pos, pos + len(text))
        pieces.append(text)
        pos += len(text)
    markables = root.find("Markables")
    spans: dict[str, tuple[str, tuple[int, ...]]] = {}
    instances: dict[str, str] = {}
    for mk in markables:
        anchors = tuple(sorted(int(a.get("t_id")) for a in mk.findall("token_anchor")))
        if anchors:
            spans[mk.get("m_id")] = (mk.tag, anchors)
        elif mk.get("instance_id"):
            instances[mk.get("m_id")] = mk.get("instance_id")
    chain_of: dict[str, str] = {}
    relations = root.find("Relations")
    for rel in relations if relations is not None else []:
        target = rel.find("target").get("m_id")
        for src in rel.findall("source"):
            if rel.tag == "CROSS_DOC_COREF" and target in instances:
                chain_of[src.get("m_id")] = instances[target]
            elif rel.tag == "INTRA_DOC_COREF":
                chain_of[src.get("m_id")] = f"{doc}#{target}"
                chain_of.setdefault(target, f"{doc}#{target}")
    mentions = []
    for mid, (tag, anchors) in spans.items():
        kind = KIND_BY_TAG.get(tag)
        if kind is None or tokens[anchors[0]][1] not in selected:
            continue
        words = [tokens[t][0] for t in anchors]
        start, end = offsets[anchors[0]][0], offsets[anchors[-1]][1]
        mentions.append(GoldMention(doc, anchors, " ".join(words), kind, chain_of.get(mid, f"{doc}#{mid}"),
                                    _is_named(words, tokens[anchors[0]][2] == 0), start, end))
    return "".join(pieces), mentions


def _is_named(words: list[str], sentence_initial: bool) -> bool:
    """Written as a proper name: every content word capitalised (not just a sentence-initial word)."""
    content = [w for w in words if w.lower() not in _DETERMINERS or w is not words[0]]
    if content and content[0].lower() in _DETERMINERS:
        content = content[1:]
    alpha = [w for w in content if any(c.isalpha() for c in w)]
    if not alpha:
        return False
    if not all(w[0].isupper() or w.lower() in _LOWER_OK for w in alpha):
        return False
    if sentence_initial and len(alpha) == 1 and words[0] == alpha[0]:
        return False  # "Police said...": a capital that only marks the sentence start
    return alpha[0].lower() not in {"i", "he", "she", "we", "they", "it", "you"}


def load_topics(topics: list[str] | None = None) -> dict[str, dict[str, tuple[str, list[GoldMention]]]]:
    selected = selected_sentences()
    out: dict[str, dict[str, tuple[str, list[GoldMention]]]] = {}
    for tdir in sorted((p for p in DATA.iterdir() if p.is_dir()), key=lambda p: int(p.name)):
        if topics and tdir.name not in topics:
            continue
        docs = {}
        for path in sorted(tdir.glob("*.xml")):
            sel = selected.get(path.stem)
            if sel:
                docs[path.stem] = read_doc(path, sel)
        out[tdir.name] = docs
    return out


# --------------------------------------------------------------------------- metrics

def scores(gold: dict, predicted: dict) -> dict:
    key, response = _clusters(gold), _clusters(predicted)
    out = {}
    for name, fn in (("muc", muc), ("b3", b_cubed), ("ceafe", ceaf_e)):
        p, r, f = fn(key, response)
        out[name] = {"p": round(100 * p, 1), "r": round(100 * r, 1), "f1": round(100 * f, 1)}
    out["conll_f1"] = round(sum(out[n]["f1"] for n in ("muc", "b3", "ceafe")) / 3, 1)
    return out


# --------------------------------------------------------------------------- systems

def _as_mention(g: GoldMention) -> Mention:
    return Mention(g.start, g.end, g.text, g.kind, "GOLD", normalise_name(g.text, g.kind))


def resolve_topic(docs: dict[str, tuple[str, list[GoldMention]]], system: str, named_only_system: bool) -> dict:
    """Predicted cluster id per (doc, tokens) for one topic."""
    predicted = {}
    by_report: dict[str, list[Mention]] = {}
    keys: dict[str, list[tuple]] = {}
    for doc, (_, gms) in docs.items():
        for g in gms:
            ident = (doc, g.tokens)
            if named_only_system and not g.named:
                predicted[ident] = ("alone", ident)
                continue
            if system == "singleton":
                predicted[ident] = ("alone", ident)
            elif system == "exact":
                predicted[ident] = ("exact", g.kind, normalise_name(g.text, g.kind))
            else:
                by_report.setdefault(doc, []).append(_as_mention(g))
                keys.setdefault(doc, []).append(ident)
    if by_report:
        _, mapping = resolve_entities(by_report)
        for (doc, i), eid in mapping.items():
            predicted[keys[doc][i]] = eid
    return predicted


def evaluate_gold(corpus: dict, subset: str, system: str) -> dict:
    gold, predicted = {}, {}
    for topic, docs in corpus.items():
        sub = {d: (t, [g for g in gms if subset == "all" or g.named]) for d, (t, gms) in docs.items()}
        for doc, (_, gms) in sub.items():
            for g in gms:
                gold[(topic, doc, g.tokens)] = g.chain
        pred = resolve_topic(sub, system, named_only_system=(subset == "all"))
        predicted.update({(topic,) + k: (topic, v) for k, v in pred.items()})
    result = scores(gold, predicted)
    result["mentions"] = len(gold)
    result["chains"] = len(set(gold.values()))
    return result


def evaluate_spacy(corpus: dict) -> dict:
    """Our own mentions on the same text: detection against named gold mentions, then resolution."""
    from echolocate.stages.read.entities import find_mentions
    from echolocate.stages.read.nlp import load_pipeline

    nlp = load_pipeline(parser=True)
    gold, predicted = {}, {}
    found = matched = named_gold = 0
    for topic, docs in corpus.items():
        by_report, keys = {}, {}
        for doc, (text, gms) in docs.items():
            named = [g for g in gms if g.named]
            named_gold += len(named)
            by_end = {g.end: g for g in named}
            ours = find_mentions(nlp(text))
            kept = []
            for m in ours:
                g = by_end.get(m.end)
                if g is None:
                    continue
                kept.append(m)
                keys.setdefault(doc, []).append((topic, doc, g.tokens))
            # detection counts only sentences holding a gold mention; ECB+ annotates the participants
            # of its seminal events, not every name, so this precision is a lower bound
            scored = [m for m in ours if any(_same_sentence(text, m.start, g.start) for g in gms)]
            found += len(scored)
            matched += len(kept)
            by_report[doc] = kept
            for k in keys.get(doc, []):
                gold[k] = next(g.chain for g in named if g.tokens == k[2])
        _, mapping = resolve_entities(by_report)
        for (doc, i), eid in mapping.items():
            predicted[keys[doc][i]] = (topic, eid)
    result = scores(gold, predicted) if gold else {}
    result["detection"] = {"found_in_scored_sentences": found, "matched_named_gold": matched, "named_gold": named_gold,
                           "precision": round(100 * matched / found, 1) if found else 0.0,
                           "recall": round(100 * matched / named_gold, 1) if named_gold else 0.0}
    return result


def _same_sentence(text: str, a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return "\n" not in text[lo:hi]


# --------------------------------------------------------------------------- spelling variation

_VOWEL_SWAP = {"a": "e", "e": "a", "o": "u", "u": "o", "i": "e"}


def make_variant(name: str, rng: random.Random) -> tuple[str, str] | None:
    """A controlled transliteration-like variant of the last word of ``name``, or None."""
    words = name.split()
    word = words[-1]
    if len(word) < 4 or not word.isalpha():
        return None
    ops = []
    # a vowel after c or g changes how that letter reads (Police / Polica): not a spelling variant
    inner_vowels = [i for i, c in enumerate(word) if i > 0 and c.lower() in _VOWEL_SWAP and word[i - 1].lower() not in "cg"]
    if inner_vowels:
        ops.append("vowel")
    if re.search(r"([a-z])\1", word):
        ops.append("undouble")
    if any(c in "bdfglmnprst" for c in word[1:-1]):
        ops.append("double")
    if re.search(r"[yi]", word[1:]):
        ops.append("y/i")
    if re.search(r"k(?!h)", word[1:]) or (word[0] == "K" and word[1:2] != "h"):
        ops.append("k/kh")
    if not ops:
        return None
    op = rng.choice(ops)
    if op == "vowel":
        i = rng.choice(inner_vowels)
        new = word[:i] + _VOWEL_SWAP[word[i].lower()] + word[i + 1:]
    elif op == "undouble":
        new = re.sub(r"([a-z])\1", r"\1", word, count=1)
    elif op == "double":
        i = rng.choice([i for i, c in enumerate(word) if 0 < i < len(word) - 1 and c in "bdfglmnprst"])
        new = word[:i] + word[i] + word[i:]
    elif op == "y/i":
        i = rng.choice([i for i, c in enumerate(word) if i > 0 and c in "yi"])
        new = word[:i] + ("i" if word[i] == "y" else "y") + word[i + 1:]
    elif word[0] == "K" and word[1:2] != "h":
        new = "Kh" + word[1:]
    else:
        new = word[0] + re.sub(r"k(?!h)", "kh", word[1:], count=1)
    if new == word:
        return None
    return " ".join(words[:-1] + [new]), op


def variation_test(corpus: dict, seed: int = 13, limit: int = 400) -> dict:
    rng = random.Random(seed)
    names: dict[tuple[str, str], set[str]] = defaultdict(set)  # (kind, name) -> chains
    for docs in corpus.values():
        for _, gms in docs.values():
            for g in gms:
                if g.named and g.kind in ("person", "place", "organisation"):
                    clean = " ".join(w for w in g.text.split() if w not in ("'s", "the", "The"))
                    if clean and clean[0].isupper():
                        names[(g.kind, clean)].add(g.chain)
    pool = sorted(names)
    rng.shuffle(pool)
    positives = []
    for kind, name in pool:
        made = make_variant(name, rng)
        if made:
            positives.append((kind, name, made[0], made[1]))
        if len(positives) >= limit:
            break
    negatives = []
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, name in sorted(names):
        by_kind[kind].append(name)
    from rapidfuzz.distance import Levenshtein

    for kind, lst in by_kind.items():
        keys = [(n, normalise_name(n, kind)) for n in lst]
        for i, (a, ka) in enumerate(keys):
            for b, kb in keys[i + 1:]:
                if ka == kb or names[(kind, a)] & names[(kind, b)]:
                    continue  # same name, or the same gold entity
                wa, wb = ka.split(), kb.split()
                same_surname = kind == "person" and len(wa) > 1 and len(wb) > 1 and wa[-1] == wb[-1]
                same_block = bool(set(block_keys(ka)) & set(block_keys(kb)))
                if same_surname or same_block or Levenshtein.distance(ka, kb) <= 2:
                    negatives.append((kind, a, b))
    rng.shuffle(negatives)
    negatives = negatives[:limit]

    def merged(kind: str, a: str, b: str) -> bool:
        reports = {"r1": [Mention(0, len(a), a, kind, "TEST", normalise_name(a, kind))],
                   "r2": [Mention(0, len(b), b, kind, "TEST", normalise_name(b, kind))]}
        _, mapping = resolve_entities(reports)
        return mapping[("r1", 0)] == mapping[("r2", 0)]

    tp = sum(merged(k, a, b) for k, a, b, _ in positives)
    fp = sum(merged(k, a, b) for k, a, b in negatives)
    by_op: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for k, a, b, op in positives:
        by_op[op][0] += merged(k, a, b)
        by_op[op][1] += 1
    fn = len(positives) - tp
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / len(positives) if positives else 0.0
    false_merges = [(a, b) for k, a, b in negatives if merged(k, a, b)][:10]
    return {"positives": len(positives), "negatives": len(negatives), "merged_positives": tp,
            "merged_negatives": fp, "missed_positives": fn,
            "precision": round(100 * precision, 1), "recall": round(100 * recall, 1),
            "recall_by_edit": {op: f"{n}/{t}" for op, (n, t) in sorted(by_op.items())},
            "example_false_merges": false_merges}


# --------------------------------------------------------------------------- main

def run(topics: list[str] | None = None, with_spacy: bool = False) -> dict:
    t0 = time.perf_counter()
    corpus = load_topics(topics)
    out: dict = {"topics": len(corpus), "documents": sum(len(d) for d in corpus.values())}
    for subset in ("named", "all"):
        out[subset] = {system: evaluate_gold(corpus, subset, system) for system in ("singleton", "exact", "echolocate")}
    out["variation"] = variation_test(corpus)
    if with_spacy:
        out["spacy_mentions"] = evaluate_spacy(corpus)
    out["seconds"] = round(time.perf_counter() - t0, 1)
    return out


def _print(result: dict) -> None:
    print(f"ECB+ topics: {result['topics']}, documents: {result['documents']} (gold topics, scored sentences only)\n")
    for subset in ("named", "all"):
        first = result[subset]["echolocate"]
        print(f"## {subset} gold mentions: {first['mentions']} mentions, {first['chains']} gold entities")
        print("| system | MUC F1 | B3 P | B3 R | B3 F1 | CEAF-e F1 | CoNLL F1 |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for system, s in result[subset].items():
            print(f"| {system} | {s['muc']['f1']} | {s['b3']['p']} | {s['b3']['r']} | {s['b3']['f1']} | {s['ceafe']['f1']} | {s['conll_f1']} |")
        print()
    v = result["variation"]
    print(f"## spelling variation: {v['positives']} variant pairs, {v['negatives']} similar-but-different pairs")
    print(f"merge precision {v['precision']} %, recall {v['recall']} %; by edit: {v['recall_by_edit']}")
    print(f"false merges (examples): {v['example_false_merges']}\n")
    if "spacy_mentions" in result:
        s = result["spacy_mentions"]
        print(f"## spaCy-found mentions: detection {s['detection']}")
        if "conll_f1" in s:
            print(f"resolution on matched mentions: MUC {s['muc']['f1']}, B3 {s['b3']['f1']}, CEAF-e {s['ceafe']['f1']}, CoNLL {s['conll_f1']}")
    print(f"({result['seconds']} s)")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Cross-document entity resolution on ECB+")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--topics", default="", help="comma-separated ECB+ topic numbers (default: all here)")
    ap.add_argument("--spacy", action="store_true", help="also score mentions found by our pipeline (slow)")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        sys.exit(f"missing {DATA}: clone the repository beside ../shared")
    result = run([t for t in args.topics.split(",") if t] or None, args.spacy)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        _print(result)


if __name__ == "__main__":
    main()

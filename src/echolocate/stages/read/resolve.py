"""Resolve mentions across reports to canonical entities.

The method, in order (each step generic, none tuned to a corpus):

1. Kind: a kind family per mention (people never merge with places). A name
   seen with several kinds across reports (NER noise: a surname tagged GPE in
   one report and PERSON in ten) joins its dominant kind when that kind holds
   at least three quarters of its mentions, or the one kind that a rule gave it
   in some report (an outlet found by "X reported" is an outlet everywhere).
2. Exact keys: mentions with the same ``Mention.normalised`` key (case, accents,
   articles, possessives, titles removed) and kind family are one name.
3. Spelling variants: names are blocked by the consonant skeleton of their
   last word (``resolve_normalise.skeleton``), so only names that could be
   variants are compared: near-linear in the number of distinct names.
   Within a block, two names match when every word pair is a transliteration
   variant (``resolve_match.words_match``). People with different spellings
   must also pass the context check (``resolve_match.context_allows``).
4. Acronyms: a name written in capitals ("LNA", "UN") joins the one
   multi-word name of its family with those initials.
5. Partial names: a lone surname ("Haftar", "General Haftar") joins the full
   name of a person with that surname, when only one such person exists (in
   the report itself first, else in the whole corpus).
6. User aliases (``{"Hafter": "Khalifa Haftar"}``) are applied as extra merges;
   the target's spelling becomes the canonical name.

The canonical name is the most frequent full (longest) form; every spelling
is kept in ``Entity.aliases``. Entity ids hash the kind and canonical key, so
the same input gives the same ids.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from echolocate.stages.read.entities import RULE_LABELS
from echolocate.stages.read.resolve_match import BLOCK_LIMIT, block_keys, context_allows, initials, words_match
from echolocate.stages.read.resolve_normalise import normalise_name
from echolocate.stages.read.types import Entity, Mention

FAMILY = {
    "person": "person",
    "organisation": "organisation",
    "outlet": "organisation",
    "place": "place",
    "nationality": "nationality",
    "military_unit": "military_unit",
    "ship": "ship",
    "base": "base",
    "weapon": "weapon",
    "other": "other",
}
_SOFT = frozenset({"person", "organisation", "place", "other"})  # kinds NER confuses
_RULE_KINDS = frozenset({"outlet", "ship", "base", "weapon", "military_unit"})
ACRONYM_FAMILIES = frozenset({"organisation", "place", "military_unit"})
DOMINANT_SHARE = 0.75
MIN_MENTIONS_TO_RETYPE = 3


@dataclass
class _Name:
    """One distinct (family, key) with what we know of it across the corpus."""

    family: str
    key: str
    count: int = 0
    reports: set[str] = field(default_factory=set)
    spellings: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(self, x: tuple[str, str]) -> tuple[str, str]:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: tuple[str, str], b: tuple[str, str]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def resolve_entities(
    mentions_by_report: dict[str, list[Mention]],
    aliases: dict[str, str] | None = None,
) -> tuple[list[Entity], dict[tuple[str, int], str]]:
    """Canonical entities and, for each (report_id, mention index), the id of its entity."""
    family_of = _families(mentions_by_report)
    names: dict[tuple[str, str], _Name] = {}
    for rid, mentions in mentions_by_report.items():
        for i, m in enumerate(mentions):
            node = (family_of[(rid, i)], m.normalised or normalise_name(m.text, m.kind))
            name = names.setdefault(node, _Name(*node))
            name.count += 1
            name.reports.add(rid)
            name.spellings[m.text] += 1
            name.kinds[m.kind] += 1
    context = _context(mentions_by_report, family_of)
    uf = _UnionFind()
    for node in names:
        uf.find(node)
    _merge_variants(names, context, uf)
    _merge_acronyms(names, uf)
    overrides = _merge_partial_names(mentions_by_report, family_of, names, uf)
    preferred = _apply_aliases(aliases or {}, names, uf)
    return _entities(mentions_by_report, family_of, uf, preferred, overrides)


def _families(mentions_by_report: dict[str, list[Mention]]) -> dict[tuple[str, int], str]:
    """Each mention's kind family, after moving NER-noise minorities to the dominant kind of the name."""
    by_key: dict[str, Counter] = defaultdict(Counter)
    for mentions in mentions_by_report.values():
        for m in mentions:
            by_key[m.normalised][FAMILY.get(m.kind, "other")] += 1
    ruled: dict[str, set[str]] = defaultdict(set)
    for mentions in mentions_by_report.values():
        for m in mentions:
            if m.label in RULE_LABELS or m.kind == "outlet":
                ruled[m.normalised].add(FAMILY.get(m.kind, "other"))
    dominant: dict[str, str] = {key: next(iter(fams)) for key, fams in ruled.items() if len(fams) == 1}
    for key, counter in by_key.items():
        if key in dominant:
            continue
        fam, n = counter.most_common(1)[0]
        total = sum(counter.values())
        if len(counter) > 1 and total >= MIN_MENTIONS_TO_RETYPE and n / total >= DOMINANT_SHARE:
            dominant[key] = fam
    out = {}
    for rid, mentions in mentions_by_report.items():
        for i, m in enumerate(mentions):
            fam = FAMILY.get(m.kind, "other")
            # nationality adjectives and rule-found assets keep their kind
            if m.normalised in dominant and fam in _SOFT and m.label not in RULE_LABELS:
                if dominant[m.normalised] in _SOFT or m.normalised in ruled:
                    fam = dominant[m.normalised]
            out[(rid, i)] = fam
    return out


def _context(mentions_by_report, family_of) -> dict:
    """For each name, per report, the other names it appears with (for the context check)."""
    ctx: dict[tuple[str, str], dict[str, tuple[int, set[tuple[str, str]]]]] = defaultdict(dict)
    for rid, mentions in mentions_by_report.items():
        starts: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, m in enumerate(mentions):
            starts[(family_of[(rid, i)], m.normalised)].append(m.start)
        nodes = set(starts)
        for node, offsets in starts.items():
            ctx[node][rid] = (len(offsets), nodes - {node}, offsets)
    return ctx


def _merge_variants(names, context, uf: _UnionFind) -> None:
    """Union spelling variants, comparing only names that share a block key."""
    blocks: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for node in names:
        for bk in block_keys(node[1]):
            blocks[(node[0], bk)].append(node)
    for (family, _), members in blocks.items():
        if len(members) < 2:
            continue
        members = sorted(set(members))[:BLOCK_LIMIT]
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if uf.find(a) == uf.find(b):
                    continue
                if words_match(a[1], b[1], family) and (
                    family != "person" or context_allows(context[a], context[b])
                ):
                    uf.union(a, b)


def _merge_acronyms(names, uf: _UnionFind) -> None:
    """An acronym written in capitals ("LNA") joins the one multi-word name of its family with those initials."""
    by_initials: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for node in names:
        if node[0] in ACRONYM_FAMILIES:
            for acr in initials(node[1]):
                by_initials[(node[0], acr)].add(node)
    if not by_initials:
        return
    for node, name in names.items():
        if node[0] not in ACRONYM_FAMILIES or " " in node[1] or not 2 <= len(node[1]) <= 6:
            continue
        if not any(sp.replace(".", "").isupper() for sp in name.spellings):
            continue
        roots = {uf.find(n) for n in by_initials.get((node[0], node[1]), ())}
        if len(roots) == 1:
            uf.union(node, roots.pop())


def _merge_partial_names(mentions_by_report, family_of, names, uf: _UnionFind) -> dict[tuple[str, int], tuple[str, str]]:
    """A one-word person name joins the one full name ending in a matching surname.

    The full name is looked for in the same report first, then in the whole
    corpus. When every mention of the surname points to one person, the whole
    name joins it; when different reports point to different people ("Smith"
    beside "Ann Smith" here, beside "John Smith" there), each mention follows
    its own report: the returned map sends those mentions to their person.
    """
    by_surname: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for node in names:
        toks = node[1].split()
        if node[0] == "person" and len(toks) > 1:
            by_surname[toks[-1]].add(node)
    if not by_surname:
        return {}
    surname_blocks: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for surname, nodes in by_surname.items():
        for bk in block_keys(surname):
            surname_blocks[bk].update(nodes)

    def candidates(word: str, pool) -> set[tuple[str, str]]:
        return {uf.find(node) for node in pool if words_match(node[1].split()[-1], word, "person")}

    corpus_cache: dict[str, set[tuple[str, str]]] = {}
    targets: dict[tuple[str, str], dict[tuple[str, int], tuple[str, str]]] = defaultdict(dict)
    for rid, mentions in mentions_by_report.items():
        full_here = {(family_of[(rid, i)], m.normalised) for i, m in enumerate(mentions)
                     if family_of[(rid, i)] == "person" and len(m.normalised.split()) > 1}
        for i, m in enumerate(mentions):
            node = (family_of[(rid, i)], m.normalised)
            if node[0] != "person" or len(m.normalised.split()) != 1:
                continue
            local = candidates(m.normalised, full_here)
            if len(local) > 1:
                continue  # two people with this surname in the report: leave it alone
            if not local:
                if m.normalised not in corpus_cache:
                    pool = {n for bk in block_keys(m.normalised) for n in surname_blocks.get(bk, ())}
                    corpus_cache[m.normalised] = candidates(m.normalised, pool)
                local = corpus_cache[m.normalised]
            if len(local) == 1:
                targets[node][(rid, i)] = next(iter(local))
    overrides: dict[tuple[str, int], tuple[str, str]] = {}
    for node, chosen in targets.items():
        distinct = {uf.find(t) for t in chosen.values()}
        if len(distinct) == 1:
            uf.union(node, distinct.pop())
        else:
            overrides.update(chosen)
    return overrides


def _apply_aliases(aliases: dict[str, str], names, uf: _UnionFind) -> dict[tuple[str, str], str]:
    """Union each alias with its target (same family); return the preferred spelling per root."""
    by_key: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for node in names:
        by_key[node[1]].append(node)
        if node[0] == "person":
            by_key[normalise_name(node[1], "person")].append(node)
    preferred: dict[tuple[str, str], str] = {}
    for alias, target in sorted(aliases.items()):
        for node in by_key.get(normalise_name(alias), []) + by_key.get(normalise_name(alias, "person"), []):
            target_key = normalise_name(target, node[0])
            target_node = (node[0], target_key)
            if target_node not in names:
                names[target_node] = _Name(node[0], target_key)
                uf.find(target_node)
            uf.union(node, target_node)
            preferred[uf.find(node)] = target
    return {uf.find(k): v for k, v in preferred.items()}


def _entities(mentions_by_report, family_of, uf, preferred, overrides):
    """Build Entity records and the mention -> entity id map."""
    root_of: dict[tuple[str, int], tuple[str, str]] = {}
    spellings: dict[tuple[str, str], Counter] = defaultdict(Counter)
    kinds: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for rid, mentions in mentions_by_report.items():
        for i, m in enumerate(mentions):
            node = overrides.get((rid, i)) or (family_of[(rid, i)], m.normalised)
            root = uf.find(node)
            root_of[(rid, i)] = root
            spellings[root][m.text] += 1
            kinds[root][m.kind] += 1
    ids: dict[tuple[str, str], str] = {}
    entities = []
    used: Counter = Counter()
    for root in sorted(spellings):
        name = preferred.get(root) or _canonical(spellings[root])
        ruled = Counter({k: n for k, n in kinds[root].items() if k in _RULE_KINDS})
        kind = sorted((ruled or kinds[root]).items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        base = f"{root[0]}|{normalise_name(name, kind)}"
        used[base] += 1
        suffix = "" if used[base] == 1 else f"|{used[base]}"
        eid = "ent:" + hashlib.sha1((base + suffix).encode()).hexdigest()[:16]
        ids[root] = eid
        entities.append(Entity(id=eid, name=name, kind=kind, aliases=tuple(sorted(spellings[root])),
                               mentions=sum(spellings[root].values())))
    mapping = {key: ids[root] for key, root in root_of.items()}
    entities.sort(key=lambda e: (-e.mentions, e.id))
    return entities, mapping


def _canonical(spellings: Counter) -> str:
    """The most frequent spelling among the fullest forms (most words once titles are dropped),
    preferring a form written without a title ("Khalifa Haftar" over "Gen. Khalifa Haftar")."""
    def length(s: str) -> int:
        return len(normalise_name(s, "person").split())

    def extra(s: str) -> int:  # titles and articles written around the name
        return len(s.split()) - length(s)

    longest = max(length(s) for s in spellings)
    full = [(extra(s), -n, s) for s, n in spellings.items() if length(s) == longest]
    return min(full)[2]

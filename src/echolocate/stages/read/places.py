"""Places in one report: find the toponyms, then pick which place each one means.

Recognition takes spaCy's GPE, LOC and FAC entities, organisation entities that
are exactly a country or region name (small models often call "Russia" an
organisation when it acts), names spaCy missed that the gazetteer knows well
(countries, regions, large towns; capitalised proper nouns only, so that common
words stay words), and names written with a facility word ("Tobruk port",
"Hmeimim air base", "the port of Benghazi") even when the gazetteer does not
know them, so that an analyst still sees them.

Disambiguation scores every gazetteer candidate of a name by its importance
(population, country or region rank, primary rather than alternate name), then
by the report's context: a containing place written next to it ("Tripoli,
Lebanon", "Paris, Texas"), the feature the words around it ask for ("air
base", "province"), the countries the report mentions or whose nationality
adjectives it uses ("Libyan" is evidence for Libya, not a place mention), and
the distance to places resolved with confidence in a first pass.
"""

from __future__ import annotations

from echolocate.stages.read.nlp import text_of

import math
import re
from collections import Counter
from dataclasses import dataclass

from echolocate.stages.read.gazetteer import Candidate, Gazetteer, haversine_km, name_key
from echolocate.stages.read.types import Place

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_HINT_WORDS = {
    "air base": "air", "airbase": "air", "air field": "air", "airfield": "air", "airport": "air",
    "air force base": "air", "airstrip": "air", "base": "air", "military base": "air",
    "port": "port", "harbour": "port", "harbor": "port", "naval base": "port", "oil terminal": "port",
    "terminal": "port", "seaport": "port",
    "province": "region", "governorate": "region", "region": "region", "state": "region", "district": "region",
    "county": "region", "oblast": "region", "prefecture": "region",
    "city": "city", "town": "city", "village": "city", "municipality": "city",
}
_AFTER = re.compile(r"\s+(" + "|".join(sorted(map(re.escape, _HINT_WORDS), key=len, reverse=True)) + r")\b", re.I)
_BEFORE = re.compile(
    r"\b(?:the\s+)?(" + "|".join(sorted(map(re.escape, _HINT_WORDS), key=len, reverse=True)) + r")\s+of\s+$", re.I
)
_LOCATIVE = {"in", "at", "from", "to", "near", "into", "outside", "around", "towards", "toward", "across"}
_LEADING = re.compile(r"^(?:the|The|THE)\s+")
_TRAILING = re.compile(r"(?:['’]s|['’])$")
_PRECISION = {"PCLI": "country", "ADM1": "region", "ADM2": "region", "CONT": "continent", "AIRP": "point", "AIRB": "point"}


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    text: str
    hint: str | None = None  # air | port | region | city
    source: str = "ner"  # ner | org | gazetteer | pattern | given


def _clean(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Drop a leading article and a trailing possessive so the span is the name itself."""
    m = _LEADING.match(text)
    if m:
        start += m.end()
        text = text[m.end():]
    m = _TRAILING.search(text)
    if m:
        end -= len(m.group(0))
        text = text[: m.start()]
    stripped = text.rstrip(" .,;:")
    end -= len(text) - len(stripped)
    return stripped, start, end


def _split_hint(text: str) -> tuple[str, str | None]:
    """"Hmeimim air base" -> ("Hmeimim", "air"); a name without a facility word is returned as is."""
    low = text.casefold()
    for word in sorted(_HINT_WORDS, key=len, reverse=True):
        if low.endswith(" " + word):
            return text[: -len(word) - 1].rstrip(), _HINT_WORDS[word]
    return text, None


def _hint_around(text: str, start: int, end: int) -> str | None:
    after = _AFTER.match(text, end)
    if after:
        return _HINT_WORDS[after.group(1).casefold()]
    before = _BEFORE.search(text[max(0, start - 30): start])
    if before:
        return _HINT_WORDS[before.group(1).casefold()]
    return None


def _strong(gazetteer: Gazetteer, name: str, alternates: bool = False) -> bool:
    """Whether a name is worth tagging when spaCy did not: a country, region, continent or sizeable town.

    Alternate spellings count only when the words around already suggest a place.
    """
    for c, primary in gazetteer.matches(name)[:5]:
        if c.feature_code in ("PCLI", "CONT"):
            return True
        if (primary or alternates) and (c.feature_code == "ADM1" or c.population >= 50_000):
            return True
    return False


def _recognise(doc, gazetteer: Gazetteer) -> list[_Mention]:
    text = text_of(doc)
    found: dict[tuple[int, int], _Mention] = {}
    for ent in doc.ents:
        name, start, end = _clean(ent.text, ent.start_char, ent.end_char)
        if not name or not any(ch.isupper() or ch.isdigit() for ch in name):
            continue
        if ent.label_ not in _PLACE_LABELS:
            hint = _hint_around(text, start, end)
            if hint and ent.label_ != "ORG" and all(t.pos_ == "PROPN" for t in ent if t.text[:1].isupper()):
                # "Hmeimim air base": whatever the model called it, a name before a facility word is a place
                found[(start, end)] = _Mention(start, end, name, hint, "pattern")
                continue
            if ent.label_ != "ORG":
                continue
        elif not gazetteer.has(name) and gazetteer.demonym(name):
            continue  # "Emirati" tagged as a place: an adjective of nationality is evidence, not a mention
        if ent.label_ == "ORG":
            region = any(c.feature_code in ("PCLI", "ADM1", "CONT") and p for c, p in gazetteer.matches(name)[:3])
            # "withdrew from Tubruq": after a locative preposition a well-known town name is a place
            after_preposition = ent.start > 0 and doc[ent.start - 1].lower_ in _LOCATIVE
            if not region and not (after_preposition and _strong(gazetteer, name, alternates=True)):
                continue
            found[(start, end)] = _Mention(start, end, name, _hint_around(text, start, end), "org")
            continue
        base, hint = _split_hint(name)
        if hint and base and not gazetteer.has(name):
            end = start + len(base)
            name = base
        found[(start, end)] = _Mention(start, end, name, hint or _hint_around(text, start, end), "ner")

    taken = [False] * len(text)
    for s, e in found:
        for i in range(s, e):
            taken[i] = True
    i = 0
    tokens = list(doc)
    while i < len(tokens):
        tok = tokens[i]
        if tok.ent_type_ or not tok.text[:1].isupper() or tok.pos_ not in ("PROPN", "NOUN", "ADJ") or tok.is_stop:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and tokens[j + 1].text[:1].isupper() and not tokens[j + 1].ent_type_ and j - i < 3:
            j += 1
        span = doc[i: j + 1]
        start, end = span.start_char, span.end_char
        if any(taken[start:end]):
            i = j + 1
            continue
        name = span.text
        hint = _hint_around(text, start, end)
        pos_ok = all(t.pos_ == "PROPN" for t in span)
        if (hint and pos_ok) or (pos_ok and len(name) > 2 and _strong(gazetteer, name)):
            found[(start, end)] = _Mention(start, end, name, hint, "pattern" if hint else "gazetteer")
        i = j + 1
    return sorted(found.values(), key=lambda m: m.start)


def _candidates(gazetteer: Gazetteer, mention: _Mention) -> list[tuple[Candidate, bool]]:
    found = gazetteer.matches(mention.text)
    if not found:
        base, _ = _split_hint(mention.text)
        if base != mention.text:
            found = gazetteer.matches(base)
    country = gazetteer.demonym(mention.text) or (
        gazetteer.demonym(mention.text[:-1]) if mention.text.endswith("s") and not found else None
    )
    if country:  # "French" is France before it is a hamlet called French
        found = [(country, True), *(f for f in found if f[0].id != country.id)]
    return found[:40]


def _prior(c: Candidate, primary: bool, hint: str | None) -> float:
    score = math.log10(c.population + 10)
    code = c.feature_code
    if code in ("PCLI", "CONT"):
        score += 3.0
    elif code == "ADM1":
        score -= 0.5  # a region's population is summed over its towns; its namesake city is usually meant
    elif code == "ADM2":
        score -= 1.5
    elif code == "PPLC":
        score += 2.0
    elif c.feature_class == "S":
        score = 4.0 if hint == "air" else 3.0
    if primary:
        score += 2.5
    if hint == "air" and c.feature_class == "S":
        score += 4.0
    elif hint == "region" and code in ("ADM1", "ADM2"):
        score += 3.0
    elif hint in ("city", "port") and c.feature_class == "P":
        score += 2.0
    return score


def _containers(mentions: list[_Mention], text: str) -> dict[int, int]:
    """"Tripoli, Lebanon": index of the mention -> index of the mention that contains it."""
    out = {}
    for i in range(len(mentions) - 1):
        gap = text[mentions[i].end: mentions[i + 1].start]
        if gap.strip() in (",", "(") and len(gap) <= 3:
            out[i] = i + 1
    return out


def _context_countries(doc, gazetteer: Gazetteer, best: list[Candidate | None]) -> Counter:
    counts: Counter = Counter()
    for c in best:
        if c is not None and c.country_code:
            counts[c.country_code] += 1.0 if c.feature_code == "PCLI" else 0.5
    for ent in doc.ents:
        if ent.label_ == "NORP":
            country = gazetteer.demonym(ent.text) or (gazetteer.demonym(ent.text[:-1]) if ent.text.endswith("s") else None)
            if country:
                counts[country.country_code] += 0.5
    return counts


def _resolve(doc, gazetteer: Gazetteer, mentions: list[_Mention]) -> list[Place]:
    text = text_of(doc)
    options = [_candidates(gazetteer, m) for m in mentions]
    containers = _containers(mentions, text)

    def score(i: int, c: Candidate, primary: bool, countries: Counter | None, points: list,
              regions: Counter | None = None) -> float:
        s = _prior(c, primary, mentions[i].hint)
        j = containers.get(i)
        if j is not None:
            for outer, _ in options[j][:10]:
                if outer.feature_code == "PCLI" and outer.country_code == c.country_code and c.feature_code != "PCLI":
                    s += 5.0
                    break
                if outer.feature_code == "ADM1" and outer.country_code == c.country_code and outer.admin1 == c.admin1 \
                        and c.feature_code != "ADM1":
                    s += 6.0
                    break
        if countries:
            total = sum(countries.values())
            own = countries.get(c.country_code, 0.0)
            if own:
                s += 1.0 + 2.0 * own / total
        if regions and c.feature_code != "ADM1" and regions.get((c.country_code, c.admin1)):
            s += 1.5
        if points and c.feature_code not in ("PCLI", "CONT", "ADM1"):
            near = min(haversine_km(c.lat, c.lon, lat, lon) for k, lat, lon in points if k != i) if len(points) > 1 \
                else math.inf
            s += 2.0 if near < 50 else 1.5 if near < 200 else 0.75 if near < 500 else 0.0
        return s

    best: list[Candidate | None] = []
    for i, opts in enumerate(options):
        scored = sorted(((score(i, c, p, None, []), c) for c, p in opts), key=lambda sc: -sc[0])
        best.append(scored[0][1] if scored else None)

    countries = _context_countries(doc, gazetteer, best)
    regions: Counter = Counter()
    for c in best:
        if c is not None and c.feature_code in ("ADM1", "PPL", "PPLC", "ADM2") and c.admin1:
            regions[(c.country_code, c.admin1)] += 1.0 if c.feature_code == "ADM1" else 0.5
    points = []
    for i, opts in enumerate(options):
        if len({c.id for c, _ in opts}) == 1 and opts[0][0].feature_class in ("P", "S"):
            points.append((i, opts[0][0].lat, opts[0][0].lon))

    places = []
    for i, (m, opts) in enumerate(zip(mentions, options)):
        if not opts:
            places.append(Place(m.start, m.end, m.text, precision="unknown", confidence=0.0))
            continue
        own, own_regions = Counter(countries), Counter(regions)
        b = best[i]
        if b is not None and b.country_code:  # a place is no evidence for itself
            own[b.country_code] -= 1.0 if b.feature_code == "PCLI" else 0.5
            own_regions[(b.country_code, b.admin1)] -= 1.0 if b.feature_code == "ADM1" else 0.5
            own, own_regions = +own, +own_regions
        scored = sorted(((score(i, c, p, own, points, own_regions), c) for c, p in opts), key=lambda sc: -sc[0])
        top_score, top = scored[0]
        z = sum(math.exp(s - top_score) for s, _ in scored[:10])
        places.append(
            Place(
                start=m.start, end=m.end, text=m.text, gazetteer_id=top.id, name=top.name,
                lat=top.lat, lon=top.lon, country_code=top.country_code or None, feature=top.feature_code,
                precision=_PRECISION.get(top.feature_code, "city"), confidence=round(1.0 / z, 3),
            )
        )
    return places


def find_places(doc, gazetteer: Gazetteer) -> list[Place]:
    """Every toponym in one report (a spaCy Doc) with the place it most likely means, in text order."""
    if not text_of(doc).strip():
        return []
    return _resolve(doc, gazetteer, _recognise(doc, gazetteer))


def resolve_spans(doc, spans: list[tuple[int, int]], gazetteer: Gazetteer) -> list[Place]:
    """Geocode toponyms whose spans are already known (gold spans in evaluation), with the report as context.

    The recognised toponyms of the report join the given ones as context; only the
    given spans are returned, in the order given.
    """
    text = text_of(doc)
    given = {}
    for s, e in spans:
        given[(s, e)] = _Mention(s, e, text[s:e], _hint_around(text, s, e), "given")
    recognised = [m for m in _recognise(doc, gazetteer) if (m.start, m.end) not in given]
    given_ranges = list(given)
    recognised = [m for m in recognised if not any(m.start < e and s < m.end for s, e in given_ranges)]
    mentions = sorted([*given.values(), *recognised], key=lambda m: (m.start, m.end))
    by_span = {(p.start, p.end): p for p in _resolve(doc, gazetteer, mentions)}
    return [by_span[(s, e)] for s, e in spans]


__all__ = ["find_places", "resolve_spans", "name_key"]

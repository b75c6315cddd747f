"""Named mentions in one parsed report: people, organisations, outlets, places,
military units, ships, bases, weapon systems and nationalities.

spaCy's statistical NER finds most names but has no notion of ships, bases,
units or weapons, and it often mislabels names it has not seen (a news site
tagged as a country, a warship as a person). So three generic layers sit on top:

1. an EntityRuler (added by ``nlp.load_pipeline``) for whole spans whose form
   gives them away: "X Air Base", "3rd Brigade", "S-300 missiles";
2. a Matcher for names whose kind is told by the words around them: "the
   aircraft carrier X", "the naval base at X", "X reported";
3. one sense per discourse: the same name keeps one kind within a report, and
   a lone surname takes the kind of the full name it belongs to.

No pattern names an actual ship, base or outlet: only the cue words are listed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Iterable

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span as SpacySpan
from spacy.vocab import Vocab

from echolocate.stages.read.resolve_normalise import ARTICLES, TITLES, normalise_name, words
from echolocate.stages.read.types import Mention

RULER_NAME = "echolocate_ruler"

KIND_BY_LABEL = {
    "PERSON": "person",
    "ORG": "organisation",
    "NORP": "nationality",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "EVENT": "other",
    "PRODUCT": "other",
    "WORK_OF_ART": "other",
    "LAW": "other",
    # labels set by our own ruler and matcher
    "OUTLET": "outlet",
    "MIL_UNIT": "military_unit",
    "SHIP": "ship",
    "BASE": "base",
    "WEAPON": "weapon",
}
RULE_LABELS = frozenset({"OUTLET", "MIL_UNIT", "SHIP", "BASE", "WEAPON"})

_NAME = {"TAG": {"IN": ["NNP", "NNPS"]}}
SHIP_NOUNS = (
    "carrier", "frigate", "destroyer", "cruiser", "corvette", "submarine", "warship", "battleship",
    "flagship", "vessel", "ship", "tanker", "icebreaker", "minesweeper", "gunboat",
)
BASE_NOUNS = ("base", "airbase", "airfield", "air-base")
UNIT_NOUNS = (
    "brigade", "brigades", "battalion", "battalions", "regiment", "division", "corps", "fleet",
    "squadron", "platoon", "company", "militia", "guard", "guards", "army", "legion",
)
WEAPON_NOUNS = (
    "missile", "missiles", "system", "systems", "jet", "jets", "fighter", "fighters", "bomber",
    "bombers", "rocket", "rockets", "launcher", "launchers", "helicopter", "helicopters", "tank",
    "tanks", "drone", "drones", "interceptor", "interceptors", "warplane", "warplanes", "aircraft",
    "howitzer", "howitzers", "rifle", "rifles", "torpedo", "torpedoes", "gunship", "gunships",
)
MILITARY_CONTEXT = frozenset(
    {
        "military", "mercenary", "mercenaries", "troops", "fighters", "contractors", "forces",
        "militia", "paramilitary", "armed", "soldiers", "army", "combat", "battle", "deployed",
        "private", "pmc",
    }
)
MEDIA_NOUNS = frozenset(
    {
        "newspaper", "paper", "daily", "weekly", "tabloid", "website", "site", "portal", "outlet",
        "agency", "broadcaster", "channel", "magazine", "journal", "blog", "radio", "television",
        "tv", "network", "newswire", "wire", "publication", "editorial", "columnist",
    }
)
MEDIA_NAME_ENDINGS = frozenset(
    {
        "news", "times", "post", "daily", "herald", "gazette", "tribune", "journal", "telegraph",
        "tv", "press", "agency", "radio", "observer", "guardian", "express", "mirror", "monitor",
        "chronicle", "weekly", "review", "today", "insider", "online", "report", "dispatch",
    }
)
# inflected forms: lemmas are not there when the pipeline runs without its lemmatizer
OUTLET_VERBS = frozenset(
    {"report", "reports", "reported", "reporting", "write", "writes", "wrote", "written", "publish",
     "publishes", "published", "quote", "quotes", "quoted", "cite", "cites", "cited", "reveal", "reveals",
     "revealed"}
)
_DESIGNATION = r"^[A-Z][A-Za-z]{0,3}-?\d{1,4}[A-Za-z0-9]*$"
_DESIGNATION_RE = re.compile(_DESIGNATION)
_DOMAIN_RE = re.compile(r"\w\.(com|net|org|ru|info|co|io|news|tv|uk)$", re.I)
_TRAILING = re.compile(r"[\s\.,;:!?\"'\u2019\u201d)\]]+$")
_LEADING = re.compile(r"^[\s\"'\u2018\u201c(\[]+")
_POSSESSIVE_TAIL = re.compile(r"(?:['\u2019]s|s['\u2019])$")


def ruler_patterns() -> list[dict]:
    """EntityRuler patterns for spans whose own words tell their kind (before NER sees them)."""
    patterns: list[dict] = [
        # "Hmeimim air base", "X Airbase", "X Naval Base" (a bare "X base" is left to the matcher)
        {"label": "BASE", "pattern": [{**_NAME, "OP": "+"}, {"LOWER": {"IN": ["air", "naval", "military", "navy", "army"]}}, {"LOWER": {"IN": list(BASE_NOUNS)}}]},
        {"label": "BASE", "pattern": [{**_NAME, "OP": "+"}, {"LOWER": {"IN": ["airbase", "airfield", "air-base"]}}]},
        {"label": "BASE", "pattern": [{**_NAME, "OP": "+"}, {"TEXT": "Base"}]},
        # "the 3rd Brigade", "101st Airborne Division", "6th Fleet"
        {
            "label": "MIL_UNIT",
            "pattern": [
                {"TEXT": {"REGEX": r"^\d+(st|nd|rd|th)$"}},
                {"IS_TITLE": True, "OP": "*"},
                {"LOWER": {"IN": list(UNIT_NOUNS)}, "IS_TITLE": True},
            ],
        },
        {
            "label": "MIL_UNIT",
            "pattern": [
                {"LOWER": {"IN": ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]}, "IS_TITLE": True},
                {"IS_TITLE": True, "OP": "*"},
                {"LOWER": {"IN": list(UNIT_NOUNS)}, "IS_TITLE": True},
            ],
        },
        # "S-300 missiles", "Su-24 jets", "MiG-29 fighters", "S-400 air defence systems"
        {
            "label": "WEAPON",
            "pattern": [
                {"TEXT": {"REGEX": _DESIGNATION}},
                {"LOWER": {"IN": ["air", "anti", "cruise", "ballistic", "defence", "defense", "fighter", "attack", "surface", "to", "-"]}, "OP": "*"},
                {"LOWER": {"IN": list(WEAPON_NOUNS)}},
            ],
        },
    ]
    return patterns


@lru_cache(maxsize=8)
def _matcher(vocab: Vocab) -> Matcher:
    """Context patterns; the name is the run of proper nouns, the rest is the cue."""
    m = Matcher(vocab)
    ship = {"LOWER": {"IN": list(SHIP_NOUNS)}}
    m.add("SHIP_AFTER", [[ship, {**_NAME, "OP": "+"}], [{"LOWER": "aircraft"}, {"LOWER": "carrier"}, {**_NAME, "OP": "+"}]])
    m.add("SHIP_BEFORE", [[{**_NAME, "OP": "+"}, {"LOWER": "aircraft"}, {"LOWER": "carrier"}],
                          [{**_NAME, "OP": "+"}, {"LOWER": {"IN": ["frigate", "destroyer", "cruiser", "corvette", "submarine", "warship", "battleship"]}}]])
    m.add("BASE_AT", [[{"LOWER": {"IN": list(BASE_NOUNS)}}, {"LOWER": {"IN": ["at", "of"]}}, {**_NAME, "OP": "+"}]])
    m.add("BASE_BEFORE", [[{**_NAME, "OP": "+"}, {"LOWER": "base"}]])
    m.add("WEAPON_NAMED", [[{**_NAME, "OP": "+"}, {"LOWER": {"IN": ["cruise", "ballistic", "anti", "air", "surface"]}, "OP": "*"},
                            {"LOWER": {"IN": ["missile", "missiles", "rocket", "rockets", "torpedo", "torpedoes", "launcher", "launchers"]}}]])
    m.add("WEAPON_SYSTEM", [[{**_NAME, "OP": "+"}, {"LOWER": {"IN": ["anti", "air", "defense", "defence", "missile", "-", "aircraft", "ballistic"]}, "OP": "+"},
                             {"LOWER": {"IN": ["system", "systems"]}}]])
    m.add("UNIT_PMC", [[{**_NAME, "OP": "+"}, {"LOWER": "private"}, {"LOWER": "military"}, {"LOWER": {"IN": ["company", "contractor", "group"]}}],
                       [{**_NAME, "OP": "+"}, {"LOWER": "pmc"}]])
    m.add("UNIT_NAMED", [[{**_NAME, "OP": "+"}, {"LOWER": {"IN": ["group", "brigade", "brigades", "battalion", "regiment", "division", "corps", "militia", "legion"]}}]])
    m.add("DESIGNATION", [[{"TEXT": {"REGEX": _DESIGNATION}}]])
    return m


def find_mentions(doc: Doc) -> list[Mention]:
    """Every named mention in ``doc``, cleaned, typed and keyed for resolution, in text order."""
    spans: dict[tuple[int, int], tuple[str, str]] = {}  # (start_tok, end_tok) -> (kind, label)
    for ent in doc.ents:
        kind = KIND_BY_LABEL.get(ent.label_)
        if kind is not None:
            spans[(ent.start, ent.end)] = (kind, ent.label_)
    for (start, end), kind, label in _context_matches(doc):
        for key in [k for k in spans if k[0] < end and start < k[1]]:
            del spans[key]
        spans[(start, end)] = (kind, label)
    mentions = []
    for (start, end), (kind, label) in sorted(spans.items()):
        span = doc[start:end]
        kind, span = _retype(span, kind, label)
        mention = _clean(span, kind, label)
        if mention is not None:
            mentions.append(mention)
    return _one_sense_per_report(mentions)


def _context_matches(doc: Doc) -> Iterable[tuple[tuple[int, int], str, str]]:
    """Spans whose kind the neighbouring words tell, narrowed to the name itself."""
    found: list[tuple[tuple[int, int], str, str]] = []
    vocab_strings = doc.vocab.strings
    for match_id, start, end in _matcher(doc.vocab)(doc):
        rule = vocab_strings[match_id]
        names = [i for i in range(start, end) if doc[i].tag_ in ("NNP", "NNPS")]
        if rule == "DESIGNATION":
            if _military_context(doc, start, WEAPON_NOUNS_SET):
                found.append(((start, end), "weapon", "WEAPON"))
            continue
        if not names:
            continue
        s, e = names[0], names[-1] + 1
        if rule == "SHIP_AFTER" or rule == "SHIP_BEFORE":
            found.append(((s, e), "ship", "SHIP"))
        elif rule == "BASE_AT":
            found.append(((s, e), "base", "BASE"))
        elif rule == "BASE_BEFORE":
            # "Mediterranean base", "a Libya base": a region or country hosting a base is not its name
            if not any(doc[i].ent_type_ in ("GPE", "LOC", "NORP") for i in range(s, e)):
                found.append(((s, end), "base", "BASE"))
        elif rule == "UNIT_PMC":
            names = [i for i in names if doc[i].lower_ not in ("private", "military", "company", "pmc")]
            if names:
                found.append(((names[0], names[-1] + 1), "military_unit", "MIL_UNIT"))
        elif rule in ("WEAPON_NAMED", "WEAPON_SYSTEM"):
            found.append(((s, e), "weapon", "WEAPON"))
        elif rule == "UNIT_NAMED":
            if doc[end - 1].lower_ != "group" or _military_context(doc, start, MILITARY_CONTEXT):
                found.append(((s, end), "military_unit", "MIL_UNIT"))
    # keep the longest match per start, then drop matches inside longer ones
    found.sort(key=lambda f: (f[0][0], -(f[0][1] - f[0][0])))
    kept: list[tuple[tuple[int, int], str, str]] = []
    for item in found:
        if kept and item[0][0] < kept[-1][0][1]:
            continue
        kept.append(item)
    return kept


WEAPON_NOUNS_SET = frozenset(WEAPON_NOUNS) | {"weapons", "arms", "armaments", "defence", "defense", "air-defence"}


def _military_context(doc: Doc, i: int, cues: frozenset[str], window: int = 8) -> bool:
    """Whether a cue word occurs within ``window`` tokens of token ``i`` in its sentence."""
    sent = doc[i].sent if doc.has_annotation("SENT_START") else doc[max(0, i - window): i + window]
    lo, hi = max(sent.start, i - window), min(sent.end, i + window + 1)
    return any(doc[j].lower_ in cues for j in range(lo, hi) if j != i)


def _retype(span: SpacySpan, kind: str, label: str) -> tuple[str, SpacySpan]:
    """Fix NER kinds the context contradicts: titled names are people, cited sites are outlets."""
    if label in RULE_LABELS:
        return kind, span
    toks = [t.lower_.rstrip(".") for t in span]
    # "Field Marshall Khalifa Haftar" tagged ORG, "Libyan Gen Khalifa Hafter" tagged ORG
    for i, tok in enumerate(toks[:-1]):
        if tok in TITLES and tok not in ("head", "leader", "chief", "foreign", "defense", "defence", "interior") and all(t.is_title or t.is_upper for t in span[i + 1:] if t.is_alpha):
            if kind in ("organisation", "place", "nationality", "other", "person"):
                return "person", span[i:]
    if kind in ("organisation", "place", "person", "other") and _looks_like_outlet(span, kind):
        return "outlet", span
    return kind, span


def _looks_like_outlet(span: SpacySpan, kind: str) -> bool:
    """An outlet: a media noun next to the name, a media-like name, or a site that reports."""
    doc = span.doc
    text_words = words(span.text)
    if not text_words:
        return False
    if _DOMAIN_RE.search(span.text):
        return True
    last = text_words[-1]
    if kind != "person" and len(text_words) > 1 and last in MEDIA_NAME_ENDINGS:
        return True
    # media noun right before ("the website Politico", "the Israeli website, Debka") or after ("X newspaper")
    before = [t for t in doc[max(span.sent.start if doc.has_annotation("SENT_START") else 0, span.start - 4): span.start]]
    before_words = [t.lower_ for t in before if not t.is_punct]
    if before_words and before_words[-1] in MEDIA_NOUNS:
        return True
    if span.end < len(doc) and doc[span.end].lower_ in MEDIA_NOUNS and doc[span.end].lower_ not in ("paper", "site"):
        return True
    if kind == "person":
        return False
    # a non-person subject of "reported / wrote / published / quoted": outlets report, countries "say"
    head = span.root.head
    if span.root.dep_ in ("nsubj", "nsubjpass") and head.lower_ in OUTLET_VERBS:
        return kind in ("organisation", "place", "other")
    return False


def _clean(span: SpacySpan, kind: str, label: str) -> Mention | None:
    """A mention with the article, possessive and trailing punctuation cut from its text and offsets."""
    text = span.text
    start = span.start_char
    lead = _LEADING.match(text)
    if lead:
        start += lead.end()
        text = text[lead.end():]
    first = text.split(" ", 1)
    if len(first) == 2 and first[0].lower() in ARTICLES:
        start += len(first[0]) + 1
        text = first[1]
    while True:
        new = _POSSESSIVE_TAIL.sub("", _TRAILING.sub("", text))
        if new == text:
            break
        text = new
    # names are written with a capital or a digit somewhere; "n't" and "armed militia" are NER noise
    if not text or not any(ch.isalpha() for ch in text) or not any(ch.isupper() or ch.isdigit() for ch in text):
        return None
    normalised = _key(text, kind)
    if not normalised or (kind == "person" and normalised in TITLES):
        return None
    return Mention(start=start, end=start + len(text), text=text, kind=kind, label=label, normalised=normalised)


_KIND_NOUNS = {
    "base": frozenset({"air", "naval", "navy", "military", "army", "base", "airbase", "airfield"}),
    "weapon": WEAPON_NOUNS_SET | {"air", "anti", "cruise", "ballistic", "attack", "surface", "to"},
}


def _key(text: str, kind: str) -> str:
    """The resolution key; for bases and weapons the class nouns go ("X air base" = "X base" = "X")."""
    key = normalise_name(text, kind)
    nouns = _KIND_NOUNS.get(kind)
    if nouns:
        toks = key.split()
        while len(toks) > 1 and toks[-1] in nouns:
            toks.pop()
        key = " ".join(toks)
    return key


def _one_sense_per_report(mentions: list[Mention]) -> list[Mention]:
    """Within one report, one name has one kind: rule-found kinds win, then a person's surname, then the majority."""
    if not mentions:
        return mentions
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    ruled: dict[str, str] = {}
    for m in mentions:
        votes[m.normalised][m.kind] += 1
        if m.label in RULE_LABELS or m.kind == "outlet":
            ruled.setdefault(m.normalised, m.kind)
    surnames = {m.normalised.split()[-1] for m in mentions if m.kind == "person" and len(m.normalised.split()) > 1}
    soft = {"person", "organisation", "place", "nationality", "other"}
    decided: dict[str, str] = {}
    for key, counter in votes.items():
        if key in ruled:
            decided[key] = ruled[key]
        elif key in surnames and set(counter) <= soft:
            decided[key] = "person"
        else:
            decided[key] = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    out = []
    for m in mentions:
        kind = decided[m.normalised]
        if kind == m.kind:
            out.append(m)
            continue
        # nationality adjectives never change kind by majority, nor the reverse; surnames of people do
        if (m.kind == "nationality") != (kind == "nationality") and not (kind == "person" and m.normalised in surnames):
            out.append(m)
            continue
        out.append(Mention(m.start, m.end, m.text, kind, m.label, _key(m.text, kind)))
    return out

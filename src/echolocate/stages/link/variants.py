"""Where a member of a claim group differs from its representative.

Analysts need the mutations, not just the grouping: a copy that turns "700 km from
Europe" into "700 km off Libya", drops "reportedly", or swaps who said it. Each kind is
read from the structured fields the read stage filled (numbers, places, times,
entities, hedges, chain, polarity) and, when those are empty, from the text with small
generic patterns, so grouping on bare text still reports variants.
"""

from __future__ import annotations

import re

from echolocate.stages.link.claim_types import ClaimItem, Variant
from echolocate.stages.link.group_features import content_terms

_NUMBER = re.compile(r"(?<![\w.])\d[\d,.]*(?:\s?(?:%|per cent|percent))?")
_MONTHS = ("january february march april may june july august september october november december "
           "monday tuesday wednesday thursday friday saturday sunday").split()
_DATE = re.compile(r"\b(?:(?:" + "|".join(m.capitalize() for m in _MONTHS) + r")(?:\s+\d{1,2}(?:st|nd|rd|th)?)?"
                   r"|(?:19|20)\d\d|(?:[Ll]ast|[Nn]ext|[Tt]his)\s+(?:week|month|year)|[Yy]esterday|[Tt]oday|[Tt]omorrow)\b")
_PLACE_PREP = re.compile(r"\b(?:in|at|near|off|from|outside|inside|into|across|to|towards)\s+"
                         r"((?:the\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*)")
_PROPER = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*)")
_HEDGES = ("reportedly", "allegedly", "apparently", "possibly", "probably", "likely", "unconfirmed",
           "rumoured", "rumored", "believed to", "thought to", "said to", "suspected", "may", "might", "could",
           "appears to", "seems to", "claims", "claimed")
_HEDGE = re.compile(r"\b(?:" + "|".join(re.escape(h) for h in _HEDGES) + r")\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|no|never|deny|denies|denied|denial|rejects?|rejected|refutes?|refuted|"
                       r"false|fake|hoax|debunk\w*)\b|n't\b", re.IGNORECASE)
_ATTRIB = re.compile(r"\baccording to\s+((?:the\s+)?[\w'-]+(?:\s+[\w'-]+){0,3})"
                     r"|((?:[A-Z][\w'-]+\s*){1,4})\s+(?:said|says|reported|reports|claimed|claims|told)\b")


def find_variants(representative: ClaimItem, member: ClaimItem) -> list[Variant]:
    """The differences of ``member`` from ``representative``, in a fixed order of kinds."""
    if member.claim_id == representative.claim_id:
        return []
    cid = member.claim_id
    out: list[Variant] = []
    for kind, getter in (("number", _numbers), ("place", _places), ("date", _dates), ("actor", _actors),
                         ("hedge", _hedges), ("attribution", _attribution)):
        rep, mem = getter(representative), getter(member)
        if rep != mem:
            out.append(Variant(cid, kind, _show(rep - mem), _show(mem - rep)))
    rep_neg, mem_neg = _negative(representative), _negative(member)
    if rep_neg != mem_neg:
        out.append(Variant(cid, "negation", _polarity(rep_neg), _polarity(mem_neg)))
    if not out and content_terms(representative.text) != content_terms(member.text):
        out.append(Variant(cid, "wording", representative.text, member.text))
    return out


def _show(values: set[str]) -> str:
    return "; ".join(sorted(values))


def _polarity(negative: bool) -> str:
    return "negative" if negative else "positive"


def _norm_number(raw: str) -> str:
    s = raw.lower().replace("per cent", "%").replace("percent", "%").replace(" ", "")
    s = s.rstrip(".,")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?%?", s):
        s = s.replace(",", "")
    return s


def _numbers(item: ClaimItem) -> set[str]:
    if item.numbers:
        return {_norm_number(n) for n in item.numbers}
    text = _DATE.sub(" ", item.text)  # years and days belong to the date kind
    return {_norm_number(m) for m in _NUMBER.findall(text)}


def _places(item: ClaimItem) -> set[str]:
    if item.places:
        return set(item.places)
    return {re.sub(r"^the\s+", "", m).strip() for m in _PLACE_PREP.findall(item.text)
            if not _DATE.fullmatch(m)}


def _dates(item: ClaimItem) -> set[str]:
    if item.times:
        return set(item.times)
    return {m.lower() for m in _DATE.findall(item.text)}


def _actors(item: ClaimItem) -> set[str]:
    if item.entities:
        return set(item.entities) - set(item.places)
    places = _places(item)
    found = set()
    for m in _PROPER.findall(item.text):
        if m in places or _DATE.fullmatch(m) or any(m in p or p in m for p in places):
            continue
        found.add(m)
    return found


def _hedges(item: ClaimItem) -> set[str]:
    if item.hedges:
        return {h.lower() for h in item.hedges}
    return {m.lower() for m in _HEDGE.findall(item.text)}


def _attribution(item: ClaimItem) -> set[str]:
    if item.chain:
        return {(link.resolved or link.text).lower() for link in item.chain}
    found = set()
    for a, b in _ATTRIB.findall(item.text):
        found.add((a or b).strip().lower())
    return found


def _negative(item: ClaimItem) -> bool:
    if item.negated or item.stance in ("denies", "doubts"):
        return True
    structured = (item.stance != "asserts" or item.hedges or item.chain or item.entities or item.places
                  or item.times or item.numbers)
    if structured:  # the read stage filled this claim: its polarity fields are the answer
        return False
    return bool(_NEGATION.search(item.text))

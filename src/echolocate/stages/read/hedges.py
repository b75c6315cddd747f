"""Hedges: the words that mark a statement as second-hand, uncertain, conditional or approximate.

An analyst reads "Russia has sent troops" and "Russia has reportedly sent troops" very
differently, and a copy that drops the "reportedly" has mutated the claim. This module
finds such words in a parsed spaCy ``Doc`` or ``Span`` with the parser's tags, so it can
tell the modal "may" from the month "May" and the approximating "some 1,000" from the
determiner "some troops".

Kinds: reported | modal | epistemic | conditional | approximation | rumour.
"""

from __future__ import annotations

from echolocate.stages.read.nlp import text_of

from echolocate.stages.read.types import Hedge

_REPORTED_ADVERBS = frozenset(
    {"reportedly", "allegedly", "purportedly", "supposedly", "reputedly", "ostensibly"}
)
# "X is said to", "it is believed that": a passive verb of saying or thinking without an agent.
_REPORTED_PASSIVES = frozenset(
    {"say", "believe", "think", "report", "understand", "allege", "rumour", "rumor", "claim", "suspect"}
)
_MODALS = frozenset({"may", "might", "could", "would"})
_EPISTEMIC_WORDS = frozenset(
    {
        "possibly", "likely", "unlikely", "probably", "apparently", "perhaps", "maybe",
        "presumably", "seemingly", "conceivably", "unconfirmed", "unverified", "unclear",
        "uncertain", "doubtful",
    }
)
_EPISTEMIC_VERBS = frozenset({"seem", "appear"})
_CONDITIONALS = frozenset({"if", "unless"})
_APPROXIMATORS = frozenset({"about", "around", "some", "approximately", "roughly", "nearly", "almost"})
_RUMOUR_WORDS = frozenset(
    {"rumour", "rumor", "rumours", "rumors", "rumoured", "rumored", "speculation", "speculations",
     "speculate", "speculated", "hearsay", "gossip", "unsubstantiated"}
)
_MONTH_CONTEXT = frozenset({"in", "on", "since", "until", "till", "by", "from", "of", "early", "late", "mid", "last", "next", "this"})
_ROUND_NOUNS = frozenset({"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions", "score", "scores"})


def find_hedges(span_or_doc) -> list[Hedge]:
    """Every hedge in a parsed ``Doc`` or ``Span``, in text order, with document character offsets."""
    tokens = list(span_or_doc)
    found: list[Hedge] = []
    taken: set[int] = set()
    for tok in tokens:
        if tok.i in taken:
            continue
        hit = _match(tok)
        if hit is None:
            continue
        last, kind = hit
        doc = tok.doc
        start, end = tok.idx, doc[last].idx + len(doc[last].text)
        found.append(Hedge(start=start, end=end, text=text_of(doc)[start:end], kind=kind))
        taken.update(range(tok.i, last + 1))
    return found


def _match(tok) -> tuple[int, str] | None:
    """The hedge starting at ``tok`` as (index of its last token, kind), or ``None``."""
    low = tok.lower_
    doc = tok.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if low in _REPORTED_ADVERBS:
        return tok.i, "reported"
    if low == "according" and nxt is not None and nxt.lower_ == "to":
        return nxt.i, "reported"
    if _is_reported_passive(tok):
        return _passive_end(tok), "reported"
    if low in _MODALS and _is_modal(tok):
        return tok.i, "modal"
    if low in _RUMOUR_WORDS or tok.lemma_.lower() in {"rumour", "rumor", "speculation"}:
        return tok.i, "rumour"
    if low in _EPISTEMIC_WORDS:
        return tok.i, "epistemic"
    if low == "it" and nxt is not None and nxt.lemma_ in _EPISTEMIC_VERBS:
        return nxt.i, "epistemic"
    if tok.lemma_ in _EPISTEMIC_VERBS and tok.pos_ in {"VERB", "AUX"} and _has_to_infinitive(tok):
        return tok.i, "epistemic"
    if low in _CONDITIONALS and tok.dep_ in {"mark", "advmod", "prep"} or low in _CONDITIONALS and tok.pos_ == "SCONJ":
        return tok.i, "conditional"
    return _approximation(tok)


def _is_modal(tok) -> bool:
    """Modal verbs only: "May 5", "in May" and the name "May" are not hedges."""
    if tok.text == "May":
        if tok.i == tok.sent.start and tok.tag_ == "MD":
            return True  # sentence-initial "May" as a modal ("May we ...") is rare in news but possible
        return False
    if tok.tag_ != "MD":
        return False
    doc = tok.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    prev = doc[tok.i - 1] if tok.i > 0 else None
    if nxt is not None and nxt.like_num:
        return False
    if prev is not None and prev.lower_ in _MONTH_CONTEXT and tok.lower_ == "may":
        return False
    return True


def _is_reported_passive(tok) -> bool:
    """ "is said to", "are believed to", "it is reported that": passive, agentless."""
    if tok.lemma_ not in _REPORTED_PASSIVES or tok.tag_ != "VBN":
        return False
    if not any(c.dep_ in {"auxpass"} or (c.dep_ == "aux" and c.lemma_ == "be") for c in tok.children):
        return False
    if any(c.dep_ == "agent" for c in tok.children):
        return False
    return _has_to_infinitive(tok) or any(c.dep_ in {"ccomp"} for c in tok.children) or any(
        c.dep_ == "nsubjpass" and c.lower_ == "it" for c in tok.children
    )


def _passive_end(tok) -> int:
    doc = tok.doc
    if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        return tok.i + 1
    return tok.i


def _has_to_infinitive(tok) -> bool:
    doc = tok.doc
    return tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to" and any(c.dep_ == "xcomp" for c in tok.children)


def _approximation(tok) -> tuple[int, str] | None:
    """ "about 700 km", "some 1,000 troops", "up to 50", "at least 43": only before a number."""
    doc = tok.doc
    low = tok.lower_
    if low == "up" and tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "to" and _is_number(doc[tok.i + 2]):
        return tok.i + 1, "approximation"
    if low == "at" and tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "least" and _is_number(doc[tok.i + 2]):
        return tok.i + 1, "approximation"
    if low == "an" and tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "estimated" and _is_number(doc[tok.i + 2]):
        return tok.i + 1, "approximation"
    if low in _APPROXIMATORS and tok.i + 1 < len(doc):
        nxt = doc[tok.i + 1]
        if nxt.text in {"$", "€", "£"} and tok.i + 2 < len(doc):
            nxt = doc[tok.i + 2]
        if _is_number(nxt):
            return tok.i, "approximation"
    return None


def _is_number(tok) -> bool:
    if tok.like_num and tok.lower_ not in {"one"}:
        return True
    if tok.text[:1] in "$€£" and len(tok.text) > 1:
        return True
    return tok.lower_ in _ROUND_NOUNS

"""Whether the report presents an event as having happened, or as planned, offered, requested,
denied or hypothetical.

PLOVER leaves this to the "context" of an event (future, hypothetical, negated);
analysts need it first of all: an arms offer is not an arms delivery. We read it
from the words that govern the trigger, walking up the parse: a negation or a
denial verb makes it denied; a condition or a could/would/might its hypothetical;
offer/propose its offered; ask/urge its requested; will/plan/intend its planned.
The strongest reading wins, in that order. The claim around the event adds its
own stance (a denial) and kind (an intention or prediction).
"""

from __future__ import annotations

from echolocate.stages.events import lexicon as lex

_RANK = {"denied": 5, "hypothetical": 4, "offered": 3, "requested": 2, "planned": 1, "happened": 0}
# relations we climb from a trigger to the words that govern it
_CLIMB = frozenset("xcomp ccomp dobj obj pobj prep acomp attr oprd nsubjpass conj dative pcomp".split())
_MAX_STEPS = 8


def stronger(a: str, b: str) -> str:
    """The mode that overrides the other."""
    return a if _RANK[a] >= _RANK[b] else b


def mode_of(token, category: str, claim=None) -> str:
    """The mode of the event that ``token`` triggers."""
    mode = _own(token, category)
    node, steps = token, 0
    while (node.dep_ in _CLIMB or (steps == 0 and token.pos_ in ("NOUN", "PROPN") and node.dep_ == "nsubj")) \
            and node.head != node and steps < _MAX_STEPS:
        via, node, steps = node.dep_, node.head, steps + 1
        if via == "conj":
            continue  # a conjunct shares its first conjunct's governors, not its own words
        mode = stronger(mode, _governed(node))
        if node.pos_ in ("VERB", "AUX"):
            mode = stronger(mode, _markers(node))
    if claim is not None:
        if claim.stance == "denies":
            mode = stronger(mode, "denied")
        elif mode == "happened" and claim.kind in ("intention", "prediction") and not _past(token):
            mode = "planned"
    return mode


def _own(token, category: str) -> str:
    lemma = token.lemma_.lower()
    mode = "happened"
    if category == "REQUEST":
        mode = "requested"
    elif lemma in lex.OFFERING or lemma == "offer" or lemma == "proposal":
        mode = "offered"
    if token.pos_ in ("NOUN", "PROPN"):
        for child in token.children:
            word = child.lower_
            if child.dep_ == "amod" and word in lex.NOUN_MODE_WORDS:
                mode = stronger(mode, lex.NOUN_MODE_WORDS[word])
            if child.dep_ == "det" and word == "no":
                mode = stronger(mode, "denied")
    return stronger(mode, _markers(token))


def _markers(verb) -> str:
    """What the words attached to one verb say: negation, condition, modal, future, readiness."""
    mode = "happened"
    for child in verb.children:
        word = child.lower_
        if child.dep_ == "neg" or (child.dep_ == "advmod" and word in ("never",)):
            mode = stronger(mode, "denied")
        elif child.dep_ == "mark" and word in lex.CONDITION_MARKS:
            mode = stronger(mode, "hypothetical")
        elif child.dep_ in ("aux", "auxpass") and word in lex.HYPOTHETICAL_AUX:
            mode = stronger(mode, "hypothetical")
        elif child.dep_ in ("aux", "auxpass") and word in lex.FUTURE_AUX:
            mode = stronger(mode, "planned")
        elif child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in lex.CONDITION_MARKS for m in child.children):
            # the main clause of a condition: "if the talks fail, Egypt will send troops"
            mode = stronger(mode, "hypothetical")
    if verb.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in lex.CONDITION_MARKS for m in verb.children):
        mode = stronger(mode, "hypothetical")
    if verb.lower_ == "going" and any(c.dep_ == "xcomp" for c in verb.children):
        mode = stronger(mode, "planned")
    return mode


def _governed(node) -> str:
    """The mode a governing word gives to what it governs ("denied that...", "plans to...")."""
    lemma = node.lemma_.lower()
    if lemma in lex.DENY_GOVERNORS:
        if lemma == "rule" and not any(c.lower_ == "out" for c in node.children):
            return "happened"
        return "denied"
    if lemma in lex.OFFER_GOVERNORS:
        return "offered"
    if lemma in lex.REQUEST_GOVERNORS:
        return "requested"
    if lemma in lex.PLAN_GOVERNORS or lemma in lex.PLAN_ADJECTIVES or lemma in ("going", "likely"):
        return "planned"
    if lemma in lex.NOUN_MODE_WORDS:
        return lex.NOUN_MODE_WORDS[lemma]
    if lemma in ("plan", "intention", "bid", "attempt", "preparation"):
        return "planned"
    return "happened"


def _past(token) -> bool:
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
        verb = verb.head
    if "Past" in verb.morph.get("Tense"):
        return True
    return any("Past" in c.morph.get("Tense") for c in verb.children if c.dep_ in ("aux", "auxpass"))

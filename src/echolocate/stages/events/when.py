"""When an event happened: the time expression the read stage found that belongs to its trigger.

Kept apart from the other arguments because it is measured on its own (``eval/tempeval3_events.py``)
and because the rule is a precision choice. A time expression dates an event when the parse ties it
to the trigger without crossing another clause: "arrived in Moscow on Sunday", "the January 1998
bombing", "his capture on March 26, 1996", "Thursday, when 133 people were arrested". A date that
sits in the trigger's clause but belongs to a clause under it ("invited Sinn Fein to the talks that
are to end by May", "said the mother was kidnapped in November") does not date the trigger. An
event without a time of its own shares the one of the clause that governs it (a coordinated verb,
a controlling verb, the light verb of a noun event: see ``arguments.governors``). A time that only
bounds the event ("the largest landing since 1952", "stayed until March", "after the ceasefire on
Monday") is a reference point of a comparison or a sequence, not the event's time, and is left out.
"""

from __future__ import annotations

from typing import Sequence

from echolocate.stages.events.arguments import governors
from echolocate.stages.events.classify import Trigger
from echolocate.stages.read.types import TimeRef

EVENT_TIME_KINDS = ("date", "time")
_MAX_STEPS = 6
# relations through which a clause describes a time word: "Thursday, when ...", "the day that ..."
_DESCRIBES = frozenset("relcl acl advcl".split())
# prepositions that make a time a bound or a reference point rather than the event's own time
BOUNDS = frozenset("since until till before after prior".split())


def event_time(trigger: Trigger, times: Sequence[TimeRef], start: int = 0, end: int = 0) -> TimeRef | None:
    """The time of the event, or None. ``start``/``end`` (the clause span) are kept for callers
    that pass them; the parse alone decides."""
    usable = [t for t in times if t.kind in EVENT_TIME_KINDS]
    if not usable:
        return None
    token = trigger.token
    heads = {id(t): _head(t, token.doc) for t in usable}
    own = [t for t in usable if heads[id(t)] is not None and _attached(heads[id(t)], token)]
    if own:
        return min(own, key=lambda t: abs(t.start - token.idx))
    if token.dep_ in _DESCRIBES:
        described = [t for t in usable if t.start <= token.head.idx < t.end]
        if described:
            return described[0]
    for anchor in _governors(trigger):
        found = [t for t in usable if heads[id(t)] is not None and _attached(heads[id(t)], anchor)]
        if found:
            return min(found, key=lambda t: abs(t.start - anchor.idx))
    return None


def _governors(trigger: Trigger) -> list:
    """``arguments.governors`` up to the first subordinate clause: "before Slepian died" or "after
    the talks failed" happened at another time than the clause they hang from."""
    out = []
    node = trigger.token
    for anchor in governors(trigger):
        if node.dep_ == "advcl" and any(c.dep_ == "mark" for c in node.children):
            break
        out.append(anchor)
        node = anchor
    return out


def _head(time: TimeRef, doc):
    """The token of the time expression that the rest of the sentence attaches it by."""
    span = doc.char_span(time.start, time.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span.root


def _clause_head(node) -> bool:
    return node.pos_ == "VERB" or (node.pos_ == "AUX" and node.dep_ not in ("aux", "auxpass"))


def _attached(head, anchor) -> bool:
    """Whether a time expression headed by ``head`` hangs off ``anchor`` itself, not off another clause."""
    if head.sent != anchor.sent:
        return False
    if _bounded(head):
        return False
    node, steps = head, 0
    while node != anchor and node.head != node and steps < _MAX_STEPS:
        if node != head and _clause_head(node):
            return False
        if node.dep_ == "prep" and node.lower_ in BOUNDS:
            return False
        node, steps = node.head, steps + 1
    return node == anchor


def _bounded(head) -> bool:
    """Whether the time expression is itself introduced by a bound ("since June", "until 2017")."""
    return head.lower_ in BOUNDS or any(c.dep_ in ("prep", "mark", "case") and c.lower_ in BOUNDS and c.i < head.i
                                        for c in head.children)


# report-date rule: measured on the TempEval-3 dev half (gold events without a time of their own, the
# share whose gold date range holds the document's date): present tense 0.95-0.97, present perfect 1.00,
# past-tense reporting verbs in a main clause 0.84; plain past tense only 0.53 and nouns 0.37, left undated
_PERFECT_AUX = frozenset("has have 've 's".split())
_PRESENT_AUX = frozenset("is are am 're 'm".split())
_MODAL_AUX = frozenset("will would could might may should can must shall 'll 'd wo ca".split())
_DATED_MODES = frozenset({"happened", "offered", "requested"})


def dated_by_report(trigger: Trigger, mode: str) -> bool:
    """Whether an event with no time expression of its own takes the report's date: a verb in the
    present tense ("Russia is sending", "Egypt denies"), in the present perfect ("has deployed"), or
    a past-tense reporting verb in a main clause ("the ministry said", "announced"), told as having
    happened (or as an offer or request made now). Plain past tense and noun events stay undated:
    a report tells of past events as often as of that day's."""
    token = trigger.token
    if mode not in _DATED_MODES or token.pos_ not in ("VERB", "AUX"):
        return False
    aux = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
    if aux & _MODAL_AUX or any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in token.children):
        return False
    if aux & _PERFECT_AUX and token.tag_ == "VBN":
        return True
    if token.tag_ in ("VBZ", "VBP") or (aux & _PRESENT_AUX and token.tag_ == "VBG"):
        return True
    if token.tag_ == "VBD" and token.dep_ in ("ROOT", "conj") and token.lemma_.lower() in _REPORTING:
        return True
    return False


_REPORTING = frozenset("say tell announce report state confirm deny add declare reveal acknowledge "
                       "insist note explain warn claim".split())

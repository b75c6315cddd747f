"""Events from one parsed report: PLOVER type, mode, actor, target, place and time per trigger.

Pure over one report: the spaCy ``Doc`` (with the parser) and what the read stage
already found in it (claims, places, time expressions, name mentions). Events are
read only inside claims when claims are given, so boilerplate, headings and
questions ("Is Putin attempting to intervene?") yield none, and each event knows
the claim (and so the attribution chain) it comes from.
"""

from __future__ import annotations

from typing import Sequence

from echolocate.stages.events.arguments import Arg, actor_token, as_arg, clause_span, governors, target_token
from echolocate.stages.events.classify import Trigger, classify
from echolocate.stages.events.mode import mode_of
from echolocate.stages.events.referents import Party, Referents
from echolocate.stages.events.types import EventMention
from echolocate.stages.events.when import dated_by_report, event_time
from echolocate.stages.read.nlp import text_of
from echolocate.stages.read.types import Claim, Mention, Place, TimeRef

# types whose target may also be where they happen ("bombed Sirte", "sent troops to Libya")
_PLACE_TARGETS = frozenset("ASSAULT MOBILIZE COERCE AID PROTEST RETREAT".split())
_PLACE_PREPS = frozenset("in at to near off over into inside outside across around on".split())
# relations through which a noun event is part of a verb event that already covers it
_INSIDE = frozenset("dobj obj pobj prep dative attr oprd nsubjpass conj appos".split())


def extract_events(
    doc,
    claims: Sequence[Claim],
    places: Sequence[Place],
    times: Sequence[TimeRef],
    mentions: Sequence[Mention],
) -> list[EventMention]:
    """Every event mention in the report, in text order."""
    text = text_of(doc)
    triggers = [t for t in (classify(token) for token in doc) if t is not None]
    verbal = {t.token.i for t in triggers if not t.nominal}
    places = [p for p in places if _real_place(p, doc, claims, mentions)]
    place_spans = [(p.start, p.end) for p in places]
    referents = Referents(doc, mentions, places, _gazetteer())
    events = []
    for trigger in triggers:
        if trigger.nominal and _covered(trigger.token, verbal):
            continue
        if trigger.token.sent.text.rstrip().endswith("?"):
            continue  # a question asserts no event
        if _description(trigger.token):
            continue
        claim_index = _claim_at(claims, trigger.token.idx)
        claim = claims[claim_index] if claim_index is not None else None
        if claim_index is None:
            # the cue of a claim can be an event itself: "Parliament rejected the proposal",
            # "Egypt accused Qatar of ...": it belongs to that claim, but the claim's stance is its own
            claim_index = _cue_of(claims, trigger.token.idx)
        if claims and claim_index is None:
            continue
        events.append(_event(trigger, text, claim, claim_index, places, times, mentions, place_spans, referents))
    return events


# relations by which a noun phrase is said of another thing ("billed as the largest landing")
_PREDICATIVE = frozenset("attr oprd acomp".split())
_COMPARING = frozenset("since than ever".split())


def _description(token) -> bool:
    """Whether a trigger describes something rather than tells an event: a participle written into a
    noun phrase ("the UN-backed government", "Russian-made jets") says what a thing is, not that it
    happened then; a noun event in a comparison said of something else ("an operation billed as the
    largest landing since 1952", "it was the worst attack in years") ranks that thing against past
    events, and neither the thing nor those past events is told by the noun."""
    if token.pos_ == "VERB" and token.dep_ in ("amod", "compound") and token.i < token.head.i:
        return True
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    predicated = token.dep_ in _PREDICATIVE or (
        token.dep_ == "pobj" and token.head.lower_ == "as" and token.head.head.pos_ in ("VERB", "AUX", "ADJ"))
    if not predicated:
        return False
    compared = any(c.tag_ in ("JJS", "JJR", "RBS", "RBR") for c in token.children if c.dep_ in ("amod", "advmod"))
    compared = compared or any(c.lower_ in _COMPARING for c in token.children if c.dep_ in ("prep", "advmod", "mark"))
    return compared


def _covered(token, verbal: set[int]) -> bool:
    """Whether a noun event is the object of a verb event ("provided air support", "discussed the visit")."""
    node, steps = token, 0
    while node.dep_ in _INSIDE and node.head != node and steps < 3:
        node, steps = node.head, steps + 1
        if node.i in verbal:
            return True
        if node.pos_ in ("VERB", "AUX"):
            return False
    return False


def _claim_at(claims: Sequence[Claim], offset: int) -> int | None:
    """The innermost claim containing ``offset`` (claims may nest when a quotation sits in a claim)."""
    best = None
    for i, claim in enumerate(claims):
        if claim.start <= offset < claim.end and (best is None or claim.end - claim.start < claims[best].end - claims[best].start):
            best = i
    return best


def _cue_of(claims: Sequence[Claim], offset: int) -> int | None:
    for i, claim in enumerate(claims):
        if any(s.cue_start is not None and s.cue_start <= offset < (s.cue_end or 0) for s in claim.sources):
            return i
    return None


def _event(trigger: Trigger, text: str, claim, claim_index, places, times, mentions, place_spans,
           referents: Referents) -> EventMention:
    token = trigger.token
    start, end = clause_span(trigger, text)
    actor = _party(actor_token(trigger), mentions, place_spans, referents)
    target = _party(target_token(trigger, place_spans), mentions, place_spans, referents)
    if target is not None and actor is not None and _same_name(target.text, actor.text):
        target = None  # "Putin asked Putin": a resolved pronoun landed on its own clause's actor
    if target is not None and actor is not None and (target.start, target.end) == (actor.start, actor.end):
        target = None
    if trigger.category == "CONSULT" and target is not None and any(_same(target, p) for p in places):
        target = None  # "visited Moscow", "a visit to Moscow": Moscow is where, not whom
    taken = [a for a in (actor, target) if a is not None]
    place = _place(trigger, places, start, end, taken, target)
    time = event_time(trigger, times, start, end)
    mode = mode_of(token, trigger.category, claim)
    confidence = min(0.95, 0.35 + 0.35 * trigger.prior + 0.1 * (actor is not None)
                     + 0.1 * (target is not None or place is not None) + 0.05 * (time is not None))
    trigger_end = token.idx + len(token.text)
    return EventMention(
        start=start, end=end, text=text[start:end],
        category=trigger.category, subtype=trigger.subtype, mode=mode,
        trigger=token.text, trigger_start=token.idx, trigger_end=trigger_end,
        actor=actor.text if actor else None, actor_start=actor.start if actor else None,
        actor_end=actor.end if actor else None,
        target=target.text if target else None, target_start=target.start if target else None,
        target_end=target.end if target else None,
        place=place.text if place else None, place_start=place.start if place else None,
        place_end=place.end if place else None,
        time=time.text if time else None, time_start=time.start if time else None,
        time_end=time.end if time else None,
        claim_index=claim_index, confidence=round(confidence, 3),
        actor_affiliation=actor.affiliation if actor else None,
        target_affiliation=target.affiliation if target else None,
        time_from_report=time is None and dated_by_report(trigger, mode),
        trigger_lemma=token.lemma_.lower() or None,
    )


def _same_name(a: str, b: str) -> bool:
    """"Putin" and "Vladimir Putin" name one party: the shorter is the end of the longer."""
    wa, wb = a.replace("\u2019s", "").split(), b.replace("\u2019s", "").split()
    short, long_ = sorted((wa, wb), key=len)
    return bool(short) and long_[-len(short):] == short


def _party(token, mentions, place_spans, referents: Referents) -> Party | None:
    """An argument as the party it stands for (see ``referents``), or None when it names none."""
    arg = as_arg(token, mentions, place_spans)
    if arg is None:
        return None
    return referents.resolve(token, arg.text, arg.start, arg.end)


# entity-recogniser labels of mentions that are something other than a place
_NOT_PLACES = frozenset({"outlet", "organisation", "person", "nationality", "ship", "military_unit"})


def _real_place(place: Place, doc, claims: Sequence[Claim], mentions: Sequence[Mention]) -> bool:
    """Whether a toponym is a place an event can happen at: in the gazetteer or typed GPE/LOC/FAC by the
    recogniser, and neither an outlet or other name nor an adjective, nor the source of a claim
    ("According to Debka")."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    if span.root.pos_ == "ADJ" or any(t.ent_type_ == "NORP" for t in span):
        return False
    known = place.gazetteer_id is not None
    if not known and not any(t.ent_type_ in ("GPE", "LOC", "FAC") for t in span):
        return False
    # a gazetteer place the recogniser mistyped as an organisation ("Tartus port") is still a place
    others = _NOT_PLACES - {"organisation"} if known else _NOT_PLACES
    if any(m.kind in others and m.start < place.end and place.start < m.end for m in mentions):
        return False
    for claim in claims:
        for source in claim.sources:
            if source.start is not None and source.start < place.end and place.start < (source.end or 0):
                return False
    if place.gazetteer_id is None and _cited(span):
        return False
    return True


def _cited(span) -> bool:
    """An unknown name in "according to X" or "X reported" is a source, not a place."""
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according":
        return True
    return root.dep_ in ("nsubj",) and root.head.lemma_.lower() in ("report", "say", "claim", "write", "cite")


def _gazetteer():
    """The process-wide gazetteer (for nationality words), or None where it cannot be had."""
    try:
        from echolocate.stages.read.gazetteer import Gazetteer

        return Gazetteer.load()
    except Exception:
        return None


def _same(a: Arg, place: Place) -> bool:
    return a.start < place.end and place.start < a.end


def _place(trigger: Trigger, places, start: int, end: int, taken: list[Arg], target: Arg | None):
    """The place of the event: one the trigger governs through "in/at/to..." first, then one in its clause
    that is not its actor or counterpart (nor listed with them: "backed by the UN, US and EU"); a
    coordinated or controlled verb falls back to its governor's. A place behind a preposition that is not
    about place ("in addition to Russia", "has close ties to the Kremlin") or in a passive's agent names a
    party, not where the event happened."""
    keep_target = trigger.category in _PLACE_TARGETS
    parties = [a for a in taken if not (keep_target and a is target)]
    doc = trigger.token.doc
    roots = {id(p): _root(p, doc) for p in places}

    def free(p: Place) -> bool:
        if any(_same(a, p) for a in parties):
            return False
        node = roots[id(p)]
        while node is not None and node.dep_ == "conj" and node.head != node:
            node = node.head  # the first of a list the place is in
            if any(a.start <= node.idx < a.end for a in parties):
                return False
        return True

    for anchor in [trigger.token] + governors(trigger):
        own = anchor == trigger.token
        governed = [p for p in _governed_places(anchor, places, roots, objects=own and keep_target or
                                                own and trigger.category == "CONSULT") if free(p)]
        if governed:
            return governed[0]
        if own:
            inside = [p for p in places if start <= p.start and p.end <= end and free(p)
                      and roots[id(p)] is not None and _spatially_attached(roots[id(p)])]
            if inside:
                return min(inside, key=lambda p: abs(p.start - trigger.token.idx))
    return None


def _root(place: Place, doc):
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


# heads of "to" that make it no preposition of place ("in addition to", "according to", "thanks to")
_NOT_SPATIAL_TO = frozenset("addition according due thanks owing response regard reply opposed contrast "
                            "relation respect contrary prior close tie link support aid threat".split())


def _spatial(prep) -> bool:
    """Whether a preposition says where ("in", "at", "to the port"), not "in addition to" or "ties to"."""
    if prep.lower_ not in _PLACE_PREPS:
        return False
    return not (prep.lower_ == "to" and prep.head.lemma_.lower() in _NOT_SPATIAL_TO)


def _spatially_attached(root) -> bool:
    """Whether a place in the trigger's clause is written as a place: not behind a preposition that is not
    about place ("in addition to Russia", "close ties to the Kremlin") and not the agent of a passive
    ("backed by Egypt"), which names a party."""
    node, steps = root, 0
    while node.dep_ in ("compound", "conj", "appos", "amod", "nmod", "poss") and node.head != node and steps < 4:
        node, steps = node.head, steps + 1
    if node.dep_ != "pobj":
        return True
    prep = node.head
    if prep.dep_ == "agent" or prep.lower_ == "by":
        return False
    return prep.lower_ == "of" or _spatial(prep) or prep.lower_ in ("during", "within", "between", "along",
                                                                     "beyond", "through", "throughout", "toward",
                                                                     "towards", "via", "outside", "inside")


def _governed_places(anchor, places, roots, objects: bool) -> list[Place]:
    """Places in what the anchor governs through a preposition of place ("arrived in Moscow", "the
    transfer to the port of Tobruk"), or as its object when the object may be a place ("bombed Sirte")."""
    found = []
    for prep in anchor.children:
        if prep.dep_ == "prep" and _spatial(prep):
            inside = {t.i for t in prep.subtree}
            for p in places:
                root = roots[id(p)]
                if root is not None and root.i in inside and _spatially_attached(root) and p not in found:
                    found.append(p)
    for child in anchor.children:
        if child.dep_ == "npadvmod" or (objects and child.dep_ in ("dobj", "obj")):
            inside = {t.i for t in child.subtree}
            for p in places:
                root = roots[id(p)]
                if root is not None and root.i in inside and _spatially_attached(root) and p not in found:
                    found.append(p)
    return found

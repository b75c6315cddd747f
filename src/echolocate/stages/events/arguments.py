"""Who, to whom, where and when: the arguments of one event trigger, read off the parse.

The actor is the subject (through passive agents, relative pronouns, control verbs
and coordination); the target is the object or recipient (indirect object, "to X",
"with X" for talks); the place and time are the place and time expressions the
read stage already found inside the trigger's clause, the ones the trigger itself
governs ("in Moscow", "on Sunday") first. A coordinated verb without its own place
or time shares its first conjunct's ("arrived in Moscow on Sunday and met Shoigu").
"""

from __future__ import annotations

from dataclasses import dataclass

from echolocate.stages.events import lexicon as lex
from echolocate.stages.events.classify import Trigger, objects, prep_objects
from echolocate.stages.read.nlp import text_of

_SUBJECTS = ("nsubj", "csubj")
_RELATIVE = frozenset("who which that whom whose".split())
_NP_PARTS = frozenset("compound amod poss nmod nummod quantmod case".split())
_PLACE_PREPS = frozenset("in at to near off over into inside outside across around from on".split())
# verbs that only say when or where a noun event happened ("the deployment began in March")
_ASPECTUAL = frozenset("begin start take occur happen end continue resume come last follow conclude".split())
_PARTY_ENTS = ("PERSON", "ORG", "GPE", "NORP")
_NAME_KINDS = ("person", "organisation", "military_unit", "nationality", "place", "outlet", "ship", "base")


@dataclass(frozen=True)
class Arg:
    """An argument's text and offsets."""

    text: str
    start: int
    end: int


def clause_span(trigger: Trigger, doc_text: str) -> tuple[int, int]:
    """Character span of the trigger's clause: its subtree, less coordinated clauses, cut to the sentence."""
    token = trigger.token
    root = token
    if trigger.nominal and token.dep_ in ("dobj", "obj") and token.head.lemma_.lower() in lex.LIGHT:
        root = token.head
    skip = set()
    for child in root.children:
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
            skip.update(t.i for t in child.subtree)
        if child.dep_ == "cc" and any(c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") for c in root.children):
            skip.add(child.i)
    sent = token.sent
    kept = [t for t in root.subtree if t.i not in skip and sent.start <= t.i < sent.end]
    while kept and (kept[-1].is_punct or kept[-1].dep_ == "cc"):
        kept.pop()
    while kept and (kept[0].is_punct or kept[0].dep_ in ("cc", "mark")):
        kept.pop(0)
    if not kept:
        return token.idx, token.idx + len(token.text)
    first, last = min(kept, key=lambda t: t.i), max(kept, key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)


def actor_token(trigger: Trigger):
    """The token heading the actor, or None."""
    token = trigger.token
    if trigger.swap:
        objs = objects(token)
        if trigger.category == "AID":
            source = prep_objects(token, "from")
            return source[0] if source else None
        return objs[0] if objs else None
    if trigger.nominal:
        return _nominal_actor(trigger)
    return _subject(token)


def target_token(trigger: Trigger, place_spans: list[tuple[int, int]]):
    """The token heading the target (recipient, counterpart, object of the attack), or None."""
    token = trigger.token
    if trigger.swap:
        return _subject(token)
    if trigger.nominal:
        return _nominal_target(trigger)
    cat = trigger.category
    objs = objects(token)
    passive = [_unrelative(c) for c in token.children if c.dep_ == "nsubjpass"]
    if cat == "AID":
        if passive:  # "Haftar, who is aided by Egypt"
            return passive[0]
        dative = [c for c in token.children if c.dep_ == "dative" and c.lower_ not in ("to", "for")]
        if dative:
            return dative[0]
        to = prep_objects(token, "to", "for")
        if to:
            return to[0]
        if prep_objects(token, "with") and objs:  # "provided Haftar with air support"
            return objs[0]
        if token.lemma_.lower() in (lex.GIVING | lex.OFFERING | lex.SENDING) and objs:
            return _leading_name(objs[0])
        if token.lemma_.lower() in ("arm", "equip", "train", "fund", "finance", "bankroll", "aid", "assist") and objs:
            return objs[0]
        return None
    if cat == "MOBILIZE":
        against = prep_objects(token, "against")
        return against[0] if against else None
    if cat == "CONSULT":
        for obj in objs:
            if not _is_place(obj, place_spans) and not _is_thing(obj):
                return obj
        with_ = prep_objects(token, "with")
        return with_[0] if with_ else None
    if cat == "REQUEST":
        on = prep_objects(token, "on", "upon", "of")
        if objs and not _aidish(objs[0]):
            return objs[0]
        return on[0] if on else None
    parties = [o for o in objs if not _is_thing(o)]
    if parties:
        return parties[0]
    if passive:
        return passive[0]
    others = prep_objects(token, "against", "on", "with", "at")
    return others[0] if others else None


def _unrelative(token):
    """A relative pronoun stands for the noun its clause hangs from."""
    if token.lower_ in _RELATIVE and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _is_thing(token) -> bool:
    """Objects that are what the event is about rather than a party to it ("signed an agreement")."""
    from echolocate.stages.events.classify import classify

    lemma = token.lemma_.lower()
    return lemma in lex.GOODS or lemma in lex.HELP or lemma in lex.DEALS or classify(token) is not None


def _aidish(token) -> bool:
    return token.lemma_.lower() in lex.GOODS or token.lemma_.lower() in lex.HELP


def _leading_name(obj):
    """In a misparsed double object ("offering Haftar fighter jets" read as one noun phrase), the
    proper-noun compound at its front is the recipient."""
    compounds = [t for t in obj.subtree if t.i < obj.i and t.dep_ == "compound"]
    if not compounds:
        return None
    first = min(compounds, key=lambda t: t.i)
    if first.pos_ == "PROPN" and first.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") and any(
        t.pos_ == "NOUN" for t in obj.subtree if first.i < t.i <= obj.i
    ):
        return first
    return None


def _is_place(token, place_spans) -> bool:
    return any(s <= token.idx < e for s, e in place_spans)


def _subject(token, depth: int = 0):
    """The subject of a verb, looking through passives, relative pronouns, control and coordination."""
    if depth > 6:
        return None
    for child in token.children:
        if child.dep_ == "agent":
            pobjs = [c for c in child.children if c.dep_ == "pobj"]
            if pobjs:
                return pobjs[0]
    for child in token.children:
        if child.dep_ in _SUBJECTS:
            if child.lower_ in _RELATIVE and token.dep_ == "relcl":
                return token.head
            return child
    head = token.head
    if head == token:
        return None
    if token.dep_ == "xcomp":
        if head.lemma_.lower() in lex.OBJECT_CONTROL:
            objs = objects(head)
            if objs:
                return objs[0]
        return _subject(head, depth + 1)
    if token.dep_ in ("conj", "advcl", "ccomp") and head.pos_ in ("VERB", "AUX"):
        return _subject(head, depth + 1)
    if token.dep_ in ("acl", "relcl") and token.tag_ == "VBG":
        return token.head  # "troops guarding the port"
    return None


def _nominal_actor(trigger: Trigger):
    token = trigger.token
    for child in token.children:
        if child.dep_ == "poss" and child.lower_ not in ("its", "their", "his", "her"):
            return child
    by = prep_objects(token, "by")
    if by:
        return by[0]
    if trigger.category == "MOBILIZE":
        of = prep_objects(token, "of")
        if of:
            return of[0]
    if trigger.category == "CONSULT" and token.lemma_.lower() in ("visit", "trip", "tour"):
        of = prep_objects(token, "of")
        if of:
            return of[0]
    if trigger.category == "AID":  # "the assistance of the Egyptian Armed Forces": a named provider
        of = [p for p in prep_objects(token, "of") if p.pos_ == "PROPN" or p.ent_type_ in _PARTY_ENTS]
        if of:
            return of[0]
    for child in token.children:
        if child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE", "ORG", "PERSON"):
            return child
    head = token.head
    if token.dep_ in ("dobj", "obj") and head.lemma_.lower() in lex.LIGHT:
        subject = _subject(head)  # "Russia held its first exercise": the light verb's subject names "its"
        if subject is not None:
            return subject
    for child in token.children:
        if child.dep_ == "poss":
            return child
    return None


def _nominal_target(trigger: Trigger):
    token = trigger.token
    preps = {
        "CONSULT": ("with", "to"),
        "AID": ("to", "for"),
        "ASSAULT": ("on", "against", "in"),
        "SANCTION": ("on", "against"),
        "ACCUSE": ("against", "of", "into"),
        "THREATEN": ("to", "against"),
        "REQUEST": ("to",),
    }.get(trigger.category, ("with", "against", "on", "to"))
    found = prep_objects(token, *preps)
    if found:
        return found[0]
    head = token.head
    if token.dep_ in ("dobj", "obj") and head.lemma_.lower() in lex.LIGHT:
        found = prep_objects(head, *preps)
        if found:
            return found[0]
    return None


def as_arg(token, mentions, place_spans) -> Arg | None:
    """The text for an argument headed by ``token``: the name mention it belongs to, else its noun phrase."""
    if token is None:
        return None
    doc = token.doc
    if token.dep_ == "poss" and token.pos_ == "PRON":
        return Arg(token.text, token.idx, token.idx + len(token.text))
    candidates = [token] + [c for c in token.children if c.dep_ == "appos"]
    for cand in candidates:
        for m in mentions:
            if m.start <= cand.idx < m.end and m.kind in _NAME_KINDS:
                if cand == token or not _has_mention(token, mentions):
                    return Arg(m.text, m.start, m.end)
    left = token.i
    for child in token.children:
        if child.dep_ in _NP_PARTS and child.i < token.i:
            left = min(left, child.left_edge.i)
    while left < token.i and (doc[left].dep_ in ("det", "case") or doc[left].is_punct):
        left += 1
    start = doc[left].idx
    end = token.idx + len(token.text)
    return Arg(text_of(doc)[start:end], start, end)


def _has_mention(token, mentions) -> bool:
    return any(m.start <= token.idx < m.end for m in mentions)


def governors(trigger: Trigger) -> list:
    """Tokens whose place and time an event without its own may share: the first conjunct,
    the verb that controls it ("arrived ... to discuss"), the light verb of a nominal event."""
    found = []
    token = trigger.token
    if trigger.nominal and token.dep_ in ("dobj", "obj") and token.head.lemma_.lower() in lex.LIGHT:
        found.append(token.head)
    if trigger.nominal and token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_.lower() in _ASPECTUAL:
        found.append(token.head)
    node, steps = token, 0
    while node.dep_ in ("conj", "xcomp", "advcl") and node.head != node and steps < 4:
        if node.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in lex.CONDITION_MARKS for m in node.children):
            break
        node, steps = node.head, steps + 1
        found.append(node)
    return found

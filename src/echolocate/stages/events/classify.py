"""Decide whether a token starts an event, and of which type, from its lemma and what it governs.

Kept apart from argument finding so the lexicon decisions can be tested and read on
their own: a verb's type sometimes depends on its object ("strike a deal" vs
"strike a convoy"), an aid verb's mode on its goods ("fighter jets" -> military).
"""

from __future__ import annotations

from dataclasses import dataclass

from echolocate.stages.events import lexicon as lex

_OBJECTS = ("dobj", "obj", "attr", "oprd")


@dataclass(frozen=True)
class Trigger:
    """A token that starts an event: its type, mode of that type, how sure the lexicon is, verb or noun."""

    token: object  # spacy Token
    category: str
    subtype: str | None
    prior: float
    nominal: bool
    swap: bool = False  # the subject is the host/recipient, the object the visitor/provider


def classify(token) -> Trigger | None:
    """The event this token triggers, or None."""
    if token.pos_ == "VERB":
        return _verb(token)
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ not in ("compound",):
        return _noun(token)
    return None


def objects(token) -> list:
    """Direct objects of a verb, with their conjuncts ("jets, vehicles and missiles")."""
    found = []
    for child in token.children:
        if child.dep_ in _OBJECTS:
            found.append(child)
            found.extend(c for c in child.conjuncts if c.i > child.i)
    return found


def prep_objects(token, *preps: str) -> list:
    """Objects of the given prepositions attached to ``token`` ("with air support" -> support)."""
    return [
        pobj
        for prep in token.children
        if prep.dep_ in ("prep", "dative", "agent") and prep.lower_ in preps
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]


def _modifiers(token) -> list[str]:
    """The lemmas of a noun's modifiers, in text order."""
    return [c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod", "nmod")]


def goods_mode(tokens) -> tuple[bool, str | None]:
    """Whether any of ``tokens`` is something given as aid, and which AID mode it is."""
    is_goods, mode = False, None
    for token in tokens:
        lemma = token.lemma_.lower()
        # In text order, the head last, so the first word with a mode wins the same way in every process
        # (a set's order changes with the hash seed: "medical personnel" was humanitarian in one worker and
        # military in another) and a modifier names the head's kind ("medical personnel": humanitarian).
        words = _modifiers(token)
        for pobj in prep_objects(token, "of"):
            words.append(pobj.lemma_.lower())
            words.extend(c.lemma_.lower() for c in pobj.children if c.dep_ in ("compound", "amod"))
        words.append(lemma)
        for word in dict.fromkeys(words):
            if word in lex.GOODS:
                is_goods, mode = True, mode or lex.GOODS[word]
            elif word in lex.MODIFIER_MODES and (lemma in lex.HELP or lemma in lex.GOODS):
                is_goods, mode = True, mode or lex.MODIFIER_MODES[word]
        if lemma in lex.HELP:
            is_goods = True
    return is_goods, mode


def _adverb_mode(token) -> str | None:
    for child in token.children:
        if child.dep_ == "advmod" and child.lower_ in lex.MODIFIER_MODES:
            return lex.MODIFIER_MODES[child.lower_]
    return None


def _verb(token) -> Trigger | None:
    lemma = token.lemma_.lower()
    objs = objects(token)
    obj_lemmas = {o.lemma_.lower() for o in objs}
    if lemma in lex.OFFERING:
        goods, mode = goods_mode(objs + prep_objects(token, "of"))
        if goods:
            return Trigger(token, "AID", mode, 0.8, False)
        if any(c.dep_ == "xcomp" for c in token.children):
            return None  # "offered to mediate": the offer is the mode of the inner event
        return Trigger(token, "AGREE", None, 0.5, False) if objs else None
    if lemma in lex.GIVING or lemma in lex.SENDING:
        goods, mode = goods_mode(objs + prep_objects(token, "with"))
        if not goods:
            return None
        if lemma in lex.SENDING and obj_lemmas & lex.FORCES and not _recipient_is_named(token):
            return Trigger(token, "MOBILIZE", None, 0.7, False)
        return Trigger(token, "AID", mode or _adverb_mode(token), 0.8, False)
    if lemma == "receive":
        goods, mode = goods_mode(objs)
        if goods:
            return Trigger(token, "AID", mode, 0.7, False, swap=True)
        if any(o.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or o.lemma_.lower() in ("delegation", "envoy") for o in objs):
            return Trigger(token, "CONSULT", "visit", 0.6, False, swap=True)
        return None
    if lemma == "host":
        return Trigger(token, "CONSULT", "visit", 0.7, False, swap=True) if objs else None
    if lemma in ("strike", "hit"):
        if obj_lemmas & lex.DEALS:
            return Trigger(token, "AGREE", None, 0.8, False)
        return Trigger(token, "ASSAULT", None, 0.7 if lemma == "strike" else 0.5, False)
    if lemma in ("establish", "build", "open", "set", "construct"):
        if obj_lemmas & lex.BASES:
            return Trigger(token, "MOBILIZE", None, 0.6, False)
        if obj_lemmas & {"tie", "relation", "embassy"}:
            return Trigger(token, "SUPPORT", None, 0.6, False)
        return None
    if lemma in ("cut", "sever", "suspend", "freeze", "halt"):
        return Trigger(token, "SANCTION", None, 0.7, False) if obj_lemmas & lex.TIES else None
    if lemma in ("lift", "ease"):
        return Trigger(token, "CONCEDE", None, 0.7, False) if obj_lemmas & lex.LIFTABLE else None
    if lemma == "impose":
        if obj_lemmas & {"sanction", "embargo", "boycott"}:
            return Trigger(token, "SANCTION", None, 0.8, False)
        return Trigger(token, "COERCE", None, 0.6, False) if obj_lemmas & {"curfew", "restriction", "ban"} else None
    if lemma == "share":
        return Trigger(token, "COOPERATE", None, 0.6, False) if obj_lemmas & {"intelligence", "information"} else None
    if lemma == "fire":
        if prep_objects(token, "at", "on") or obj_lemmas & {"missile", "rocket", "shell", "shot", "round"}:
            return Trigger(token, "ASSAULT", None, 0.7, False)
        return None
    if lemma == "call":
        if any(p.lower_ in ("on", "for", "upon") for p in token.children if p.dep_ == "prep"):
            return Trigger(token, "REQUEST", None, 0.7, False)
        return None
    if lemma in lex.MOVES:
        # "the carrier sailed into the port", "the frigate docked at Tartus": forces put in place
        if _destination(token, harbours=True):
            return Trigger(token, "MOBILIZE", None, 0.7, False)
        return None
    if lemma in lex.TRAVEL:
        if _destination(token, harbours=_moves_forces(token)):
            if _moves_forces(token):  # "jets flew to the base", "units landing at an air base"
                return Trigger(token, "MOBILIZE", None, 0.7, False)
            if lemma != "land" or _destination(token):
                return Trigger(token, "CONSULT", "visit", 0.5, False)
        return None
    if lemma == "agree":
        if any(c.dep_ == "xcomp" for c in token.children):
            return None  # "agreed to send troops": the agreement is the mode of the inner event
        return Trigger(token, "AGREE", None, 0.8, False)
    if lemma in ("refuse", "decline") and any(c.dep_ == "xcomp" for c in token.children):
        return Trigger(token, "REJECT", None, 0.7, False)
    entry = lex.VERBS.get(lemma)
    if entry is None:
        return None
    category, subtype, prior = entry
    if category == "AID" and subtype is None:
        subtype = goods_mode(objs + prep_objects(token, "with"))[1] or _adverb_mode(token)
    if category == "REQUEST":
        subtype = goods_mode(objs + prep_objects(token, "for"))[1]
    return Trigger(token, category, subtype, prior, False)


def _destination(token, harbours: bool = False) -> bool:
    """Whether a movement verb says where to ("arrived in Moscow", "travels to Cairo"); with ``harbours``
    a port or base counts too ("sailed into Tobruk port", "landed at an air base")."""
    def placeish(word) -> bool:
        if word.ent_type_ in ("GPE", "LOC", "FAC") or word.pos_ == "PROPN":
            return True
        if harbours and word.lemma_.lower() in lex.HARBOURS:
            return True
        return harbours and any(c.dep_ == "compound" and c.ent_type_ in ("GPE", "LOC", "FAC") for c in word.children)

    return any(placeish(pobj) for pobj in prep_objects(token, "to", "in", "at", "into", "off", "near")) or any(
        c.dep_ in ("dobj", "npadvmod") and c.ent_type_ in ("GPE", "LOC") for c in token.children)


def _moves_forces(token) -> bool:
    """Whether the one moving is a military force or vessel: its subject (or the noun a participle
    describes: "units landing at the base") or a word of that noun phrase is one of ``FORCES``."""
    movers = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not movers and token.dep_ in ("acl", "relcl") and token.head.pos_ in ("NOUN", "PROPN"):
        movers = [token.head]
    if not movers and token.dep_ == "conj":
        movers = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    for mover in movers:
        words = [mover] + [c for c in mover.children if c.dep_ in ("compound", "appos")]
        if any(w.lemma_.lower() in lex.FORCES or w.ent_type_ in ("MIL_UNIT", "SHIP") for w in words):
            return True
    return False


def _recipient_is_named(token) -> bool:
    """Whether "send" names a party receiving help rather than only a place ("to Haftar" vs "to Libya")."""
    if any(c.dep_ == "dative" and c.pos_ in ("PROPN", "NOUN") for c in token.children):
        return True
    return any(pobj.ent_type_ in ("PERSON", "ORG", "NORP") for pobj in prep_objects(token, "to", "for"))


def _noun(token) -> Trigger | None:
    lemma = token.lemma_.lower()
    ordered = _modifiers(token)
    mods = set(ordered)  # membership; ``ordered`` where the first match decides (text order, not hash order)
    if lemma in ("support", "help", "backing"):
        mode = next((lex.MODIFIER_MODES[m] for m in ordered if m in lex.MODIFIER_MODES), None)
        return Trigger(token, "AID", mode, 0.6, True) if mode else None
    if lemma == "offer":
        goods, mode = goods_mode(prep_objects(token, "of"))
        return Trigger(token, "AID" if goods else "AGREE", mode, 0.6, True)
    if lemma == "strike" and mods & {"hunger", "general", "labour", "labor", "workers"}:
        return Trigger(token, "PROTEST", None, 0.7, True)
    if lemma == "talk" and token.tag_ != "NNS" and not mods:
        return None
    if lemma in ("exercise", "drill", "manoeuvre", "maneuver"):
        if mods & {"joint"}:
            return Trigger(token, "COOPERATE", None, 0.7, True)
        if mods & {"military", "naval", "air", "war"}:
            return Trigger(token, "MOBILIZE", None, 0.6, True)
        return None
    if lemma == "call" and mods & {"port"}:  # a warship's port call: forces shown in place
        return Trigger(token, "MOBILIZE", None, 0.7, True)
    if lemma == "operation" and mods & {"military", "air", "ground", "naval"}:
        return Trigger(token, "ASSAULT", None, 0.5, True)
    entry = lex.NOUNS.get(lemma)
    if entry is None:
        return None
    category, subtype, prior = entry
    if category == "AID":
        if lemma == "sale":  # "the sale of the company" is no aid; "arms sales" are
            goods, subtype = goods_mode(prep_objects(token, "of"))
            subtype = subtype or next((lex.GOODS[m] for m in ordered if m in lex.GOODS), None)
            if not goods and subtype is None:
                return None
        else:
            subtype = goods_mode([token])[1]
    return Trigger(token, category, subtype, prior, True)

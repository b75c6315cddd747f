"""Source phrases: where a cited source is written, what kind it is, and how it nests.

Given the head token of a source noun phrase (found by ``attribution`` from the parse),
this module cuts the phrase out of the sentence, decides whether it names an outlet, a
person, an official, an organisation, an anonymous source, a document or a pronoun,
and splits possessive nesting ("DEBKAfile's military sources" is DEBKAfile citing its
military sources). The kind decides later how far a claim's support reaches, so the
decision uses general cues (outlet nouns, name words such as Times or News, web
domains, the verb used), never a list of particular outlets.
"""

from __future__ import annotations

from dataclasses import replace

from echolocate.stages.read.nlp import text_of

import re

from echolocate.stages.read import attribution_lexicon as lex
from echolocate.stages.read.types import SourceRef

_DOMAIN = re.compile(r"\b[\w-]+\.(com|net|org|info|news|ru|co\.uk|de|fr|ly|eg|il|tv)\b", re.I)
_PERSON_LABELS = frozenset({"PERSON"})
_INCIDENTAL_PREPS = frozenset({"during", "after", "before", "on", "while", "following", "at", "amid", "since", "throughout"})
_ORG_LABELS = frozenset({"ORG", "NORP", "GPE", "FAC"})


def phrase_tokens(head) -> list:
    """The contiguous tokens of the noun phrase headed by ``head``, without relative clauses.

    A relative clause ("who has the hardest path") describes rather than names the
    source; appositions ("Debka, an Israeli website") stay because they identify it.
    """
    drop: set[int] = set()
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in _INCIDENTAL_PREPS:
            drop.update(t.i for t in child.subtree)
        if child.dep_ in {"relcl", "acl"} and child.i > head.i:
            drop.update(t.i for t in child.subtree)
        if child.dep_ == "appos":
            for grand in child.children:
                if grand.dep_ in {"relcl", "acl"}:
                    drop.update(t.i for t in grand.subtree)
    keep = [t for t in head.subtree if t.i not in drop]
    # keep the run that contains the head: a dropped clause cuts the phrase there
    run = [head]
    by_i = {t.i: t for t in keep}
    i = head.i - 1
    while i in by_i:
        run.insert(0, by_i[i])
        i -= 1
    i = head.i + 1
    while i in by_i:
        run.append(by_i[i])
        i += 1
    while run and (run[0].is_punct or run[0].is_space or run[0].dep_ in {"cc", "prep"} and run[0].i < head.i and run[0] is not head):
        run.pop(0)
    while run and (run[-1].is_punct or run[-1].is_space or run[-1].dep_ == "cc" or not run[-1].text.strip()):
        run.pop()
    return run or [head]


def classify(tokens, head, cue_lemma: str = "") -> str:
    """The kind of source a phrase names: outlet, person, official, organisation, anonymous, document, pronoun or unknown."""
    text = " ".join(t.text for t in tokens)
    low_words = {t.lower_ for t in tokens}
    lemma = head.lemma_.lower()
    has_propn = any(t.pos_ == "PROPN" for t in tokens)
    ent_labels = {t.ent_type_ for t in tokens if t.ent_type_}
    head_label = head.ent_type_
    if head.lower_ in lex.PERSONAL_PRONOUNS or head.lower_ in lex.FIRST_PERSON or head.pos_ == "PRON":
        return "pronoun"
    if _DOMAIN.search(text):
        return "outlet"
    if _is_outlet(tokens, head, cue_lemma):
        return "outlet"
    if lemma in lex.ANONYMOUS_NOUNS and not (head_label in _PERSON_LABELS):
        return "anonymous"
    if lemma in lex.DOCUMENT_NOUNS and head.pos_ == "NOUN":
        return "document"
    named_person = head_label in _PERSON_LABELS or (head.pos_ == "PROPN" and "PERSON" in ent_labels)
    has_role = any(t.lemma_.lower() in lex.ROLE_NOUNS for t in tokens)
    if named_person:
        return "official" if has_role else "person"
    if lemma in lex.ROLE_NOUNS or lemma in lex.PERSON_NOUNS:
        if has_propn and "PERSON" in ent_labels:
            return "official" if lemma in lex.ROLE_NOUNS else "person"
        if _is_unnamed(tokens, head):
            return "anonymous"
        return "official" if lemma in lex.ROLE_NOUNS else "person"
    if head_label in _ORG_LABELS or lemma in lex.ORG_NOUNS:
        return "organisation"
    if head.pos_ == "PROPN":
        if "PERSON" in ent_labels:
            return "person"
        return "organisation" if ent_labels & _ORG_LABELS else "unknown"
    if low_words & {"who", "whom"}:
        return "person"
    return "unknown"


def _is_outlet(tokens, head, cue_lemma: str) -> bool:
    lemma = head.lemma_.lower()
    words = [t.lower_ for t in tokens]
    if lemma in lex.OUTLET_NOUNS and head.pos_ in {"NOUN", "PROPN"}:
        if lemma == "agency":
            return "news" in words or "press" in words or cue_lemma in lex.MEDIA_VERBS
        if lemma in {"network", "station", "press", "media"}:
            return cue_lemma in lex.MEDIA_VERBS or any(w in {"news", "tv", "television", "radio", "state"} for w in words)
        return True
    propn = [t for t in tokens if t.pos_ == "PROPN" or t.is_title]
    if any(t.lower_ in lex.OUTLET_NAME_WORDS for t in propn if t.pos_ == "PROPN") and head.ent_type_ != "PERSON":
        if head.lower_ in lex.OUTLET_NAME_WORDS or head.ent_type_ in {"ORG", ""} or cue_lemma in lex.MEDIA_VERBS:
            return True
    if cue_lemma in lex.MEDIA_VERBS and head.pos_ == "PROPN" and head.ent_type_ not in {"PERSON", "GPE", "NORP"}:
        return True
    return False


def _is_unnamed(tokens, head) -> bool:
    """ "officials", "a senior official", "US military sources": a role with no one named."""
    low = " ".join(t.lower_ for t in head.doc[tokens[0].i : min(len(head.doc), tokens[-1].i + 12)])
    if any(p in low for p in lex.ANONYMITY_PHRASES):
        return True
    dets = [c.lower_ for c in head.children if c.dep_ in {"det", "nummod", "amod", "quantmod"}]
    if head.tag_ in {"NNS", "NNPS"} and not any(d in lex.ANAPHORIC_DETERMINERS for d in dets):
        return True
    return any(d in lex.INDEFINITE_DETERMINERS for d in dets)


def is_anaphoric(tokens, head) -> bool:
    """Pronouns and definite descriptions that point back: "he", "it", "the newspaper", "the source"."""
    if head.lower_ in lex.PERSONAL_PRONOUNS:
        return True
    if any(t.pos_ == "PROPN" for t in tokens) or any(t.ent_type_ in {"PERSON", "ORG"} for t in tokens):
        return False
    lemma = head.lemma_.lower()
    if lemma not in lex.OUTLET_NOUNS and any(t.ent_type_ in {"NORP", "GPE"} for t in tokens):
        return False  # "the Russian proposal" is new; "the Israeli website" points back
    dets = [c.lower_ for c in head.children if c.dep_ == "det"]
    if not dets or dets[0] not in lex.ANAPHORIC_DETERMINERS:
        return False
    if any(c.dep_ in {"compound", "poss", "prep"} for c in head.children):
        return False
    classes = lex.OUTLET_NOUNS | lex.DOCUMENT_NOUNS | lex.ANONYMOUS_NOUNS | lex.ROLE_NOUNS | lex.PERSON_NOUNS
    return lemma in classes or head.lower_ in classes


def make_ref(doc, tokens, kind: str, cue: str | None, cue_span: tuple[int, int] | None) -> SourceRef:
    start = tokens[0].idx
    end = tokens[-1].idx + len(tokens[-1].text)
    return SourceRef(
        text=text_of(doc)[start:end],
        start=start,
        end=end,
        kind=kind,
        cue=cue,
        cue_start=cue_span[0] if cue_span else None,
        cue_end=cue_span[1] if cue_span else None,
    )


def source_chain(head, cue: str | None, cue_lemma: str, cue_span: tuple[int, int] | None) -> tuple[list[SourceRef], list]:
    """The links a source phrase contributes, outermost first, and their head tokens.

    "DEBKAfile's military sources" gives [DEBKAfile, military sources]; "reports in the
    Times" gives [the Times]; a plain phrase gives one link.
    """
    doc = head.doc
    tokens = phrase_tokens(head)
    kind = classify(tokens, head, cue_lemma)
    poss = [c for c in head.children if c.dep_ == "poss" and c.i < head.i]
    if poss and kind in {"anonymous", "document", "unknown", "person", "official"} and poss[0].lower_ not in lex.FIRST_PERSON:
        owner = poss[0]
        owner_tokens = [t for t in owner.subtree if not (t.dep_ == "case" and t.head == owner)]
        owner_tokens = [t for t in owner_tokens if not t.is_punct] or [owner]
        rest = [t for t in tokens if t.i > max(t2.i for t2 in owner.subtree)]
        if rest and (kind in {"anonymous", "document"} or lemma_is_source(head)):
            owner_kind = classify(owner_tokens, owner, "report" if kind == "anonymous" else cue_lemma)
            case = [t for t in owner.children if t.dep_ == "case"]
            marker = (case[0].idx, case[0].idx + len(case[0].text)) if case else None
            outer = make_ref(doc, owner_tokens, owner_kind, case[0].text if case else None, marker)
            inner = make_ref(doc, rest, kind, cue, cue_span)
            return [outer, inner], [owner, head]
    if head.lemma_.lower() in lex.DOCUMENT_NOUNS and head.tag_ in {"NNS", "NNPS"} and not any(c.dep_ == "det" for c in head.children):
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in {"in", "by", "from"}:
                objs = [c for c in prep.children if c.dep_ == "pobj"]
                if objs:
                    obj_tokens = phrase_tokens(objs[0])
                    obj_kind = classify(obj_tokens, objs[0], "report")
                    if obj_kind in {"outlet", "organisation", "unknown"}:
                        obj_kind = "outlet" if obj_kind != "organisation" or objs[0].pos_ == "PROPN" else obj_kind
                        return [make_ref(doc, obj_tokens, obj_kind, cue, cue_span)], [objs[0]]
    ref = make_ref(doc, tokens, kind, cue, cue_span)
    named = _apposed_name(head) or _name_before_description(tokens)
    if named is not None:  # "Debka, an Israeli intelligence news website, which also claimed": the name speaks
        ref = replace(ref, resolved=named)
    return [ref], [head]


def _apposed_name(head) -> str | None:
    """The proper name a description stands beside: "an Israeli news website" in apposition to "Debka"."""
    if head.dep_ != "appos" or head.pos_ == "PROPN" or head.head.pos_ != "PROPN":
        return None
    name = head.head
    tokens = [t for t in name.subtree if t.i <= name.i and not t.is_punct and t.dep_ != "det"]
    return " ".join(t.text for t in tokens) if tokens else name.text


def _name_before_description(tokens) -> str | None:
    """"Debka, an Israeli intelligence news website": an indefinite description right after a name and a
    comma describes that name, even where the parser attached it elsewhere."""
    first = tokens[0]
    doc = first.doc
    if first.lower_ not in {"a", "an"} or first.i < 2 or doc[first.i - 1].text != ",":
        return None
    name = doc[first.i - 2]
    if name.pos_ != "PROPN":
        return None
    start = name.i
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound":
        start -= 1
    return doc[start:name.i + 1].text


def lemma_is_source(head) -> bool:
    return head.lemma_.lower() in lex.ANONYMOUS_NOUNS | {"official", "correspondent", "reporter", "analyst"}

"""Resolving "he", "it", "the newspaper", "the source" to a source named earlier in the report.

Reports name a source once and then lean on it: "Debka said ... It also added that ...",
"The Israeli website reported ...", "The sources claim ...". A chain is only useful to an
analyst if these point back to the name, and, when the referent was itself cited by
someone ("RBC reports, citing sources in the ministry ... The sources claim"), the
anaphor keeps the outer links too. The rule is the nearest earlier compatible source,
with person names found by the entity recogniser as extra candidates for "he" and "she".
"""

from __future__ import annotations

from echolocate.stages.read.nlp import text_of

from dataclasses import dataclass, replace

from echolocate.stages.read import attribution_lexicon as lex
from echolocate.stages.read.attribution_sources import is_anaphoric, phrase_tokens
from echolocate.stages.read.types import SourceRef

_PERSONISH = frozenset({"person", "official", "unknown"})
_COMPATIBLE = {
    "he": _PERSONISH | {"anonymous"}, "she": _PERSONISH | {"anonymous"}, "him": _PERSONISH, "his": _PERSONISH, "her": _PERSONISH,
    "it": frozenset({"outlet", "organisation", "document"}), "its": frozenset({"outlet", "organisation", "document"}),
    "they": frozenset({"anonymous", "organisation", "outlet", "official"}),
    "them": frozenset({"anonymous", "organisation", "outlet", "official"}),
    "their": frozenset({"anonymous", "organisation", "outlet", "official"}),
}


@dataclass(frozen=True)
class _Referent:
    name: str
    kind: str
    position: int
    prefix: tuple[SourceRef, ...]  # the links that cited this referent, outermost first


class SourceHistory:
    """The sources a report has named so far, in order; resolves anaphoric links against them."""

    def __init__(self, doc) -> None:
        self._doc = doc
        self._seen: list[_Referent] = []
        from echolocate.stages.read.quotes import _double_quotes

        quoted = _double_quotes(text_of(doc))
        self._people = [
            (e.start_char, e.end_char, _strip_possessive(e.text))
            for e in doc.ents
            if e.label_ == "PERSON" and not any(a <= e.start_char < b for a, b in quoted)
        ]

    def resolve_chain(self, links: tuple[SourceRef, ...], heads: tuple[int, ...]) -> tuple[tuple[SourceRef, ...], bool]:
        """The chain with anaphoric links resolved (and their citing links prepended), and
        whether anything was resolved. Every link is then remembered for later sentences."""
        out: list[SourceRef] = []
        resolved_any = False
        for link, head_i in zip(links, heads):
            head = self._doc[head_i]
            if out and head.lower_ in lex.FIRST_PERSON:
                continue  # "we" inside what a source says is that source
            tokens = phrase_tokens(head)
            if link.start is not None and is_anaphoric(tokens, head):
                hit = self._lookup(head, link, link.start)
                if hit is not None:
                    if not out:
                        out.extend(hit.prefix)
                    out.append(replace(link, resolved=hit.name, kind=link.kind if link.kind != "unknown" else hit.kind))
                    resolved_any = True
                    continue
            out.append(self._consistent(link))
        self.remember(tuple(out))
        return tuple(out), resolved_any

    def _consistent(self, link: SourceRef) -> SourceRef:
        """A name called an outlet earlier in the report stays an outlet ("the website, Debka" ... "Debka said")."""
        if link.kind in {"outlet", "pronoun", "anonymous", "document"}:
            return link
        for ref in reversed(self._seen):
            if ref.kind == "outlet" and (ref.name == link.text or ref.name.endswith(" " + link.text) or ref.name.endswith(", " + link.text)):
                return replace(link, kind="outlet")
        return link

    def remember(self, chain: tuple[SourceRef, ...]) -> None:
        for n, link in enumerate(chain):
            name = link.resolved or link.text
            if link.kind == "pronoun" and not link.resolved:
                continue
            position = link.start if link.start is not None else (self._seen[-1].position if self._seen else 0)
            self._seen.append(_Referent(name, link.kind, position, chain[:n]))

    def _lookup(self, head, link: SourceRef, position: int) -> _Referent | None:
        word = head.lower_
        if word in lex.FIRST_PERSON:
            return None
        if word in _COMPATIBLE:
            kinds = _COMPATIBLE[word]
        else:
            lemma = head.lemma_.lower()
            if lemma in lex.OUTLET_NOUNS:
                kinds = frozenset({"outlet"})
            elif lemma in lex.DOCUMENT_NOUNS:
                kinds = frozenset({"document", "outlet"})
            elif lemma in lex.ANONYMOUS_NOUNS:
                kinds = frozenset({"anonymous"})
            else:
                kinds = _PERSONISH | ({"anonymous"} if head.tag_ == "NNS" else set())
        for ref in reversed(self._seen):
            if ref.position < position and (ref.kind in kinds or (ref.kind == "pronoun" and word in {"he", "she", "it", "they"})):
                candidate = ref
                break
        else:
            candidate = None
        if kinds & _PERSONISH and word not in {"they", "them", "their"}:
            person = None
            for s, e, text in self._people:
                if e <= position:
                    person = (s, text)
            if person is not None and (candidate is None or person[0] > candidate.position):
                if candidate is None or _surname(person[1]) not in candidate.name:
                    return _Referent(person[1], "person", person[0], ())
        return candidate


def _strip_possessive(name: str) -> str:
    for suffix in ("’s", "'s"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _surname(name: str) -> str:
    parts = name.split()
    return parts[-1] if parts else name

"""Quotations and who speaks them.

News text is full of quotation marks: straight and curly, paragraphs that open a quote
and never close it because the next paragraph carries on, typing slips such as
``said,”Russia`` and single quotes around phrases. Marks are read from the characters
around them rather than trusted by shape, quotes never run past a paragraph, and the
speaker comes from the reporting verb attached to the quote (``"...," he said``,
``said X``, ``X told Y: "..."``, ``"...," according to X``); a pronoun speaker is resolved
to the nearest person named before it, and a quote with no verb of its own that follows
closely on another is given that quote's speaker.
"""

from __future__ import annotations

from echolocate.stages.read.nlp import text_of

import re

from echolocate.stages.read import attribution_lexicon as lex
from echolocate.stages.read.attribution import subject_of
from echolocate.stages.read.attribution_sources import phrase_tokens
from echolocate.stages.read.types import Quote

_DOUBLE = frozenset('"“”«»„')
_OPENERS = frozenset("“«„")
_CLOSERS = frozenset("”»")
_BEFORE_OPEN = frozenset("([{—–-:/")
_AFTER_CLOSE = frozenset(".,;:!?)]}—–-…")
_CUE_WINDOW_AFTER = 80  # characters after a closing mark in which "he said" is looked for
_CUE_WINDOW_BEFORE = 160
_CONTINUATION_GAP = 400
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s")


def extract_quotes(doc) -> list[Quote]:
    """Every quotation in a parsed ``Doc`` with its speaker when one can be found, in text order."""
    text = text_of(doc)
    spans = _double_quotes(text)
    spans += [s for s in _single_quotes(text) if not any(a <= s[0] and s[1] <= b for a, b in spans)]
    spans.sort()
    quotes: list[Quote] = []
    for start, end in spans:
        s, e = _trim(text, start, end)
        if e <= s:
            continue
        quotes.append(_with_speaker(doc, s, e, quotes, spans))
    return quotes


def _double_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of the inside of each double-quoted stretch, closed at the paragraph end at the latest."""
    found: list[tuple[int, int]] = []
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch == "\n" and open_at is not None:
            if i - open_at > 1 and " " in text[open_at:i].strip():
                found.append((open_at + 1, i))
            open_at = None
            continue
        if ch not in _DOUBLE:
            continue
        role = _role(text, i)
        if open_at is None:
            if role != "close" or (ch in _OPENERS and not text[i + 1 : i + 2].isspace()):
                open_at = i
        elif role == "open" and text[open_at + 1 : i].strip() and ch in _OPENERS and text[i - 1].isspace():
            # a new quote opening while one is open: the first was never closed; end it before this one
            found.append((open_at + 1, i))
            open_at = i
        else:
            found.append((open_at + 1, i))
            open_at = None
    if open_at is not None and " " in text[open_at + 1 :].strip():
        found.append((open_at + 1, len(text)))
    return found


def _role(text: str, i: int) -> str:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    open_ctx = prev.isspace() or prev in _BEFORE_OPEN
    close_ctx = nxt.isspace() or nxt in _AFTER_CLOSE
    if open_ctx and not close_ctx:
        return "open"
    if close_ctx and not open_ctx:
        return "close"
    return "either"  # "said,”Russia": typed the wrong way round; the pairing decides


def _single_quotes(text: str) -> list[tuple[int, int]]:
    """ ‘get along great’ and 'get along great': single quotes around several words, not apostrophes."""
    found: list[tuple[int, int]] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in "‘'" and (i == 0 or text[i - 1].isspace() or text[i - 1] in _BEFORE_OPEN or text[i - 1] in _DOUBLE) and i + 1 < n and not text[i + 1].isspace():
            close = _single_close(text, i + 1)
            if close is not None and " " in text[i + 1 : close]:
                found.append((i + 1, close))
                i = close + 1
                continue
        i += 1
    return found


def _single_close(text: str, start: int) -> int | None:
    limit = min(len(text), start + 300)
    for j in range(start, limit):
        ch = text[j]
        if ch == "\n":
            return None
        if ch in "’'":
            nxt = text[j + 1] if j + 1 < len(text) else " "
            if not nxt.isalnum() and not text[j - 1].isspace():
                return j
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in _DOUBLE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _DOUBLE or text[end - 1] == ","):
        end -= 1
    return start, end


def _with_speaker(doc, start: int, end: int, earlier: list[Quote], quoted: list[tuple[int, int]]) -> Quote:
    text = text_of(doc)[start:end]
    found = _find_cue(doc, start, end, quoted)
    if found is not None:
        cue, speaker = found
        name_span = _speaker_span(doc, speaker, start)
        if name_span is not None:
            s, e = name_span
            return Quote(start, end, text, text_of(doc)[s:e], s, e, cue)
        return Quote(start, end, text, None, None, None, cue)
    prev = earlier[-1] if earlier else None
    if prev is not None and prev.speaker and 0 <= start - prev.end <= _CONTINUATION_GAP and len(text.split()) > 3:
        between = text_of(doc)[prev.end:start]
        if not any(t.ent_type_ == "PERSON" for t in doc.char_span(prev.end, start, alignment_mode="expand") or []) or len(between) < 40:
            return Quote(start, end, text, prev.speaker, prev.speaker_start, prev.speaker_end, None)
    return Quote(start, end, text)


def _find_cue(doc, start: int, end: int, quoted: list[tuple[int, int]]):
    """(cue text, speaker head token) of the reporting verb attached to a quote, or ``None``."""
    text = text_of(doc)
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    lo = max(para_start, start - _CUE_WINDOW_BEFORE)
    hi = min(para_end, end + _CUE_WINDOW_AFTER)
    window = doc.char_span(lo, hi, alignment_mode="expand")
    if window is None:
        return None
    best = None
    for tok in window:
        if start - 1 <= tok.idx < end + 1:
            continue
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to" and tok.idx >= end:
            objs = [c for c in doc[tok.i + 1].children if c.dep_ == "pobj"]
            if objs:
                dist = tok.idx - end
                if best is None or dist < best[0]:
                    best = (dist, "according to", objs[0])
            continue
        if tok.pos_ not in {"VERB", "AUX"} or tok.lemma_.lower() not in lex.CUE_VERBS:
            continue
        outside = sorted(
            (c for c in tok.children if c.dep_ == "nsubj" and not any(a - 1 <= c.idx < b + 1 for a, b in quoted)),
            key=lambda c: abs(c.i - tok.i),
        )
        speaker = outside[0] if outside else subject_of(tok)
        if speaker is None or any(a - 1 <= speaker.idx < b + 1 for a, b in quoted):
            continue
        dist = tok.idx - end if tok.idx >= end else (start - tok.idx) * 1.5
        if tok.idx < start and _SENTENCE_END.search(text[tok.idx : start]):
            continue  # '... the spokesman said. "Next sentence"': that verb belongs to the quote before
        if tok.idx >= end and _sentence_break(text, end, tok.idx):
            continue
        if best is None or dist < best[0]:
            best = (dist, tok.text, speaker)
    if best is None:
        return None
    return best[1], best[2]


def _sentence_break(text: str, a: int, b: int) -> bool:
    """True when a sentence ends between the quote and a verb after it ("..." . He then said)."""
    gap = text[a:b]
    stripped = gap.lstrip("”\"’' ")
    return any(p in stripped for p in (". ", "? ", "! ")) and not gap.lstrip().startswith(("”", '"'))


def _speaker_span(doc, head, quote_start: int) -> tuple[int, int] | None:
    """Character span naming the speaker: the person's name when there is one, a pronoun resolved."""
    if head.lower_ in lex.PERSONAL_PRONOUNS and head.lower_ not in {"it", "its"}:
        return _nearest_person_before(doc, head.idx if head.idx < quote_start else quote_start, plural=head.lower_ in {"they", "them", "their"})
    if head.lower_ in lex.FIRST_PERSON or head.lower_ in {"it", "its"}:
        return None
    for ent in doc.ents:
        if ent.label_ == "PERSON" and ent.start <= head.i < ent.end:
            return ent.start_char, ent.end_char
    for child in head.children:
        if child.dep_ == "appos":
            for ent in doc.ents:
                if ent.label_ == "PERSON" and ent.start <= child.i < ent.end:
                    return ent.start_char, ent.end_char
    tokens = phrase_tokens(head)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _nearest_person_before(doc, position: int, plural: bool = False, inside: list[tuple[int, int]] | None = None) -> tuple[int, int] | None:
    """The last person named before ``position``, outside quotations (a name inside a quote is
    usually spoken about, not speaking)."""
    if plural:
        return None
    quoted = inside if inside is not None else _double_quotes(text_of(doc))
    best = None
    for ent in doc.ents:
        if ent.label_ == "PERSON" and ent.end_char <= position and not any(a <= ent.start_char < b for a, b in quoted):
            end = ent.end_char
            while end > ent.start_char and text_of(doc)[end - 2 : end] in {"’s", "'s"}:
                end -= 2
            best = (ent.start_char, end)
    return best

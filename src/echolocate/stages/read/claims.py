"""Claims: the statements a report makes or passes on, each with who it is attributed to.

A report is cut into units (sentences, and lines, since titles and captions end without
a full stop). Boilerplate, bylines, captions, tag lists, bare headings and questions are
dropped. In each unit the attribution frames (see ``attribution``) mark which words are
attributed to whom; the innermost attributed stretch of each frame becomes a claim with
the chain of sources leading to it, outermost first ("The Sun reports, citing sources
in the British government, that ..." -> [The Sun, sources in the British government]).
A unit with no frame is a claim in the report's own voice, unless it continues a
quotation or a colon-introduced run of reported speech, in which case it inherits the
speaker (``Claim.inherited``). Each claim also gets its hedges, a kind (fact, intention,
prediction, opinion), a stance (asserts, reports, denies, doubts) and a negation flag.
"""

from __future__ import annotations

from echolocate.stages.read.nlp import text_of

import re

from echolocate.stages.read.attribution import Frame, find_frames, stance_class, subject_of
from echolocate.stages.read import attribution_lexicon as lex
from echolocate.stages.read.attribution_resolve import SourceHistory
from echolocate.stages.read.attribution_sources import classify, source_chain
from echolocate.stages.read.hedges import find_hedges
from echolocate.stages.read.quotes import extract_quotes
from echolocate.stages.read.types import Claim, Quote, SourceRef

_BOILERPLATE = re.compile(
    r"^\W*(read (more|the rest|the full)|click here|share (this|on)|subscribe|advertisement|related( articles| stories)?\b|"
    r"tags?:|filed under|posted (by|in|on)\b|(photo|image|picture|video) ?(credit|:)|credit:|copyright|©|"
    r"all rights reserved|sign up|follow us|editor[’']?s note|archive for\b|home\b.*\breports?\b|"
    r"this (article|story) (was|has been|is)|(continue|keep) reading|watch:|listen:|source:|via\b)",
    re.I,
)
_CAPTION = re.compile(r"(REUTERS/|AFP/|EPA/|AP Photo|Getty Images|Photo:|\(Photo\b|/AP\b|/AFP\b|/Reuters\b)")
_BYLINE = re.compile(r"^\s*(by|written by|reporting by|editing by)\s+[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3}\s*$", re.I)
_QUESTION_STARTS = frozenset({"will", "would", "can", "could", "do", "does", "did", "is", "are", "was", "were", "has", "have", "should", "shall", "may", "might", "must"})
_WH = frozenset({"who", "what", "why", "how", "when", "where", "which", "whose"})
_INTENT_VERBS = frozenset({"plan", "intend", "want", "seek", "aim", "wish", "hope", "prepare", "decide", "mean", "vow", "pledge", "promise", "threaten", "offer", "propose", "resolve", "strive", "attempt", "try", "push", "move", "look"})
_INTENT_ADJECTIVES = frozenset({"willing", "ready", "determined", "eager", "keen", "prepared", "intent", "set"})
_PREDICTION_WORDS = frozenset({"expect", "likely", "unlikely", "poised", "due", "bound", "set", "slate", "schedule", "go", "about"})
_OPINION_CUES = frozenset({"believe", "think", "feel", "consider", "view", "reckon", "argue"})
_DOUBT_PHRASES = re.compile(r"\b(there is no (evidence|proof|confirmation)|no evidence|unconfirmed|unverified|it (is|remains) (not |un)clear|could not (be )?(independently )?(confirm|verif)|cannot be (independently )?(confirm|verif))", re.I)
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "would"})
_EDGE_WORDS = frozenset({"that", "and", "but", "or", "so", "whether", "if"})


def extract_claims(doc, quotes: list[Quote] | None = None) -> list[Claim]:
    """The claims of one parsed report, in text order."""
    if quotes is None:
        quotes = extract_quotes(doc)
    quote_spans = [(q.start, q.end) for q in quotes]
    history = SourceHistory(doc)
    claims: list[Claim] = []
    hedges = find_hedges(doc)
    run: tuple[tuple[SourceRef, ...], int] | None = None  # chain of a "X said:" introduction, paragraph
    for unit in _units(doc):
        paragraph = text_of(doc).count("\n", 0, unit.start_char)
        if run is not None and run[1] + 1 < paragraph:
            run = None
        if _is_non_claim(unit) or _CAPTION.search(_line(text_of(doc), unit.start_char)):
            continue
        frames = find_frames(unit, quote_spans)
        if not frames:
            intro = _colon_intro(unit, history)
            if intro is not None:
                run = (intro, text_of(doc).count("\n", 0, unit.end_char))
                continue
            claims.append(_own_voice_claim(doc, unit, quotes, hedges, history, run))
            continue
        run = None
        for chain, heads, frame, content in _leaves(doc, frames):
            resolved, inherited = history.resolve_chain(chain, heads)
            for part in _split_conjoined(doc, content):
                claim = _claim(doc, part, resolved, frame, inherited, quotes, hedges)
                if claim is not None:
                    claims.append(claim)
    claims.sort(key=lambda c: (c.start, c.end))
    return _dedupe(claims)


def _line(text: str, position: int) -> str:
    """The paragraph (line) around ``position``: a photo credit marks its whole caption."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start : end if end >= 0 else len(text)]


def _units(doc):
    """Sentences, cut again at line breaks: titles and captions end without a full stop."""
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            breaks = "\n" in tok.text if tok.is_space else "\n" in tok.whitespace_
            if breaks:
                end = tok.i if tok.is_space else tok.i + 1
                unit = _strip(doc, start, end)
                if unit is not None:
                    yield unit
                start = tok.i + 1
        unit = _strip(doc, start, sent.end)
        if unit is not None:
            yield unit


def _strip(doc, start: int, end: int):
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return doc[start:end] if end > start else None


def _is_non_claim(unit) -> bool:
    """Boilerplate, bylines, captions, tag lists, bare headings and questions."""
    text = unit.text.strip()
    if len(text) < 3 or _BOILERPLATE.match(text) or _BYLINE.match(text) or _CAPTION.search(text):
        return True
    if text.rstrip("”\"’' ").endswith("?"):
        return True
    words = [t for t in unit if not t.is_punct and not t.is_space]
    if not words:
        return True
    if all(t.ent_type_ in {"DATE", "TIME", "CARDINAL", "ORDINAL"} or t.like_num for t in words):
        return True  # a dateline
    first = words[0]
    if first.lower_ in _QUESTION_STARTS and first.tag_ in {"MD", "VBZ", "VBP", "VBD"} and len(words) > 2:
        if any(t.dep_ in {"nsubj", "nsubjpass"} and t.i > first.i and t.head.i != first.i or t.head.i == first.i and t.dep_ == "nsubj" for t in unit):
            if not text.endswith("."):
                return True
    if first.lower_ in _WH and not text.endswith(".") and first.i == unit.start and any(t.tag_ in {"MD", "VBZ", "VBP", "VBD"} and t.i == first.i + 1 for t in unit):
        return True
    if text.count(",") >= 2 and not _has_predicate(unit) and all(len(p.split()) <= 4 for p in text.split(",")):
        return True  # a list of tags or keywords
    return not _has_predicate(unit)


def _has_predicate(unit) -> bool:
    for tok in unit:
        if tok.tag_ in {"VBD", "VBZ", "VBP", "MD"}:
            return True
        if tok.tag_ in {"VBN", "VBG", "VB"} and any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children):
            return True
    return False


def _leaves(doc, frames: list[Frame]):
    """(chain, source heads, frame, content) for each innermost frame; outer frames give their links."""
    by_cue = {f.cue_i: f for f in frames}
    parent: dict[int, Frame] = {}
    for inner in frames:
        best = None
        for outer in frames:
            if outer is inner or inner.cue_i not in outer.content:
                continue
            if best is None or len(outer.content) < len(best.content):
                best = outer
        if best is not None:
            parent[inner.cue_i] = best
    children: dict[int, list[Frame]] = {}
    for inner_cue, outer in parent.items():
        children.setdefault(outer.cue_i, []).append(by_cue[inner_cue])
    for frame in frames:
        chain: list[SourceRef] = list(frame.sources)
        heads: list[int] = list(frame.heads)
        seen = {frame.cue_i}
        node = parent.get(frame.cue_i)
        while node is not None and node.cue_i not in seen:
            seen.add(node.cue_i)
            keep = [(s, h) for s, h in zip(node.sources, node.heads) if h not in heads]
            chain = [s for s, _ in keep] + chain
            heads = [h for _, h in keep] + heads
            node = parent.get(node.cue_i)
        own = set(frame.frame_tokens)
        for child in children.get(frame.cue_i, []):
            own |= set(child.content) | set(child.frame_tokens) | {child.cue_i}
        content = [i for i in frame.content if i not in own]
        if frame.cue_i in children and not _has_clause(doc, content):
            continue
        yield tuple(chain), tuple(heads), frame, content


def _has_clause(doc, content: list[int]) -> bool:
    """What an outer frame says besides its nested frames: worth a claim only if it is a clause."""
    words = [doc[i] for i in content if not doc[i].is_punct and not doc[i].is_space]
    return len(words) >= 3 and any(t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"aux", "auxpass"} for t in words)


def _split_conjoined(doc, content: list[int]) -> list[list[int]]:
    """ "said A and that B" gives A and B as two claims."""
    members = set(content)
    for i in content:
        tok = doc[i]
        if tok.dep_ == "conj" and tok.head.i in members and any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children):
            second = {t.i for t in tok.subtree}
            cc = [c.i for c in tok.head.children if c.dep_ == "cc" and c.i < tok.i]
            first = [j for j in content if j not in second and j not in cc]
            return _split_conjoined(doc, first) + [sorted(second & members)]
    return [content]


def _claim(doc, content: list[int], chain, frame: Frame | None, inherited: bool, quotes, hedges) -> Claim | None:
    bounds = _trimmed_bounds(doc, content)
    if bounds is None:
        return None
    start, end = bounds
    root = _content_root(doc, content)
    negated = _negated(root)
    extra = set(frame.frame_tokens) if frame is not None else set()
    cue_chars = [(doc[i].idx, doc[i].idx + len(doc[i].text)) for i in extra]
    own = tuple(h for h in hedges if start <= h.start < end or any(a <= h.start < b for a, b in cue_chars))
    stance = _stance(frame, negated, text_of(doc)[start:end], own)
    return Claim(
        start=start,
        end=end,
        text=text_of(doc)[start:end],
        kind=_kind(root, frame),
        sources=tuple(chain),
        hedges=own,
        stance=stance,
        inherited=inherited,
        negated=negated,
        quote_index=_quote_index(quotes, start, end),
    )


def _trimmed_bounds(doc, content: list[int]) -> tuple[int, int] | None:
    if not content:
        return None
    lo, hi = min(content), max(content)
    while lo <= hi and (doc[lo].is_punct or doc[lo].is_space or (doc[lo].lower_ in _EDGE_WORDS and doc[lo].dep_ in {"mark", "cc"})):
        lo += 1
    while hi >= lo and (doc[hi].is_punct or doc[hi].is_space or doc[hi].dep_ == "cc"):
        hi -= 1
    if hi < lo:
        return None
    words = [t for t in doc[lo : hi + 1] if not t.is_punct]
    if not words or (len(words) == 1 and words[0].pos_ in {"PRON", "DET"} and words[0].lower_ != "it"):
        return None
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def _content_root(doc, content: list[int]):
    members = set(content)
    fallback = None
    for i in sorted(content):
        tok = doc[i]
        if tok.head.i not in members or tok.head.i == tok.i:
            if tok.pos_ in {"VERB", "AUX"}:
                return tok
            if fallback is None and not tok.is_punct:
                fallback = tok
    return fallback or doc[content[0]]


def _negated(root) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in {"never"} for c in root.children):
        return True
    for c in root.children:
        if c.dep_ in {"nsubj", "nsubjpass", "dobj"} and any(g.dep_ == "det" and g.lower_ == "no" for g in c.children):
            return True
    return False


def _kind(root, frame: Frame | None) -> str:
    lemma = root.lemma_.lower()
    children = list(root.children)
    aux = {c.lower_ for c in children if c.dep_ in {"aux", "auxpass"}}
    xcomp = [c for c in children if c.dep_ == "xcomp"]
    if lemma in _INTENT_VERBS and xcomp and lemma not in {"go", "about"}:
        if not (lemma in {"try", "attempt", "move", "look", "push"} and aux & {"will", "would"}):
            return "intention"
    if lemma == "be":
        for c in children:
            if c.dep_ == "acomp" and c.lower_ in _INTENT_ADJECTIVES and any(g.dep_ == "xcomp" for g in c.children):
                return "intention" if c.lower_ != "set" else "prediction"
            if c.dep_ == "acomp" and c.lemma_.lower() in _PREDICTION_WORDS and any(g.dep_ == "xcomp" for g in c.children):
                return "prediction"
    if aux & _FUTURE_AUX:
        return "prediction"
    if lemma in _PREDICTION_WORDS and xcomp and (lemma != "go" or "to" in {t.lower_ for t in xcomp[0].children}):
        return "prediction"
    if aux & {"could", "may", "might"} and any(c.lower_ in {"soon", "shortly"} for c in children):
        return "prediction"
    if aux & {"should", "must", "ought"}:
        return "opinion"
    if frame is not None and frame.lemma in _OPINION_CUES:
        return "opinion"
    if lemma in _INTENT_VERBS - {"try", "attempt", "move", "look", "push", "offer", "go"} and root.pos_ == "VERB" and xcomp:
        return "intention"
    return "fact"


def _stance(frame: Frame | None, negated: bool, text: str, hedges=()) -> str:
    if frame is None:
        if _DOUBT_PHRASES.search(text):
            return "doubts"
        return "reports" if any(h.kind == "reported" for h in hedges) else "asserts"
    kind = frame.stance
    if frame.cue_negated:
        if kind == "denial":
            return "reports"
        if kind == "factive":
            return "doubts"
    if kind == "denial":
        return "denies"
    if kind == "doubt":
        return "doubts"
    if kind == "factive":
        return "asserts"
    if negated:
        return "denies"
    return "reports"


def _quote_index(quotes: list[Quote], start: int, end: int) -> int | None:
    best, best_overlap = None, 0
    for n, q in enumerate(quotes):
        overlap = min(end, q.end) - max(start, q.start)
        if overlap > best_overlap:
            best, best_overlap = n, overlap
    if best is not None and best_overlap >= 0.6 * (end - start):
        return best
    return None


def _own_voice_claim(doc, unit, quotes, hedges, history: SourceHistory, run) -> Claim:
    content = [t.i for t in unit]
    claim = _claim(doc, content, (), None, False, quotes, hedges)
    if claim is None:
        start, end = unit.start_char, unit.end_char
        return Claim(start=start, end=end, text=text_of(doc)[start:end])
    if claim.quote_index is not None and quotes[claim.quote_index].speaker:
        q = quotes[claim.quote_index]
        outside = q.speaker_start is None or not (unit.start_char <= q.speaker_start < unit.end_char)
        ref = _speaker_ref(doc, q, placed=not outside)
        history.remember((ref,))
        return _with_chain(claim, (ref,), inherited=outside, stance="reports")
    if run is not None:
        return _with_chain(claim, tuple(_unplaced(r) for r in run[0]), inherited=True, stance="reports")
    return claim


def _speaker_ref(doc, q: Quote, placed: bool) -> SourceRef:
    kind = "unknown"
    span = doc.char_span(q.speaker_start, q.speaker_end, alignment_mode="expand") if q.speaker_start is not None else None
    if span is not None and len(span):
        kind = classify(list(span), span.root)
    if placed:
        return SourceRef(text=q.speaker or "", start=q.speaker_start, end=q.speaker_end, kind=kind, cue=q.cue)
    return SourceRef(text=q.speaker or "", start=None, end=None, kind=kind, cue=q.cue, resolved=q.speaker)


def _unplaced(ref: SourceRef) -> SourceRef:
    """A link carried to a later sentence: same source, but not written there."""
    return SourceRef(text=ref.text, start=None, end=None, kind=ref.kind, cue=ref.cue, resolved=ref.resolved or ref.text)


def _with_chain(claim: Claim, chain, inherited: bool, stance: str) -> Claim:
    if claim.stance == "doubts":
        stance = "doubts"
    elif claim.negated:
        stance = "denies"
    return Claim(claim.start, claim.end, claim.text, claim.kind, tuple(chain), claim.hedges, stance, inherited, claim.negated, claim.quote_index)


def _colon_intro(unit, history: SourceHistory) -> tuple[SourceRef, ...] | None:
    """ "The ministry said in a statement:" with the statement in the next line or paragraph."""
    if not unit.text.rstrip().endswith(":"):
        return None
    for tok in unit:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in lex.CUE_VERBS - lex.BELIEF_CUES:
            subject = subject_of(tok)
            if subject is not None:
                links, heads = source_chain(subject, tok.text, tok.lemma_.lower(), (tok.idx, tok.idx + len(tok.text)))
                chain, _ = history.resolve_chain(tuple(links), tuple(h.i for h in heads))
                return chain
    return None


def _dedupe(claims: list[Claim]) -> list[Claim]:
    out: list[Claim] = []
    for c in claims:
        if out and out[-1].start == c.start and out[-1].end == c.end:
            if len(c.sources) > len(out[-1].sources):
                out[-1] = c
            continue
        out.append(c)
    return out


__all__ = ["extract_claims", "stance_class"]

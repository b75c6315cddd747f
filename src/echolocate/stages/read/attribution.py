"""Attribution frames: who is cited, by which cue, for which stretch of a sentence.

A frame is one act of attribution found in the dependency parse: a cue (a verb of
saying or believing, "according to", "citing"), the source phrase(s) it introduces,
outermost first, and the tokens of the content attributed to them. Frames nest: in
"The Sun reports, citing sources in the British government, that ..." one frame
carries two links; in "Debka reported that officials said ..." one frame sits inside
the content of another. ``claims`` turns frames into claims; ``attribution_resolve``
resolves "he", "it" and "the newspaper" across sentences.
"""

from __future__ import annotations

from echolocate.stages.read.nlp import text_of

from dataclasses import dataclass

from echolocate.stages.read import attribution_lexicon as lex
from echolocate.stages.read.attribution_sources import phrase_tokens, source_chain
from echolocate.stages.read.types import SourceRef

_SUBJECTS = frozenset({"nsubj", "csubj"})
_QUOTE_CHARS = frozenset('"“”‘’«»\'')


@dataclass(frozen=True)
class Frame:
    """One attribution in a sentence (token indices are document token indices)."""

    cue_i: int
    cue: str
    cue_span: tuple[int, int]
    lemma: str
    stance: str  # neutral | factive | doubt | denial | belief
    sources: tuple[SourceRef, ...]
    heads: tuple[int, ...]  # head token of each source link, for resolving anaphora
    content: tuple[int, ...]
    frame_tokens: tuple[int, ...]
    cue_negated: bool = False


def stance_class(lemma: str) -> str:
    if lemma in lex.DENIAL_CUES:
        return "denial"
    if lemma in lex.DOUBT_CUES:
        return "doubt"
    if lemma in lex.FACTIVE_CUES:
        return "factive"
    if lemma in lex.BELIEF_CUES:
        return "belief"
    return "neutral"


def find_frames(unit, quote_spans: list[tuple[int, int]] | None = None) -> list[Frame]:
    """All attribution frames whose cue lies in ``unit`` (a spaCy Span: a sentence or line)."""
    quote_spans = quote_spans or []
    lo, hi = unit.start, unit.end
    frames: list[Frame] = []
    citing = [t for t in unit if t.lemma_ == "cite" and t.tag_ == "VBG"]
    for tok in unit:
        frame = None
        if tok.lower_ == "according" and tok.i + 1 < hi and tok.nbor(1).lower_ == "to":
            frame = _according_frame(tok, lo, hi)
        elif tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in lex.CUE_VERBS and tok not in citing:
            frame = _verb_frame(tok, lo, hi, quote_spans)
        elif tok.tag_ == "NNS" and tok.lower_ in _NOMINAL_CUES:
            frame = _nominal_cue_frame(tok, lo, hi)
        if frame is not None:
            frames.append(frame)
    for cite in citing:
        frames = _attach_citing(cite, frames, lo, hi)
    if not frames:
        tail = _trailing_frame(unit)
        if tail is not None:
            frames.append(tail)
    return frames


def _trailing_frame(unit) -> Frame | None:
    """ "..., a senior official fears." when the tagger took the verb for a noun."""
    words = [t for t in unit if not t.is_space]
    while words and words[-1].is_punct and words[-1].text not in _QUOTE_CHARS:
        words.pop()
    if len(words) < 5:
        return None
    cue = words[-1]
    low = cue.lower_
    base = low[:-1] if low.endswith("s") else low
    if cue.pos_ in {"VERB", "AUX"} or base not in lex.CUE_VERBS or not low.endswith("s"):
        return None
    comma = None
    for k in range(len(words) - 2, max(0, len(words) - 12), -1):
        if words[k].text == ",":
            comma = k
            break
    if comma is None or comma < 3:
        return None
    source = words[comma + 1 : -1]
    heads = [t for t in source if t.pos_ in {"NOUN", "PROPN", "PRON"} or t.tag_ in {"NN", "NNS", "NNP"}]
    if not source or not heads:
        return None
    doc = unit.doc
    head = heads[-1]
    span = (cue.idx, cue.idx + len(cue.text))
    from echolocate.stages.read.attribution_sources import classify, make_ref

    ref = make_ref(doc, source, classify(source, head, base), cue.text, span)
    content = tuple(t.i for t in words[:comma])
    own = tuple(t.i for t in words[comma:])
    return Frame(cue.i, cue.text, span, base, stance_class(base), (ref,), (head.i,), content, own)


_EVIDENTIAL = frozenset({"suggest", "show", "indicate", "mean", "imply", "signal", "prove", "demonstrate", "point", "find", "confirm", "reveal"})


def _plain_noun(head) -> bool:
    from echolocate.stages.read.attribution_sources import classify

    return classify(phrase_tokens(head), head) == "unknown"


_NOMINAL_CUES = frozenset({"reports", "says", "writes", "claims", "warns", "notes", "adds", "reveals", "confirms", "denies"})


def _nominal_cue_frame(tok, lo: int, hi: int) -> Frame | None:
    """ "RBK reports, citing ..., that ...": the tagger read "RBK reports" as a noun phrase.
    Only taken when a name stands before the word and a comma or "that" follows it."""
    doc = tok.doc
    if tok.i + 1 >= hi or doc[tok.i + 1].text not in {",", "that"}:
        return None
    left = [c for c in tok.children if c.i < tok.i and c.dep_ in {"compound", "det", "amod", "poss", "nmod"}]
    if not left or not any(t.pos_ == "PROPN" for c in left for t in c.subtree):
        return None
    source = sorted({t for c in left for t in c.subtree}, key=lambda t: t.i)
    if source[-1].i != tok.i - 1:
        return None
    from echolocate.stages.read.attribution_sources import classify, make_ref

    verb = tok.lower_[:-1]
    span = (tok.idx, tok.idx + len(tok.text))
    head = source[-1]
    ref = make_ref(doc, source, classify(source, head, verb), tok.text, span)
    content = tuple(i for i in range(tok.i + 1, hi) if i not in {t.i for t in source})
    if not _substantial(doc, content):
        return None
    return Frame(tok.i, tok.text, span, verb, stance_class(verb), (ref,), (head.i,), content, tuple(t.i for t in source) + (tok.i,))


def _according_frame(tok, lo: int, hi: int) -> Frame | None:
    to = tok.nbor(1)
    objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in tok.children if c.dep_ == "pobj"]
    if not objs:
        return None
    span = (tok.idx, to.idx + len(to.text))
    links, heads = source_chain(objs[0], "according to", "according", span)
    own = {t.i for t in tok.subtree} | {to.i}
    head = tok.head if tok.head != tok else tok
    base = list(head.subtree) if head.pos_ in {"VERB", "AUX"} and head.i != tok.i else list(tok.doc[lo:hi])
    if head.i < tok.i and head.i != tok.i:
        base = [t for t in base if t.i < tok.i]  # "..., according to X, which also said ...": stop at the cue
    content = tuple(sorted(t.i for t in base if lo <= t.i < hi and t.i not in own))
    if not _substantial(tok.doc, content):
        return None
    return Frame(tok.i, "according to", span, "according", "neutral", tuple(links), tuple(h.i for h in heads), content, tuple(sorted(own)))


def _verb_frame(tok, lo: int, hi: int, quote_spans) -> Frame | None:
    lemma = tok.lemma_.lower()
    doc = tok.doc
    if lemma == "point" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children):
        return None
    if lemma in {"add", "continue"} and tok.dep_ == "xcomp":
        return None
    subject = subject_of(tok)
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children)
    agent = _agent(tok)
    nested: list = []  # extra inner source heads ("quoted X as saying")
    content_roots = [c for c in tok.children if c.dep_ == "ccomp"]
    if lemma == "quote":
        obj = [c for c in tok.children if c.dep_ == "dobj"]
        saying = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children if g.lemma_ == "say"]
        if saying:
            content_roots = [c for c in saying[0].children if c.dep_ in {"ccomp", "dobj"}]
            if obj:
                nested.append(obj[0])
            elif passive:
                nested.append(_nsubjpass(tok))
                subject = agent
    if passive and lemma != "quote":
        if agent is None:
            return None  # "it is reported that": a hedge, not a source; see hedges
        subject = agent
    content: set[int] = set()
    for root in content_roots:
        content.update(t.i for t in root.subtree)
    if not content and lemma in lex.OBJECT_CUES and (subject is None or subject.dep_ not in {"dobj", "attr"}):
        content.update(_object_content(tok))
    if not content and lemma in lex.INFINITIVE_CUES:
        for c in tok.children:
            if c.dep_ == "xcomp":
                content.update(t.i for t in c.subtree)
    if not content and tok.dep_ in {"parataxis", "advcl", "ccomp", "conj"} and tok.head.i != tok.i and subject is not None:
        if tok.dep_ != "advcl" or any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children) or tok.i > tok.head.i:
            content.update(t.i for t in tok.head.subtree)
            content.difference_update(t.i for t in tok.subtree)
    if not content:
        content.update(_adjacent_quote(tok, lo, hi, quote_spans))
    if lemma in lex.BELIEF_CUES and not content_roots:
        return None
    if lemma in lex.QUOTE_ONLY_CUES - {"add", "write"} and not _quote_overlap(doc, content, quote_spans):
        if lemma != "continue" or not content_roots:
            return None
    if subject is None and not nested:
        return None
    if lemma in _EVIDENTIAL and subject is not None and _plain_noun(subject):
        return None  # "the changes suggest that ...": evidence, not a source
    own = _frame_tokens(tok, subject, nested)
    content = {i for i in content if lo <= i < hi and i not in own}
    if not _substantial(doc, tuple(sorted(content))):
        return None
    span = _cue_span(tok)
    links: list[SourceRef] = []
    heads: list[int] = []
    if subject is not None:
        outer, outer_heads = source_chain(subject, tok.text, lemma, span if not nested else None)
        links.extend(outer)
        heads.extend(h.i for h in outer_heads)
    for inner in nested:
        if inner is None:
            continue
        more, more_heads = source_chain(inner, tok.text, lemma, span)
        links.extend(more)
        heads.extend(h.i for h in more_heads)
    if not links:
        return None
    negated = any(c.dep_ == "neg" for c in tok.children)
    return Frame(tok.i, text_of(doc)[span[0]:span[1]], span, lemma, stance_class(lemma), tuple(links), tuple(heads), tuple(sorted(content)), tuple(sorted(own)), negated)


def subject_of(verb):
    """The speaker of a cue verb, following conjunctions ("announced ... and said"),
    participles ("..., adding") and relative clauses ("Debka, which also claimed")."""
    if verb.tag_ == "VBG" and verb.dep_ in {"advcl", "xcomp", "conj"}:
        node = verb.head
        fallback = None
        for _ in range(4):
            if node.lemma_.lower() in lex.CUE_VERBS and node.pos_ in {"VERB", "AUX"}:
                return subject_of(node)
            if fallback is None and node.pos_ in {"VERB", "AUX"}:
                fallback = next((c for c in node.children if c.dep_ == "nsubj" and c.lower_ not in lex.RELATIVE_PRONOUNS), None)
            if node.head.i == node.i:
                break
            node = node.head
        return fallback  # "Trump released a statement, saying ...": the one who acted speaks
    inverted = _inverted_subject(verb)
    if inverted is not None:
        return inverted
    seen = 0
    while verb is not None and seen < 4:
        seen += 1
        # the subject nearest the verb: in '"The convoy left," the spokesman said' the tagger
        # may hang both nouns on "said"
        for c in sorted(verb.children, key=lambda c: abs(c.i - verb.i)):
            if c.dep_ in _SUBJECTS and c.lower_ not in {"there"}:
                if c.lower_ in lex.RELATIVE_PRONOUNS:
                    return _antecedent(verb) if verb.dep_ == "relcl" else None
                if c.lower_ == "it" and any(g.dep_ in {"ccomp", "xcomp"} for g in verb.children) and verb.lemma_ in {"seem", "appear"}:
                    return None
                return c
        if verb.dep_ == "relcl":
            return _antecedent(verb)
        if verb.dep_ in {"conj", "advcl", "xcomp"} and verb.head.i != verb.i and (verb.dep_ == "conj" or verb.tag_ == "VBG"):
            verb = verb.head
            continue
        return None
    return None


def _inverted_subject(verb):
    """ "..., reported Radio Liberty" and "”, stated the spokesman": the tagger often reads
    the speaker after the verb as its object; with no subject and content before the verb
    it is the speaker."""
    if verb.lemma_.lower() not in lex.CUE_VERBS or verb.lemma_.lower() in {"tell", "inform", "quote", "brief", "warn", "assure", "accuse", "cite"}:
        return None
    if any(c.dep_ in {"nsubj", "nsubjpass", "csubj"} for c in verb.children):
        return None
    objs = [c for c in verb.children if c.dep_ in {"dobj", "attr", "npadvmod"} and c.i > verb.i and c.pos_ in {"PROPN", "NOUN", "PRON"}]
    if not objs:
        return None
    before = [c for c in verb.children if c.i < verb.i and c.dep_ in {"ccomp", "punct"}]
    if any(c.dep_ == "ccomp" for c in before) or (verb.i > verb.sent.start and verb.doc[verb.i - 1].text in {",", "”", '"', "'", "’", "—"}):
        return objs[0]
    return None


def _antecedent(relcl):
    """The noun a relative clause hangs on; through an apposition to the name ("Debka, a website, which")."""
    head = relcl.head
    if head.dep_ == "appos" and head.head.i != head.i:
        return head.head
    return head


def _agent(verb):
    for c in verb.children:
        if c.dep_ == "agent":
            objs = [g for g in c.children if g.dep_ == "pobj"]
            return objs[0] if objs else None
    return None


def _nsubjpass(verb):
    for c in verb.children:
        if c.dep_ == "nsubjpass":
            return c
    return None


def _object_content(verb) -> set[int]:
    """ "denied reports that X" -> X; "confirmed the deal" -> the deal."""
    for c in verb.children:
        if c.dep_ in {"dobj", "attr"} and c.pos_ in {"NOUN", "PROPN", "PRON"}:
            for g in c.children:
                if g.dep_ in {"acl", "ccomp", "relcl"} and any(m.dep_ == "mark" and m.lower_ == "that" for m in g.children):
                    return {t.i for t in g.subtree}
            if c.pos_ == "PRON" and c.lower_ not in {"this", "that"}:
                return {c.i} if c.lower_ == "it" else set()
            found = {t.i for t in c.subtree}
            for p in verb.children:  # "described Haftar as a militia leader"
                if p.dep_ == "prep" and p.lower_ == "as" and p.i > c.i:
                    found.update(t.i for t in p.subtree)
            return found
    return set()


def _adjacent_quote(tok, lo: int, hi: int, quote_spans) -> set[int]:
    """Content of "..., he said" or "she said: '...'" when the parse did not link the quote."""
    doc = tok.doc
    unit = doc[lo:hi]
    best: set[int] = set()
    for qs, qe in quote_spans:
        if qe <= unit.start_char or qs >= unit.end_char:
            continue
        inside = {t.i for t in unit if t.idx >= qs and t.idx + len(t.text) <= qe}
        if not inside:
            continue
        gap = min(abs(tok.i - min(inside)), abs(tok.i - max(inside)))
        if gap <= 6 and len(inside) > len(best):
            best = inside
    return best


def _quote_overlap(doc, content: set[int], quote_spans) -> bool:
    for i in content:
        t = doc[i]
        if any(qs <= t.idx < qe for qs, qe in quote_spans):
            return True
    return False


def _frame_tokens(cue, subject, nested) -> set[int]:
    own = {cue.i}
    for c in cue.children:
        if c.dep_ in {"aux", "auxpass", "neg", "advmod", "prt", "agent", "dative"} and c.i not in {t.i for r in cue.children if r.dep_ == "ccomp" for t in r.subtree}:
            own.update(t.i for t in c.subtree)
        if c.dep_ == "prep" and c.lower_ in {"in", "to", "as"} and all(t.dep_ != "ccomp" for t in c.subtree) and not (c.lower_ == "as" and cue.lemma_ == "describe"):
            own.update(t.i for t in c.subtree)
        if c.dep_ == "dobj" and cue.lemma_ in {"tell", "inform", "brief", "quote", "assure", "warn", "remind", "accuse"}:
            own.update(t.i for t in c.subtree)
    if subject is not None:
        own.update(t.i for t in phrase_tokens(subject))
        if subject.head.i == cue.i:
            own.update(t.i for t in subject.subtree)
    for n in nested:
        if n is not None:
            own.update(t.i for t in n.subtree)
    for c in cue.children:
        if c.dep_ == "punct" and c.text not in _QUOTE_CHARS:
            own.add(c.i)
    return own


def _cue_span(tok) -> tuple[int, int]:
    """The cue as written: the verb with its auxiliaries and particle ("has learned", "pointed out")."""
    parts = [tok] + [c for c in tok.children if c.dep_ in {"aux", "auxpass", "neg", "prt"} and abs(c.i - tok.i) <= 3]
    start = min(p.idx for p in parts)
    end = max(p.idx + len(p.text) for p in parts)
    return start, end


def _substantial(doc, content: tuple[int, ...]) -> bool:
    words = [doc[i] for i in content if not doc[i].is_punct]
    if not words:
        return False
    if len(words) == 1 and words[0].pos_ in {"PRON", "DET", "ADV"} and words[0].lower_ != "it":
        return False
    return True


def _attach_citing(cite, frames: list[Frame], lo: int, hi: int) -> list[Frame]:
    """ "..., The Sun reports, citing sources in X": the cited sources nest inside the frame
    whose cue comes just before ``citing``; with no such frame the cited source is the only link."""
    objs = [c for c in cite.children if c.dep_ == "dobj"]
    if not objs:
        return frames
    doc = cite.doc
    span = (cite.idx, cite.idx + len(cite.text))
    links, heads = source_chain(objs[0], cite.text, "cite", span)
    cite_tokens = {t.i for t in cite.subtree}
    owner = None
    for f in frames:
        if f.cue_i == cite.head.i or (f.cue_i < cite.i and (owner is None or f.cue_i > owner.cue_i) and cite.i - f.cue_i <= 12):
            owner = f if owner is None or f.cue_i == cite.head.i or f.cue_i > owner.cue_i else owner
    result = []
    for f in frames:
        content = tuple(i for i in f.content if i not in cite_tokens)
        if f is owner:
            result.append(Frame(f.cue_i, f.cue, f.cue_span, f.lemma, f.stance, f.sources + tuple(links), f.heads + tuple(h.i for h in heads), content, tuple(sorted(set(f.frame_tokens) | cite_tokens)), f.cue_negated))
        else:
            result.append(Frame(f.cue_i, f.cue, f.cue_span, f.lemma, f.stance, f.sources, f.heads, content, f.frame_tokens, f.cue_negated))
    if owner is None:
        head = cite.head
        base = head.subtree if head.i != cite.i else doc[lo:hi]
        content = tuple(sorted(t.i for t in base if lo <= t.i < hi and t.i not in cite_tokens))
        if _substantial(doc, content):
            result.append(Frame(cite.i, cite.text, span, "cite", "neutral", tuple(links), tuple(h.i for h in heads), content, tuple(sorted(cite_tokens))))
    return result

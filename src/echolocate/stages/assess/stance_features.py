"""Numeric features of a (claim, text) pair for the stance classifier.

Why hand-made features and not a neural model: stance has to run on every carrier of
every claim group, thousands of pairs per story, on a laptop CPU; and each feature can be
read by an analyst ("the body says 'hoax' next to the claim's words"). Two families:

- relatedness: does the text talk about the claim at all? TF-IDF cosine against the whole
  text and against its best-matching sentences, coverage of the claim's words, bigrams and
  character 5-grams. Word weights come from a hashed IDF table (no vocabulary is shipped).
- stance: what does the text do with the claim? Counts of refuting, hedging/reporting,
  confirming and negation cues in the claim, the lead, the whole text and the sentences
  most similar to the claim, plus negation within a few words of a shared word.

Everything here is pure Python over regular-expression tokens: no spaCy, so a text shared
by many claims is prepared once (``prepare_text``) and scored quickly against each.
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass
from typing import Sequence

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(A-Z0-9])|\n+")
LEAD_CHARS = 300
TOP_SENTENCES = 3

_STOP = frozenset(
    """a an the and or but if of at by for with about against between into through during before after
    above below to from up down in out on off over under again further then once here there when where why
    how all any both each few more most other some such only own same so than too very s t can will just
    don should now i me my we our you your he him his she her it its they them their what which who whom
    this that these those am is are was were be been being have has had having do does did doing would
    also as said says say told new one two three mr mrs ms us per via""".split()
)
# Cue lists: generic English words, written for this module (not learned from any data set).
_REFUTE = frozenset(
    """fake fakes faked hoax hoaxes false falsely deny denies denied denial denying debunk debunked
    debunks bogus untrue satire satirical prank pranks retract retracted retraction refute refuted
    refutes rejected rejects dismissed dismisses baseless fabricated fabrication myth misleading
    doubt doubts doubtful doubted skeptical sceptical nonsense rubbish wrong incorrect erroneous
    disputed disputes contradicted fiction photoshopped doctored scam spoof parody""".split()
)
_HEDGE = frozenset(
    """reportedly allegedly alleged purportedly supposedly apparently claim claims claimed claiming
    rumor rumors rumour rumours rumored rumoured unconfirmed unverified speculation speculated
    speculate may might could possibly perhaps maybe likely unlikely appears appear seems seem
    suggests suggest suggested according sources source believed reports reported reporting
    report if whether unclear tweeted posted""".split()
)
_CONFIRM = frozenset(
    """confirmed confirms confirm confirming official officially announced announces revealed
    verified indeed actually proved proven true truly statement authentic genuine""".split()
)
_NEGATION = frozenset(
    """not no never none nobody nothing neither nor without n't cannot isn't wasn't aren't weren't
    don't doesn't didn't won't wouldn't hasn't haven't hadn't couldn't shouldn't""".split()
)
_CUE_GROUPS = (_REFUTE, _HEDGE, _CONFIRM, _NEGATION)


def _stem(word: str) -> str:
    """A light suffix stripper: enough to match 'denies'/'denied' or 'troops'/'troop'."""
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _bucket(term: str, size: int) -> int:
    return zlib.crc32(term.encode("utf-8")) % size


@dataclass(frozen=True)
class IdfTable:
    """Inverse document frequencies in hashed buckets; an unseen bucket gets ``default``."""

    weights: tuple[float, ...]
    default: float

    def __call__(self, term: str) -> float:
        if not self.weights:
            return self.default
        return self.weights[_bucket(term, len(self.weights))]


@dataclass(frozen=True)
class _Sentence:
    words: tuple[str, ...]  # lower-cased raw tokens
    stems: tuple[str, ...]  # stems aligned with ``words``
    vector: dict[str, float]  # unit-length tf-idf over content stems
    text: str


@dataclass(frozen=True)
class PreparedText:
    """A text tokenised once, so many claims can be scored against it cheaply."""

    sentences: tuple[_Sentence, ...]
    vector: dict[str, float]
    stems: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    chargrams: frozenset[str]
    lead_stems: frozenset[str]
    cue_counts: tuple[float, ...]  # per cue group, per token, over the whole text
    lead_cues: tuple[float, ...]
    n_tokens: int


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("’", "'"))


def _content(stems: Sequence[str]) -> list[str]:
    return [s for s in stems if s not in _STOP and len(s) > 1]


def _tfidf(stems: Sequence[str], idf: IdfTable) -> dict[str, float]:
    vec: dict[str, float] = {}
    for s in _content(stems):
        vec[s] = vec.get(s, 0.0) + 1.0
    for s, count in vec.items():
        vec[s] = (1.0 + math.log(count)) * idf(s)
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {s: v / norm for s, v in vec.items()} if norm else {}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(s, 0.0) for s, v in a.items())


def _chargrams(text: str, n: int = 5) -> frozenset[str]:
    flat = " ".join(tokens(text))
    return frozenset(flat[i : i + n] for i in range(max(0, len(flat) - n + 1)))


def _cue_rates(words: Sequence[str]) -> tuple[float, ...]:
    total = max(1, len(words))
    return tuple(sum(1 for w in words if w in group) / total for group in _CUE_GROUPS)


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def prepare_text(text: str, idf: IdfTable) -> PreparedText:
    sentences = []
    for raw in split_sentences(text):
        words = tuple(tokens(raw))
        if not words:
            continue
        stems = tuple(_stem(w) for w in words)
        sentences.append(_Sentence(words, stems, _tfidf(stems, idf), raw))
    all_words = [w for s in sentences for w in s.words]
    all_stems = [s for sent in sentences for s in sent.stems]
    content = _content(all_stems)
    lead_words = tokens(text[:LEAD_CHARS])
    return PreparedText(
        sentences=tuple(sentences),
        vector=_tfidf(all_stems, idf),
        stems=frozenset(content),
        bigrams=frozenset(zip(content, content[1:])),
        chargrams=_chargrams(text),
        lead_stems=frozenset(_stem(w) for w in lead_words),
        cue_counts=_cue_rates(all_words),
        lead_cues=_cue_rates(lead_words),
        n_tokens=len(all_words),
    )


def _negation_near(sentence: _Sentence, shared: frozenset[str], window: int = 4) -> float:
    """1 if a negation sits within ``window`` tokens of a word the sentence shares with the claim."""
    neg = [i for i, w in enumerate(sentence.words) if w in _NEGATION]
    if not neg:
        return 0.0
    hits = [i for i, s in enumerate(sentence.stems) if s in shared]
    return 1.0 if any(abs(i - j) <= window for i in neg for j in hits) else 0.0


FEATURE_NAMES: tuple[str, ...] = (
    "cos_text", "cos_best", "cos_top3", "cover", "cover_idf", "cover_lead", "cover_bigram",
    "cover_char5", "claim_len", "text_len_log", "idf_max_matched", "idf_max_missing",
    "n_sentences_log", "best_position",
    "claim_refute", "claim_hedge", "claim_confirm", "claim_negation", "claim_question",
    "text_refute", "text_hedge", "text_confirm", "text_negation",
    "lead_refute", "lead_hedge", "lead_confirm", "lead_negation",
    "top_refute", "top_hedge", "top_confirm", "top_negation", "top_negation_near",
    "top_quote", "best_refute", "best_hedge", "best_negation_near", "polarity_match",
)


@dataclass(frozen=True)
class PairFeatures:
    values: tuple[float, ...]
    best_sentence: str
    refuting_sentence: str  # the most claim-like sentence holding a refuting cue, or ""


def pair_features(claim: str, text: PreparedText, idf: IdfTable) -> PairFeatures:
    """The feature vector (in ``FEATURE_NAMES`` order) of one claim against a prepared text."""
    words = tokens(claim)
    stems = [_stem(w) for w in words]
    content = _content(stems)
    cset = frozenset(content)
    cvec = _tfidf(stems, idf)
    sims = [_cosine(cvec, s.vector) for s in text.sentences]
    order = sorted(range(len(sims)), key=lambda i: (-sims[i], i))
    top = [text.sentences[i] for i in order[:TOP_SENTENCES]]
    best = top[0] if top else None
    matched = [s for s in cset if s in text.stems]
    missing = [s for s in cset if s not in text.stems]
    idf_total = sum(idf(s) for s in cset) or 1.0
    bigrams = list(zip(content, content[1:]))
    cgrams = _chargrams(claim)
    top_words = [w for s in top for w in s.words]
    top_rates = _cue_rates(top_words)
    best_rates = _cue_rates(best.words) if best else (0.0,) * 4
    shared = frozenset(matched)
    claim_rates = _cue_rates(words)
    claim_neg = sum(1 for w in words if w in _NEGATION or w in _REFUTE) % 2
    best_neg = sum(1 for w in (best.words if best else ()) if w in _NEGATION or w in _REFUTE) % 2
    values = (
        _cosine(cvec, text.vector),
        sims[order[0]] if sims else 0.0,
        sum(sims[i] for i in order[:TOP_SENTENCES]) / TOP_SENTENCES if sims else 0.0,
        len(matched) / len(cset) if cset else 0.0,
        sum(idf(s) for s in matched) / idf_total if cset else 0.0,
        sum(1 for s in cset if s in text.lead_stems) / len(cset) if cset else 0.0,
        sum(1 for b in bigrams if b in text.bigrams) / len(bigrams) if bigrams else 0.0,
        len(cgrams & text.chargrams) / len(cgrams) if cgrams else 0.0,
        float(len(content)),
        math.log1p(text.n_tokens),
        max((idf(s) for s in matched), default=0.0),
        max((idf(s) for s in missing), default=0.0),
        math.log1p(len(text.sentences)),
        order[0] / len(sims) if sims else 1.0,
        *claim_rates,
        1.0 if "?" in claim else 0.0,
        *text.cue_counts,
        *text.lead_cues,
        *top_rates,
        sum(_negation_near(s, shared) for s in top) / TOP_SENTENCES,
        1.0 if any(q in s.text for s in top for q in ('"', "“", "”")) else 0.0,
        best_rates[0], best_rates[1],
        _negation_near(best, shared) if best else 0.0,
        1.0 if claim_neg == best_neg else 0.0,
    )
    refuting = next((s.text for s in (text.sentences[i] for i in order) if any(w in _REFUTE for w in s.words)), "")
    return PairFeatures(values, best.text if best else "", refuting)

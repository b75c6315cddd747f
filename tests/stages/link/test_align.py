"""Word-level alignment: passages, offsets, similarity and mutations on small hand-written texts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from echolocate.stages.link.align import AlignParams, align
from echolocate.stages.link.reuse_tokens import tokenize

HARBOUR = (
    "The harbour authority said on Tuesday that 40 fishing boats were damaged by the storm overnight. "
    "Officials reportedly plan to reopen the port by Friday if the weather allows. "
    "A spokesman added that no crew members had been injured during the night. "
    "Repairs to the northern breakwater are expected to cost several million euros, according to the mayor."
)
ORCHARD = (
    "Growers in the valley expect the smallest apple harvest in a decade after a late frost in April. "
    "The cooperative has asked the regional government for emergency loans to cover the losses."
)


def _pairs(a: str, b: str):
    return align(tokenize(a), tokenize(b))


def test_align_identical_text_is_one_full_passage():
    [passage] = _pairs(HARBOUR, HARBOUR)
    assert (passage.a_start, passage.a_end) == (0, len(HARBOUR))
    assert (passage.b_start, passage.b_end) == (0, len(HARBOUR))
    assert passage.similarity == 1.0
    assert passage.mutations == ()


@pytest.mark.parametrize(
    ("old", "new", "kind", "a_text", "b_text"),
    [
        ("that 40 fishing boats", "that 45 fishing boats", "number_changed", "40", "45"),
        ("Officials reportedly plan", "Officials plan", "hedge_dropped", "reportedly", ""),
        ("if the weather allows", "if the stormy weather allows", "words_inserted", "", "stormy"),
        ("no crew members had", "no crew had", "words_deleted", "members", ""),
        ("expected to cost several", "likely to cost several", "hedge_dropped", "expected", "likely"),
        ("fishing boats were damaged", "fishing boats were wrecked", "words_changed", "damaged", "wrecked"),
    ],
)
def test_align_edit_shows_as_mutation(old, new, kind, a_text, b_text):
    assert old in HARBOUR
    edited = HARBOUR.replace(old, new)
    [passage] = _pairs(HARBOUR, edited)
    assert passage.mutations, "an edited copy must report its difference"
    # "expected" -> "likely" swaps a plain word for a hedge: seen from a to b, the hedge was added
    expected_kind = "hedge_added" if kind == "hedge_dropped" and b_text else kind
    assert [(m.kind, m.a_text, m.b_text) for m in passage.mutations] == [(expected_kind, a_text, b_text)]
    assert 0.9 < passage.similarity < 1.0


def test_align_mutation_mirrors_when_sides_swap():
    edited = HARBOUR.replace("Officials reportedly plan", "Officials plan")
    [forward] = _pairs(HARBOUR, edited)
    [backward] = _pairs(edited, HARBOUR)
    assert [m.kind for m in forward.mutations] == ["hedge_dropped"]
    assert [m.kind for m in backward.mutations] == ["hedge_added"]
    assert forward.similarity == backward.similarity


def test_align_reordered_sentences_give_several_passages():
    sentences = [s + "." for s in HARBOUR.rstrip(".").split(". ")]
    moved = " ".join([sentences[3], sentences[0], sentences[1], sentences[2]])
    passages = _pairs(HARBOUR, moved)
    assert len(passages) == 2
    for p in passages:
        assert HARBOUR[p.a_start:p.a_end] == moved[p.b_start:p.b_end]
    assert {HARBOUR[p.a_start:p.a_end] for p in passages} == {sentences[3], " ".join(sentences[:3])}


def test_align_dropped_sentence_stays_one_passage_with_a_deletion():
    sentences = [s + "." for s in HARBOUR.rstrip(".").split(". ")]
    shorter = " ".join(sentences[:2] + sentences[3:])
    [passage] = _pairs(HARBOUR, shorter)
    assert passage.a_only == len(tokenize(sentences[2]).norms) and passage.b_only == 0
    assert [m.kind for m in passage.mutations] == ["words_deleted"]


def test_align_passage_inside_other_text_has_exact_offsets():
    copied = HARBOUR.split(". ")[0] + "."
    host = f"{ORCHARD} Meanwhile on the coast: {copied} The forecast for the weekend is calmer."
    [passage] = _pairs(HARBOUR, host)
    assert host[passage.b_start:passage.b_end] == copied
    assert HARBOUR[passage.a_start:passage.a_end] == copied


def test_align_unrelated_texts_share_no_passage():
    assert _pairs(HARBOUR, ORCHARD) == []


def test_align_short_shared_phrase_is_not_a_passage():
    a = "Officials said in a statement on Monday that the bridge would close."
    b = "Officials said in a statement on Monday that taxes would rise next year."
    assert _pairs(a, b) == []
    assert align(tokenize(a), tokenize(b), AlignParams(min_words=8)) != []


_SENTENCES = [s + "." for s in (HARBOUR + " " + ORCHARD).replace(".", "").split(". ") if s] + [
    "The council will vote on the new budget on Thursday evening.",
    "Several residents complained about the noise from the construction site near the school.",
    "A local bakery donated bread to the volunteers who cleared the beach after the storm.",
    "Police closed the coastal road for three hours while engineers inspected the cliff.",
]
_WORDS = ["reportedly", "new", "42", "may", "about", "the", "harbour", "coast", "quickly", "17"]


@st.composite
def _texts(draw):
    picked = draw(st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=6))
    words = " ".join(picked).split(" ")
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(words)))
        words.insert(at, draw(st.sampled_from(_WORDS)))
    return " ".join(words)


@settings(max_examples=60, deadline=None)
@given(_texts(), _texts())
def test_align_similarity_is_symmetric_and_offsets_inside_texts(a, b):
    forward = _pairs(a, b)
    backward = _pairs(b, a)
    assert sorted((p.a_start, p.a_end, p.b_start, p.b_end, p.similarity) for p in forward) == sorted(
        (p.b_start, p.b_end, p.a_start, p.a_end, p.similarity) for p in backward)
    for p in forward:
        assert 0 <= p.a_start < p.a_end <= len(a)
        assert 0 <= p.b_start < p.b_end <= len(b)
        assert 0.0 < p.similarity <= 1.0

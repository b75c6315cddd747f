"""The pipeline loader: cached, configured once, clear error when the model is missing."""

from __future__ import annotations

import pytest

from echolocate.errors import EcholocateError
from echolocate.stages.read import nlp as nlp_mod
from echolocate.stages.read.entities import RULER_NAME


@pytest.fixture(scope="module")
def nlp():
    return nlp_mod.load_pipeline()


def test_load_pipeline_is_cached(nlp):
    assert nlp_mod.load_pipeline() is nlp


def test_load_pipeline_has_parser_lemmas_and_ruler_before_ner(nlp):
    names = nlp.pipe_names
    assert {"parser", "ner", "lemmatizer", "attribute_ruler"} <= set(names)
    assert names.index(RULER_NAME) < names.index("ner")
    assert names.count(RULER_NAME) == 1


def test_load_pipeline_without_parser_still_splits_sentences():
    fast = nlp_mod.load_pipeline(parser=False)
    assert "parser" not in fast.pipe_names
    doc = fast("The ship sailed. It reached port on Monday.")
    assert len(list(doc.sents)) == 2


def test_load_pipeline_without_lemmas_keeps_tags():
    lean = load_lean()
    assert "lemmatizer" not in lean.pipe_names
    assert [t.tag_ for t in lean("Ships sailed.")][0] == "NNS"


def load_lean():
    return nlp_mod.load_pipeline(parser=True, lemmas=False)


def test_pipe_keeps_order(nlp):
    texts = ["Alpha went home.", "Bravo stayed.", "Charlie left early."]
    docs = list(nlp_mod.pipe(texts, batch_size=2))
    assert [d.text for d in docs] == texts


def test_load_pipeline_missing_model_raises_with_hint(monkeypatch):
    monkeypatch.setattr(nlp_mod, "MODEL_NAME", "no_such_model_xyz")
    nlp_mod.load_pipeline.cache_clear()
    try:
        with pytest.raises(EcholocateError) as err:
            nlp_mod.load_pipeline(parser=True, fast_ops=False)
        assert "no_such_model_xyz" in str(err.value)
        assert err.value.hint and "pip install" in err.value.hint
    finally:
        monkeypatch.undo()
        nlp_mod.load_pipeline.cache_clear()


def test_blis_check_returns_bool():
    assert isinstance(nlp_mod.blis_is_generic(), bool)

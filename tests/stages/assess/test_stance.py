"""Tests for the stance model: hand-written pairs per label, robustness, and floors on public data."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from echolocate.stages.assess import stance_features as sf
from echolocate.stages.assess.stance import LABELS, StanceModel, StanceResult

REPO = Path(__file__).resolve().parents[3]
DATASETS = REPO.parent / "shared" / "datasets"

_TEXT_ABOUT_BRIDGE = (
    "Engineers closed the old river bridge in Dornfeld on Monday after cracks were found in two pillars. "
    "The city council said the bridge would stay shut for repairs until the spring. "
    "Traffic is being diverted through the northern ring road."
)


@pytest.fixture(scope="module")
def model() -> StanceModel:
    return StanceModel.load()


def _eval_module(name: str):
    spec = importlib.util.spec_from_file_location(f"{name}_eval", REPO / "eval" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


# Written for these tests. Each body is about its claim except the "unrelated" one.
CASES = [
    ("agree", "Dornfeld river bridge closed after cracks found", _TEXT_ABOUT_BRIDGE),
    (
        "disagree",
        "Giant squid washed up on Brennmouth beach",
        "There was no giant squid on Brennmouth beach. Local officials denied the story on Tuesday and said "
        "the viral picture was doctored. \"It is a hoax,\" a council spokesman said. \"Nothing washed up here.\"",
    ),
    (
        "discuss",
        "Pop singer Lia Marr to quit music",
        "Rumours are spreading online that pop singer Lia Marr could quit music, according to unnamed sources. "
        "Fans claim she reportedly told friends she may stop touring, but this has not been confirmed. "
        "Her label did not respond to requests for comment, and it is unclear whether the reports are true.",
    ),
    ("unrelated", "Central bank raises interest rates to curb inflation", _TEXT_ABOUT_BRIDGE),
]


@pytest.mark.parametrize(("label", "claim", "text"), CASES, ids=[c[0] for c in CASES])
def test_stance_predicts_label_of_written_pairs(model, label, claim, text):
    result = model.predict(claim, text)
    assert result.label == label, result
    assert 0.0 < result.score <= 1.0
    assert result.evidence and result.evidence in text


def test_stance_disagree_evidence_holds_refuting_cue(model):
    _, claim, text = CASES[1]
    result = model.predict(claim, text)
    assert any(cue in result.evidence.lower() for cue in ("hoax", "denied", "fake"))


def test_stance_denial_raises_disagree_probability(model):
    """Disagree is the model's weakest class; at least a denial must move it the right way."""
    claim = "Giant squid washed up on Brennmouth beach"
    asserting = "A giant squid washed up on Brennmouth beach on Sunday, the coastguard said. It measured nine metres."
    denying = (
        "Reports that a giant squid washed up on Brennmouth beach are false. The story is a hoax: the photo "
        "that went viral was fake, and the coastguard denied that anything had washed up."
    )
    proba = model.probabilities([(claim, asserting), (claim, denying)])
    k = LABELS.index("disagree")
    assert proba[1, k] > proba[0, k] + 0.1


def test_stance_shares_no_word_means_unrelated(model):
    assert model.predict("Central bank raises interest rates", "Engineers closed the bridge.").label == "unrelated"


def test_stance_assume_related_never_says_unrelated(model):
    result = model.predict(CASES[3][1], CASES[3][2], assume_related=True)
    assert result.label in {"agree", "discuss", "disagree"}


@pytest.mark.parametrize(("label", "role"), [("agree", "asserts"), ("discuss", "reports"), ("disagree", "denies"), ("unrelated", None)])
def test_stance_result_role_maps_labels(label, role):
    assert StanceResult(label, 0.5, "").role == role


def test_stance_is_deterministic_and_batch_independent(model):
    pairs = [(c, t) for _, c, t in CASES]
    first = model.predict_many(pairs)
    assert model.predict_many(pairs) == first
    assert [model.predict(c, t) for c, t in pairs] == first
    assert model.predict_many(list(reversed(pairs))) == list(reversed(first))


@pytest.mark.parametrize(("claim", "text"), [("", ""), ("claim", ""), ("", "Some text."), ("...", "!!! ???"), ("x", "\n\n\n")])
def test_stance_never_raises_on_empty_text(model, claim, text):
    result = model.predict(claim, text)
    assert result.label in LABELS
    assert model.predict_many([]) == []


def test_stance_trees_match_feature_count(model):
    assert int(model.trees.feature.max()) < len(sf.FEATURE_NAMES)
    proba = model.trees.proba(np.zeros((2, len(sf.FEATURE_NAMES))))
    assert np.allclose(proba.sum(axis=1), 1.0)


@pytest.mark.parametrize(("word", "stem"), [("denies", "deny"), ("troops", "troop"), ("reported", "report"), ("it's", "it")])
def test_stance_features_stem_strips_suffixes(word, stem):
    assert sf._stem(word) == stem


def test_stance_features_split_sentences():
    assert sf.split_sentences("One here. Two there! \"Three?\" Yes.\nFour") == ["One here.", "Two there!", "\"Three?\" Yes.", "Four"]


def test_stance_fnc_score_weights():
    fnc = _eval_module("fnc1")
    score, best = fnc.fnc_score(["agree", "unrelated", "discuss"], ["discuss", "unrelated", "discuss"])
    assert (score, best) == (0.25 + 0.25 + 1.0, 1.0 + 0.25 + 1.0)


# Floors: measured figures on these subsets (see the comments), a few points below.
def test_stance_fnc1_heldout_floor(model):
    if not (DATASETS / "fnc1").is_dir():
        pytest.skip("../shared/datasets/fnc1 is absent")
    out = _eval_module("fnc1").evaluate(model, DATASETS / "fnc1", limit=FNC_LIMIT)
    assert out["fnc_relative"] >= FNC_FLOOR, out["fnc_relative"]
    assert out["related_accuracy"] >= RELATED_FLOOR, out["related_accuracy"]


def test_stance_emergent_floor(model):
    if not (DATASETS / "emergent").is_dir():
        pytest.skip("../shared/datasets/emergent is absent")
    out = _eval_module("emergent_stance").evaluate(model, DATASETS / "emergent", limit=EMERGENT_LIMIT)
    assert out["accuracy"] >= EMERGENT_FLOOR, out["accuracy"]


# Measured with the shipped model: FNC-1 first 100 held-out bodies (2,441 pairs) -> FNC 91.4 %,
# related/unrelated accuracy 0.989; Emergent first 400 rows -> accuracy 0.600.
FNC_LIMIT, FNC_FLOOR, RELATED_FLOOR = 100, 0.88, 0.97
EMERGENT_LIMIT, EMERGENT_FLOOR = 400, 0.56

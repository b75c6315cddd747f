"""MinHash signatures and LSH candidates: windows, determinism, picklability, no all-pairs."""

from __future__ import annotations

import pickle

import pytest

from echolocate.stages.link.minhash import (
    MinHashParams,
    candidate_pairs,
    lsh_candidates,
    sign,
    sign_batch,
    window_bounds,
)
from echolocate.stages.link.reuse_tokens import tokenize

# Twelve sentences of our own on unrelated subjects, used to build long "articles".
_FILLER = [
    "The museum reopened its east wing after a two year renovation of the glass roof.",
    "Volunteers counted more than three hundred migrating cranes on the marsh this weekend.",
    "The city library will extend its opening hours during the examination period in June.",
    "A new ferry line links the two islands twice a day during the summer season.",
    "Farmers in the north reported that the dry spring delayed the sowing of barley.",
    "The orchestra announced a series of free concerts in parks across the district.",
    "Engineers tested the new tram brakes on a steep section of the hill line.",
    "The regional court postponed the hearing because a key witness was abroad.",
    "Students built a small weather station on the roof of the science faculty.",
    "The zoo welcomed two red panda cubs born in the first week of the month.",
    "Cyclists asked the council for a protected lane along the busy river road.",
    "A bakery on the main square has sold the same rye loaf for ninety years.",
]
_COPIED = (
    "The harbour authority said on Tuesday that 40 fishing boats were damaged by the storm overnight. "
    "Officials plan to reopen the port by Friday if the weather allows. "
    "A spokesman added that no crew members had been injured during the night."
)


def _article(start: int, copy_at: int | None = None) -> str:
    sentences = [_FILLER[(start + i) % len(_FILLER)] for i in range(len(_FILLER))]
    if copy_at is not None:
        sentences.insert(copy_at, _COPIED)
    return " ".join(sentences * 2)


def test_sign_is_deterministic_and_picklable():
    first = sign("r1", _article(0))
    again = sign("r1", _article(0))
    assert first == again
    assert pickle.loads(pickle.dumps(first)) == first
    assert first.seed == 1 and first.num_perm == 128 and first.shingle == 5


def test_sign_batch_equals_one_by_one():
    items = [("a", _article(0)), ("b", _article(3)), ("c", "too short")]
    assert sign_batch(items) == [sign(i, t) for i, t in items]


def test_sign_text_shorter_than_a_shingle_has_no_windows():
    assert sign("tiny", "Four words only here").windows == ()


def test_window_bounds_cover_the_text_and_start_at_sentences():
    tokens = tokenize(_article(0))
    params = MinHashParams()
    bounds = window_bounds(tokens, params)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(tokens)
    assert all(b[0] < a[1] for a, b in zip(bounds, bounds[1:])), "consecutive windows overlap"
    assert all(start in tokens.sentence_starts for start, _ in bounds)
    assert all(end - start <= 2 * params.window_words for start, end in bounds)


def test_candidate_pairs_find_short_copy_inside_long_articles():
    signatures = sign_batch([("source", _article(0, copy_at=5)), ("host", _article(6, copy_at=17)),
                             ("other", _article(2))])
    whole = {s.report_id: s.windows[0] for s in signatures}
    assert whole["source"].whole
    pairs = {(signatures[c.a].report_id, signatures[c.b].report_id) for c in candidate_pairs(signatures)}
    assert ("source", "host") in pairs


def test_candidate_pairs_skip_unrelated_reports():
    unrelated = [
        "Growers in the valley expect the smallest apple harvest in a decade after a late frost in April.",
        "The council will vote on the new budget on Thursday evening after a long debate about schools.",
        "Police closed the coastal road for three hours while engineers inspected the crumbling cliff.",
    ]
    signatures = sign_batch([(f"r{i}", text) for i, text in enumerate(unrelated)])
    assert candidate_pairs(signatures) == []


def test_candidate_pairs_large_bucket_links_to_first_member_only():
    signatures = sign_batch([(f"r{i:02d}", _COPIED) for i in range(8)])
    params = MinHashParams(max_bucket=3)
    pairs = {(c.a, c.b) for c in candidate_pairs(signatures, params)}
    assert pairs == {(0, i) for i in range(1, 8)}
    assert len(candidate_pairs(signatures)) == 8 * 7 // 2


def test_candidate_pairs_refuse_signatures_made_with_other_parameters():
    signatures = sign_batch([("a", _COPIED)], MinHashParams(seed=7))
    with pytest.raises(ValueError, match="seed=7"):
        candidate_pairs(signatures, MinHashParams())


def test_params_describe_records_bands_and_version():
    described = MinHashParams().describe()
    assert described["bands"] * described["rows"] <= described["num_perm"]
    assert {"seed", "num_perm", "shingle", "threshold", "datasketch"} <= set(described)


@pytest.mark.parametrize("params,batch", [
    (MinHashParams(), 256),
    (MinHashParams(), 1),  # a spill after every report
    (MinHashParams(max_bucket=3), 2),  # large buckets, as candidate_pairs treats them
])
def test_lsh_candidates_equal_candidate_pairs(params, batch):
    texts = [_article(i % 5, copy_at=(i * 3) % 12 if i % 2 else None) for i in range(9)]
    texts += [_COPIED] * 4 + ["Too short."]
    want = candidate_pairs(sign_batch([(f"r{i}", t) for i, t in enumerate(texts)], params), params)
    got = lsh_candidates((tokenize(t) for t in texts), params, batch=batch)
    assert got == want
    assert any(c.collisions > 1 for c in got)


def test_lsh_candidates_of_nothing_is_empty():
    assert lsh_candidates(iter([])) == []
    assert lsh_candidates([tokenize("Two words.")]) == []

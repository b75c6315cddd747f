"""The local engine's re-use step: candidate pairs aligned block by block in worker processes give the
links of aligning them all in this process, in the same order."""

from __future__ import annotations

import random
from datetime import date

from echolocate.config import Settings
from echolocate.engines import dispatch
from echolocate.stages.link import ReuseInput, ReuseParams, find_reuse
from echolocate.stages.link import reuse

_SENTENCES = [
    "The ferry operator said on Monday that 12 crossings were cancelled because of the high winds.",
    "Passengers were told to expect delays of up to four hours at the western terminal.",
    "A spokeswoman for the port reportedly said the harbour would stay closed overnight.",
    "Engineers inspected the loading ramp after a lorry slid against the barrier.",
    "The regional council has promised to publish a review of the closures by the end of March.",
    "Local hotels offered reduced rates to travellers stranded in the town.",
    "Fishermen said the storm was the worst they had seen in twenty years.",
    "The weather service expects the wind to drop by Thursday afternoon.",
]


def _copies(n: int, seed: int = 5) -> list[ReuseInput]:
    """``n`` short reports, each most of the sentences above in its own order, one number changed: every
    pair shares passages, so there are n(n-1)/2 candidate pairs to align."""
    rng = random.Random(seed)
    reports = []
    for i in range(n):
        kept = [s for s in _SENTENCES if rng.random() > 0.2]
        rng.shuffle(kept)
        text = " ".join(kept).replace("12", str(12 + i % 3))
        reports.append(ReuseInput(f"r{i:02d}", text, date(2026, 3, 1 + i % 5), f"outlet {i % 4}"))
    return reports


def test_local_engine_aligns_blocks_on_its_pool_with_the_links_of_one_process(tmp_path, monkeypatch):
    inputs = _copies(14)  # 91 pairs
    want = find_reuse(inputs, ReuseParams())
    monkeypatch.setattr(reuse, "ALIGN_BLOCK", 3)  # 31 blocks: past the in-process threshold, so the pool runs
    seen = []
    real_map = dispatch.run_ordered
    monkeypatch.setattr(dispatch, "run_ordered",
                        lambda func, items, **kw: seen.append(kw) or real_map(func, items, **kw))
    with dispatch.open_engine(Settings(db=tmp_path / "s.duckdb", workers=2)) as engine:
        got = list(engine.reuse(inputs, ReuseParams()))
    assert seen and seen[0]["workers"] == 2
    assert len(want) > 91 and got == want


def test_find_reuse_in_blocks_reports_progress_to_the_last_pair(monkeypatch):
    inputs = _copies(8)  # 28 pairs
    monkeypatch.setattr(reuse, "ALIGN_BLOCK", 5)
    calls = []
    blocks = []
    links = find_reuse(inputs, ReuseParams(), progress=lambda done, total: calls.append((done, total)),
                       map_blocks=lambda func, items: (blocks.append(1) or func(b) for b in items))
    assert links == find_reuse(inputs, ReuseParams())
    assert len(blocks) == 6 and calls[-1] == (28, 28) and [d for d, _ in calls] == [5, 10, 15, 20, 25, 28]


def test_align_blocks_carry_only_the_reports_their_pairs_name():
    inputs = _copies(6)
    candidates = reuse.lsh_candidates((reuse.tokenize(r.text) for r in inputs), ReuseParams().minhash)
    blocks = list(reuse.align_blocks(inputs, candidates, 4))
    assert sum(len(b.pairs) for b in blocks) == len(candidates) == 15
    for block in blocks:
        named = {i for pair in block.pairs for i in pair}
        assert named == set(range(len(block.reports)))
        assert all(block.reports[a].report_id < block.reports[b].report_id for a, b in block.pairs)

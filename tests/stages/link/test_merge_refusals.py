"""The greedy average-linkage merge remembers refusals: the same groups as checking every edge afresh.

Scores come from a fixed random matrix (the merge reads claims only through ``Features.scores`` and ``Features.cross``), edges
are every pair above a bar, best first, so two groups meet over many edges and most are refused again.
(Remembering a refusal by the two roots alone, not their sizes, fails three of these cases.)
"""

from types import SimpleNamespace

import numpy as np
import pytest

from echolocate.stages.link import claim_groups
from echolocate.stages.link.claim_groups import GroupParams, _merge


class _Scores:
    def __init__(self, matrix: np.ndarray) -> None:
        self.matrix = matrix

    def scores(self, first, second, w):
        return self.matrix[np.asarray(first, dtype=int), np.asarray(second, dtype=int)]

    def cross(self, a, b, w):
        return self.matrix[np.ix_(np.asarray(a, dtype=int), np.asarray(b, dtype=int))]


def _reference(reports, feats, edges, linkage, params):
    """The merge without the memo: every edge checks its two groups again."""
    group = {i: [i] for i in range(len(reports))}
    root = list(range(len(reports)))
    for i, j in zip(*edges[:2]):
        a, b = root[i], root[j]
        if a == b:
            continue
        ma, mb = group[a], group[b]
        shared = {reports[x] for x in ma} & {reports[y] for y in mb}
        if shared:
            pairs = [(x, y) for y in mb for x in ma if reports[x] == reports[y]]
            if not all(feats.scores([x], [y], None)[0] >= params.repeat_threshold for x, y in pairs):
                continue
        if len(ma) + len(mb) > 2 and claim_groups._mean_link(feats, None, ma, mb, params.linkage_sample) < linkage:
            continue
        if len(ma) < len(mb):
            a, b, ma, mb = b, a, mb, ma
        group[a] = ma + mb
        for x in mb:
            root[x] = a
        del group[b]
    return sorted(sorted(m) for m in group.values())


@pytest.mark.parametrize(("seed", "linkage"), [(0, 0.62), (7, 0.65), (1, 0.7), (5, 0.62)])
def test_merge_with_refusals_remembered_equals_checking_every_edge(monkeypatch, seed, linkage):
    rng = np.random.default_rng(seed)
    n = 160
    topic = rng.integers(0, 6, n)
    matrix = rng.uniform(0.0, 0.5, (n, n)) + 0.45 * (topic[:, None] == topic[None, :])
    matrix = (matrix + matrix.T) / 2
    reports = [f"r{k % 40}" for k in range(n)]  # four claims a report: same-report pairs happen
    its = [SimpleNamespace(report_id=r) for r in reports]
    i, j = np.nonzero(np.triu(matrix >= 0.5, 1))
    s = matrix[i, j]
    order = np.lexsort((j, i, -s))
    edges = (i[order], j[order], s[order])
    params = GroupParams(linkage_sample=6)
    feats = _Scores(matrix)

    calls = []
    mean_link = claim_groups._mean_link
    monkeypatch.setattr(claim_groups, "_mean_link", lambda *a: calls.append(1) or mean_link(*a))
    merged = sorted(sorted(m) for m in _merge(its, feats, None, edges, linkage, params))
    remembered = len(calls)
    calls.clear()
    assert merged == _reference(reports, feats, edges, linkage, params)
    assert len(calls) > remembered  # the reference checked again what the merge remembered
    assert 1 < len(merged) < n  # some merges happened, some were refused

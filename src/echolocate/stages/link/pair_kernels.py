"""Compiled loops (numba) for scoring claim pairs: what numpy cannot do without a dozen array passes a call.

Claim grouping scores pairs in two shapes. Candidate pairs come in batches of hundreds of thousands,
where numpy's vectorised passes are cheap per pair. The merge and the representatives score a few
hundred pairs at a time, hundreds of thousands of times, and there numpy's fixed cost per call
(gathers, an ``intersect1d`` sort, a dozen temporaries) was two thirds of claim grouping. These
loops walk the two sorted CSR rows of a pair side by side, in column order, so the sums are added
in the order the numpy path added them and a pair's score does not depend on the batch it is in.

The embedding cosines stay in numpy (float16 storage, which numba cannot read): they come in as
``cosines``, one per pair, already floored at 0.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def _row_dot(indptr, indices, data, a, b):
    """Dot product of rows ``a`` and ``b`` of a CSR matrix with sorted columns (of a binary matrix: the
    columns both rows hold)."""
    pa, ea, pb, eb = indptr[a], indptr[a + 1], indptr[b], indptr[b + 1]
    total = 0.0
    while pa < ea and pb < eb:
        ca, cb = indices[pa], indices[pb]
        if ca == cb:
            total += data[pa] * data[pb]
            pa += 1
            pb += 1
        elif ca < cb:
            pa += 1
        else:
            pb += 1
    return total


@njit(cache=True, nogil=True)
def pair_scores(i, j, lex_ptr, lex_idx, lex_val, norms, ent_ptr, ent_idx, ent_val, cosines,
                w_lexical, w_entity, w_embedding):
    """The score of each pair ``(i[k], j[k])``: ``Features.scores``, term for term.

    Lexical: IDF-weighted cosine of the term rows. Entity: Jaccard of the entity rows, counted only
    when both claims carry some. Embedding: ``cosines[k]`` (an empty array when there is none).
    Weighted mean of the signals present, summed in the numpy path's order."""
    out = np.empty(i.size, dtype=np.float64)
    use_embedding = cosines.size > 0 and w_embedding > 0
    for k in range(i.size):
        a, b = i[k], j[k]
        lexical = _row_dot(lex_ptr, lex_idx, lex_val, a, b) / (norms[a] * norms[b])
        total = w_lexical
        acc = w_lexical * lexical
        if w_entity > 0:
            size_a, size_b = ent_ptr[a + 1] - ent_ptr[a], ent_ptr[b + 1] - ent_ptr[b]
            if size_a > 0 and size_b > 0:
                shared = _row_dot(ent_ptr, ent_idx, ent_val, a, b)
                union = float(size_a) + float(size_b) - shared
                acc += w_entity * shared / (union if union > 0 else 1.0)
                total += w_entity
        if use_embedding:
            acc += w_embedding * cosines[k]
            total += w_embedding
        out[k] = acc / total if total > 0 else 0.0
    return out

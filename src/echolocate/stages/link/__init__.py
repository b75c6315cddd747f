"""The link stage: what connects reports across the corpus.

Text re-use (``reuse``): passages shared between reports, found through MinHash/LSH
candidates (``minhash``) and word-level local alignment (``align``), with the copy
direction and the mutations. Near-linear in the number of reports: no all-pairs step.
"""

from echolocate.stages.link.reuse import (
    Mutation,
    ReuseInput,
    ReuseLink,
    ReuseParams,
    find_reuse,
    iter_reuse,
    near_duplicate_clusters,
)

__all__ = ["Mutation", "ReuseInput", "ReuseLink", "ReuseParams", "find_reuse", "iter_reuse", "near_duplicate_clusters"]

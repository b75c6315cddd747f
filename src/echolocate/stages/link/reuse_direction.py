"""Who copied whom, with the evidence an analyst can check.

In order of strength:
1. publication order, when both dates are known and differ;
2. an explicit citation: the later text names the other's outlet and not the reverse;
3. containment: a copy is usually its original trimmed. When one report is almost all
   shared text and the other holds clearly more of its own, the first is a subset of
   the second (the copy); otherwise, inside the shared passages, the side holding
   clearly more words the other lacks (dropped sentences, clauses, hedges) is taken
   as the original;
otherwise "unknown". Directions read "a->b" = b copied a.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from echolocate.stages.link.align import PassagePair

_MIN_SURPLUS = 5  # words (about a clause) one side must hold beyond the other before containment decides
_SURPLUS_RATIO = 2.0  # ... and at least this many times what the other side holds alone
_SUBSET_COVERAGE = 0.8  # a report this much made of shared passages ...
_SUBSET_MARGIN = 0.1  # ... whose partner is at least this much less covered, is the copy
_HOST_NOISE = frozenset({"www", "m", "mobile", "amp", "news", "com", "org", "net", "co", "uk", "info", "ru", "de"})


def copy_direction(a_published: date | None, b_published: date | None, a_outlet: str | None, b_outlet: str | None,
                   a_text: str, b_text: str, passages: Sequence[PassagePair],
                   a_coverage: float = 0.0, b_coverage: float = 0.0) -> tuple[str, str]:
    """``(direction, evidence)`` for one report pair; direction is "a->b", "b->a" or "unknown".

    ``a_coverage``/``b_coverage``: the share of each report's words aligned with the other report."""
    if a_published and b_published and a_published != b_published:
        if a_published < b_published:
            return "a->b", f"publication order: a {a_published.isoformat()} before b {b_published.isoformat()}"
        return "b->a", f"publication order: b {b_published.isoformat()} before a {a_published.isoformat()}"
    b_cites_a = bool(a_outlet) and names_outlet(b_text, a_outlet)
    a_cites_b = bool(b_outlet) and names_outlet(a_text, b_outlet)
    if b_cites_a and not a_cites_b:
        return "a->b", f"citation: b names a's outlet {a_outlet!r}"
    if a_cites_b and not b_cites_a:
        return "b->a", f"citation: a names b's outlet {b_outlet!r}"
    if b_coverage >= _SUBSET_COVERAGE and a_coverage <= b_coverage - _SUBSET_MARGIN:
        return "a->b", f"containment: b is a subset of a ({b_coverage:.0%} of b shared, {a_coverage:.0%} of a)"
    if a_coverage >= _SUBSET_COVERAGE and b_coverage <= a_coverage - _SUBSET_MARGIN:
        return "b->a", f"containment: a is a subset of b ({a_coverage:.0%} of a shared, {b_coverage:.0%} of b)"
    a_only = sum(p.a_only for p in passages)
    b_only = sum(p.b_only for p in passages)
    detail = f"{a_only} shared-passage words only in a, {b_only} only in b"
    if a_only >= _MIN_SURPLUS and a_only >= _SURPLUS_RATIO * b_only:
        return "a->b", f"containment: b is the trimmed side ({detail})"
    if b_only >= _MIN_SURPLUS and b_only >= _SURPLUS_RATIO * a_only:
        return "b->a", f"containment: a is the trimmed side ({detail})"
    reasons = ["dates unknown or equal"]
    reasons.append("citations on both sides" if a_cites_b and b_cites_a else "no citation")
    return "unknown", "; ".join(reasons) + f"; edits balanced ({detail})"


def names_outlet(text: str, outlet: str) -> bool:
    """Whether ``text`` names ``outlet`` as a whole phrase, ignoring case ("the Sun" matches "The Sun",
    never "sunset"). A leading "the" is optional; the name must start with a capital or a non-letter
    in the text, so the outlet "The Sun" is not found in "the sun rose". An outlet given as a host
    ("www.debka.com") is looked for by its site label ("debka"), in any case."""
    core = re.sub(r"^the\s+", "", outlet.strip(), flags=re.IGNORECASE)
    is_host = "." in core and " " not in core
    if is_host:
        labels = [label for label in core.lower().split(".") if label not in _HOST_NOISE]
        core = max(labels, key=len, default="")
    if not core:
        return False
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(word) for word in core.split()) + r"(?!\w)"
    return any(is_host or not text[m.start()].islower() for m in re.finditer(pattern, text, flags=re.IGNORECASE))

"""Independence and grades: how many origins truly back each claim group, and why.

For every group the carriers (its member claims) are split into those that state the
group's claim and those that deny or doubt it (opposite polarity, or a denying stance).
Supporting carriers sharing an origin key collapse into one origin; the grade follows:

- contested: some origin denies or doubts the claim;
- officially stated: an official body is among the supporting origins;
- corroborated: at least two independent supporting origins not rated unreliable;
- single-origin echo: several carriers, one origin;
- single source: one carrier, or one origin that is not rated unreliable;
- unsupported: no carrier could be resolved.

``GRADE_RANK`` orders grades for the properties tests check: adding an independent
supporting carrier never lowers the rank or the count, adding a copy never raises them.
The reasoning lines name which carriers collapsed into which origin and through what
(a citation, a copied passage, a wire, one outlet under several names).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from echolocate.stages.assess.reliability import ReliabilityTable
from echolocate.stages.link.claim_types import Assessment, CarrierOrigin, ClaimGroup, ClaimItem, Origin

__all__ = ["GRADE_RANK", "UNRELIABLE_BELOW", "assess_groups", "supports"]

GRADE_RANK: Mapping[str, int] = {
    "unsupported": 0, "contested": 1, "single-origin echo": 2, "single source": 2, "corroborated": 3,
    "officially stated": 4,
}
UNRELIABLE_BELOW = 0.3  # origins rated below this (Admiralty E, F-less numbers near 0) do not corroborate
_DOUBTING = frozenset({"denies", "doubts"})
_NUMBER_WORDS = {2: "both", 3: "all three", 4: "all four", 5: "all five"}


def supports(item: ClaimItem, representative: ClaimItem | None) -> bool:
    """Whether a member states its group's claim (True) or denies or doubts it (False).

    "X claimed that ..." is the reporter keeping its distance from X, not X doubting its own
    claim: that does not count against the claim; a denial or a source questioning it does.
    """
    reference = representative.negated if representative is not None else False
    flipped = item.negated != reference
    against = item.stance == "denies" or (item.stance in _DOUBTING and not _distancing(item))
    return flipped == against


_DISTANCING_CUES = frozenset({"claim", "claimed", "claims", "claiming", "allege", "alleged", "alleges",
                              "alleging", "allegedly", "purport", "purported", "purports", "purportedly"})


def _distancing(item: ClaimItem) -> bool:
    """"X claimed that ...": the reporter distances itself from X; X itself asserts."""
    cue = (item.chain[-1].cue or "").lower().split() if item.chain else []
    return bool(cue) and cue[-1] in _DISTANCING_CUES


def assess_groups(groups: Sequence[ClaimGroup], items: Mapping[str, ClaimItem],
                  origins: Mapping[str, CarrierOrigin],
                  reliability: ReliabilityTable | None = None) -> list[Assessment]:
    """One ``Assessment`` per group, in group ID order; independent of the order of members."""
    return [_assess(group, items, origins, reliability) for group in sorted(groups, key=lambda g: g.id)]


def _assess(group: ClaimGroup, items: Mapping[str, ClaimItem], origins: Mapping[str, CarrierOrigin],
            reliability: ReliabilityTable | None) -> Assessment:
    representative = items.get(group.representative)
    carriers: list[CarrierOrigin] = []
    missing: list[str] = []
    for claim_id in sorted(set(group.members)):
        carrier = origins.get(claim_id)
        item = items.get(claim_id)
        if carrier is None or item is None:
            missing.append(claim_id)
            continue
        rating = carrier.reliability
        if rating is None and reliability is not None:
            rating = reliability.rating_of(carrier.origin)
        carriers.append(replace(carrier, supports=supports(item, representative), reliability=rating))
    pro = [c for c in carriers if c.supports]
    con = [c for c in carriers if not c.supports]
    pro_origins = _distinct(pro)
    con_origins = _distinct(con)
    credible = [o for o in pro_origins if not _unreliable(_rating(o, pro))]
    grade, why = _grade(len(pro), pro_origins, credible, con_origins)
    reasoning = [_headline(len(pro), len(pro_origins), len(con))]
    reasoning += _origin_lines(pro_origins, pro, items)
    if con:
        reasoning += ["against: " + line for line in _origin_lines(con_origins, con, items)]
    reasoning += _reliability_lines(pro_origins + [o for o in con_origins if o not in pro_origins], carriers)
    if missing:
        reasoning.append(f"{len(missing)} member(s) without a resolved origin, not counted: {', '.join(missing)}")
    reasoning.append(f"grade: {grade}: {why}")
    all_origins = tuple(pro_origins + [o for o in con_origins if o.key not in {p.key for p in pro_origins}])
    return Assessment(group.id, grade, len(pro_origins), all_origins, tuple(carriers), tuple(reasoning),
                      contested_by=tuple(o.key for o in con_origins), credible_origins=len(credible))


def _distinct(carriers: Sequence[CarrierOrigin]) -> list[Origin]:
    """One origin per key (the alphabetically first name stands for it), sorted by name."""
    by_key: dict[str, Origin] = {}
    for carrier in carriers:
        known = by_key.get(carrier.origin.key)
        if known is None or _preference(carrier.origin) < _preference(known):
            by_key[carrier.origin.key] = carrier.origin
    return sorted(by_key.values(), key=lambda o: (o.name.lower(), o.key))


def _preference(origin: Origin) -> tuple[bool, str, str]:
    """Which of an origin's names stands for it: a named source before an anonymous one, then A-Z."""
    return origin.kind == "anonymous", origin.name.lower(), origin.kind


def _rating(origin: Origin, carriers: Sequence[CarrierOrigin]) -> float | None:
    ratings = [c.reliability for c in carriers if c.origin.key == origin.key and c.reliability is not None]
    return min(ratings) if ratings else None


def _unreliable(rating: float | None) -> bool:
    return rating is not None and rating < UNRELIABLE_BELOW


def _grade(n_pro: int, pro: list[Origin], credible: list[Origin], con: list[Origin]) -> tuple[str, str]:
    if not pro and not con:
        return "unsupported", "no carrier with a resolved origin"
    if con:
        names = ", ".join(o.name for o in con)
        return "contested", f"{names} {'denies or doubts' if len(con) == 1 else 'deny or doubt'} it"
    official = [o for o in credible if o.kind == "official"]
    if official:
        extra = f"; corroborated by {len(pro)} independent origins" if len(pro) > 1 else ""
        return "officially stated", f"stated by {', '.join(o.name for o in official)}{extra}"
    if len(credible) >= 2:
        return "corroborated", f"corroborated by {len(credible)} independent origins"
    if len(pro) == 1 and n_pro > 1:
        return "single-origin echo", f"{n_pro} carriers, one origin ({pro[0].name})"
    if len(pro) > len(credible):
        return "single source", (f"{len(pro)} origins, but only {len(credible)} not rated unreliable"
                                 if credible else f"{len(pro)} origin(s), all rated unreliable")
    return "single source", f"one carrier, one origin ({pro[0].name})"


def _headline(n_pro: int, n_origins: int, n_con: int) -> str:
    text = (f"{n_pro} carrier{'s' if n_pro != 1 else ''} -> {n_origins} independent "
            f"origin{'s' if n_origins != 1 else ''}")
    if n_con:
        text += f"; {n_con} carrier{'s deny' if n_con != 1 else ' denies'} or doubt{'' if n_con != 1 else 's'} it"
    return text


def _origin_lines(origins: Sequence[Origin], carriers: Sequence[CarrierOrigin],
                  items: Mapping[str, ClaimItem]) -> list[str]:
    lines = []
    for origin in origins:
        mine = [c for c in carriers if c.origin.key == origin.key]
        names = sorted({c.origin.name for c in mine if c.origin.kind != "anonymous"} - {origin.name})
        title = origin.name + (f" (= {', '.join(names)})" if names else "")
        if origin.kind in {"wire", "official", "anonymous"}:
            title += f" [{origin.kind}]"
        parts = [f"{_label(c, items)} {c.how}" for c in mine]
        if len(mine) > 1:
            count = _NUMBER_WORDS.get(len(mine), f"all {len(mine)}")
            lines.append(f"{title}: {count} carriers collapse into one origin:")
        else:
            lines.append(f"{title}:")
        lines[-1] += "".join(f"\n  - {part}" for part in parts)
    return lines


def _label(carrier: CarrierOrigin, items: Mapping[str, ClaimItem]) -> str:
    item = items.get(carrier.claim_id)
    outlet = item.outlet if item is not None else None
    return f"{carrier.report_id} ({outlet})" if outlet else carrier.report_id


def _reliability_lines(origins: Sequence[Origin], carriers: Sequence[CarrierOrigin]) -> list[str]:
    lines = []
    for origin in origins:
        rating = _rating(origin, carriers)
        if rating is None:
            continue
        note = "not counted as corroboration" if _unreliable(rating) else "counted"
        lines.append(f"reliability of {origin.name}: {rating:g} ({note})")
    return lines

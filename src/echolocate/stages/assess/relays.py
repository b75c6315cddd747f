"""Unattributed relays: a report that names an outlet as its source somewhere, and states without
attribution a claim that outlet also carries, most likely took the claim from it.

News reports that rewrite another outlet attribute its first sentences ("according to Debka",
"Debka also said") and then go on paraphrasing in their own voice. Counting those later
sentences as the rewriting report's own origin would make one website look like several
independent ones. So, within a claim group, a carrier whose origin is only its own reporting
outlet (not attributed, not copied) takes the origin of another carrier when its report cites
that origin elsewhere. This lowers independence, never raises it, and the explanation says it
was inferred.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from echolocate.stages.assess.outlet_names import outlet_key
from echolocate.stages.link.claim_types import CarrierOrigin, ClaimGroup, ClaimItem

__all__ = ["cited_origin_keys", "infer_relays"]

_CITABLE = {"outlet", "wire", "organisation", "official", "document"}


def cited_origin_keys(items: Sequence[ClaimItem]) -> dict[str, set[str]]:
    """report_id -> the outlet keys its claims cite anywhere in the report (outermost or nested)."""
    cited: dict[str, set[str]] = {}
    for item in items:
        for link in item.chain:
            if link.kind in _CITABLE or link.kind == "pronoun" and link.resolved:
                name = link.resolved or link.text
                key = outlet_key(name)
                if key:
                    cited.setdefault(item.report_id, set()).add(key)
    return cited


def _own_voice(carrier: CarrierOrigin, item: ClaimItem) -> bool:
    """The carrier's origin is just its own reporting outlet: unattributed and not copied."""
    return not item.chain and not carrier.copied_from and carrier.origin.kind in ("outlet", "wire")


def infer_relays(groups: Sequence[ClaimGroup], items: Mapping[str, ClaimItem],
                 origins: Mapping[str, CarrierOrigin]) -> dict[str, CarrierOrigin]:
    """Origins with unattributed relays resolved to the outlet their report cites (see the module doc)."""
    cited = cited_origin_keys(list(items.values()))
    result = dict(origins)
    for group in groups:
        relayed: dict[str, tuple] = {}
        members = [cid for cid in sorted(group.members) if cid in origins and cid in items]
        keys: dict[str, set[str]] = {}  # each member's origin keys, worked out once per group
        for cid in members:
            carrier, item = origins[cid], items[cid]
            sources_cited = cited.get(item.report_id)
            if not sources_cited or not _own_voice(carrier, item):
                continue  # most reports cite no outlet: nothing to relay, whatever the group's size
            own_key = carrier.origin.key
            for other in members:
                if other == cid:
                    continue
                theirs = origins[other]
                if theirs.origin.key == own_key or items[other].report_id == item.report_id:
                    continue
                if other not in keys:
                    keys[other] = _keys_of(theirs)
                if keys[other] & sources_cited:
                    how = (f"unattributed here, but its report cites {theirs.origin.name} elsewhere and "
                           f"{theirs.origin.name} carries this claim: counted as relayed from it (inferred)")
                    result[cid] = replace(carrier, origin=theirs.origin, how=how, reliability=theirs.reliability)
                    relayed[own_key] = (theirs.origin, item.report_id, theirs.reliability)
                    break
        for cid in members:  # copies of a relaying report relay too
            carrier = result[cid]
            if carrier.copied_from and carrier.origin.key in relayed:
                origin, via, rating = relayed[carrier.origin.key]
                result[cid] = replace(carrier, origin=origin, reliability=rating,
                                      how=f"{carrier.how}; that report relays {origin.name} (inferred)")
    return result


def _keys_of(carrier: CarrierOrigin) -> set[str]:
    keys = {carrier.origin.key}
    name_key = outlet_key(carrier.origin.name)
    if name_key:
        keys.add(name_key)
    return keys

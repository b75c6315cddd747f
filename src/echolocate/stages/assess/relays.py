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
        members = [cid for cid in sorted(group.members) if cid in origins and cid in items]
        relaying = [(index, cid) for index, cid in enumerate(members)
                    if cited.get(items[cid].report_id) and _own_voice(origins[cid], items[cid])]
        if not relaying:
            continue  # most reports cite no outlet: nothing to relay, whatever the group's size
        holders = _members_by_key(members, origins)
        relayed: dict[str, tuple] = {}
        for index, cid in relaying:
            carrier, item = origins[cid], items[cid]
            other = _first_cited_carrier(index, members, holders, cited[item.report_id], origins, items)
            if other is None:
                continue
            theirs = origins[other]
            how = (f"unattributed here, but its report cites {theirs.origin.name} elsewhere and "
                   f"{theirs.origin.name} carries this claim: counted as relayed from it (inferred)")
            result[cid] = replace(carrier, origin=theirs.origin, how=how, reliability=theirs.reliability)
            relayed[carrier.origin.key] = (theirs.origin, item.report_id, theirs.reliability)
        for cid in members:  # copies of a relaying report relay too
            carrier = result[cid]
            if carrier.copied_from and carrier.origin.key in relayed:
                origin, via, rating = relayed[carrier.origin.key]
                result[cid] = replace(carrier, origin=origin, reliability=rating,
                                      how=f"{carrier.how}; that report relays {origin.name} (inferred)")
    return result


def _members_by_key(members: Sequence[str], origins: Mapping[str, CarrierOrigin]) -> dict[str, list[int]]:
    """origin key -> the positions of the group's members whose origin answers to it, in member order."""
    holders: dict[str, list[int]] = {}
    for index, cid in enumerate(members):
        for key in _keys_of(origins[cid]):
            holders.setdefault(key, []).append(index)
    return holders


def _first_cited_carrier(index: int, members: Sequence[str], holders: Mapping[str, list[int]],
                         sources_cited: set[str], origins: Mapping[str, CarrierOrigin],
                         items: Mapping[str, ClaimItem]) -> str | None:
    """The first member (in member order) of another report and another origin than member ``index``
    whose origin that member's report cites: what a scan of every member finds, looked up through the
    keys instead."""
    own_key, own_report = origins[members[index]].origin.key, items[members[index]].report_id
    best = None
    for key in sources_cited:
        for position in holders.get(key, ()):
            if best is not None and position >= best:
                break
            other = members[position]
            if position == index or origins[other].origin.key == own_key or items[other].report_id == own_report:
                continue
            best = position
            break
    return None if best is None else members[best]


def _keys_of(carrier: CarrierOrigin) -> set[str]:
    keys = {carrier.origin.key}
    name_key = outlet_key(carrier.origin.name)
    if name_key:
        keys.add(name_key)
    return keys

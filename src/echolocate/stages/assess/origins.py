"""Where each claim really comes from: its origin, and how that was decided.

A claim's origin is, in order:
1. when its text lies in a passage the report copied from another report, the origin
   of the matching claim there (chains of copying are followed, cycles are cut);
2. when it is attributed, the innermost cited source that can stand on its own: an
   outlet, a wire, an official body, a named person or organisation. Anonymous sources
   ("military sources", "sources in the government") and unresolved pronouns cannot,
   so they are keyed under whoever cites them: DEBKAfile's military sources are only
   as independent as DEBKAfile;
3. otherwise the reporting outlet itself.

When a re-use link's direction is unknown the two carriers are still not independent:
the later (or, undated, the first by ID) is resolved as a copy of the other and the
explanation says the direction was not known.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from echolocate.stages.assess.outlet_names import outlet_key, wire_name
from echolocate.stages.assess.reliability import ReliabilityTable
from echolocate.stages.link.claim_types import CarrierOrigin, ChainLink, ClaimItem, Origin
from echolocate.stages.link.reuse import ReuseLink

__all__ = ["OFFICIAL_CUES", "base_origin", "is_official", "resolve_origins", "source_origin"]

# Words that mark a source as an official body or its voice (generic, any country).
OFFICIAL_CUES = frozenset({
    "ministry", "minister", "government", "army", "military", "spokesperson", "spokesman", "spokeswoman",
    "statement", "kremlin", "pentagon", "department", "embassy", "president", "presidency", "premier",
    "chancellor", "cabinet", "parliament", "police", "forces", "command", "commander", "general", "defence",
    "defense", "office", "secretary", "authorities", "authority", "white", "governor", "ambassador",
    "council", "navy", "air", "agency", "communique", "communiqué", "decree", "prime",
})
_MIN_SPAN_SHARE = 0.5  # a claim is inside a copied passage when at least this share of it is covered
_MIN_MATCH = 0.25  # word overlap (Jaccard) for a claim in the source report to count as the copied one
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class _Copy:
    """This claim's report copied ``source_report``'s passage [start, end) through ``link``."""

    source_report: str
    start: int
    end: int
    shift: int  # the passage's start in the copying report (where the claim sits relative to it)
    shift_end: int  # the passage's end in the copying report
    link: ReuseLink
    unknown: bool
    order: float  # _order(source_report), worked out once


class _ReportClaims:
    """One report's claims in text order, found by span without a scan of the whole report."""

    def __init__(self, members: list[ClaimItem]) -> None:
        self.members = members
        self.starts = [item.start for item in members]
        self.longest = max((item.end - item.start for item in members), default=0)

    def overlapping(self, start: int, end: int):
        """The claims whose span meets [start, end), in text order (a claim ending before
        ``start`` began more than the longest claim's length before it). An empty span meets none."""
        if end <= start:
            return
        members = self.members
        for index in range(bisect_left(self.starts, start - self.longest), len(members)):
            item = members[index]
            if item.start >= end:
                return
            if item.end > start:
                yield item


def resolve_origins(items: Sequence[ClaimItem], links: Sequence[ReuseLink],
                    reliability: ReliabilityTable | None = None) -> dict[str, CarrierOrigin]:
    """claim_id -> the carrier's resolved origin, for every item; independent of input order."""
    by_id = {item.claim_id: item for item in sorted(items, key=lambda i: i.claim_id)}
    by_report: dict[str, list[ClaimItem]] = {}
    for item in by_id.values():
        by_report.setdefault(item.report_id, []).append(item)
    for members in by_report.values():
        members.sort(key=lambda i: (i.start, i.end, i.claim_id))
    outlets = {item.report_id: item.outlet for item in by_id.values()}
    dates = {item.report_id: item.published for item in by_id.values() if item.published}
    copied = _copied_claims(by_report, _copies_by_report(links, dates))
    memo: dict[str, CarrierOrigin] = {}

    def resolve(item: ClaimItem, visiting: frozenset[str]) -> CarrierOrigin:
        if item.claim_id in memo:
            return memo[item.claim_id]
        found = copied.get(item.claim_id)
        result = None
        if found is not None and found[0].source_report not in visiting:
            result = _resolve_copy(item, *found, visiting)
        if result is None:
            origin, how = base_origin(item)
            result = CarrierOrigin(item.claim_id, item.report_id, origin, how)
        memo[item.claim_id] = result
        return result

    def _resolve_copy(item: ClaimItem, copy: _Copy, match: ClaimItem | None,
                      visiting: frozenset[str]) -> CarrierOrigin | None:
        label = _report_label(copy.source_report, outlets.get(copy.source_report))
        why = f"re-use {copy.link.similarity:.2f}; {copy.link.direction_evidence}" if copy.link.direction_evidence \
            else f"re-use {copy.link.similarity:.2f}"
        if copy.unknown:
            verb = f"shares a passage with {label} (direction unknown, so counted with it, conservatively; {why})"
        else:
            verb = f"copies a passage of {label} ({why})"
        if copy.unknown and item.chain and (match is None or not match.chain):
            return None  # direction unknown and only this side names its source: trust the explicit attribution
        if match is not None:
            upstream = resolve(match, visiting | {item.report_id})
            how = f"{verb}, whose claim {upstream.how}"
            return CarrierOrigin(item.claim_id, item.report_id, upstream.origin, how,
                                 copied_from=(copy.source_report, *upstream.copied_from),
                                 direction_unknown=copy.unknown or upstream.direction_unknown)
        origin, how = base_origin(replace(item, outlet=outlets.get(copy.source_report),
                                          report_id=copy.source_report))
        return CarrierOrigin(item.claim_id, item.report_id, origin, f"{verb}; the copied text {how}",
                             copied_from=(copy.source_report,), direction_unknown=copy.unknown)

    result = {cid: resolve(item, frozenset()) for cid, item in by_id.items()}
    if reliability is not None:
        result = {cid: replace(co, reliability=reliability.rating_of(co.origin)) for cid, co in result.items()}
    return result


def outlet_origin(outlet: str | None, report_id: str, source_path: str = "") -> Origin:
    """The origin a report's own outlet stands for (a wire when the outlet is one).

    An unknown outlet is named after the input file the analyst gave, which they recognise.
    """
    if not outlet or not outlet.strip():
        label = source_path.replace("\\", "/").rsplit("/", 1)[-1] if source_path else report_id
        return Origin(f"unknown outlet of {label}", "outlet", f"report:{report_id}")
    wire = wire_name(outlet)
    if wire is not None:
        return Origin(wire, "wire", outlet_key(outlet))
    return Origin(outlet.strip(), "outlet", outlet_key(outlet) or f"report:{report_id}")


def base_origin(item: ClaimItem) -> tuple[Origin, str]:
    """The origin of a claim read on its own (no copying): innermost standing source or the outlet."""
    current = outlet_origin(item.outlet, item.report_id, item.source_path)
    if not item.chain:
        return current, f"is unattributed, so its origin is the reporting outlet {current.name}"
    named = current
    for link in item.chain:
        origin = source_origin(link, current)
        if origin is not None:
            current = origin
            if origin.kind != "anonymous":
                named = origin
    path = " citing ".join(_link_text(link) for link in item.chain)
    if current.kind == "anonymous":
        return current, f"cites {path}, unnamed, so counted as {named.name}"
    if current is named and current.key == outlet_key(item.outlet or "") and current.kind in {"outlet", "wire"}:
        return current, f"cites {path}, which names no source beyond the reporting outlet {current.name}"
    same = _display(_link_text(item.chain[-1])).lower() == current.name.lower()
    return current, f"cites {path}" if same else f"cites {path} (= {current.name})"


def source_origin(link: ChainLink, citer: Origin) -> Origin | None:
    """The origin one cited source stands for, or None when it adds nothing (an unresolved pronoun)."""
    name = (link.resolved or link.text or "").strip()
    if not name:
        return None
    kind = link.kind
    if kind == "pronoun" and not link.resolved:
        return None
    wire = wire_name(name)
    if wire is not None and kind in {"outlet", "organisation", "unknown", "pronoun", "document"}:
        return Origin(wire, "wire", outlet_key(name))
    if kind == "anonymous":
        return Origin(f"{name} (cited by {citer.name})", "anonymous", citer.key)
    if kind == "outlet":
        return Origin(name, "outlet", outlet_key(name))
    if kind == "official" or (kind in {"organisation", "document"} and is_official(name)):
        return Origin(_display(name), "official", "official:" + _party_key(link, name))
    if kind == "person":
        return Origin(name, "person", "person:" + _party_key(link, name))
    if kind == "organisation":
        return Origin(_display(name), "organisation", "org:" + _party_key(link, name))
    if kind == "document":
        return None  # "the report", "a statement" with no body named: as independent as its citer
    if any(ch.isupper() for ch in name):  # a name the reader could not classify; may be an outlet
        return Origin(name, "unknown", outlet_key(name))
    return None


def is_official(name: str) -> bool:
    """Whether a source phrase names an official body or its voice ("the Russian Defence Ministry")."""
    return any(w in OFFICIAL_CUES for w in (w.lower() for w in _WORD.findall(name)))


def _party_key(link: ChainLink, name: str) -> str:
    """One key per person or body however a report names it: the canonical entity's name when the
    source resolved to one (so "Mr X", "X" and "X, an analyst" agree), else the name without a
    trailing description."""
    if link.entity_name:
        return _name_key(link.entity_name)
    if link.entity_id:
        return link.entity_id
    return _name_key(_without_description(name))


def _without_description(name: str) -> str:
    """ "Ahmed X, a Libyan political researcher" -> "Ahmed X" (an apposition after a comma)."""
    head, comma, rest = name.partition(",")
    if comma and head.strip() and re.match(r"\s*(a|an|the|who|which|one|his|her|its|their)\b", rest, re.I):
        return head
    return name


def _name_key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['’]s\b", "", text)
    words = [w for w in _WORD.findall(text) if w not in {"the", "a", "an", "of"}]
    words = ["defence" if w == "defense" else w for w in words]
    return "".join(words)


def _display(name: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", name.strip(), flags=re.I)


def _link_text(link: ChainLink) -> str:
    if link.resolved and link.resolved != link.text:
        return f"{link.text} (= {link.resolved})"
    return link.text


def _report_label(report_id: str, outlet: str | None) -> str:
    return f"{report_id} ({outlet})" if outlet else report_id


def _copies_by_report(links: Sequence[ReuseLink], dates: Mapping) -> dict[str, list[_Copy]]:
    """For each report, the passages it copied (or shares with unknown direction and is taken as the copy)."""
    out: dict[str, list[_Copy]] = {}
    for link in links:
        direction = link.direction
        unknown = direction not in {"a->b", "b->a"}
        if unknown:
            da, db = dates.get(link.a_report), dates.get(link.b_report)
            direction = "b->a" if (da and db and db < da) else "a->b"
        if direction == "a->b":  # b copied a
            out.setdefault(link.b_report, []).append(_Copy(
                link.a_report, link.a_start, link.a_end, link.b_start, link.b_end, link, unknown,
                _order(link.a_report)))
        else:
            out.setdefault(link.a_report, []).append(_Copy(
                link.b_report, link.b_start, link.b_end, link.a_start, link.a_end, link, unknown,
                _order(link.b_report)))
    for copies in out.values():
        copies.sort(key=lambda c: (c.shift, c.source_report, c.start, c.end))
    return out


def _copied_claims(by_report: Mapping[str, list[ClaimItem]],
                   copies: Mapping[str, list[_Copy]]) -> dict[str, tuple[_Copy, ClaimItem | None]]:
    """claim_id -> the copied passage that covers the claim, and the claim of the source report it is
    a copy of (None when none matches), for every claim inside a copied passage.

    Worked out a copying report at a time, before any origin is followed: the answer depends only on
    the two reports, and the words of the claims involved are split once a report, not once for
    every claim they are compared with.
    """
    spans = {report_id: _ReportClaims(members) for report_id, members in by_report.items()}
    out: dict[str, tuple[_Copy, ClaimItem | None]] = {}
    for report_id, report_copies in copies.items():
        word_sets: dict[str, set[str]] = {}  # this report's claims and its sources', dropped after it
        for item in by_report.get(report_id, ()):
            copy = _best_copy(item, report_copies)
            if copy is None:
                continue
            source = spans.get(copy.source_report)
            out[item.claim_id] = (copy, _matching_claim(item, copy, source, word_sets) if source else None)
    return out


def _best_copy(item: ClaimItem, copies: Sequence[_Copy]) -> _Copy | None:
    """The copied passage covering most of the claim (ties: higher similarity, then known direction).

    ``copies`` are in order of where the passage starts in the copying report, so the scan stops at
    the first passage starting after the claim ends.
    """
    best, best_rank = None, None
    length = max(1, item.end - item.start)
    for copy in copies:
        if copy.shift >= item.end:
            break
        covered = min(copy.shift_end, item.end) - max(copy.shift, item.start)
        if covered / length < _MIN_SPAN_SHARE:
            continue
        rank = (covered / length, not copy.unknown, copy.link.similarity, -copy.order)
        if best_rank is None or rank > best_rank:
            best, best_rank = copy, rank
    return best


def _order(report_id: str) -> float:
    """A stable number per report ID used only to break ties the same way whatever the input order."""
    return float(int.from_bytes(report_id.encode()[:8].ljust(8, b"\0"), "big"))


def _matching_claim(item: ClaimItem, copy: _Copy, source: _ReportClaims,
                    word_sets: dict[str, set[str]]) -> ClaimItem | None:
    """The claim of the source report that this claim is a copy of: inside the passage, most words shared."""
    words = _words_of(item, word_sets)
    offset = item.start - copy.shift
    best, best_rank = None, None
    for cand in source.overlapping(copy.start, copy.end):
        other = _words_of(cand, word_sets)
        union = len(words | other)
        overlap = len(words & other) / union if union else 0.0
        if overlap < _MIN_MATCH:
            continue
        rank = (round(overlap, 6), -abs((cand.start - copy.start) - offset), cand.claim_id)
        if best_rank is None or rank > best_rank:
            best, best_rank = cand, rank
    return best


def _words_of(item: ClaimItem, word_sets: dict[str, set[str]]) -> set[str]:
    words = word_sets.get(item.claim_id)
    if words is None:
        words = word_sets[item.claim_id] = _words(item.text)
    return words


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}

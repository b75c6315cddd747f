"""The lookups that keep origins and relays fast find what a scan of everything finds.

Each property test compares a lookup with the plain scan it replaced, written out here: claims found
by span, the copied passage covering a claim, and the carrier an unattributed relay is taken from.
"""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from echolocate.stages.assess.origins import _best_copy, _copies_by_report, _ReportClaims, resolve_origins
from echolocate.stages.assess.relays import _keys_of, _own_voice, cited_origin_keys, infer_relays
from tests.stages.assess.test_origins import copy_link, group, item

_spans = st.lists(st.tuples(st.integers(0, 400), st.integers(1, 120)), min_size=0, max_size=12)


def _claims(spans):
    return sorted((item(f"c{n}", "r1", "Harbour Gazette", text="x" * length, start=start)
                   for n, (start, length) in enumerate(spans)), key=lambda i: (i.start, i.end, i.claim_id))


@settings(max_examples=100, deadline=None)
@given(_spans, st.integers(0, 500), st.integers(0, 200))
@example([(0, 2)], 1, 0)  # an empty span inside a claim meets nothing, as in the scan
def test_overlapping_finds_every_claim_meeting_the_span(spans, start, length):
    claims = _claims(spans)
    end = start + length
    expected = [c for c in claims if min(end, c.end) - max(start, c.start) > 0]
    assert list(_ReportClaims(claims).overlapping(start, end)) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 300), st.integers(0, 300), st.integers(20, 200),
                          st.sampled_from([None, "unknown"]), st.floats(0.5, 1.0)), max_size=8),
       st.integers(0, 400), st.integers(1, 150))
def test_best_copy_stops_early_but_picks_what_a_full_scan_picks(passages, claim_start, claim_length):
    links = [copy_link(f"s{n}", source_start, "r1", copier_start, length, direction, round(similarity, 3))
             for n, (source_start, copier_start, length, direction, similarity) in enumerate(passages)]
    copies = _copies_by_report(links, {}).get("r1", [])
    claim = item("c1", "r1", "Coast Courier", text="x" * claim_length, start=claim_start)

    def scan():
        best, best_rank = None, None
        length = max(1, claim.end - claim.start)
        for copy in copies:
            covered = min(copy.shift_end, claim.end) - max(copy.shift, claim.start)
            if covered / length < 0.5:
                continue
            rank = (covered / length, not copy.unknown, copy.link.similarity, -copy.order)
            if best_rank is None or rank > best_rank:
                best, best_rank = copy, rank
        return best

    assert _best_copy(claim, copies) is scan()


_OUTLETS = ["Harbour Gazette", "Coast Courier", "Mountain Herald", "Valley Post"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.sampled_from(_OUTLETS), st.one_of(st.none(), st.sampled_from(_OUTLETS)),
                          st.integers(0, 2)), min_size=1, max_size=14))
@example([(0, "Harbour Gazette", None, 0), (1, "Coast Courier", None, 0), (1, "Coast Courier", "Harbour Gazette", 1),
          (2, "Valley Post", None, 0)])  # the Courier's first claim relays the Gazette's
def test_relays_found_through_keys_are_those_a_scan_of_every_member_finds(rows):
    """rows: (report, its outlet, an outlet the claim cites or None, the claim group)."""
    outlets: dict[str, str] = {}
    items = []
    for n, (report, outlet, cites, _) in enumerate(rows):
        outlet = outlets.setdefault(f"r{report}", outlet)
        chain = [(cites, "outlet")] if cites else []
        items.append(item(f"c{n:02d}", f"r{report}", outlet, chain=chain, start=100 * n))
    by_id = {i.claim_id: i for i in items}
    groups = [group(f"g{g}", [f"c{n:02d}" for n, row in enumerate(rows) if row[3] == g])
              for g in {row[3] for row in rows}]
    origins = resolve_origins(items, [], None)
    assert infer_relays(groups, by_id, origins) == _relays_by_scan(groups, by_id, origins)


def _relays_by_scan(groups, items, origins):
    """Every relaying member compared with every other member, in member order."""
    cited = cited_origin_keys(list(items.values()))
    result = dict(origins)
    for g in groups:
        members = sorted(g.members)
        relayed = {}
        for cid in members:
            carrier, claim = origins[cid], items[cid]
            sources = cited.get(claim.report_id)
            if not sources or not _own_voice(carrier, claim):
                continue
            for other in members:
                theirs = origins[other]
                if other == cid or theirs.origin.key == carrier.origin.key \
                        or items[other].report_id == claim.report_id:
                    continue
                if _keys_of(theirs) & sources:
                    how = (f"unattributed here, but its report cites {theirs.origin.name} elsewhere and "
                           f"{theirs.origin.name} carries this claim: counted as relayed from it (inferred)")
                    result[cid] = carrier.__class__(**{**carrier.__dict__, "origin": theirs.origin, "how": how,
                                                       "reliability": theirs.reliability})
                    relayed[carrier.origin.key] = theirs.origin
                    break
        for cid in members:
            carrier = result[cid]
            if carrier.copied_from and carrier.origin.key in relayed:
                raise AssertionError("no copies in these scenes")
    return result

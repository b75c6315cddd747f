"""group_events' shortcuts give what the full comparisons give.

A mention with no named party, date, subtype or place skips the fit check (it fits every event), one with
nothing but its word to share is scored by the event's words alone, and fit answers are remembered by
signature pair. Checked over every pair of a grid of mentions that varies each field those checks read,
and on a corpus where the remembered answers are reused (copies of one story).
"""

from datetime import date
from itertools import product

from echolocate.stages.assess.events import (EventInput, _Building, _evidence_free, _fits, _lemma, _shared_evidence,
                                             _unbound, group_events)


_PLACES = {"Dunmore": (10.0, 20.0, "NL"), "Kelso": (-30.0, 60.0, "FR")}


def _mention(n: int, *, actor=None, target=None, day=None, subtype=None, place=None, lemma="attack",
             category="ASSAULT", time_text=None) -> EventInput:
    return EventInput(report_id=f"r{n:03d}", idx=0, text="text", start=0, end=4, category=category, subtype=subtype,
                      mode="happened", trigger=lemma, lemma=lemma, actor=actor, target=target, place=place,
                      lat=_PLACES[place][0] if place else None, lon=_PLACES[place][1] if place else None,
                      place_precision="city" if place else "unknown", place_country=_PLACES[place][2] if place else None,
                      date_start=day, date_end=day, date_precision="day" if day else "unknown",
                      time_text=time_text, claim_id=f"c{n}")


def _grid() -> list[EventInput]:
    values = product((None, "Harbour Guard", "Coast Army", "the police"), (None, "Port Authority", "Harbour Guard"),
                     (None, date(2021, 5, 4), date(2021, 9, 1)), (None, "raid", "siege"), (None, "Dunmore", "Kelso"),
                     ("attack",), ("ASSAULT", "CONSULT"))
    return [_mention(n, actor=a, target=t, day=d, subtype=s, place=p, lemma=w, category=c)
            for n, (a, t, d, s, p, w, c) in enumerate(values)]


def test_an_unbound_mention_fits_every_mention():
    grid = _grid()
    unbound = [m for m in grid if _unbound(m)]
    assert 0 < len(unbound) < len(grid)
    assert all(_fits(member, mention) for member in grid for mention in unbound)
    # and the grid has mentions that are bound for a reason: something in it refuses a fit
    assert any(not _fits(member, mention) for member in grid for mention in grid if not _unbound(mention))


def test_an_evidence_free_mention_shares_only_its_word():
    grid = _grid() + [_mention(999, lemma="shell"), _mention(998, day=date(2021, 5, 4), time_text="(report date)")]  # a report's date is not its own
    free = [m for m in grid if _evidence_free(m)]
    assert 0 < len(free) < len(grid)
    for mention in free:
        for member in grid:
            assert _shared_evidence(member, mention) == 2 * (_lemma(member) == _lemma(mention))


def test_evidence_of_an_event_for_a_free_mention_is_its_best_member():
    grid = _grid()
    event = _Building()
    for k, member in enumerate(grid[:40]):
        event.add(member, [], k)
    for mention in (m for m in grid[40:] if _evidence_free(m)):
        near = 8 * any(m.claim_id == mention.claim_id for m in event.members)
        best = max(_shared_evidence(m, mention) for m in event.members)
        assert event.evidence_for(mention) == 1 + max(best, near)


def test_copies_of_a_story_group_as_the_first_telling():
    story = [_mention(0, actor="Harbour Guard", target="Port Authority", place="Dunmore"),
             _mention(1, actor="Harbour Guard", day=date(2021, 5, 4)),
             _mention(2), _mention(3, target="Port Authority", subtype="raid")]
    other = [_mention(4, actor="Harbour Guard", target="Port Authority", day=date(2021, 9, 1))]
    copies = [EventInput(**{**vars(m), "report_id": f"copy{k}-{m.report_id}", "claim_id": f"copy{k}-{m.claim_id}"})
              for k in range(5) for m in story + other]
    events = group_events(story + other + copies)
    # every copy lands where its original landed: the memo answers as the first comparison did
    home = {(c["report_id"]): e.id for e in events for c in e.carriers}
    for k in range(5):
        for m in story + other:
            if m.report_id in home:
                assert home[f"copy{k}-{m.report_id}"] == home[m.report_id]
    assert group_events(list(reversed(story + other + copies))) == events


def test_recognition_by_one_member_per_pair_of_parties_is_recognition_by_every_member(monkeypatch):
    from echolocate.stages.assess import events as module

    grid = _grid()
    copies = {m.report_id: {grid[(n + 7) % len(grid)].report_id} for n, m in enumerate(grid)}
    copies = {r: theirs | {s for s, mine in copies.items() if r in mine} for r, theirs in copies.items()}  # both ways
    deduped = group_events(grid, vague=True, copies=copies)
    monkeypatch.setattr(module, "_party_signature", lambda m: (m.report_id, m.idx))  # every member apart
    assert group_events(grid, vague=True, copies=copies) == deduped
    assert len(deduped) < len(grid)

"""Event grouping takes the bare word for an event across reports only where it is evidence: in a corpus on one
story, between a report and its copies, between claims of one claim group, or with a place or a day both
mentions give."""

from datetime import date
from types import SimpleNamespace

from echolocate.stages.assess.copies import copy_neighbours
from echolocate.stages.assess.events import REPORT_DATE, EventInput, group_events


def _killed(report: str, idx: int = 0, *, place=None, day=None, actor=None, time_text=None,
            precision="city") -> EventInput:
    return EventInput(report_id=report, idx=idx, text="people were killed", start=0, end=6, category="ASSAULT",
                      subtype=None, mode="happened", trigger="killed", lemma="kill", actor=actor,
                      place=place, lat=1.0 if place else None, lon=2.0 if place else None,
                      place_precision=precision if place else "unknown", claim_id=f"claim-{report}-{idx}",
                      date_start=day, date_end=day, date_precision="day" if day else "unknown", time_text=time_text)


def _together(mentions, copies, claim_groups=None) -> bool:
    events = group_events(mentions, vague=True, copies=copies, claim_groups=claim_groups)
    return len({e.id for e in events for c in e.carriers}) == 1


def test_a_corpus_on_one_story_joins_the_bare_word_across_reports():
    assert _together([_killed("r1"), _killed("r2")], copies=None)


def test_the_bare_word_alone_joins_a_report_and_its_copies_not_strangers():
    assert not _together([_killed("r1"), _killed("r2")], copies={})
    assert _together([_killed("r1"), _killed("r1", 1)], copies={})
    assert _together([_killed("r1"), _killed("r2")], copies={"r1": {"r2"}, "r2": {"r1"}})


def test_claims_of_one_claim_group_join_on_the_bare_word():
    mentions = [_killed("r1"), _killed("r2"), _killed("r3")]
    groups = {"claim-r1-0": "g1", "claim-r2-0": "g1", "claim-r3-0": "g2"}
    events = group_events(mentions, vague=True, copies={}, claim_groups=groups)
    home = {c["report_id"]: e.id for e in events for c in e.carriers}
    assert home["r1"] == home["r2"] != home["r3"]


def test_a_town_or_a_day_both_give_joins_strangers_a_country_does_not():
    assert _together([_killed("r1", place="Tolan"), _killed("r2", place="Tolan")], copies={})
    assert not _together([_killed("r1", place="Norland", precision="country"),
                          _killed("r2", place="Norland", precision="country")], copies={})
    near, far = date(2020, 3, 1), date(2020, 3, 3)
    assert _together([_killed("r1", day=near), _killed("r2", day=far)], copies={})
    assert not _together([_killed("r1", day=near), _killed("r2", day=date(2020, 3, 4))], copies={})


def test_the_report_date_is_no_day_the_mention_gives():
    day = date(2020, 3, 1)
    assert not _together([_killed("r1", day=day, time_text=REPORT_DATE), _killed("r2", day=day)], copies={})


def test_a_named_party_joins_strangers():
    assert _together([_killed("r1", actor="Tolan Brigade"), _killed("r2", actor="Tolan Brigade")], copies={})


def test_copy_neighbours_go_both_ways():
    links = [SimpleNamespace(a_report="r1", b_report="r2"), SimpleNamespace(a_report="r3", b_report="r1")]
    assert copy_neighbours(links) == {"r1": {"r2", "r3"}, "r2": {"r1"}, "r3": {"r1"}}


def test_the_keys_find_every_member_the_rule_recognises():
    """``_recognised`` is the rule; the recognition keys are how grouping finds candidates for it."""
    from echolocate.stages.assess.events import _recognised, _recognition_keys

    days = (None, date(2020, 3, 1), date(2020, 3, 3), date(2020, 3, 4))
    mentions = [_killed(f"r{n % 4}", n, place=place, day=day, actor=actor, precision=precision)
                for n, (place, precision, day, actor) in enumerate(
                    (p, c, d, a) for p, c in ((None, "city"), ("Tolan", "city"), ("Norland", "country"))
                    for d in days for a in (None, "Tolan Brigade"))]
    copies = {"r0": {"r1"}, "r1": {"r0"}}
    groups = {m.claim_id: "g" for m in mentions[::5]}
    for member in mentions:
        filed, _ = _recognition_keys(member, copies, groups)
        for mention in mentions:
            _, wanted = _recognition_keys(mention, copies, groups)
            if _recognised(member, mention, copies, groups):
                assert filed & wanted

"""Stories: reports joined by a common claim or a copy, and event grouping that reads the bare word only
inside one."""

from datetime import date
from types import SimpleNamespace

from echolocate.stages.assess.events import EventInput, group_events
from echolocate.stages.assess.stories import corpus_stories, stories_of


def test_reports_joined_through_a_chain_are_one_story_named_by_order_not_input_order():
    sets = [("r3", "r1"), ("r5", "r4"), ("r1", "r2"), ("r9",)]
    stories = stories_of(sets)
    assert stories["r1"] == stories["r2"] == stories["r3"]
    assert stories["r4"] == stories["r5"] != stories["r1"]
    assert stories["r9"] not in (stories["r1"], stories["r4"])
    assert stories_of(list(reversed([tuple(reversed(s)) for s in sets]))) == stories
    assert stories["r1"] == 0  # numbered by each story's smallest report


def test_corpus_stories_come_from_claim_groups_with_several_reports_and_from_copies():
    items = {f"c{n}": SimpleNamespace(report_id=r) for n, r in enumerate(["ra", "rb", "rc", "rd", "rd", "re"])}
    groups = [SimpleNamespace(members=("c0", "c1")),  # ra and rb carry one claim
              SimpleNamespace(members=("c3", "c4")),  # two claims of rd alone: no story with anyone
              SimpleNamespace(members=("c5",))]
    links = [SimpleNamespace(a_report="rc", b_report="rb")]  # rc copies rb
    stories = corpus_stories(groups, items, links)
    assert stories["ra"] == stories["rb"] == stories["rc"]
    assert "rd" not in stories and "re" not in stories


def _killed(report: str, *, place=None, actor=None) -> EventInput:
    return EventInput(report_id=report, idx=0, text="people were killed", start=0, end=6, category="ASSAULT",
                      subtype=None, mode="happened", trigger="killed", lemma="kill", actor=actor,
                      place=place, lat=1.0 if place else None, lon=2.0 if place else None,
                      place_precision="city" if place else "unknown", claim_id=f"claim-{report}",
                      date_start=date(2020, 3, 1), date_end=date(2020, 3, 1), date_precision="day")


def _homes(events) -> dict[str, str]:
    return {c["report_id"]: e.id for e in events for c in e.carriers}


def test_the_bare_word_joins_reports_of_one_story_only():
    mentions = [_killed("r1", place="Tolan"), _killed("r2"), _killed("r3")]
    one = _homes(group_events(mentions, vague=True))
    assert one["r1"] == one["r2"] == one["r3"]  # no stories given: the corpus is one story
    split = _homes(group_events(mentions, vague=True, stories={"r1": 0, "r2": 0, "r3": 1}))
    assert split["r1"] == split["r2"] != split["r3"]
    alone = _homes(group_events(mentions, vague=True, stories={}))  # a report left out is its own story
    assert len(set(alone.values())) == 3


def test_a_named_party_joins_reports_across_stories():
    mentions = [_killed("r1", actor="Tolan Brigade"), _killed("r2", actor="Tolan Brigade")]
    homes = _homes(group_events(mentions, stories={"r1": 0, "r2": 1}))
    assert homes["r1"] == homes["r2"]

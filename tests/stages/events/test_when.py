"""event_time and dated_by_report: which time expression dates an event, and when the report's date does."""

from __future__ import annotations

from datetime import date

import pytest

ANCHOR = date(2019, 5, 15)  # a Wednesday


@pytest.fixture(scope="module")
def dating():
    """A function from (text, trigger word) to (the time text that dates it or None, dated_by_report)."""
    pytest.importorskip("spacy")
    from echolocate.stages.events.arguments import clause_span
    from echolocate.stages.events.classify import Trigger, classify
    from echolocate.stages.events.mode import mode_of
    from echolocate.stages.events.when import dated_by_report, event_time
    from echolocate.stages.read import timex
    from echolocate.stages.read.nlp import load_pipeline
    from echolocate.stages.read.stage import tense_lookup

    nlp = load_pipeline()

    def run(text: str, word: str):
        doc = nlp(text)
        token = next(t for t in doc if t.text == word)
        trigger = classify(token) or Trigger(token, "ACTION", None, 0.5, token.pos_ in ("NOUN", "PROPN"))
        start, end = clause_span(trigger, text)
        found = event_time(trigger, timex.find_times(text, ANCHOR, tense=tense_lookup(doc)), start, end)
        return (found.text if found else None), dated_by_report(trigger, mode_of(token, trigger.category))

    return run


@pytest.mark.parametrize("text, word, expected", [
    ("The minister arrived in Brightport on Monday and met the mayor.", "arrived", "Monday"),
    ("The minister arrived in Brightport on Monday and met the mayor.", "met", "Monday"),  # shared by a conjunct
    ("Police detained the driver on March 3, 2018.", "detained", "March 3, 2018"),
    ("The January 2018 bombing of the depot shocked the town.", "bombing", "January 2018"),
    ("Crowds gathered on Thursday, when the troops were withdrawn.", "withdrawn", "Thursday"),
])
def test_event_time_attached_expression_dates_the_event(dating, text, word, expected):
    assert dating(text, word)[0] == expected


@pytest.mark.parametrize("text, word", [
    # the date belongs to a clause under the trigger, not to the trigger
    ("The council invited the union to talks that are supposed to end by June.", "invited"),
    ("The spokesman said the convoy was attacked in November.", "said"),
    ("The mayor resigned before the council voted on Monday.", "resigned"),
    ("The mayor resigned after an inquiry.", "resigned"),  # no date at all
])
def test_event_time_date_of_another_clause_is_not_taken(dating, text, word):
    assert dating(text, word)[0] is None


@pytest.mark.parametrize("text, word, expected", [
    ("The government is sending more troops to the border.", "sending", True),
    ("The navy has deployed two frigates.", "deployed", True),
    ("The ministry said the talks had failed.", "said", True),
    ("The navy deployed two frigates.", "deployed", False),  # plain past: not necessarily that day
    ("The navy will deploy two frigates.", "deploy", False),  # planned
    ("The navy could deploy two frigates.", "deploy", False),  # hypothetical
    ("The deployment of two frigates angered the neighbours.", "deployment", False),  # noun events stay undated
])
def test_dated_by_report_only_for_tenses_that_say_now(dating, text, word, expected):
    assert dating(text, word)[1] is expected

"""Finding the stories in a text: one, or several separately dated ones on one page."""

from __future__ import annotations

from datetime import date

import pytest

from echolocate.model import Source
from echolocate.stages.ingest.stories import find_stories, page_title
from echolocate.stages.ingest.text import PageMeta, reports_from_text
from tests.stages.ingest.builders import BAKERY, BRIDGE, CHESS, FERRY, LIGHTHOUSE, ORCHARD, SAMPLE

_ARCHIVE_PAGE = f"""Archive for the Kellin Bay category

Lighthouse to be restored

June 4, 2019

{LIGHTHOUSE}

Chess club doubles in size

Sunday, 12 May 2019

{CHESS}

Footbridge gets a new coat

2019-04-30

{BRIDGE}
"""


def _spans(text: str, stories) -> list[str]:
    return [text[s.start:s.end] for s in stories]


def test_find_stories_splits_title_date_body_page():
    stories = find_stories(_ARCHIVE_PAGE)
    assert [(s.title, s.published) for s in stories] == [
        ("Lighthouse to be restored", date(2019, 6, 4)),
        ("Chess club doubles in size", date(2019, 5, 12)),
        ("Footbridge gets a new coat", date(2019, 4, 30)),
    ]
    assert [s.date_evidence for s in stories] == [
        "date line 'June 4, 2019' under the title",
        "date line 'Sunday, 12 May 2019' under the title",
        "date line '2019-04-30' under the title",
    ]
    spans = _spans(_ARCHIVE_PAGE, stories)
    assert spans[0] == f"Lighthouse to be restored\n\nJune 4, 2019\n\n{LIGHTHOUSE}"
    assert spans[2].endswith(BRIDGE)
    assert all(s.outlet is None for s in stories)


def test_find_stories_no_split_when_not_allowed():
    [story] = find_stories(_ARCHIVE_PAGE, allow_split=False)
    assert story.title == "Archive for the Kellin Bay category"


def test_page_title_is_first_title_line_before_stories():
    stories = find_stories(_ARCHIVE_PAGE)
    assert page_title(_ARCHIVE_PAGE, stories[0].start) == "Archive for the Kellin Bay category"


@pytest.mark.parametrize(("credit", "outlet", "published", "evidence"), [
    pytest.param("Chess club doubles in size, Valley Courier, May 12, 2019", "Valley Courier", date(2019, 5, 12),
                 "date line '12 May 2019' under the title", id="same-date"),
    pytest.param("Chess club doubles in size, Valley Courier, May 10, 2019", "Valley Courier", date(2019, 5, 10),
                 "credit line 'Chess club doubles in size, Valley Courier, May 10, 2019' "
                 "(the page's own date line says 2019-05-12)", id="credit-date-wins"),
    pytest.param("Chess club doubles in size | The Weekly Board", "The Weekly Board", date(2019, 5, 12),
                 "date line '12 May 2019' under the title", id="no-date-in-credit"),
    pytest.param("Chess club doubles in size, a very long description of where this was first seen", None,
                 date(2019, 5, 12), "date line '12 May 2019' under the title", id="too-long-for-an-outlet"),
])
def test_find_stories_credit_line_gives_outlet_and_date(credit, outlet, published, evidence):
    text = (f"Lighthouse to be restored\n\nJune 4, 2019\n\n{LIGHTHOUSE}\n\n"
            f"Chess club doubles in size\n\n12 May 2019\n\n{credit}\n\n{CHESS}\n")
    stories = find_stories(text)
    assert len(stories) == 2
    second = stories[1]
    assert (second.outlet, second.published, second.date_evidence) == (outlet, published, evidence)
    if outlet:
        assert second.outlet_evidence == f"credit line '{credit}'"


def test_find_stories_single_article_with_date_line_not_split():
    text = f"Lighthouse to be restored\n\nJune 4, 2019\n\n{LIGHTHOUSE}\n\n{ORCHARD}\n\n{BRIDGE}"
    [story] = find_stories(text)
    assert (story.title, story.published) == ("Lighthouse to be restored", date(2019, 6, 4))
    assert story.date_evidence == "date line 'June 4, 2019' at the top"
    assert (story.start, story.end) == (0, len(text))


@pytest.mark.parametrize("text", [
    pytest.param(f"Lighthouse to be restored\n\n{LIGHTHOUSE} The first meeting was held on March 3, 2019 in the "
                 f"town hall.\n\nIn a statement dated 14 April 2019 the council confirmed the grant. {ORCHARD}\n\n"
                 f"{BRIDGE}", id="dates-inside-paragraphs"),
    pytest.param(f"Lighthouse to be restored\n\n{LIGHTHOUSE}\n\nTimeline\n\n{CHESS}\n\nThe works began on "
                 f"2019-05-01.\n\n{BRIDGE}", id="iso-date-in-a-sentence"),
    pytest.param(f"Lighthouse to be restored\n\n{LIGHTHOUSE}\n\nMarch 3\n\n{ORCHARD}\n\nApril 9\n\n{BRIDGE}",
                 id="date-lines-without-year"),
])
def test_find_stories_dates_in_body_do_not_split(text):
    [story] = find_stories(text)
    assert story.title == "Lighthouse to be restored"
    assert story.published is None
    assert (story.start, story.end) == (0, len(text))


def test_find_stories_two_headers_but_one_short_story_not_split():
    text = f"Lighthouse to be restored\n\nJune 4, 2019\n\n{LIGHTHOUSE}\n\nSee also\n\nJune 5, 2019\n\nA short note."
    [story] = find_stories(text)
    assert story.published == date(2019, 6, 4)


@pytest.mark.parametrize(("first_line", "title"), [
    ("Home News Lighthouse to be restored", "Lighthouse to be restored"),
    ("Home > News > Lighthouse to be restored", "Lighthouse to be restored"),
    ("Home / Reports / Lighthouse to be restored", "Lighthouse to be restored"),
    ("Lighthouse to be restored", "Lighthouse to be restored"),
    ("This opening line is a whole sentence that ends in a full stop.", None),
])
def test_find_stories_breadcrumb_title(first_line, title):
    text = f"{first_line}\n\nLighthouse to be restored\n\n{LIGHTHOUSE}"
    [story] = find_stories(text)
    assert story.title == title


@pytest.mark.parametrize(("opening", "outlet", "published"), [
    ("PARIS, March 3, 2017 (Reuters) - ", "Reuters", date(2017, 3, 3)),
    ("TRIPOLI, Libya, March 3, 2017 (AP) \u2014 ", "AP", date(2017, 3, 3)),
    ("WASHINGTON, Jan. 5, 2017 (AFP) \u2013 ", "AFP", date(2017, 1, 5)),
    ("NEW YORK, Sept. 12, 2016 (Reuters) - ", "Reuters", date(2016, 9, 12)),
    ("BOGOTÁ, March 3, 2017 (Reuters) - ", "Reuters", date(2017, 3, 3)),
    ("PARIS, March 3 (Reuters) - ", "Reuters", None),
    ("PARIS (Reuters) - ", "Reuters", None),
    ("Paris, a city of bridges (and more) - ", None, None),
])
def test_find_stories_dateline_gives_outlet_and_date(opening, outlet, published):
    text = f"Lighthouse to be restored\n\n{opening}{LIGHTHOUSE}\n\n{ORCHARD}"
    [story] = find_stories(text)
    assert (story.outlet, story.published) == (outlet, published)
    if outlet:
        assert story.outlet_evidence.startswith(f"dateline '{opening.split(' (')[0]}")


def test_find_stories_date_line_wins_over_dateline_date():
    text = f"Lighthouse to be restored\n\nJune 4, 2019\n\nPARIS, March 3, 2017 (Reuters) - {LIGHTHOUSE}"
    [story] = find_stories(text)
    assert (story.published, story.outlet) == (date(2019, 6, 4), "Reuters")


@pytest.mark.parametrize("text", ["", "   \n\n  ", "one"])
def test_find_stories_degenerate_text_gives_one_story(text):
    [story] = find_stories(text)
    assert story.start == 0 and story.title is None and story.published is None


# --- reports_from_text: stories become reports ------------------------------------------------------

def test_reports_from_text_split_page_reports():
    result = reports_from_text(Source("page.txt"), _ARCHIVE_PAGE, "text", PageMeta(outlet="Kellin Notes"), 25)
    assert not result.rejections
    [page] = result.pages
    assert (page.title, page.story_count) == ("Archive for the Kellin Bay category", 3)
    assert [(r.source.key, r.story_index, r.page_id) for r in result.reports] == [
        (f"page.txt#story={n}", n, page.id) for n in (1, 2, 3)]
    assert [r.published for r in result.reports] == [date(2019, 6, 4), date(2019, 5, 12), date(2019, 4, 30)]
    assert {r.outlet for r in result.reports} == {"Kellin Notes"}


def test_reports_from_text_page_metadata_wins_on_single_story():
    text = f"Lighthouse to be restored\n\nJune 4, 2019\n\n{LIGHTHOUSE}"
    meta = PageMeta(title="Lamp saved", published=date(2019, 6, 1), date_evidence="page metadata")
    [report] = reports_from_text(Source("a.txt"), text, "text", meta, 25).reports
    assert (report.title, report.published, report.date_evidence) == ("Lamp saved", date(2019, 6, 1), "page metadata")


def test_reports_from_text_story_header_fills_missing_metadata():
    text = f"Lighthouse to be restored\n\nJune 4, 2019\n\nPARIS, June 4, 2019 (Reuters) - {LIGHTHOUSE}"
    [report] = reports_from_text(Source("a.txt"), text, "text", PageMeta(), 25).reports
    assert (report.title, report.published, report.outlet) == ("Lighthouse to be restored", date(2019, 6, 4), "Reuters")


def test_reports_from_text_crlf_normalised():
    text = _ARCHIVE_PAGE.replace("\n", "\r\n")
    result = reports_from_text(Source("page.txt"), text, "text", PageMeta(), 25)
    assert len(result.reports) == 3 and "\r" not in result.reports[0].text


def test_sample_corpus_archive_page_splits_with_credit_lines():
    path = SAMPLE / "004_cfbef52509b8154a.txt"
    if not path.is_file():
        pytest.fail(f"the sample corpus is missing at {SAMPLE}: clone the repository beside ../shared")
    stories = find_stories(path.read_text(encoding="utf-8"))
    assert [s.published for s in stories] == [date(2017, 3, 14), date(2016, 11, 28), date(2016, 1, 23)]
    assert {s.outlet for s in stories} == {"DEBKAfile"}


@pytest.mark.parametrize("body", [FERRY, BAKERY])
def test_find_stories_story_spans_cover_text_without_overlap(body):
    text = f"Intro line\n\nFirst story here\n\nJune 4, 2019\n\n{body}\n\nSecond story here\n\nJune 5, 2019\n\n{body}"
    stories = find_stories(text)
    assert len(stories) == 2
    assert stories[0].end <= stories[1].start and stories[1].end == len(text)

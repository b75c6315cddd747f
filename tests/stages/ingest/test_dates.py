"""Publication dates from date lines, running text, URLs and metadata values; no year means no date."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from echolocate.stages.ingest.dates import date_line, find_date, parse_date_value, trailing_date, url_date

D = date(2017, 3, 14)


@pytest.mark.parametrize(("line", "expected"), [
    ("March 14, 2017", D),
    ("14 March 2017", D),
    ("Mar 14 2017", D),
    ("14 Mar, 2017", D),
    ("Sept. 4, 2016", date(2016, 9, 4)),
    ("4th July 2016", date(2016, 7, 4)),
    ("July 4th, 2016", date(2016, 7, 4)),
    ("Tuesday, March 14, 2017", D),
    ("Tue 14 Mar 2017 10:30 GMT", D),
    ("2017-03-14", D),
    ("2017/03/14", D),
    ("Posted on March 14, 2017", D),
    ("Published: 14 March 2017 | 09:41", D),
    ("Updated March 14, 2017 at 3:45 p.m. EST", D),
    ("  \u2014 March 14, 2017 \u2014  ", D),
    ("| March 14, 2017 |", D),
    # not date lines
    ("March 14", None),
    ("14 March", None),
    ("Tuesday, March 14", None),
    ("The meeting on March 14, 2017 was long", None),
    ("By Ida Brook | March 14, 2017", None),
    ("February 30, 2017", None),
    ("March 14, 1850", None),
    ("2017-13-01", None),
    ("14.03.2017", None),
    ("", None),
    ("March 14, 2017 " + "x" * 60, None),
])
def test_date_line(line, expected):
    assert date_line(line) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The meeting on March 14, 2017 was long", (D, 15, 29)),
    ("Signed 14 March 2017 and filed 2018-01-02", (D, 7, 20)),
    ("filed 2018-01-02, signed 14 March 2017", (date(2018, 1, 2), 6, 16)),
    ("see 2017/03/14", (D, 4, 14)),
    ("They met on March 14 and again on April 2", None),
    ("February 30, 2017 then March 1, 2017", (date(2017, 3, 1), 23, 36)),
    ("no dates here", None),
    ("", None),
])
def test_find_date(text, expected):
    assert find_date(text) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://x.example/2016/11/28/story", date(2016, 11, 28)),
    ("https://x.example/news/2016/1/3/", date(2016, 1, 3)),
    ("https://x.example/2016-11-28-story", date(2016, 11, 28)),
    ("https://x.example/2016/11/28", date(2016, 11, 28)),
    ("https://x.example/2016/13/28/", None),
    ("https://x.example/2016/02/30/x", None),
    ("https://x.example/1899/01/01/x", None),
    ("https://x.example/2016/11/", None),
    ("https://x.example/story-20161128", None),
    ("", None),
    (None, None),
])
def test_url_date(url, expected):
    assert url_date(url) == expected


_EPOCH = int(datetime(2017, 3, 14, 10, 30, tzinfo=timezone.utc).timestamp())


@pytest.mark.parametrize(("value", "expected"), [
    ("2017-03-14", D),
    ("2017-03-14T23:30:00-05:00", D),  # the date as written, not moved to UTC
    ("2017-03-14 09:12:00", D),
    ("Tue, 14 Mar 2017 10:00:00 +0000", D),
    ("Tue, 14 Mar 17 10:00:00 +0000", D),
    ("March 14, 2017 10:00", D),
    ("14 March 2017", D),
    (str(_EPOCH), D),
    (_EPOCH, D),
    (_EPOCH * 1000, D),
    (float(_EPOCH), D),
    (str(_EPOCH * 1000), D),
    (datetime(2017, 3, 14, 23, 59), D),
    (datetime(2017, 3, 14, 23, 59, tzinfo=timezone(timedelta(hours=-8))), D),
    (D, D),
    # no year, no date
    ("March 14", None),
    ("14 March", None),
    ("Tuesday 14 March", None),
    ("14/03", None),
    # placeholders and nonsense
    (None, None),
    ("", None),
    ("   ", None),
    ("yesterday", None),
    ("2017", None),
    ("2017-03", None),
    ("0000-00-00", None),
    ("2017-02-30", None),
    ("Mon, 32 Mar 2017 10:00:00 +0000", None),
    (0, None),
    (-1, None),
    (3.5, None),
    (10**20, None),
    (float("nan"), None),
    (float("inf"), None),
    (True, None),
    ([2017, 3, 14], None),
    ({"year": 2017}, None),
    (date(1850, 1, 1), None),
])
def test_parse_date_value(value, expected):
    assert parse_date_value(value) == expected


@pytest.mark.parametrize(("line", "expected"), [
    ("Valley Courier, May 12, 2019", (date(2019, 5, 12), 16)),
    ("Valley Courier, 12 May 2019.", (date(2019, 5, 12), 16)),
    ("Valley Courier, May 12", None),
    ("May 12, 2019, Valley Courier", None),
])
def test_trailing_date(line, expected):
    assert trailing_date(line) == expected

"""Publication dates from what a page shows: date lines, datelines, URLs, meta values.

Only complete dates (with a year) are returned; a month and day alone is not a
publication date, and we never invent the missing year.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_TIME = r"(?:\s*(?:,|at|-|\|)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"
_PREFIX = r"(?:(?:posted|published|updated|last updated|date|dated)\s*(?:on|:)?\s*)?"

_DATE_PATTERNS = [
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR, re.I),   # March 14, 2017
    re.compile(_WEEKDAY + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR, re.I),   # 14 March 2017
    re.compile(r"(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)"),  # 2017-03-14
    re.compile(r"(?P<year>(?:19|20)\d\d)/(?P<month>[01]\d)/(?P<day>[0-3]\d)"),  # 2017/03/14
]
_MIN_EPOCH = 100_000_000  # epoch seconds of March 1973: smaller numbers are not timestamps
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]([01]?\d)[/-]([0-3]?\d)(?:/|-|$)")


def find_date(text: str) -> tuple[date, int, int] | None:
    """The first complete date in ``text``: (date, start, end), or ``None``."""
    best: tuple[date, int, int] | None = None
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            value = _to_date(match)
            if value is not None and (best is None or match.start() < best[1]):
                best = (value, match.start(), match.end())
                break
    return best


def date_line(line: str) -> date | None:
    """The date when a whole line is just a date (with an optional weekday, time or 'Posted on')."""
    stripped = line.strip().strip("|·•-–— ").strip()
    if not stripped or len(stripped) > 60:
        return None
    for pattern in _DATE_PATTERNS:
        match = re.fullmatch(_PREFIX + pattern.pattern + _TIME, stripped, flags=re.I)
        if match:
            return _to_date(match)
    return None


def trailing_date(line: str) -> tuple[date, int] | None:
    """A date that ends the line (credit lines such as 'Title, Outlet, March 14, 2017')."""
    stripped = line.rstrip(" .")
    for pattern in _DATE_PATTERNS:
        match = re.search(r"(?:" + pattern.pattern + r")$", stripped, flags=re.I)
        if match:
            value = _to_date(match)
            if value is not None:
                return value, match.start()
    return None


def url_date(url: str | None) -> date | None:
    """A date in a URL path, such as /2016/11/28/."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    if not match:
        return None
    try:
        return _plausible(date(int(match.group(1)), int(match.group(2)), int(match.group(3))))
    except ValueError:
        return None


def parse_date_value(value) -> date | None:
    """A date from a metadata value: ISO strings, RFC 822 strings, epoch seconds, datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return _plausible(value.date())
    if isinstance(value, date):
        return _plausible(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not _MIN_EPOCH <= value < 1e14:  # 0, -1 and small counts are placeholders, not 1970 dates
            return None
        seconds = value / 1000 if value > 1e11 else value
        try:
            return _plausible(datetime.fromtimestamp(seconds, tz=timezone.utc).date())
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if re.fullmatch(r"\d{9,13}", text):
        return parse_date_value(int(text))
    iso = re.match(r"((?:19|20)\d\d)-(\d\d)-(\d\d)", text)
    if iso:
        try:
            return _plausible(date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3))))
        except ValueError:
            return None
    found = find_date(text)
    if found:
        return found[0]
    try:
        from email.utils import parsedate_to_datetime

        return _plausible(parsedate_to_datetime(text).date())
    except (TypeError, ValueError, IndexError):
        return None


def _to_date(match: re.Match) -> date | None:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower().rstrip("."))
    try:
        return _plausible(date(int(match.group("year")), month, int(match.group("day"))))
    except (TypeError, ValueError):
        return None


def _plausible(value: date) -> date | None:
    return value if 1900 <= value.year <= 2100 else None

"""Find the stories in a text: one, or several separately dated ones on one page.

Archive, category and listing pages repeat a pattern: a short title line, then a
line holding only a date, then the story. Two or more such headers make a
multi-story page. The rule is about layout, not about any one site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from echolocate.stages.ingest.dates import date_line, find_date, trailing_date

_MAX_TITLE_WORDS = 25
_MAX_TITLE_CHARS = 200
_MIN_STORY_WORDS = 30
_LOOKBACK = 3
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'\- ]{2,40})(?:,\s*[A-Z][\w.' ]{1,30})?,?\s*"
    r"(?P<when>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*(?:19|20)\d\d)?)?\s*"
    r"\((?P<agency>[A-Z][\w.&' ]{1,30})\)\s*[-\u2013\u2014:]"
)


@dataclass(frozen=True)
class Line:
    start: int
    end: int  # end of content, newline excluded
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Story:
    """A story's span in the page text and what its header says about it."""

    start: int
    end: int
    title: str | None
    published: date | None
    date_evidence: str | None
    outlet: str | None
    outlet_evidence: str | None


def lines_of(text: str) -> list[Line]:
    lines, pos = [], 0
    for raw in text.splitlines(keepends=True):
        content = raw.rstrip("\r\n")
        lines.append(Line(pos, pos + len(content), content))
        pos += len(raw)
    return lines


def find_stories(text: str, allow_split: bool = True) -> list[Story]:
    """One ``Story`` per story in ``text`` (at least one when the text has any words)."""
    lines = lines_of(text)
    headers = _dated_headers(lines) if allow_split else []
    if len(headers) >= 2:
        stories = _split(text, lines, headers)
        if sum(1 for s in stories if len(text[s.start:s.end].split()) >= _MIN_STORY_WORDS) >= 2:
            return stories
    return [_single(text, lines)]


def page_title(text: str, first_story_start: int) -> str | None:
    """The title of a multi-story page: the first title-like line before its first story."""
    for line in lines_of(text[:first_story_start]):
        if _title_like(line.text):
            return _squash(line.text)
    return None


def _dated_headers(lines: list[Line]) -> list[tuple[int, int, date]]:
    """(title line index, date line index, date) for every 'title, then date line' header."""
    headers = []
    for i, line in enumerate(lines):
        value = date_line(line.text)
        if value is None:
            continue
        j = _previous_nonblank(lines, i)
        if j is None or not _title_like(lines[j].text) or date_line(lines[j].text):
            continue
        if headers and j <= headers[-1][1]:
            continue
        headers.append((j, i, value))
    return headers


def _split(text: str, lines: list[Line], headers: list[tuple[int, int, date]]) -> list[Story]:
    stories = []
    for n, (title_i, date_i, value) in enumerate(headers):
        start = lines[title_i].start
        end = lines[headers[n + 1][0]].start if n + 1 < len(headers) else len(text)
        title = _squash(lines[title_i].text)
        evidence = f"date line '{lines[date_i].text.strip()}' under the title"
        outlet = outlet_evidence = None
        credit = _credit_line(lines, date_i, title)
        if credit is not None:
            outlet, credit_date, credit_text = credit
            outlet_evidence = f"credit line '{credit_text}'"
            if credit_date is not None and credit_date != value:
                evidence = (f"credit line '{credit_text}' (the page's own date line says "
                            f"{value.isoformat()})")
                value = credit_date
        stories.append(Story(start, _rstrip_end(text, start, end), title, value, evidence, outlet, outlet_evidence))
    return stories


def _single(text: str, lines: list[Line]) -> Story:
    title = _first_title(lines)
    published = evidence = outlet = outlet_evidence = None
    nonblank = [line for line in lines if not line.blank][:8]
    for line in nonblank:
        value = date_line(line.text)
        if value is not None:
            published, evidence = value, f"date line '{line.text.strip()}' at the top"
            break
    for line in nonblank[:4]:
        match = _DATELINE.match(line.text)
        if match:
            outlet = match.group("agency").strip()
            outlet_evidence = f"dateline '{match.group(0).strip()}'"
            when = match.group("when")
            found = find_date(when) if when else None
            if published is None and found:
                published, evidence = found[0], f"dateline '{match.group(0).strip()}'"
            break
    return Story(0, _rstrip_end(text, 0, len(text)), title, published, evidence, outlet, outlet_evidence)


def _first_title(lines: list[Line]) -> str | None:
    """The first line when it reads as a headline; a breadcrumb's tail when it is one."""
    nonblank = [line.text.strip() for line in lines if not line.blank]
    if len(nonblank) < 2 or not _title_like(nonblank[0]):
        return None
    first = _squash(nonblank[0])
    for following in map(_squash, nonblank[1:3]):
        if following != first and first.endswith(following) and _title_like(following):
            return following  # "Home Reports Headline" followed by "Headline"
    return first


def _credit_line(lines: list[Line], date_i: int, title: str) -> tuple[str, date | None, str] | None:
    """'Title, Outlet, Date' just under a story's date line: the outlet that published it."""
    seen = 0
    for line in lines[date_i + 1:]:
        if line.blank:
            continue
        seen += 1
        if seen > 2:
            return None
        text = _squash(line.text)
        if not text.lower().startswith(title.lower()):
            continue
        rest = text[len(title):].strip(" ,-\u2013\u2014|")
        found = trailing_date(rest)
        middle = rest[:found[1]] if found else rest
        outlet = middle.strip(" ,-\u2013\u2014|")
        if outlet and len(outlet.split()) <= 5:
            return outlet, (found[0] if found else None), text
    return None


def _squash(text: str) -> str:
    """One line with every run of whitespace (no-break spaces included) as one space."""
    return " ".join(text.split())


def _previous_nonblank(lines: list[Line], i: int) -> int | None:
    for j in range(i - 1, max(-1, i - 1 - _LOOKBACK), -1):
        if not lines[j].blank:
            return j
    return None


def _title_like(text: str) -> bool:
    stripped = text.strip()
    if not stripped or len(stripped) > _MAX_TITLE_CHARS or len(stripped.split()) > _MAX_TITLE_WORDS:
        return False
    if stripped.endswith((".", ",", ";", ":")) and not stripped.endswith("..."):
        return False
    return any(ch.isalpha() for ch in stripped)


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end

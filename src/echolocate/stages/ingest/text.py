"""Turn a decoded text (plain, or extracted from HTML) into reports.

Page-level metadata (from HTML meta tags, feeds, JSON fields) is the default;
what a story's own header says (title, date line, credit line) overrides it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from echolocate.model import Page, Rejection, Report, Source, content_id
from echolocate.stages.ingest.meta import detect_language
from echolocate.stages.ingest.stories import Story, find_stories, page_title


@dataclass(frozen=True)
class PageMeta:
    """What the container (file, HTML head, feed entry, JSON record) says about the text."""

    title: str | None = None
    outlet: str | None = None
    outlet_evidence: str | None = None
    author: str | None = None
    url: str | None = None
    published: date | None = None
    date_evidence: str | None = None
    language: str | None = None


@dataclass
class TextResult:
    reports: list[Report]
    pages: list[Page]
    rejections: list[Rejection]

    def extend(self, other: "TextResult") -> None:
        self.reports.extend(other.reports)
        self.pages.extend(other.pages)
        self.rejections.extend(other.rejections)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def reports_from_text(source: Source, text: str, fmt: str, meta: PageMeta, min_words: int,
                      split: bool = True) -> TextResult:
    """One report per story in ``text``; a rejection when there is no usable text."""
    text = normalise_newlines(text)
    words = len(text.split())
    if words == 0:
        return TextResult([], [], [Rejection(source, "no-text", "no readable text in this input",
                                             "check that the file holds the article, not only scripts or markup")])
    if words < min_words:
        return TextResult([], [], [Rejection(source, "too-short", f"only {words} words of text",
                                             f"lower --min-words (now {min_words}) to keep very short items")])
    stories = find_stories(text, allow_split=split)
    if len(stories) == 1:
        story = stories[0]
        return TextResult([_report(source, text[: story.end], fmt, meta, story, in_page=False)], [], [])
    page = Page(content_id(text, prefix="p"), source, page_title(text, stories[0].start) or meta.title, len(stories))
    reports = []
    for index, story in enumerate(stories, start=1):
        story_source = Source(source.path, f"{source.locator}#story={index}")
        report = _report(story_source, text[story.start: story.end], fmt, meta, story, in_page=True)
        reports.append(replace(report, page_id=page.id, story_index=index))
    return TextResult(reports, [page], [])


def _report(source: Source, text: str, fmt: str, meta: PageMeta, story: Story, in_page: bool) -> Report:
    """A report whose story header wins over page metadata on a multi-story page, and loses otherwise."""
    published, date_evidence = meta.published, meta.date_evidence
    if story.published is not None and (published is None or in_page):
        published, date_evidence = story.published, story.date_evidence
    outlet, outlet_evidence = meta.outlet, meta.outlet_evidence
    if story.outlet and (not outlet or in_page):
        outlet, outlet_evidence = story.outlet, story.outlet_evidence
    return Report(
        text=text,
        source=source,
        title=story.title if in_page else (meta.title or story.title),
        outlet=outlet,
        author=meta.author,
        url=meta.url,
        published=published,
        date_evidence=date_evidence,
        outlet_evidence=outlet_evidence,
        language=meta.language or detect_language(text),
        fmt=fmt,
    )

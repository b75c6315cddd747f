"""HTML pages -> text and metadata.

trafilatura removes boilerplate and reads meta tags, JSON-LD and bylines. Pages
that hold several ``<article>`` elements, each with its own date, are split
into one report per article before extraction.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from echolocate.model import Page, Source, content_id
from echolocate.stages.ingest.dates import date_line, parse_date_value, url_date
from echolocate.stages.ingest.meta import clean_value, host_of
from echolocate.stages.ingest.text import PageMeta, TextResult, reports_from_text

_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section",
               "article", "header", "footer", "pre", "figcaption", "dd", "dt", "time"}
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "nav", "form")
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def parse_html(source: Source, html: str, min_words: int, url: str | None = None, fmt: str = "html") -> TextResult:
    """Reports from one HTML page (several when it is a listing of dated articles)."""
    import lxml.html

    try:
        # the text is already decoded: tell lxml it is UTF-8, or a <meta charset> in the page decodes it twice
        parser = lxml.html.HTMLParser(encoding="utf-8")
        tree = lxml.html.fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except (ValueError, lxml.etree.ParserError):
        tree = None
    if tree is not None:
        articles = _dated_articles(tree, min_words)
        if len(articles) >= 2:
            return _article_reports(source, tree, articles, min_words, url, fmt)
    return _whole_page(source, html, min_words, url, fmt)


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (feed entry, JSON field), with block breaks kept as lines."""
    import lxml.html

    if not fragment or "<" not in fragment:
        return fragment or ""
    try:
        tree = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return re.sub(r"<[^>]+>", " ", fragment)
    return _element_text(tree)


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml version")) and "<html" in text[:4096].lower() \
        or bool(re.search(r"<(html|head|body|p|div|article)[\s>]", text[:4096], re.I))


def _whole_page(source: Source, html: str, min_words: int, url: str | None, fmt: str) -> TextResult:
    import trafilatura

    extracted = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True,
        date_extraction_params=_DATE_PARAMS,
    )
    doc = extracted.as_dict() if hasattr(extracted, "as_dict") else (extracted or {})
    body = (doc.get("text") or "").strip()
    title = clean_value(doc.get("title"))
    if body and title and not body.startswith(title):
        body = f"{title}\n\n{body}"
    page_url = clean_value(doc.get("url")) or url
    return reports_from_text(source, body, fmt, _meta_of(doc, page_url, title), min_words)


def _meta_of(doc: dict, url: str | None, title: str | None) -> PageMeta:
    # trafilatura falls back to the URL for both; say so rather than claim the page's metadata
    outlet = clean_value(doc.get("sitename"))
    outlet_evidence = "site name in the page metadata" if outlet else None
    if host_of(url) and (not outlet or _same_host(outlet, host_of(url))):
        outlet, outlet_evidence = host_of(url), "host of the page URL"
    published = parse_date_value(doc.get("date"))
    evidence = "page metadata (meta tags, JSON-LD or visible date)" if published else None
    if url_date(url) and (published is None or published == url_date(url)):
        published, evidence = url_date(url), "date in the page URL"
    return PageMeta(
        title=title,
        outlet=outlet,
        outlet_evidence=outlet_evidence,
        author=clean_value(doc.get("author")),
        url=url,
        published=published,
        date_evidence=evidence,
        language=None,
    )


def _same_host(name: str, host: str) -> bool:
    name = name.lower()
    return (name[4:] if name.startswith("www.") else name) == host


def _dated_articles(tree, min_words: int) -> list[tuple[object, str | None, date, str]]:
    found = []
    for article in tree.iter("article"):
        if any(parent.tag == "article" for parent in article.iterancestors()):
            continue
        when, evidence = _article_date(article)
        if when is None:
            continue
        heading = next(iter(article.xpath(".//h1|.//h2|.//h3")), None)
        title = clean_value(heading.text_content()) if heading is not None else None
        found.append((article, title, when, evidence))
    return [a for a in found if len(_element_text(a[0]).split()) >= min_words]


def _article_date(article) -> tuple[date | None, str]:
    for node in article.xpath(".//time"):
        value = parse_date_value(node.get("datetime")) or parse_date_value(node.text_content())
        if value:
            return value, "the article's <time> element"
    for line in _element_text(article).splitlines()[:6]:
        value = date_line(line)
        if value:
            return value, f"date line '{line.strip()}' in the article"
    return None, ""


def _article_reports(source: Source, tree, articles, min_words: int, url: str | None, fmt: str) -> TextResult:
    page_text = _element_text(tree)
    title_node = tree.find(".//title")
    page = Page(content_id(page_text, prefix="p"), source,
                clean_value(title_node.text_content()) if title_node is not None else None, len(articles))
    site = _site_name(tree) or host_of(url)
    result = TextResult([], [page], [])
    for index, (article, title, when, evidence) in enumerate(articles, start=1):
        meta = PageMeta(title=title, outlet=site, outlet_evidence="site name of the listing page" if site else None,
                        url=url, published=when, date_evidence=evidence)
        story_source = Source(source.path, f"{source.locator}#story={index}")
        part = reports_from_text(story_source, _element_text(article), fmt, meta, min_words, split=False)
        result.rejections.extend(part.rejections)
        result.reports.extend(replace(report, page_id=page.id, story_index=index) for report in part.reports)
    return result


def _site_name(tree) -> str | None:
    for xpath in ('//meta[@property="og:site_name"]/@content', '//meta[@name="application-name"]/@content'):
        values = tree.xpath(xpath)
        if values:
            return clean_value(values[0])
    return None


def _element_text(element) -> str:
    """Text of an element with block elements on their own lines; scripts and navigation dropped."""
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _DROP_TAGS:
            if node.tail:
                parts.append(node.tail)
            return
        block = tag in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
        if block:
            parts.append("\n")
        if node.tail:
            parts.append(node.tail)

    walk(element)
    text = "".join(parts)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    out, blank = [], False
    for line in lines:
        if line:
            out.append(line)
            blank = False
        elif not blank and out:
            out.append("")
            blank = True
    return "\n".join(out).strip()

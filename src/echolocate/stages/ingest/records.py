"""JSON lines, JSON files and RSS/Atom feeds: containers of many records, one report each.

A broken record is a rejection for that record (with its line or entry number);
the other records of the same file are kept.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from echolocate.model import Rejection, Source
from echolocate.stages.ingest.dates import parse_date_value, url_date
from echolocate.stages.ingest.html import fragment_text, looks_like_html
from echolocate.stages.ingest.meta import clean_value, host_of
from echolocate.stages.ingest.text import PageMeta, TextResult, reports_from_text


def parse_json_lines(source: Source, text: str, fields: Mapping[str, tuple[str, ...]], min_words: int) -> TextResult:
    """One report per JSON object line; a JSON array or single object is read the same way."""
    result = TextResult([], [], [])
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError as exc:
            return TextResult([], [], [Rejection(source, "bad-json", f"invalid JSON array: {exc}",
                                                 "check the file is valid JSON, or write one object per line")])
        records = [(n, item) for n, item in enumerate(items if isinstance(items, list) else [items], start=1)]
        kind = "item"
    else:
        records, kind = _lines(source, text, result), "line"
    for n, record in records:
        record_source = Source(source.path, f"{source.locator}#{kind}={n}")
        if not isinstance(record, dict):
            result.rejections.append(Rejection(record_source, "bad-record", "a JSON value that is not an object",
                                               "each line must be a JSON object such as {\"text\": ...}"))
            continue
        result.extend(record_reports(record_source, record, fields, min_words))
    if not records and not result.rejections:
        result.rejections.append(Rejection(source, "empty", "no JSON records", "the file holds no objects"))
    return result


def _lines(source: Source, text: str, result: TextResult) -> list[tuple[int, object]]:
    records = []
    lines = text.splitlines()
    whole = None
    if sum(1 for line in lines if line.strip()) > 1:
        try:  # a pretty-printed single object (news-please writes one per file), however it is laid out
            whole = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            whole = None  # JSON lines fail here at the second line ("extra data"), cheaply
    if isinstance(whole, dict):
        return [(1, whole)]
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            records.append((n, json.loads(line)))
        except json.JSONDecodeError as exc:
            result.rejections.append(Rejection(
                Source(source.path, f"{source.locator}#line={n}"), "bad-json-line",
                f"line {n} is not valid JSON: {exc.msg} at column {exc.colno}",
                "fix or remove that line; the other lines were read"))
    return records


def _keys(fields: Mapping[str, tuple[str, ...]], name: str) -> tuple[str, ...]:
    """The input keys mapped to one of our fields; a bare string is one key, not a sequence of letters."""
    keys = fields.get(name) or ()
    return (keys,) if isinstance(keys, str) else tuple(k for k in keys if isinstance(k, str))


def record_reports(source: Source, record: dict, fields: Mapping[str, tuple[str, ...]], min_words: int,
                   fmt: str = "jsonl") -> TextResult:
    """The report of one record (a JSON object, a Parquet row), its fields found through ``fields``."""
    def pick(name: str):
        for key in _keys(fields, name):
            value = _get(record, key)
            if value not in (None, "", [], {}):
                return value
        return None

    raw_text = pick("text")
    if not isinstance(raw_text, str) or not raw_text.strip():
        keys = ", ".join(_keys(fields, "text"))
        return TextResult([], [], [Rejection(source, "no-text-field", f"none of the text fields ({keys}) holds text",
                                             "map your text field with jsonl_fields in echolocate.toml "
                                             "or --field text=YOUR_KEY")])
    body = fragment_text(raw_text) if looks_like_html(raw_text) else raw_text
    url = clean_value(pick("url"))
    title = clean_value(pick("title"))
    if title and not body.lstrip().startswith(title):
        body = f"{title}\n\n{body}"
    published = parse_date_value(pick("published"))
    evidence = "the record's date field" if published else None
    if published is None and url_date(url):
        published, evidence = url_date(url), "date in the record's URL"
    outlet = clean_value(pick("outlet"))
    outlet_evidence = "the record's outlet field" if outlet else None
    if not outlet and host_of(url):
        outlet, outlet_evidence = host_of(url), "host of the record's URL"
    language = clean_value(pick("language"))
    meta = PageMeta(title=title, outlet=outlet, outlet_evidence=outlet_evidence, author=clean_value(pick("author")),
                    url=url, published=published, date_evidence=evidence,
                    language=language[:2].lower() if language else None)
    return reports_from_text(source, body, fmt, meta, min_words, split=False)


def _get(record: dict, key: str):
    """A value by key, with dots for nested keys ('source.name')."""
    value = record
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def parse_feed(source: Source, data: bytes, min_words: int) -> TextResult:
    """One report per RSS/Atom entry, with the entry's own content (or summary)."""
    import feedparser

    feed = feedparser.parse(data)
    result = TextResult([], [], [])
    if not feed.entries:
        detail = str(feed.get("bozo_exception") or "the feed has no entries")
        return TextResult([], [], [Rejection(source, "empty-feed", detail, "check the feed is complete XML with items")])
    outlet = clean_value(feed.feed.get("title")) or host_of(feed.feed.get("link"))
    for n, entry in enumerate(feed.entries, start=1):
        entry_source = Source(source.path, f"{source.locator}#entry={n}")
        content = entry.get("content") or []
        html = content[0].get("value") if content else entry.get("summary", "")
        body = fragment_text(html or "")
        title = clean_value(entry.get("title"))
        if title and not body.lstrip().startswith(title):
            body = f"{title}\n\n{body}"
        # the date as the feed wrote it: feedparser's *_parsed values are in UTC, which can move the day.
        # dict.get reads the keys feedparser really set, without its deprecated updated->published aliasing.
        published = parse_date_value(dict.get(entry, "published") or dict.get(entry, "updated"))
        if published is None:
            stamp = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
            published = parse_date_value(_struct_date(stamp))
        url = clean_value(entry.get("link"))
        meta = PageMeta(title=title, outlet=outlet, outlet_evidence="the feed's title" if outlet else None,
                        author=clean_value(entry.get("author")), url=url, published=published,
                        date_evidence="the entry's published date" if published else None)
        result.extend(reports_from_text(entry_source, body, "feed", meta, min_words, split=False))
    return result


def _struct_date(stamp):
    if not stamp:
        return None
    from datetime import date

    try:
        return date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
    except (ValueError, AttributeError):
        return None

"""WARC and WARC.gz archives: every HTTP response (or resource) holding HTML is a page.

A truncated archive keeps the records read before the damage and adds one
rejection saying where reading stopped.
"""

from __future__ import annotations

import io

from echolocate.model import Rejection, Source
from echolocate.stages.ingest.decode import decode
from echolocate.stages.ingest.html import parse_html
from echolocate.stages.ingest.text import TextResult

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def parse_warc(source: Source, data: bytes, min_words: int) -> TextResult:
    from warcio.archiveiterator import ArchiveIterator

    result = TextResult([], [], [])
    html_records = skipped = index = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            index += 1
            if record.rec_type not in ("response", "resource"):
                continue
            content_type = _content_type(record)
            if not any(t in content_type for t in _HTML_TYPES):
                skipped += 1
                continue
            html_records += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            record_source = Source(source.path, f"{source.locator}#record={index}")
            payload = record.content_stream().read()
            decoded = decode(payload)
            if decoded.text is None:
                result.rejections.append(Rejection(record_source, decoded.problem or "undecodable", decoded.detail,
                                                   "this WARC record's body is not readable text"))
                continue
            result.extend(parse_html(record_source, decoded.text, min_words, url=url, fmt="warc"))
    except Exception as exc:  # noqa: BLE001 - any failure inside the archive means damage from here on
        result.rejections.append(Rejection(
            source, "truncated-warc", f"reading stopped at record {index}: {type(exc).__name__}: {exc}",
            "the archive is damaged or cut short; the records before the damage were kept"))
    if html_records == 0 and not result.rejections:
        result.rejections.append(Rejection(source, "no-html-records",
                                           f"{index} records, none an HTML response ({skipped} of other types)",
                                           "echolocate reads HTML responses from WARC files"))
    return result


def _content_type(record) -> str:
    if record.http_headers is not None:
        return (record.http_headers.get_header("Content-Type") or "").lower()
    return (record.rec_headers.get_header("Content-Type") or "").lower()

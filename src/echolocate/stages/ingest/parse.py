"""One input task -> ``ParsedInput``: sniff the format, decode, hand to the right parser.

This function never raises for bad input: every failure becomes a ``Rejection``
with a reason and a hint, so a run goes on and nothing vanishes.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import zlib

from echolocate.config import Settings
from echolocate.model import ParsedInput, Rejection, Source, bytes_digest
from echolocate.stages.ingest.decode import decode
from echolocate.stages.ingest.discover import InputTask
from echolocate.stages.ingest.html import looks_like_html, parse_html
from echolocate.stages.ingest.parquet import MAGIC as PARQUET_MAGIC
from echolocate.stages.ingest.parquet import parse_parquet
from echolocate.stages.ingest.records import parse_feed, parse_json_lines
from echolocate.stages.ingest.text import PageMeta, TextResult, reports_from_text
from echolocate.stages.ingest.warc import parse_warc

log = logging.getLogger(__name__)

_BINARY_MAGIC = {
    b"%PDF": "pdf", b"\x89PNG": "png", b"\xff\xd8\xff": "jpeg", b"GIF8": "gif", b"PK\x03\x04": "zip container",
    b"\x7fELF": "executable", b"BZh": "bzip2", b"\xfd7zXZ": "xz", b"7z\xbc\xaf": "7z", b"Rar!": "rar",
    b"SQLite format": "sqlite", b"\xd0\xcf\x11\xe0": "ms-office",
}
_HTML_EXT = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx")
_JSON_EXT = (".jsonl", ".ndjson", ".json", ".jl")
_FEED_EXT = (".rss", ".atom", ".xml", ".rdf")


def parse_input(task: InputTask, settings: Settings) -> ParsedInput:
    """Read and parse one input; never raises for anything the input contains."""
    if task.rejection is not None:
        return ParsedInput(task.source, "", rejections=(task.rejection,))
    try:
        data = task.data if task.data is not None else _read(task.path)
    except OSError as exc:
        return _rejected(task.source, "", "unreadable", str(exc), "check the file's permissions, or that it exists")
    digest = bytes_digest(data)
    try:
        result = _parse_bytes(task.source, task.source.path, data, settings, depth=0)
    except Exception as exc:  # noqa: BLE001 - the one place a parser bug becomes data, not a crash
        log.debug("parser failed on %s", task.source.key, exc_info=True)
        result = TextResult([], [], [Rejection(task.source, "parse-error", f"{type(exc).__name__}: {exc}",
                                               "this looks like an echolocate bug: please report it with the file")])
    return ParsedInput(task.source, digest, tuple(result.reports), tuple(result.rejections), tuple(result.pages))


def _read(path: str | None) -> bytes:
    if path is None:
        raise OSError("no path and no data")
    with open(path, "rb") as handle:
        return handle.read()


def _parse_bytes(source: Source, name: str, data: bytes, settings: Settings, depth: int) -> TextResult:
    lower = name.lower()
    if not data.strip():
        return _one(source, "empty", "the input holds no bytes" if not data else "the input holds only whitespace",
                    "nothing to read: check the file was saved or downloaded completely")
    if data.startswith(b"WARC/") or lower.endswith((".warc", ".warc.gz")):
        return parse_warc(source, data, settings.min_words)
    if data[:2] == b"\x1f\x8b":
        if _gzipped_warc(data):  # read member by member, so a cut-short file keeps its first records
            return parse_warc(source, data, settings.min_words)
        if depth > 2:
            return _one(source, "nested-gzip", "gzip inside gzip inside gzip", "decompress the file first")
        return _gunzip(source, lower, data, settings, depth)
    if data.startswith(PARQUET_MAGIC) or lower.endswith(".parquet"):
        return parse_parquet(source, data, settings.jsonl_fields, settings.min_words)
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            return _one(source, "unsupported-format", f"a {kind} file, not a report",
                        "echolocate reads text, HTML, JSON lines, Parquet, WARC and RSS/Atom; convert the file to one of them")
    decoded = decode(data)
    if decoded.text is None:
        hint = ("convert the file to UTF-8, e.g. iconv -f ENCODING -t UTF-8" if decoded.problem != "binary"
                else "this is not a text report; remove it from the input")
        return _one(source, decoded.problem or "undecodable", decoded.detail, hint)
    text = decoded.text
    if not text.strip():
        return _one(source, "empty", f"the input holds only whitespace ({decoded.encoding})",
                    "nothing to read: check the file was saved or downloaded completely")
    kind = _kind(lower, text)
    if kind == "feed":
        return parse_feed(source, data, settings.min_words)
    if kind == "json":
        return parse_json_lines(source, text, settings.jsonl_fields, settings.min_words)
    if kind == "html":
        return parse_html(source, text, settings.min_words)
    return reports_from_text(source, text, "text", PageMeta(), settings.min_words)


def _kind(lower: str, text: str) -> str:
    head = text[:4096].lstrip("\ufeff \t\r\n")
    head_lower = head[:2048].lower()
    if head_lower.startswith("<?xml") or lower.endswith(_FEED_EXT):
        if "<rss" in head_lower or "<feed" in head_lower or "<rdf:rdf" in head_lower:
            return "feed"
    if lower.endswith(_JSON_EXT) or (head.startswith(("{", "[")) and _starts_with_json(head, text)):
        return "json"
    if lower.endswith(_HTML_EXT) or looks_like_html(text):
        return "html"
    return "text"


def _starts_with_json(head: str, text: str) -> bool:
    """True for JSON lines (a first line that is a whole JSON object, and a second that opens one),
    or when the whole text is one JSON document.

    A value that only *opens* the text is not enough: a plain report may well begin
    with ``[1]`` or ``{Updated}``.
    """
    lines = [line.strip() for line in head.splitlines() if line.strip()][:2]
    if lines[0].startswith("{") and _whole_json(lines[0]) and (len(lines) == 1 or lines[1].startswith("{")):
        return True
    return _whole_json(text.strip("\ufeff \t\r\n"))


def _whole_json(candidate: str) -> bool:
    try:
        json.loads(candidate)
    except (json.JSONDecodeError, RecursionError):
        return False
    return True


def _gzipped_warc(data: bytes) -> bool:
    try:
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:4096], 16)
    except zlib.error:
        return False
    return head.startswith(b"WARC/")


def _gunzip(source: Source, lower: str, data: bytes, settings: Settings, depth: int) -> TextResult:
    try:
        inflated = _bounded_gunzip(data, settings.max_bytes)
    except _TooLarge:
        return _one(source, "too-large", f"decompresses to over {settings.max_bytes:,} bytes",
                    f"raise the limit with --max-bytes {settings.max_bytes * 4}")
    except (EOFError, OSError, zlib.error) as exc:
        return _one(source, "truncated-gzip", f"the gzip stream is damaged or cut short: {exc}",
                    "the file was not downloaded completely; fetch it again")
    inner = lower[:-3] if lower.endswith(".gz") else lower
    return _parse_bytes(source, inner, inflated, settings, depth + 1)


class _TooLarge(Exception):
    pass


def _bounded_gunzip(data: bytes, limit: int) -> bytes:
    out = bytearray()
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
        while chunk := stream.read(1 << 20):
            out += chunk
            if len(out) > limit:
                raise _TooLarge
    return bytes(out)


def _one(source: Source, reason: str, detail: str, hint: str) -> TextResult:
    return TextResult([], [], [Rejection(source, reason, detail, hint)])


def _rejected(source: Source, digest: str, reason: str, detail: str, hint: str) -> ParsedInput:
    return ParsedInput(source, digest, rejections=(Rejection(source, reason, detail, hint),))

"""WARC and WARC.gz archives: every HTTP response (or resource) holding HTML is a page.

A truncated or damaged archive keeps the records read before the damage and adds
one rejection saying where reading stopped. Damage is looked for in three places,
because warcio itself stops silently on most of it: a gzip member cut short, a
record whose block is shorter than its ``Content-Length``, and bytes left over
after the last record that did not form one.

gzip is decompressed here rather than by warcio, so that a whole-file gzip (one
member holding every record, as ``gzip file.warc`` writes) reads the same as the
usual one-member-per-record layout.
"""

from __future__ import annotations

import io
import zlib

from echolocate.model import Rejection, Source
from echolocate.stages.ingest.decode import decode
from echolocate.stages.ingest.html import parse_html
from echolocate.stages.ingest.text import TextResult

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 14
_DAMAGE_HINT = "the archive is damaged or cut short; the records before the damage were kept"


def parse_warc(source: Source, data: bytes, min_words: int) -> TextResult:
    from warcio.archiveiterator import ArchiveIterator

    class _QuietIterator(ArchiveIterator):
        INC_RECORD = ""  # warcio writes this warning to stderr; we count it (err_count) instead

    result = TextResult([], [], [])
    stream = _GzipMembers(data) if data[:2] == _GZIP_MAGIC else _Plain(data)
    html_records = skipped = index = 0
    consumed = complete = 0
    damage: str | None = None
    try:
        records = _QuietIterator(stream)
        for record in records:
            index += 1
            record_source = Source(source.path, f"{source.locator}#record={index}")
            page_type = record.rec_type in ("response", "resource")
            wanted = page_type and any(t in _content_type(record) for t in _HTML_TYPES)
            payload, problem = _payload(record) if wanted else (None, None)
            if not _drained(record):
                damage = f"record {index} is cut short: its header or block ends before its Content-Length"
                break
            records.get_record_offset()  # reads to the record's end, blank lines after it included
            consumed = records.offset
            complete += 1
            if not wanted:
                if page_type:
                    skipped += 1
                continue
            html_records += 1
            if problem is not None:
                result.rejections.append(Rejection(record_source, "bad-warc-record", problem,
                                                   "this WARC record's body cannot be decoded; the others were read"))
                continue
            decoded = decode(payload)
            if decoded.text is None:
                result.rejections.append(Rejection(record_source, decoded.problem or "undecodable", decoded.detail,
                                                   "this WARC record's body is not readable text"))
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            result.extend(parse_html(record_source, decoded.text, min_words, url=url, fmt="warc"))
        if damage is None and records.err_count:
            damage = f"{records.err_count} record(s) did not end where their Content-Length said"
    except Exception as exc:  # noqa: BLE001 - any failure inside the archive means damage from here on
        damage = f"reading stopped at record {index}: {type(exc).__name__}: {exc}"
    if damage is None:
        damage = stream.damage or _leftover(stream, consumed, index)
    if damage is not None and complete == 0 and not stream.damage:
        result.rejections.append(Rejection(source, "bad-warc", f"no WARC record could be read: {damage}",
                                           "this is not a WARC archive, or its first record is damaged"))
    elif damage is not None:
        result.rejections.append(Rejection(source, "truncated-warc", damage, _DAMAGE_HINT))
    if html_records == 0 and not result.rejections:
        result.rejections.append(Rejection(source, "no-html-records",
                                           f"{index} records, none an HTML response ({skipped} of other types)",
                                           "echolocate reads HTML responses from WARC files"))
    return result


def _payload(record) -> tuple[bytes | None, str | None]:
    """The record's body with HTTP transfer and content encodings undone, or why it could not be read."""
    try:
        return record.content_stream().read(), None
    except Exception as exc:  # noqa: BLE001 - a bad chunked or gzip body spoils this record only
        return None, f"{type(exc).__name__}: {exc}"


def _drained(record) -> bool:
    """Read the rest of the record's block; False when the input ended before its Content-Length."""
    from warcio.limitreader import LimitReader

    raw = record.raw_stream
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not declared.isdigit() or not isinstance(raw, LimitReader):
        return False  # no usable Content-Length: the record header itself is damaged or cut short
    while raw.read(_CHUNK):
        pass
    return raw.limit <= 0


def _leftover(stream, consumed: int, index: int) -> str | None:
    """Damage when bytes after the last complete record did not form a record."""
    while stream.read(_CHUNK):
        pass
    extra = stream.tell() - consumed
    if extra > 0:
        return f"{extra:,} bytes after record {index} are not a complete WARC record"
    return None


def _content_type(record) -> str:
    if record.http_headers is not None:
        return (record.http_headers.get_header("Content-Type") or "").lower()
    return (record.rec_headers.get_header("Content-Type") or "").lower()


class _Plain(io.BytesIO):
    damage: str | None = None


class _GzipMembers(io.RawIOBase):
    """Concatenated gzip members decompressed on the fly; damage ends the stream and is noted, not raised."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self._data = memoryview(data)
        self._pos = 0
        self._inflater = None
        self._pending = b""
        self._done = False
        self._delivered = 0
        self.damage: str | None = None

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._delivered

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            parts = []
            while chunk := self.read(_CHUNK * 4):
                parts.append(chunk)
            return b"".join(parts)
        while not self._pending and not self._done:
            self._fill()
        out, self._pending = self._pending[:size], self._pending[size:]
        self._delivered += len(out)
        return out

    def readinto(self, buffer) -> int:
        out = self.read(len(buffer))
        buffer[: len(out)] = out
        return len(out)

    def _fill(self) -> None:
        if self._inflater is None:
            if self._pos >= len(self._data):
                self._done = True
                return
            if bytes(self._data[self._pos:self._pos + 2]) != _GZIP_MAGIC:
                if bytes(self._data[self._pos:]).strip(b"\0\r\n\t "):
                    self.damage = f"bytes at offset {self._pos:,} are not gzip"
                self._done = True
                return
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        chunk = self._data[self._pos:self._pos + _CHUNK]
        self._pos += len(chunk)
        if not chunk:
            self.damage = "the gzip stream ends inside a member: the file was cut short"
            self._done = True
            return
        try:
            self._pending += self._inflater.decompress(chunk)
        except zlib.error as exc:
            self.damage = f"the gzip stream is damaged near offset {self._pos - len(chunk):,}: {exc}"
            self._done = True
            return
        if self._inflater.eof:
            self._pos -= len(self._inflater.unused_data)
            self._inflater = None

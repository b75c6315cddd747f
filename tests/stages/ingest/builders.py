"""Small hand-written inputs for the ingest tests, and helpers that build containers around them.

Every sentence here is invented for these tests. Each paragraph has more than the
default 25 words, so a single paragraph passes the ``min_words`` filter.
"""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
from pathlib import Path

from echolocate.config import Settings
from echolocate.model import ParsedInput, Report, Source
from echolocate.stages.ingest import InputTask, parse_input

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
SAMPLE = SHARED / "corpora" / "libya-2016"

LIGHTHOUSE = (
    "The harbour board of Kellin Bay voted on Tuesday to restore the old stone lighthouse with help from "
    "volunteers and a modest grant from the county council. Fishing crews welcomed the plan and said the "
    "lamp had guided their boats home through winter fog for more than a century."
)
ORCHARD = (
    "The orchard cooperative in Marrow Vale reported its largest apple harvest in twenty years, crediting a "
    "mild spring and a new irrigation channel that members dug by hand over two summers along the northern "
    "slopes above the village."
)
CHESS = (
    "A chess club for retired teachers now meets every Thursday evening in the library annex. Organisers say "
    "attendance has doubled since they began serving tea and ginger biscuits at the halfway break, and a "
    "junior section is planned for the spring term."
)
BRIDGE = (
    "Volunteers repainted the iron footbridge over the Fennick canal in bright green paint last weekend, and "
    "the parish council promised to fit new lamps along the towpath before the darker autumn evenings "
    "arrive for walkers and cyclists."
)
FERRY = (
    "The river ferry between Oxley and Rundel Quay resumed its crossings after a week of engine repairs. "
    "Commuters crowded the small pier before sunrise to catch the first boat, and the operator promised an "
    "extra evening sailing until the end of the month."
)
BAKERY = (
    "A new bakery opened beside the old post office on Tanner Street, selling rye loaves, seed rolls and "
    "honey cakes. The owner said she hoped to take on two apprentices from the technical college before the "
    "winter holidays begin in December."
)
PARAGRAPHS = (LIGHTHOUSE, ORCHARD, CHESS, BRIDGE, FERRY, BAKERY)


def parse(data: bytes, name: str = "input.txt", **settings) -> ParsedInput:
    """Parse bytes as if read from a file called ``name``."""
    return parse_input(InputTask(Source(name), data=data), Settings(**settings))


def only_report(parsed: ParsedInput) -> Report:
    assert not parsed.rejections, parsed.rejections
    assert len(parsed.reports) == 1, parsed.reports
    return parsed.reports[0]


def html_page(title: str, *paragraphs: str, head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title}</title>{head}</head>"
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")


def warc_bytes(records: list[tuple[str, str, bytes]], compress: bool = False) -> bytes:
    """A WARC with a warcinfo record, then one HTTP response per (url, content type, body)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    info = writer.create_warcinfo_record("test.warc", {"software": "echolocate tests"})
    writer.write_record(info)
    info.raw_stream.close()
    for url, content_type, body in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
        writer.write_record(record)
        record.raw_stream.close()  # warcio spools the block to a temporary file
    return buffer.getvalue()


def record_ends(data: bytes) -> list[int]:
    """Byte offset where each record of an intact WARC (or WARC.gz) ends."""
    from warcio.archiveiterator import ArchiveIterator

    ends = []
    records = ArchiveIterator(io.BytesIO(data))
    for _record in records:
        ends.append(records.get_record_offset() + records.get_record_length())
    return ends


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def tar_bytes(members: dict[str, bytes], mode: str = "w:gz") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)

"""Ingest never crashes: any bytes under any file name become reports or rejections, never an exception."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from echolocate.config import Settings
from echolocate.model import ParsedInput, Source
from echolocate.stages.ingest import InputTask, discover, parse_input
from tests.stages.ingest.builders import (
    CHESS, LIGHTHOUSE, ORCHARD, gzipped, html_page, tar_bytes, warc_bytes, zip_bytes,
)

_SETTINGS = Settings(min_words=3)
_SUFFIXES = ["", ".txt", ".html", ".htm", ".jsonl", ".json", ".xml", ".rss", ".atom", ".warc", ".warc.gz", ".gz",
             ".html.gz", ".zip", ".tar.gz", ".tgz",
             ".tar.xz", ".tar.bz2", ".tar"]
_ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")

# valid inputs of each format, for the mutation strategy to damage
_SEEDS = [
    LIGHTHOUSE.encode(),
    f"Lighthouse to be restored\n\nJune 4, 2019\n\n{LIGHTHOUSE}\n\nChess club grows\n\n5 June 2019\n\n{CHESS}".encode(),
    html_page("Lighthouse", LIGHTHOUSE, head="<meta property='og:site_name' content='Courier'>").encode(),
    (f"<html><body><article><h2>A</h2><time datetime='2019-06-04'>x</time><p>{LIGHTHOUSE}</p></article>"
     f"<article><h2>B</h2><time datetime='2019-06-05'>y</time><p>{CHESS}</p></article></body></html>").encode(),
    "\n".join(json.dumps({"maintext": t, "date_publish": "2019-06-04", "url": "https://a.example/x"})
              for t in (LIGHTHOUSE, ORCHARD)).encode(),
    json.dumps([{"text": LIGHTHOUSE}, {"text": CHESS}], indent=2).encode(),
    (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Herald</title><item><title>A</title>'
     f"<pubDate>Tue, 10 Oct 2017 08:00:00 +0000</pubDate><description>{ORCHARD}</description>"
     "</item></channel></rss>").encode(),
    warc_bytes([("https://a.example/1", "text/html", html_page("First", LIGHTHOUSE).encode()),
                ("https://a.example/2", "text/html", html_page("Second", ORCHARD).encode())]),
    warc_bytes([("https://a.example/1", "text/html", html_page("First", LIGHTHOUSE).encode())], compress=True),
    "Café “Kellin” – 5 € a plate, déjà vu. ".encode("cp1252") + LIGHTHOUSE.encode(),
    LIGHTHOUSE.encode("utf-16"),
    zip_bytes({"a.txt": LIGHTHOUSE.encode(), "b/c.html": html_page("C", CHESS).encode()}),
    tar_bytes({"a.txt": LIGHTHOUSE.encode(), "in.zip": zip_bytes({"x.txt": ORCHARD.encode()})}, mode="w:xz"),
    tar_bytes({"a.txt": LIGHTHOUSE.encode()}, mode="w:gz"),
]

_names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=40,
).filter(lambda n: n not in (".", "..") and len(n.encode("utf-8")) <= 200)


@st.composite
def _mutated(draw) -> bytes:
    """A valid input with a few bytes replaced, cut out or inserted, sometimes cut short or gzipped."""
    data = bytearray(draw(st.sampled_from(_SEEDS)))
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["replace", "delete", "insert"]))
        chunk = draw(st.binary(min_size=1, max_size=8))
        if edit == "replace":
            data[at:at + len(chunk)] = chunk
        elif edit == "delete":
            del data[at:at + len(chunk)]
        else:
            data[at:at] = chunk
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return gzipped(bytes(data)) if draw(st.integers(0, 4)) == 0 else bytes(data)


_any_input = st.one_of(st.binary(max_size=3000), _mutated())


def _check(parsed: ParsedInput, source: Source) -> None:
    assert isinstance(parsed, ParsedInput)
    assert parsed.reports or parsed.rejections
    for rejection in parsed.rejections:
        assert rejection.reason and rejection.hint.strip()
        assert rejection.reason != "parse-error", rejection.detail  # a parser bug, caught at the last line
        assert rejection.source.path == source.path
    for report in parsed.reports:
        assert len(report.text.split()) >= _SETTINGS.min_words
        assert report.source.path == source.path
    for page in parsed.pages:
        assert sum(r.page_id == page.id for r in parsed.reports) >= 1


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_any_input, suffix=st.sampled_from(_SUFFIXES))
def test_parse_input_any_bytes_as_data(data, suffix):
    source = Source(f"input{suffix}")
    _check(parse_input(InputTask(source, data=data), _SETTINGS), source)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_any_input, name=_names, suffix=st.sampled_from(_SUFFIXES))
def test_parse_input_any_file_name_same_as_data(tmp_path_factory, data, name, suffix):
    path = os.path.join(_folder(tmp_path_factory), name + suffix)
    with open(path, "wb") as handle:
        handle.write(data)
    tasks = list(discover([path], max_bytes=1_000_000))
    if not path.lower().endswith(_ARCHIVE_SUFFIXES):
        assert [t.source.path for t in tasks] == [path]
        assert tasks[0].rejection is None
        from_file = parse_input(tasks[0], _SETTINGS)
        from_data = parse_input(InputTask(Source(path), data=data), _SETTINGS)
        _check(from_file, Source(path))
        assert from_file == from_data  # reading the file is just a way to get the same bytes
    else:
        assert tasks, "an archive yields its members or a rejection"
        for task in tasks:
            assert task.source.path.startswith(path)
            _check(parse_input(task, _SETTINGS), task.source)
    os.remove(path)


_FOLDER: list = []


def _folder(factory) -> str:
    """One folder for every example (each removes its file): hypothesis cannot use the per-test tmp_path."""
    if not _FOLDER:
        _FOLDER.append(str(factory.mktemp("prop")))
    return _FOLDER[0]


@pytest.mark.parametrize("data", [b"", b"\x00", b"\xff\xfe", b"\xfe\xff\x00", b"\x1f\x8b", b"WARC/", b"{", b"[", b"<",
                                  b"PK\x03\x04", b"\xef\xbb\xbf{", b"<?xml version='1.0'?><rss>"])
@pytest.mark.parametrize("suffix", ["", ".html", ".jsonl", ".warc.gz", ".xml"])
def test_parse_input_tiny_inputs(data, suffix):
    source = Source(f"tiny{suffix}")
    _check(parse_input(InputTask(source, data=data), _SETTINGS), source)

"""Bad input becomes a ``Rejection`` with a reason and a hint; nothing raises, nothing vanishes."""

from __future__ import annotations

import importlib
import io
import json
import os
import random
import struct
import zipfile

import pytest

from echolocate.config import Settings
from echolocate.model import Source
from echolocate.stages.ingest import InputTask, discover, parse_input
from tests.stages.ingest.builders import (
    BRIDGE, CHESS, LIGHTHOUSE, ORCHARD, gzipped, html_page, parse, record_ends, tar_bytes, warc_bytes, zip_bytes,
)

discover_module = importlib.import_module("echolocate.stages.ingest.discover")
_RANDOM = random.Random(20240601)
_NOISE = bytes(_RANDOM.randrange(256) for _ in range(4096))
_NOISE_WITH_NULS = _NOISE[:100] + b"\x00\x00\x00" + _NOISE[100:]
_NOISE_NO_NULS = _NOISE.replace(b"\x00", b"\x01")
# valid multibyte UTF-8 (é, “ ”, €) with a few bytes that are UTF-8 in no way
_CORRUPT_UTF8 = (("Le café “Kellin” coûte 5 € et la crème brûlée aussi. " + ORCHARD).encode()
                 + b" \xff\xfe\xc3(" + BRIDGE.encode())
_SCRIPTS_ONLY = (b"<html><head><script>var a = 1; function f() { return a + 2; }</script><style>p{color:red}</style>"
                 b"</head><body><script>document.write('hello there');</script><noscript></noscript></body></html>")


@pytest.mark.parametrize(("name", "data", "reason"), [
    pytest.param("empty.txt", b"", "empty", id="empty"),
    pytest.param("blank.txt", b" \n\t\r\n  ", "empty", id="whitespace"),
    pytest.param("bom.txt", b"\xef\xbb\xbf\n", "empty", id="utf8-bom-only"),
    pytest.param("bom16.txt", b"\xff\xfe \x00\n\x00", "empty", id="utf16-whitespace-only"),
    pytest.param("noise.bin", _NOISE_WITH_NULS, "binary", id="random-bytes-with-nuls"),
    pytest.param("noise.txt", _NOISE_NO_NULS, "binary", id="random-bytes-without-nuls"),
    pytest.param("nuls.txt", b"\x00" * 64, "binary", id="nul-bytes"),
    pytest.param("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _NOISE[:200], "unsupported-format", id="png"),
    pytest.param("paper.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
                 "unsupported-format", id="pdf"),
    pytest.param("renamed.txt", b"PK\x03\x04" + _NOISE[:100], "unsupported-format", id="zip-bytes-as-member"),
    pytest.param("page.html.gz", gzipped(html_page("Orchard", ORCHARD).encode())[:60], "truncated-gzip",
                 id="truncated-gzip"),
    pytest.param("deep.gz", gzipped(gzipped(gzipped(gzipped(LIGHTHOUSE.encode())))), "nested-gzip", id="gzip-x4"),
    pytest.param("corrupt.txt", _CORRUPT_UTF8, "invalid-utf8", id="corrupted-utf8"),
    pytest.param("scripts.html", _SCRIPTS_ONLY, "no-text", id="html-scripts-only"),
    pytest.param("short.txt", b"Only a handful of words here.", "too-short", id="too-short"),
    pytest.param("notext.json", json.dumps({"title": "No body", "url": "https://x.example/a"}).encode(),
                 "no-text-field", id="json-without-text-field"),
    pytest.param("broken.json", b'[{"text": "unterminated', "bad-json", id="json-array-broken"),
    pytest.param("feed.rss", b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
                 "empty-feed", id="feed-without-items"),
    pytest.param("notwarc.warc", b"this file only pretends to be a WARC archive\r\n" * 3, "bad-warc", id="not-a-warc"),
])
def test_parse_input_bad_input_rejected(name, data, reason):
    parsed = parse(data, name)
    assert parsed.reports == ()
    assert [r.reason for r in parsed.rejections] == [reason]
    rejection = parsed.rejections[0]
    assert rejection.hint.strip() and rejection.detail.strip()
    assert rejection.source.path == name


def test_parse_input_corrupted_utf8_says_where():
    [rejection] = parse(_CORRUPT_UTF8, "c.txt").rejections
    offset = _CORRUPT_UTF8.index(b"\xff")
    assert f"offset {offset}" in rejection.detail
    assert "UTF-8" in rejection.hint


def test_parse_input_too_short_hint_names_setting():
    [rejection] = parse(b"Only a handful of words here.", "s.txt").rejections
    assert rejection.detail == "only 6 words of text"
    assert "--min-words" in rejection.hint
    assert parse(b"Only a handful of words here.", "s.txt", min_words=5).reports


# --- truncated and damaged WARC ---------------------------------------------------------------------

_PAGES = [
    ("https://a.example/1", "text/html", html_page("First", LIGHTHOUSE).encode()),
    ("https://a.example/2", "text/html", html_page("Second", ORCHARD).encode()),
    ("https://a.example/3", "text/html", html_page("Third", CHESS).encode()),
]


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize(("cut_in", "kept"), [
    pytest.param(1, [], id="inside-first-page"),
    pytest.param(2, ["First"], id="inside-second-page"),
    pytest.param(3, ["First", "Second"], id="inside-third-page"),
])
def test_parse_input_truncated_warc_keeps_records_before_damage(compress, cut_in, kept):
    data = warc_bytes(_PAGES, compress=compress)
    ends = record_ends(data)  # ends[0] is the warcinfo record; ends[n] the n-th page
    cut = (ends[cut_in - 1] + ends[cut_in]) // 2
    parsed = parse(data[:cut], "crawl.warc.gz" if compress else "crawl.warc")
    assert [r.title for r in parsed.reports] == kept
    assert [r.reason for r in parsed.rejections] == ["truncated-warc"]
    assert "records before the damage were kept" in parsed.rejections[0].hint


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
def test_parse_input_warc_cut_inside_record_header(compress):
    data = warc_bytes(_PAGES, compress=compress)
    ends = record_ends(data)
    parsed = parse(data[: ends[1] + 40], "crawl.warc.gz" if compress else "crawl.warc")  # 40 bytes into page 2
    assert [r.title for r in parsed.reports] == ["First"]
    assert [r.reason for r in parsed.rejections] == ["truncated-warc"]


def test_parse_input_whole_file_gzip_warc_cut_short():
    data = gzipped(warc_bytes(_PAGES))
    parsed = parse(data[: len(data) * 2 // 3], "crawl.warc.gz")
    assert [r.reason for r in parsed.rejections] == ["truncated-warc"]
    assert [r.title for r in parsed.reports] == ["First", "Second"][: len(parsed.reports)]
    assert parsed.reports, "a cut in the last third keeps the first page"


def test_parse_input_warc_garbage_between_members():
    data = warc_bytes(_PAGES, compress=True)
    ends = record_ends(data)
    damaged = data[: ends[2]] + b"\x00garbage that is not gzip" + data[ends[2]:]
    parsed = parse(damaged, "crawl.warc.gz")
    assert [r.title for r in parsed.reports] == ["First", "Second"]
    assert [r.reason for r in parsed.rejections] == ["truncated-warc"]


def test_parse_input_warc_body_not_text_rejected_per_record():
    data = warc_bytes([_PAGES[0], ("https://a.example/bin", "text/html", b"\x00\x01\x02" * 50), _PAGES[1]])
    parsed = parse(data, "crawl.warc")
    assert [r.title for r in parsed.reports] == ["First", "Second"]
    assert [(r.reason, r.source.locator) for r in parsed.rejections] == [("binary", "#record=3")]


# --- JSON lines with bad records ------------------------------------------------------------------

def test_parse_input_json_lines_broken_line_others_kept():
    lines = [json.dumps({"text": LIGHTHOUSE}), '{"text": "cut off', json.dumps({"text": ORCHARD}), "[1, 2]",
             json.dumps({"headline": "no body"})]
    parsed = parse("\n".join(lines).encode(), "mixed.jsonl")
    assert [(r.source.locator, r.text) for r in parsed.reports] == [("#line=1", LIGHTHOUSE), ("#line=3", ORCHARD)]
    assert [(r.source.locator, r.reason) for r in parsed.rejections] == [
        ("#line=2", "bad-json-line"), ("#line=4", "bad-record"), ("#line=5", "no-text-field")]
    assert all(r.hint for r in parsed.rejections)
    assert "line 2 is not valid JSON" in parsed.rejections[0].detail


def test_parse_input_json_record_without_text_names_the_keys_tried():
    [rejection] = parse(json.dumps({"title": "No body"}).encode(), "a.jsonl").rejections
    assert "maintext, text, content" in rejection.detail
    assert "jsonl_fields" in rejection.hint


@pytest.mark.parametrize("text", ["[1] " + LIGHTHOUSE, "{Updated} " + LIGHTHOUSE, "[Updated]\n\n" + LIGHTHOUSE,
                                  "{}\n" + LIGHTHOUSE])
def test_parse_input_text_opening_with_brackets_is_not_json(text):
    [report] = parse(text.encode(), "note.txt").reports
    assert report.fmt == "text" and LIGHTHOUSE in report.text


# --- discover: paths that cannot be read ------------------------------------------------------------

def test_discover_too_large_rejected_with_max_bytes_hint(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(LIGHTHOUSE * 20)
    [task] = discover([str(path)], max_bytes=1000)
    assert task.rejection.reason == "too-large"
    assert "--max-bytes" in task.rejection.hint
    parsed = parse_input(task, Settings())
    assert parsed.reports == () and [r.reason for r in parsed.rejections] == ["too-large"]


def test_discover_too_large_archive_member(tmp_path):
    (tmp_path / "a.zip").write_bytes(zip_bytes({"big.txt": (LIGHTHOUSE * 20).encode(), "ok.txt": BRIDGE.encode()}))
    tasks = list(discover([str(tmp_path / "a.zip")], max_bytes=1000))
    assert [(t.source.key, t.rejection.reason if t.rejection else None) for t in tasks] == [
        (f"{tmp_path / 'a.zip'}!big.txt", "too-large"), (f"{tmp_path / 'a.zip'}!ok.txt", None)]
    assert "--max-bytes" in tasks[0].rejection.hint


@pytest.mark.parametrize("target", ["does-not-exist.txt", "missing-folder/", "*.nothing-matches", "**/*.nope"])
def test_discover_not_found(tmp_path, monkeypatch, target):
    monkeypatch.chdir(tmp_path)
    [task] = discover([target], 10_000)
    assert task.rejection.reason == "not-found"
    assert target in task.rejection.detail and task.rejection.hint
    assert parse_input(task, Settings()).rejections == (task.rejection,)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="permission bits do not stop root")
def test_discover_unreadable_file(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text(LIGHTHOUSE)
    path.chmod(0)
    try:
        [task] = discover([str(path)], 10_000)
    finally:
        path.chmod(0o644)
    assert task.rejection.reason == "unreadable" and task.rejection.hint


def test_discover_unreadable_file_when_access_denied(tmp_path, monkeypatch):
    # the same branch as above, reachable when the tests run as root
    path = tmp_path / "locked.txt"
    path.write_text(LIGHTHOUSE)
    monkeypatch.setattr(discover_module.os, "access", lambda *_args, **_kw: False)
    [task] = discover([str(path)], 10_000)
    assert (task.rejection.reason, task.rejection.detail) == ("unreadable", "permission denied")
    assert "permissions" in task.rejection.hint


def test_parse_input_file_gone_since_discover(tmp_path):
    path = tmp_path / "gone.txt"
    parsed = parse_input(InputTask(Source(str(path)), path=str(path)), Settings())
    assert [r.reason for r in parsed.rejections] == ["unreadable"] and parsed.rejections[0].hint


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_discover_not_a_regular_file(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    [task] = discover([str(tmp_path / "pipe")], 10_000)
    assert task.rejection.reason == "not-a-file" and task.rejection.hint


def test_discover_dangling_symlink_unreadable(tmp_path):
    (tmp_path / "link.txt").symlink_to(tmp_path / "nowhere.txt")
    [task] = discover([str(tmp_path / "link.txt")], 10_000)
    assert task.rejection.reason == "unreadable"


def _truncated_zip() -> bytes:
    data = zip_bytes({"a.txt": LIGHTHOUSE.encode(), "b.txt": ORCHARD.encode()})
    return data[: len(data) - 30]


@pytest.mark.parametrize(("name", "data", "kept"), [
    pytest.param("cut.zip", _truncated_zip(), [], id="zip-cut-short"),
    pytest.param("junk.zip", b"PK\x03\x04" + _NOISE[:500], [], id="zip-garbage"),
    pytest.param("text.zip", LIGHTHOUSE.encode(), [], id="zip-that-is-text"),
    pytest.param("cut.tar.gz", tar_bytes({"a.txt": LIGHTHOUSE.encode() * 40, "b.txt": _NOISE * 4})[:-200], ["a.txt"],
                 id="tar.gz-cut-short"),
    pytest.param("junk.tgz", gzipped(_NOISE), [], id="tgz-garbage"),
])
def test_discover_damaged_archive(tmp_path, name, data, kept):
    (tmp_path / name).write_bytes(data)
    archive = str(tmp_path / name)
    tasks = list(discover([archive], 10_000_000))
    assert [t.source.key for t in tasks if t.rejection is None] == [f"{archive}!{m}" for m in kept]
    rejected = [t for t in tasks if t.rejection is not None]
    assert [(t.source.key, t.rejection.reason) for t in rejected] == [(archive, "bad-archive")]
    assert rejected[0].rejection.hint


def test_discover_damaged_nested_archive_names_member(tmp_path):
    (tmp_path / "outer.zip").write_bytes(zip_bytes({"inner.zip": b"PK\x03\x04 not really", "ok.txt": BRIDGE.encode()}))
    archive = str(tmp_path / "outer.zip")
    tasks = list(discover([archive], 10_000_000))
    assert [(t.source.key, t.rejection.reason if t.rejection else None) for t in tasks] == [
        (f"{archive}!inner.zip", "bad-archive"), (f"{archive}!ok.txt", None)]


def _patched_zip(flag: int = 0, method: int | None = None) -> bytes:
    """A two-member zip whose first member ('a.txt') is marked encrypted, or packed with another method."""
    data = bytearray(zip_bytes({"a.txt": LIGHTHOUSE.encode(), "b.txt": ORCHARD.encode()}))
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")  # both belong to a.txt
    data[local + 6] |= flag
    data[central + 8] |= flag
    if method is not None:
        struct.pack_into("<H", data, local + 8, method)
        struct.pack_into("<H", data, central + 10, method)
    return bytes(data)


def _stored_zip_with_bad_crc() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("a.txt", LIGHTHOUSE)
        archive.writestr("b.txt", ORCHARD)
    return buffer.getvalue().replace(b"harbour", b"HARBOUR", 1)


@pytest.mark.parametrize("data", [
    pytest.param(_patched_zip(flag=1), id="encrypted-member"),
    pytest.param(_patched_zip(method=9), id="deflate64-member"),
    pytest.param(_stored_zip_with_bad_crc(), id="bad-crc-member"),
])
def test_discover_unreadable_zip_member_others_kept(tmp_path, data):
    (tmp_path / "a.zip").write_bytes(data)
    archive = str(tmp_path / "a.zip")
    tasks = list(discover([archive], 10_000_000))
    assert [(t.source.key, t.rejection.reason if t.rejection else None) for t in tasks] == [
        (f"{archive}!a.txt", "bad-archive"), (f"{archive}!b.txt", None)]
    assert tasks[0].rejection.hint
    assert parse_input(tasks[1], Settings()).reports[0].text == ORCHARD


_WORDY = " ".join(_RANDOM.choice((LIGHTHOUSE + " " + ORCHARD).split()) for _ in range(30_000)).encode()


@pytest.mark.parametrize(("mode", "suffix"), [("w:xz", ".tar.xz"), ("w:bz2", ".tar.bz2"), ("w:gz", ".tar.gz")])
@pytest.mark.parametrize("where", [3, 2, 1.5])
def test_discover_corrupted_compressed_tar(tmp_path, mode, suffix, where):
    # compressible members, so the damage lands in the middle of the stream, not in the first block read
    data = bytearray(tar_bytes({"a.txt": _WORDY, "b.txt": _WORDY}, mode=mode))
    start = int(len(data) / where)
    for at in range(start, start + 16):
        data[at] ^= 0xFF
    (tmp_path / f"t{suffix}").write_bytes(bytes(data))
    tasks = list(discover([str(tmp_path / f"t{suffix}")], 10_000_000))
    assert [t.rejection.reason for t in tasks if t.rejection] == ["bad-archive"]
    assert tasks[-1].source.key == str(tmp_path / f"t{suffix}")


def test_discover_tar_with_garbage_between_members(tmp_path):
    one, two = tar_bytes({"a.txt": LIGHTHOUSE.encode()}, mode="w"), tar_bytes({"b.txt": ORCHARD.encode()}, mode="w")
    first = one[:1024]  # header and data block of a.txt, without its end-of-archive zeros
    (tmp_path / "t.tar").write_bytes(first + b"garbage where a header should be".ljust(512, b"!") + two)
    archive = str(tmp_path / "t.tar")
    tasks = list(discover([archive], 10_000_000))
    assert [(t.source.key, t.rejection.reason if t.rejection else None) for t in tasks] == [
        (f"{archive}!a.txt", None), (archive, "bad-archive")]


def test_discover_unlistable_subfolder_rejected(tmp_path, monkeypatch):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(LIGHTHOUSE)
    (tmp_path / "shut").mkdir()
    (tmp_path / "shut" / "b.txt").write_text(ORCHARD)
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path) == str(tmp_path / "shut"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    tasks = list(discover([str(tmp_path)], 10_000))
    assert [(t.source.key, t.rejection.reason if t.rejection else None) for t in tasks] == [
        (str(tmp_path / "ok" / "a.txt"), None), (str(tmp_path / "shut"), "unreadable")]
    assert tasks[1].rejection.detail == "cannot list this folder: Permission denied"

"""Every input format ingest reads: what each yields, field by field."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from echolocate.config import Settings
from echolocate.model import Source
from echolocate.stages.ingest import InputTask, discover, parse_input
from tests.stages.ingest.builders import (
    BAKERY, BRIDGE, CHESS, FERRY, LIGHTHOUSE, ORCHARD, SAMPLE, gzipped, html_page, only_report, parse, tar_bytes,
    warc_bytes, zip_bytes,
)

# --- HTML article pages -------------------------------------------------------------------------

_NAV = "<nav><ul><li><a href='/'>Home</a></li><li><a href='/sport'>Sport results menu</a></li></ul></nav>"
_FOOTER = "<footer><p>Copyright Kellin Courier. Privacy policy and cookie settings.</p></footer>"
_JSON_LD = json.dumps({
    "@context": "https://schema.org", "@type": "NewsArticle", "headline": "Lighthouse to be restored",
    "datePublished": "2019-06-04T08:30:00Z", "author": {"@type": "Person", "name": "Mara Quillfeather"},
    "publisher": {"@type": "Organization", "name": "Kellin Courier"},
})
_HEAD_META = (
    '<meta property="og:site_name" content="Kellin Courier">'
    '<meta name="author" content="Mara Quillfeather">'
    '<meta property="article:published_time" content="2019-06-04T08:30:00Z">'
    '<link rel="canonical" href="https://courier.example.org/news/lighthouse-restored">'
)
_HEAD_LD = f'<script type="application/ld+json">{_JSON_LD}</script>'


def _article(head: str) -> str:
    return (f"<!DOCTYPE html><html lang='en'><head><title>Lighthouse to be restored</title>{head}</head>"
            f"<body>{_NAV}<article><h1>Lighthouse to be restored</h1><p>{LIGHTHOUSE}</p><p>{ORCHARD}</p></article>"
            f"{_FOOTER}</body></html>")


@pytest.mark.parametrize(("head", "url"), [
    pytest.param(_HEAD_META + _HEAD_LD, "https://courier.example.org/news/lighthouse-restored", id="meta-and-json-ld"),
    pytest.param(_HEAD_LD, None, id="json-ld-only"),
    pytest.param(_HEAD_META, "https://courier.example.org/news/lighthouse-restored", id="meta-only"),
])
def test_html_article_metadata_extracted(head, url):
    report = only_report(parse(_article(head).encode(), "page.html"))
    assert report.title == "Lighthouse to be restored"
    assert report.outlet == "Kellin Courier"
    assert report.outlet_evidence == "site name in the page metadata"
    assert report.author == "Mara Quillfeather"
    assert report.published == date(2019, 6, 4)
    assert report.url == url
    assert report.fmt == "html" and report.language == "en"
    assert report.page_id is None and report.story_index is None


def test_html_article_boilerplate_absent_from_text():
    report = only_report(parse(_article(_HEAD_META + _HEAD_LD).encode(), "page.html"))
    assert report.text.startswith("Lighthouse to be restored")
    assert LIGHTHOUSE in report.text and ORCHARD in report.text
    for boilerplate in ("Sport results menu", "Privacy policy", "Copyright", "NewsArticle"):
        assert boilerplate not in report.text


def test_html_article_date_and_outlet_from_url_say_so():
    head = '<link rel="canonical" href="https://www.courier.example.org/2016/11/28/lighthouse">'
    report = only_report(parse(html_page("Lighthouse to be restored", LIGHTHOUSE, head=head).encode(), "p.html"))
    assert report.published == date(2016, 11, 28)
    assert report.date_evidence == "date in the page URL"
    assert report.outlet == "courier.example.org"
    assert report.outlet_evidence == "host of the page URL"


def test_html_article_without_metadata_leaves_unknowns_none():
    report = only_report(parse(html_page("Lighthouse to be restored", LIGHTHOUSE).encode(), "p.html"))
    assert (report.title, report.outlet, report.author, report.url, report.published) == (
        "Lighthouse to be restored", None, None, None, None)


def test_html_sniffed_without_extension():
    report = only_report(parse(html_page("Orchard record", ORCHARD).encode(), "no-extension"))
    assert report.fmt == "html" and report.title == "Orchard record"
    assert "<p>" not in report.text


# --- HTML listing pages ---------------------------------------------------------------------------

_LISTING_STORIES = [
    ("Ferry crossings resume", "2018-02-11", "11 February 2018", FERRY, date(2018, 2, 11)),
    ("Bakery opens on Tanner Street", "2018-03-02T10:00:00+01:00", "2 March", BAKERY, date(2018, 3, 2)),
    ("Footbridge painted green", "2018-03-20", "20 March 2018", BRIDGE, date(2018, 3, 20)),
]


def _listing() -> str:
    articles = "".join(f"<article><h2>{title}</h2><time datetime='{stamp}'>{shown}</time><p>{body}</p></article>"
                       for title, stamp, shown, body, _ in _LISTING_STORIES)
    return (f"<html><head><title>Town notes</title><meta property='og:site_name' content='Valley Courier'></head>"
            f"<body>{_NAV}{articles}{_FOOTER}</body></html>")


def test_html_listing_page_one_report_per_article():
    parsed = parse(_listing().encode(), "listing.html")
    assert not parsed.rejections
    assert [(r.title, r.published) for r in parsed.reports] == [(t, d) for t, _, _, _, d in _LISTING_STORIES]
    assert [r.source.key for r in parsed.reports] == [f"listing.html#story={n}" for n in (1, 2, 3)]
    assert [r.story_index for r in parsed.reports] == [1, 2, 3]
    assert {r.outlet for r in parsed.reports} == {"Valley Courier"}
    for report, (_, _, _, body, _) in zip(parsed.reports, _LISTING_STORIES):
        assert body in report.text and "Sport results menu" not in report.text
        assert report.date_evidence == "the article's <time> element"


def test_html_listing_page_recorded_as_page():
    parsed = parse(_listing().encode(), "listing.html")
    assert len(parsed.pages) == 1
    page = parsed.pages[0]
    assert (page.title, page.story_count, page.source) == ("Town notes", 3, Source("listing.html"))
    assert {r.page_id for r in parsed.reports} == {page.id}


def test_html_listing_page_dated_by_visible_date_lines():
    html = (f"<html><body><article><h2>Ferry back</h2><p class='date'>Posted on June 4, 2019</p><p>{FERRY}</p>"
            f"</article><article><h3>Bakery open</h3><div>5 June 2019</div><p>{BAKERY}</p></article></body></html>")
    parsed = parse(html.encode(), "listing.html")
    assert [(r.title, r.published, r.date_evidence) for r in parsed.reports] == [
        ("Ferry back", date(2019, 6, 4), "date line 'Posted on June 4, 2019' in the article"),
        ("Bakery open", date(2019, 6, 5), "date line '5 June 2019' in the article"),
    ]


def test_html_listing_with_one_dated_article_is_one_report():
    html = (f"<html><body><article><h2>Ferry crossings resume</h2><time datetime='2018-02-11'>x</time>"
            f"<p>{FERRY}</p></article><article><h2>Undated</h2><p>{BAKERY}</p></article></body></html>")
    report = only_report(parse(html.encode(), "listing.html"))
    assert report.page_id is None and FERRY in report.text


# --- JSON lines and JSON files ----------------------------------------------------------------------

_NEWS_PLEASE = [
    {"maintext": ORCHARD, "title": "Record apple harvest", "date_publish": "2017-10-05 09:12:00",
     "source_domain": "orchard.example", "url": "https://orchard.example/apples", "authors": ["Ida Brook", "Tom Vale"],
     "language": "en"},
    {"maintext": CHESS, "title": "Chess club grows", "date_publish": None, "source_domain": None,
     "url": "https://www.clubs.example.net/2016/04/09/chess", "authors": []},
]
_NEWS_PLEASE_EXPECTED = [
    ("Record apple harvest", date(2017, 10, 5), "the record's date field", "orchard.example",
     "the record's outlet field", "Ida Brook, Tom Vale", "https://orchard.example/apples"),
    ("Chess club grows", date(2016, 4, 9), "date in the record's URL", "clubs.example.net",
     "host of the record's URL", None, "https://www.clubs.example.net/2016/04/09/chess"),
]


def _fields(report):
    return (report.title, report.published, report.date_evidence, report.outlet, report.outlet_evidence,
            report.author, report.url)


@pytest.mark.parametrize(("name", "data", "locators"), [
    pytest.param("a.jsonl", "\n".join(json.dumps(r) for r in _NEWS_PLEASE) + "\n", ["#line=1", "#line=2"],
                 id="json-lines"),
    pytest.param("a.jsonl", "\r\n\r\n".join(json.dumps(r) for r in _NEWS_PLEASE), ["#line=1", "#line=3"],
                 id="json-lines-crlf-blank-lines"),
    pytest.param("a.json", json.dumps(_NEWS_PLEASE, indent=2), ["#item=1", "#item=2"], id="json-array"),
    pytest.param("a.txt", json.dumps(_NEWS_PLEASE), ["#item=1", "#item=2"], id="json-array-sniffed"),
    pytest.param("noext", "\n".join(json.dumps(r) for r in _NEWS_PLEASE), ["#line=1", "#line=2"],
                 id="json-lines-sniffed"),
])
def test_json_news_please_fields(name, data, locators):
    parsed = parse(data.encode(), name)
    assert not parsed.rejections
    assert [_fields(r) for r in parsed.reports] == _NEWS_PLEASE_EXPECTED
    assert [r.source.locator for r in parsed.reports] == locators
    assert {r.fmt for r in parsed.reports} == {"jsonl"}
    assert parsed.reports[0].text == f"Record apple harvest\n\n{ORCHARD}"
    assert parsed.reports[0].language == "en"


@pytest.mark.parametrize("layout", [
    pytest.param(lambda r: json.dumps(r, indent=4), id="indent-4"),
    pytest.param(lambda r: "\n" + json.dumps(r, indent=2) + "\n\n", id="leading-blank-line"),
    pytest.param(lambda r: json.dumps(r).replace(', "title"', ',\n "title"'), id="wrapped-after-first-key"),
    pytest.param(lambda r: "\ufeff" + json.dumps(r, indent=1), id="with-bom"),
])
def test_json_pretty_printed_single_object(layout):
    report = only_report(parse(layout(_NEWS_PLEASE[0]).encode(), "article.json"))
    assert _fields(report) == _NEWS_PLEASE_EXPECTED[0]
    assert report.source.locator == "#line=1"


def _custom_record() -> dict:
    return {"body_text": BRIDGE, "headline_x": "Footbridge painted", "when": "2015-01-02", "paper": "Fennick Post",
            "meta": {"writer": "Ann Reed"}}


@pytest.mark.parametrize("settings", [
    pytest.param(lambda: Settings()._with({"jsonl_fields": {
        "text": "body_text", "title": ["headline_x"], "published": ["when"], "outlet": ["paper"],
        "author": ["meta.writer"]}}), id="settings-with"),
    pytest.param(lambda: Settings.load(config_file=None, jsonl_fields={
        "text": ["body_text"], "title": "headline_x", "published": "when", "outlet": "paper",
        "author": "meta.writer"}), id="settings-load"),
    pytest.param(lambda: Settings(jsonl_fields={
        "text": "body_text", "title": "headline_x", "published": "when", "outlet": "paper",
        "author": "meta.writer"}), id="bare-strings-direct"),
])
def test_json_custom_field_mapping(settings, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # Settings.load reads ./echolocate.toml when present
    task = InputTask(Source("custom.jsonl"), data=json.dumps(_custom_record()).encode())
    report = only_report(parse_input(task, settings()))
    assert (report.title, report.published, report.outlet, report.author) == (
        "Footbridge painted", date(2015, 1, 2), "Fennick Post", "Ann Reed")
    assert report.text == f"Footbridge painted\n\n{BRIDGE}"


def test_json_custom_mapping_keeps_defaults_for_unmapped_fields():
    settings = Settings()._with({"jsonl_fields": {"text": "body_text"}})
    record = {"body_text": BRIDGE, "title": "Footbridge painted", "url": "https://post.example/bridge"}
    report = only_report(parse_input(InputTask(Source("c.jsonl"), data=json.dumps(record).encode()), settings))
    assert (report.title, report.url, report.outlet) == ("Footbridge painted", "https://post.example/bridge",
                                                         "post.example")


def test_json_html_text_field_reduced_to_text():
    record = {"content": f"<div><p>{FERRY}</p><p>{BAKERY}</p></div>", "headline": "Two notes"}
    report = only_report(parse(json.dumps(record).encode(), "h.jsonl"))
    assert report.text == f"Two notes\n\n{FERRY}\n\n{BAKERY}"


@pytest.mark.parametrize(("value", "expected"), [
    ("2017-10-05T23:30:00-05:00", date(2017, 10, 5)),
    (1507190400, date(2017, 10, 5)),
    (1507190400000, date(2017, 10, 5)),
    ("Thu, 05 Oct 2017 08:00:00 GMT", date(2017, 10, 5)),
    ("October 5, 2017", date(2017, 10, 5)),
    (0, None),
    ("5 October", None),
])
def test_json_date_field_values(value, expected):
    record = {"text": ORCHARD, "date": value}
    assert only_report(parse(json.dumps(record).encode(), "d.jsonl")).published == expected


# --- RSS and Atom -----------------------------------------------------------------------------------

_RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Hillside Herald</title><link>https://herald.example.com/</link><description>Local news</description>
<item><title>Record apple harvest</title><link>https://herald.example.com/apples</link>
<pubDate>Tue, 10 Oct 2017 08:00:00 +0000</pubDate><dc:creator>Ida Brook</dc:creator>
<description>Short teaser only.</description><content:encoded><![CDATA[<p>{ORCHARD}</p>]]></content:encoded></item>
<item><title>Chess club grows</title><link>https://herald.example.com/chess</link>
<pubDate>Thu, 12 Oct 2017 01:30:00 +0200</pubDate><description><![CDATA[<p>{CHESS}</p>]]></description></item>
<item><title>Footbridge painted</title><link>https://herald.example.com/bridge</link>
<pubDate>Fri, 13 Oct 2017 22:00:00 -0500</pubDate><content:encoded><![CDATA[<p>{BRIDGE}</p>]]></content:encoded></item>
</channel></rss>"""

_ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Canal Times</title><link href="https://canal.example.org/"/>
<id>urn:canal</id><updated>2018-01-03T00:00:00Z</updated>
<entry><title>Ferry crossings resume</title><link href="https://canal.example.org/ferry"/><id>urn:1</id>
<published>2018-01-01T12:00:00Z</published><updated>2018-01-02T12:00:00Z</updated>
<author><name>Rob Finch</name></author>
<content type="html">&lt;p&gt;{FERRY}&lt;/p&gt;</content></entry>
<entry><title>Bakery opens</title><link href="https://canal.example.org/bakery"/><id>urn:2</id>
<updated>2018-01-03T12:00:00Z</updated><summary>{BAKERY}</summary></entry>
</feed>"""


_RSS_EXPECTED = [
    ("Record apple harvest", date(2017, 10, 10), "Ida Brook", "https://herald.example.com/apples", ORCHARD),
    ("Chess club grows", date(2017, 10, 12), None, "https://herald.example.com/chess", CHESS),  # 01:30 +0200
    ("Footbridge painted", date(2017, 10, 13), None, "https://herald.example.com/bridge", BRIDGE),  # 22:00 -0500
]
_ATOM_EXPECTED = [
    ("Ferry crossings resume", date(2018, 1, 1), "Rob Finch", "https://canal.example.org/ferry", FERRY),
    ("Bakery opens", date(2018, 1, 3), None, "https://canal.example.org/bakery", BAKERY),
]


@pytest.mark.parametrize(("name", "feed", "expected"), [
    pytest.param("feed.rss", _RSS, _RSS_EXPECTED, id="rss"),
    pytest.param("feed.xml", _RSS, _RSS_EXPECTED, id="rss-as-xml"),
    pytest.param("download", _RSS, _RSS_EXPECTED, id="rss-sniffed"),
    pytest.param("feed.atom", _ATOM, _ATOM_EXPECTED, id="atom"),
    pytest.param("download", _ATOM, _ATOM_EXPECTED, id="atom-sniffed"),
])
def test_feed_one_report_per_entry(name, feed, expected):
    parsed = parse(feed.encode(), name)
    assert not parsed.rejections
    assert [(r.title, r.published, r.author, r.url) for r in parsed.reports] == [e[:4] for e in expected]
    assert [r.source.locator for r in parsed.reports] == [f"#entry={n}" for n in range(1, len(expected) + 1)]
    for report, (title, *_, body) in zip(parsed.reports, expected):
        assert report.text == f"{title}\n\n{body}"
        assert report.fmt == "feed"
    assert {(r.outlet, r.outlet_evidence) for r in parsed.reports} == {
        ("Hillside Herald" if feed is _RSS else "Canal Times", "the feed's title")}


def test_feed_full_content_preferred_over_teaser():
    first = parse(_RSS.encode(), "feed.rss").reports[0]
    assert "Short teaser only" not in first.text and ORCHARD in first.text


# --- WARC -------------------------------------------------------------------------------------------

def _site(title: str, body: str, site: str) -> bytes:
    head = f"<meta property='og:site_name' content='{site}'>"
    return html_page(title, body, head=head).encode()


_WARC_RECORDS = [
    ("https://orchard.example/2017/10/05/apples", "text/html; charset=utf-8",
     _site("Apples", ORCHARD, "Orchard Weekly")),
    ("https://orchard.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
    ("https://clubs.example/chess", "application/xhtml+xml", _site("Chess", CHESS, "Club News")),
]


@pytest.mark.parametrize(("name", "build"), [
    pytest.param("crawl.warc", lambda: warc_bytes(_WARC_RECORDS), id="warc"),
    pytest.param("crawl.warc.gz", lambda: warc_bytes(_WARC_RECORDS, compress=True), id="warc.gz-per-record"),
    pytest.param("crawl.warc.gz", lambda: gzipped(warc_bytes(_WARC_RECORDS)), id="warc.gz-whole-file"),
    pytest.param("crawl.gz", lambda: warc_bytes(_WARC_RECORDS, compress=True), id="gz-sniffed"),
    pytest.param("crawl.bin", lambda: warc_bytes(_WARC_RECORDS), id="warc-sniffed"),
])
def test_warc_html_responses_become_reports(name, build):
    parsed = parse(build(), name)
    assert not parsed.rejections
    assert [(r.source.locator, r.title, r.outlet, r.url, r.published, r.fmt) for r in parsed.reports] == [
        ("#record=2", "Apples", "Orchard Weekly", "https://orchard.example/2017/10/05/apples", date(2017, 10, 5),
         "warc"),
        ("#record=4", "Chess", "Club News", "https://clubs.example/chess", None, "warc"),
    ]
    assert ORCHARD in parsed.reports[0].text and CHESS in parsed.reports[1].text


def test_warc_without_html_rejected_with_count():
    parsed = parse(warc_bytes([_WARC_RECORDS[1]]), "images.warc")
    assert not parsed.reports
    [rejection] = parsed.rejections
    assert rejection.reason == "no-html-records"
    assert rejection.detail == "2 records, none an HTML response (1 of other types)"
    assert rejection.hint


# --- archives and gzip through discover -------------------------------------------------------------------

def _parse_all(targets: list[str], max_bytes: int = 10_000_000) -> dict[str, list]:
    """key of each task -> its reports (rejection reasons for rejected tasks)."""
    out = {}
    for task in discover(targets, max_bytes):
        parsed = parse_input(task, Settings())
        out[task.source.key] = [r.text for r in parsed.reports] or [r.reason for r in parsed.rejections]
    return out


def test_discover_zip_members_and_nested_zip(tmp_path):
    inner = zip_bytes({"in/deep.txt": BRIDGE.encode()})
    (tmp_path / "a.zip").write_bytes(zip_bytes({
        "dir/x.txt": LIGHTHOUSE.encode(),
        "dir/page.html": html_page("Orchard record", ORCHARD).encode(),
        "nested.zip": inner,
        "dir/.hidden.txt": CHESS.encode(),
        "__MACOSX/dir/._x.txt": b"\x00\x05\x16\x07",
    }))
    archive = str(tmp_path / "a.zip")
    assert _parse_all([archive]) == {
        f"{archive}!dir/page.html": [f"Orchard record\n{ORCHARD}"],
        f"{archive}!dir/x.txt": [LIGHTHOUSE],
        f"{archive}!nested.zip!in/deep.txt": [BRIDGE],
    }


@pytest.mark.parametrize("mode", ["w:gz", "w:bz2", "w:xz", "w"])
def test_discover_tar_members_and_nested_archives(tmp_path, mode):
    suffix = {"w:gz": ".tar.gz", "w:bz2": ".tar.bz2", "w:xz": ".tar.xz", "w": ".tar"}[mode]
    (tmp_path / f"b{suffix}").write_bytes(tar_bytes({
        "docs/one.txt": FERRY.encode(),
        "more/inner.tar.gz": tar_bytes({"deep/two.txt": BAKERY.encode()}),
        "z/c.zip": zip_bytes({"in/three.txt": CHESS.encode()}),
    }, mode=mode))
    archive = str(tmp_path / f"b{suffix}")
    assert _parse_all([archive]) == {
        f"{archive}!docs/one.txt": [FERRY],
        f"{archive}!more/inner.tar.gz!deep/two.txt": [BAKERY],
        f"{archive}!z/c.zip!in/three.txt": [CHESS],
    }


def test_discover_member_tasks_carry_bytes_and_size(tmp_path):
    (tmp_path / "a.zip").write_bytes(zip_bytes({"x.txt": LIGHTHOUSE.encode()}))
    [task] = discover([str(tmp_path / "a.zip")], 10_000)
    assert task.path is None and task.data == LIGHTHOUSE.encode() and task.size == len(LIGHTHOUSE.encode())


@pytest.mark.parametrize(("name", "data", "expected_title"), [
    pytest.param("story.html.gz", gzipped(html_page("Orchard record", ORCHARD).encode()), "Orchard record",
                 id="html.gz"),
    pytest.param("story.txt.gz", gzipped(f"Orchard record\n\n{ORCHARD}".encode()), "Orchard record", id="txt.gz"),
    pytest.param("story.gz", gzipped(html_page("Orchard record", ORCHARD).encode()), "Orchard record", id="sniffed"),
])
def test_gzip_single_file_decompressed(tmp_path, name, data, expected_title):
    (tmp_path / name).write_bytes(data)
    [task] = discover([str(tmp_path / name)], 10_000_000)
    report = only_report(parse_input(task, Settings()))
    assert report.title == expected_title and ORCHARD in report.text
    assert report.source == Source(str(tmp_path / name))


def test_discover_folder_sorted_skipping_hidden(tmp_path):
    (tmp_path / "b.txt").write_text(BRIDGE)
    (tmp_path / "a.txt").write_text(LIGHTHOUSE)
    (tmp_path / ".secret.txt").write_text(CHESS)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(CHESS)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text(FERRY)
    keys = [t.source.key for t in discover([str(tmp_path)], 10_000)]
    assert keys == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), str(tmp_path / "sub" / "c.txt")]


@pytest.mark.parametrize("name", ["notes [draft].txt", "what?.txt", "star*.txt"])
def test_discover_existing_name_with_glob_characters(tmp_path, name):
    (tmp_path / name).write_text(LIGHTHOUSE)
    [task] = discover([str(tmp_path / name)], 10_000)
    assert task.rejection is None and task.path == str(tmp_path / name)


def test_discover_glob_expands_sorted(tmp_path):
    for name in ("b.txt", "a.txt", "c.html"):
        (tmp_path / name).write_text(LIGHTHOUSE)
    keys = [t.source.key for t in discover([str(tmp_path / "*.txt")], 10_000)]
    assert keys == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]


def test_discover_stdin_read_as_one_input():
    [task] = discover(["-"], 10_000, stdin=io.BytesIO(LIGHTHOUSE.encode()))
    assert task.source.path == "<stdin>" and task.source.locator.startswith("#sha=")
    assert only_report(parse_input(task, Settings())).text == LIGHTHOUSE


# --- the shared sample corpus -------------------------------------------------------------------

@pytest.mark.parametrize(("name", "stories"), [
    ("000_5145aec595ce3194.txt", 1),
    ("001_327ff4fb0c59c7a6.txt", 1),
    ("002_8b0c8cfba84b287d.txt", 1),
    ("003_b0c339d49aa9c3bc.txt", 1),
    ("004_cfbef52509b8154a.txt", 3),
])
def test_sample_corpus_file_parses(name, stories):
    path = Path(SAMPLE, name)
    if not path.is_file():
        pytest.fail(f"the sample corpus is missing at {SAMPLE}: clone the repository beside ../shared")
    [task] = discover([str(path)], 10_000_000)
    parsed = parse_input(task, Settings())
    assert not parsed.rejections
    assert len(parsed.reports) == stories
    assert {r.fmt for r in parsed.reports} == {"text"} and {r.language for r in parsed.reports} == {"en"}
    assert len(parsed.pages) == (1 if stories > 1 else 0)

"""The server-rendered pages, and the pieces they are built from (highlighting, diffs, the graph)."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from echolocate.web.graph import provenance_svg
from echolocate.web.highlight import Mark, diff_pair, highlight, link_report_ids, window

_TAG = re.compile(r"<[^>]+>")


def _plain(markup: str) -> str:
    return html.unescape(_TAG.sub("", str(markup)))


def _get_html(client, path: str):
    response = client.get(path, headers={"accept": "text/html"})
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


# -- highlight ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, marks, expected", [
    ("Haftar met Shoigu", [], "Haftar met Shoigu"),
    ("Haftar met Shoigu", [Mark(0, 6, "entity")], '<span class="hl hl-entity">Haftar</span> met Shoigu'),
    ("a <b> c", [Mark(2, 5, "claim")], 'a <span class="hl hl-claim">&lt;b&gt;</span> c'),
    ("abcdef", [Mark(0, 4, "claim"), Mark(2, 6, "place")],
     '<span class="hl hl-claim">ab</span><span class="hl hl-claim hl-place">cd</span>'
     '<span class="hl hl-place">ef</span>'),
    ("abc", [Mark(1, 2, "claim", "t\"<", "/claims/g1", "claim-c1")],
     'a<a href="/claims/g1" class="hl hl-claim" title="t&#34;&lt;" id="claim-c1">b</a>c'),
    ("abc", [Mark(2, 2, "empty"), Mark(5, 9, "outside")], "abc"),
])
def test_highlight_wraps_spans_and_escapes_text(text, marks, expected):
    assert str(highlight(text, marks)) == expected


@given(st.text(alphabet=st.sampled_from(list("ab <>&\"'=\n/é")), max_size=60),
       st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70), st.sampled_from(["claim", "place", "time"])),
                max_size=6))
def test_highlight_keeps_the_text_and_adds_no_markup_of_its_own(text, raw):
    marks = [Mark(min(a, b), max(a, b), kind, title=text[:5]) for a, b, kind in raw]
    out = str(highlight(text, marks))
    assert _plain(out) == text
    assert "<" not in _TAG.sub("", out) and ">" not in _TAG.sub("", out)
    assert {m.group(1) for m in re.finditer(r"<(\w+)", out)} <= {"span", "a"}


def test_highlight_anchors_a_span_once():
    out = str(highlight("abcdef", [Mark(0, 6, "claim", anchor="claim-x"), Mark(2, 3, "place")]))
    assert out.count('id="claim-x"') == 1


@pytest.mark.parametrize("start, end", [(0, 3), (10, 14), (40, 44)])
def test_window_contains_the_span(start, end):
    text = "one two three four five six seven eight nine ten eleven"
    lo, hi = window(text, start, end, context=8)
    assert lo <= start and hi >= end


@pytest.mark.parametrize("a, b", [("the cat sat", "a cat sat"), ("x <y> & z", "x <w> & z"), ("same", "same"),
                                  ("", "new words")])
def test_diff_pair_marks_differences_and_keeps_both_texts(a, b):
    left, right = diff_pair(a, b)
    assert _plain(left) == a and _plain(right) == b
    assert ("<del>" in left or "<ins>" in right) == (a != b)


def test_link_report_ids_links_known_reports_only():
    rid, other = "r" + "a" * 20, "r" + "b" * 20
    out = str(link_report_ids(f"{rid} copied <{other}>", {rid: "A <title>"}))
    assert f'<a href="/reports/{rid}"' in out and "A &lt;title&gt;" in out and f"&lt;{other}&gt;" in out


# -- the graph -------------------------------------------------------------------------------------------

def test_provenance_svg_is_well_formed_for_every_claim(client):
    for item in client.get("/api/claims", params={"limit": 500}).json()["items"]:
        group = client.get(f"/api/claims/{item['id']}").json()
        svg = ET.fromstring(str(provenance_svg(group)))
        ns = "{http://www.w3.org/2000/svg}"
        nodes = [g.get("class", "") for g in svg.iter(f"{ns}g")]
        assert sum("carrier" in n for n in nodes) == len(group["carriers"])
        assert sum("origin" in n for n in nodes) == len({c["origin"]["key"] for c in group["carriers"]})


# -- pages -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path, heading", [("/", "Claims"), ("/reports", "Reports"), ("/reuse", "Who copied whom"),
                                           ("/events", "What happened where and when"),
                                           ("/?min_carriers=2&grade=corroborated", "Claims"),
                                           ("/?q=Libya", "Claims"), ("/events?q=Russia", "What happened")])
def test_pages_render(client, path, heading):
    page = _get_html(client, path)
    assert f"<h1>{heading}" in page
    assert "<script" not in page  # this slice needs no JavaScript at all


def test_pages_board_lists_what_the_api_lists(client):
    api = client.get("/api/claims", params={"min_carriers": 2, "limit": 50}).json()
    page = _get_html(client, "/?min_carriers=2")
    assert f"{api['total']} claim" in page
    for item in api["items"]:
        assert f'href="/claims/{item["id"]}"' in page


def test_pages_board_pages_through_long_lists(client):
    total = client.get("/api/claims").json()["total"]
    if total <= 50:
        pytest.skip("fewer claims than one page")
    first, second = _get_html(client, "/"), _get_html(client, "/?offset=50")
    ids = lambda page: set(re.findall(r'href="/claims/(g\w+)"', page))  # noqa: E731
    assert 'rel="next"' in first and 'rel="prev"' in second and not ids(first) & ids(second)


def test_pages_claim_shows_grade_graph_and_each_carrier_highlighted(client):
    group = client.get("/api/claims", params={"min_carriers": 2, "limit": 1}).json()["items"][0]
    detail = client.get(f"/api/claims/{group['id']}").json()
    page = _get_html(client, f"/claims/{group['id']}")
    assert html.escape(detail["grade"]) in page and "<svg" in page
    for carrier in detail["carriers"]:
        assert f'href="/reports/{carrier["report_id"]}#claim-{carrier["claim_id"]}"' in page
    focus = re.findall(r'<span class="hl hl-focus">(.*?)</span>', page, re.S)
    assert {html.unescape(f) for f in focus} >= {c["text"] for c in detail["carriers"]}


def test_pages_report_text_survives_highlighting(client):
    for item in client.get("/api/reports", params={"limit": 500}).json()["items"]:
        report = client.get(f"/api/reports/{item['id']}").json()
        page = _get_html(client, f"/reports/{item['id']}")
        body = page.split('<article class="report-text">', 1)[1].split("</article>", 1)[0]
        assert _plain(body) == report["text"]
        for claim in report["claims"]:
            assert f'id="claim-{claim["id"]}"' in body


def test_pages_unknown_claim_is_a_404_page(client):
    response = client.get("/claims/gnothere", headers={"accept": "text/html"})
    assert response.status_code == 404 and "no claim" in response.text and "<h1>404" in response.text


# -- linked views: map, timeline, network --------------------------------------------------------------------

@pytest.mark.parametrize("path, heading", [
    ("/map", "Where it happened"), ("/map?region=europe", "Where it happened"),
    ("/map?zoom=4&lat=30&lon=20", "Where it happened"), ("/map?place=Libya&actor=Haftar", "Where it happened"),
    ("/timeline", "When it happened"), ("/timeline?date_from=2016-11&date_to=2016-11", "When it happened"),
    ("/network", "Who acts on whom"), ("/network?actor=Haftar", "Who acts on whom"),
    ("/?actor=Haftar&place=Libya&date_from=2016", "Claims"), ("/events?place=Libya", "What happened"),
])
def test_pages_linked_views_render(client, path, heading):
    page = _get_html(client, path)
    assert f"<h1>{heading}" in page
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts == (['<script src="/static/map.js" defer>'] if path.startswith("/map") else [])


@pytest.mark.parametrize("path", ["/?date_from=June", "/map?zoom=1000", "/map?lat=91", "/timeline?date_to=2016-1"])
def test_pages_linked_views_refuse_bad_parameters(client, path):
    assert client.get(path, headers={"accept": "text/html"}).status_code == 422


def test_pages_map_draws_outlines_and_links_markers_to_the_board(client):
    page = _get_html(client, "/map")
    svg = ET.fromstring(page.split('<div class="map-frame">', 1)[1].split("</div>", 1)[0])
    ns = "{http://www.w3.org/2000/svg}"
    assert {p.get("class") for p in svg.iter(f"{ns}path")} >= {"land", "border"}
    hrefs = [a.get("href") for a in svg.iter(f"{ns}a")]
    assert hrefs and all(h.startswith("/?place=") for h in hrefs)
    board = _get_html(client, hrefs[0])
    assert "No claim matches" not in board  # every marker leads to at least one claim or event
    assert client.get("/static/map.js").status_code == 200


def test_pages_filters_narrow_consistently_across_views(client):
    everything = _get_html(client, "/")
    total = int(re.search(r"(\d+) claims? match", everything).group(1))
    actor = re.search(r'href="(/\?actor=[^"]+)"', _get_html(client, "/network")).group(1)
    narrowed = _get_html(client, html.unescape(actor))
    n = int(re.search(r"(\d+) claims? match", narrowed).group(1))
    assert 0 < n < total
    # the filter bar carries the same actor to every other view
    name = html.unescape(actor).split("=", 1)[1]
    for view in ("/map", "/timeline", "/network", "/events"):
        assert f'href="{view}?actor=' in narrowed
    timeline_page = _get_html(client, html.unescape(actor).replace("/?", "/timeline?"))
    assert "When it happened" in timeline_page and name.split("+")[0] in timeline_page


def test_pages_timeline_period_links_filter_the_board(client):
    page = _get_html(client, "/timeline")
    link = re.search(r'<a href="(/\?date_from=(\d{4}-\d{2})&amp;date_to=\2)">claims</a>', page)
    assert link, "a month group links to the board filtered to that month"
    board = _get_html(client, html.unescape(link.group(1)))
    assert "No claim matches" not in board


def test_pages_network_nodes_link_to_the_board(client):
    page = _get_html(client, "/network")
    svg = ET.fromstring(page.split('<div class="network-frame">', 1)[1].split("</div>", 1)[0])
    ns = "{http://www.w3.org/2000/svg}"
    nodes = [a for a in svg.iter(f"{ns}a") if a.get("class") == "node"]
    assert len(nodes) >= 3 and all(a.get("href").startswith("/?actor=") for a in nodes)


def test_pages_nav_links_every_view(client):
    page = _get_html(client, "/")
    for href in ("/map", "/timeline", "/network", "/outlets", "/upload", "/events", "/reuse"):
        assert f'<a href="{href}"' in page

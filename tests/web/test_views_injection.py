"""Names in reports are untrusted: an actor, place or claim carrying markup renders as text on the map,
timeline, network and filter bar, inside SVG too, and in the briefing.

The snapshot here is written by hand (no store, no parser) so the payload lands exactly in the fields
the new views draw: event actors and targets, place names, claim text, and the filter parameters.
"""

from __future__ import annotations

import warnings
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

from echolocate.present.briefing import to_html, to_markdown
from echolocate.web.facets import Views
from echolocate.web.query import ClaimFacets, Period, PlaceRef, ReadingIndex
from echolocate.web.snapshot import Snapshot

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'
EVIL_PLACE = '"><svg onload=alert(3)>'


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _assert_inert(page: str) -> None:
    parser = _Elements()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert tag != "img", "markup from a report became an element"
        assert tag != "script" or attrs.get("src") == "/static/map.js"
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not any(str(v).strip().lower().startswith("javascript:") for v in attrs.values() if v)


def _snapshot() -> Snapshot:
    carrier = {"claim_id": "c1", "report_id": "r1", "start": 0, "end": 20, "text": EVIL, "outlet": EVIL,
               "date": "2016-11-28", "origin": {"name": EVIL, "kind": "outlet", "key": "k"}, "chain": [],
               "source_path": "x.txt"}
    group = {"id": "g1", "text": EVIL, "grade": "single source", "independent_origins": 1, "credible_origins": 1,
             "carrier_count": 2, "report_count": 2, "origins": [{"name": EVIL}], "carriers": [carrier, carrier],
             "contested_by": [], "contradicts": [], "variants": [], "reasoning": []}
    event = {"id": "v1", "category": "ATTACK", "subtype": None, "mode": "happened", "actor": EVIL,
             "target": EVIL_PLACE, "place": {"name": EVIL_PLACE, "lat": 32.0, "lon": 15.0, "precision": "city"},
             "date": {"start": "2016-11-28", "end": "2016-11-28", "precision": "day"}, "independent_origins": 1,
             "certainty": EVIL, "origins": [], "carriers": [carrier], "variants": [], "denied_by": []}
    report = {"id": "r1", "title": EVIL, "outlet": EVIL, "published": None, "source_key": "x.txt"}
    return Snapshot(path=Path("/nonexistent"), signature=(), groups=[group], reports=[report], reuse=[],
                    events=[event], status={"reports": 1}, texts={"r1": EVIL}, mentions={})


class _Fixed:
    def __init__(self, value):
        self.value = value

    def get(self, *_):
        return self.value


@pytest.fixture(scope="module")
def client():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*httpx2.*")
        from fastapi.testclient import TestClient
    from echolocate.web.app import create_app

    app = create_app("/nonexistent.duckdb", "t", strict=True)
    app.state.cache = _Fixed(_snapshot())
    facets = ClaimFacets(actors=(EVIL, EVIL_PLACE), places=(PlaceRef(EVIL_PLACE, 31.0, 16.0, "city"),),
                         periods=(Period("2016-06-01", "2016-06-30", "month"),))
    app.state.views_cache = _Fixed(Views(ReadingIndex(countries={"LY": EVIL}), {"g1": facets}))
    return TestClient(app)


@pytest.mark.parametrize("path", ["/map", "/timeline", "/network", "/events", "/",
                                  f"/?actor={quote(EVIL)}", f"/map?place={quote(EVIL_PLACE)}",
                                  f"/timeline?actor={quote(EVIL)}", f"/network?actor={quote(EVIL)}",
                                  f"/events?actor={quote(EVIL)}&place={quote(EVIL_PLACE)}"])
def test_views_render_untrusted_names_as_text(client, path):
    response = client.get(path, headers={"accept": "text/html"})
    assert response.status_code == 200, response.text[:300]
    _assert_inert(response.text)
    assert "&lt;script&gt;" in response.text or "&lt;svg onload" in response.text  # the payload, as text


def test_views_briefing_renders_untrusted_names_as_text():
    evidence = [{"passage": EVIL, "source": EVIL}]
    briefing = {"generated": "now", "corpus": {"reports": 1}, "grades": {EVIL: 1}, "method": EVIL,
                "appendix": [EVIL],
                "claims": [{"text": EVIL, "grade": EVIL, "independent_origins": 1, "origins": [EVIL], "reports": 2,
                            "why": [EVIL], "evidence": [{**evidence[0], "origin": EVIL}], "variants": [EVIL]}],
                "reuse": [], "events": [{"date": EVIL, "what": EVIL, "who": EVIL, "where": EVIL, "certainty": EVIL,
                                         "evidence": evidence}],
                "timeline": [{"date": EVIL, "precision": EVIL_PLACE, "kind": EVIL, "what": EVIL, "claim": 1,
                              "evidence": evidence}],
                "places": [{"name": EVIL_PLACE, "lat": 31.0, "lon": 16.0, "precision": EVIL, "events": 1,
                            "claims": 1, "evidence": evidence}],
                "network": {"nodes": [{"name": EVIL, "weight": 1.0}, {"name": EVIL_PLACE, "weight": 1.0}],
                            "edges": [{"a": EVIL, "b": EVIL_PLACE, "events": {EVIL: 1}, "claims": 1, "label": EVIL,
                                       "evidence": evidence}]},
                "outlets": [{"name": EVIL, "kind": EVIL, "claims": 1, "only_origin": 1, "corroborated": 0,
                             "contested": 0, "rating": EVIL, "briefing_claims": [1]}]}
    page = to_html(briefing)
    parser = _Elements()
    parser.feed(page)
    assert all(tag not in ("script", "img") for tag, _ in parser.tags)
    assert not any(name.startswith("on") for _, attrs in parser.tags for name in attrs)
    assert "&lt;script&gt;" in page
    assert EVIL in to_markdown(briefing)  # Markdown keeps the text as written; its renderer escapes

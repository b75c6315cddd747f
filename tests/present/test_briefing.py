"""The briefing over the sample corpus: every section present, every item citing passages, one offline file."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from echolocate.present.briefing import build_briefing, to_html, to_json, to_markdown
from echolocate.store import Store
from tests.web.conftest import sample_store  # noqa: F401  (the session's sample store, built once for all)


@pytest.fixture(scope="module")
def briefing(sample_store):  # noqa: F811
    with Store(sample_store, read_only=True) as store:
        return build_briefing(store)


def test_briefing_has_every_section(briefing):
    for key in ("claims", "reuse", "events", "timeline", "places", "network", "outlets", "method", "appendix"):
        assert key in briefing
    assert briefing["claims"] and briefing["timeline"] and briefing["places"] and briefing["network"]["edges"]


@pytest.mark.parametrize("section", ["timeline", "places"])
def test_briefing_items_cite_passages(briefing, section):
    for row in briefing[section]:
        assert row["evidence"], row
        assert all(e["passage"] and e["source"] for e in row["evidence"])


def test_briefing_event_edges_cite_passages(briefing):
    acts = [e for e in briefing["network"]["edges"] if e["events"]]
    assert acts and all(e["evidence"] for e in acts)


def test_briefing_timeline_is_in_time_order_and_keeps_precision(briefing):
    starts = [row["start"] for row in briefing["timeline"]]
    assert starts == sorted(starts)
    for row in briefing["timeline"]:
        assert row["precision"] in ("day", "month", "year", "range")
        if row["precision"] == "year":
            assert re.fullmatch(r"\d{4}", row["date"])


def test_briefing_outlet_notes_point_at_claims_in_the_briefing(briefing):
    numbers = set(range(1, len(briefing["claims"]) + 1))
    assert briefing["outlets"]
    for note in briefing["outlets"]:
        assert set(note["briefing_claims"]) <= numbers and note["only_origin"] <= note["claims"]


def test_briefing_html_is_one_offline_file_with_map_and_network(briefing):
    page = to_html(briefing)
    assert "<script" not in page and not re.search(r"""(src|href)=['"]https?:""", page)
    svgs = re.findall(r"<svg.*?</svg>", page, re.S)
    assert len(svgs) >= 2
    for svg in svgs:
        ET.fromstring(svg)
    assert 'class="map"' in page and 'class="network"' in page and "@media print" in page
    for heading in ("Timeline", "Where", "Who acts on whom", "Outlets and origins", "Method"):
        assert f"<h2>{heading}</h2>" in page
    # map markers point at rows of the places table, which exist
    for anchor in set(re.findall(r'href="#(place-\d+)"', page)):
        assert f"id='{anchor}'" in page


def test_briefing_markdown_and_json_carry_the_new_sections(briefing):
    md = to_markdown(briefing)
    for heading in ("## Timeline", "## Places", "## Who acts on whom", "## Outlets", "## Method"):
        assert heading in md
    assert json.loads(to_json(briefing))["places"][0]["name"] == briefing["places"][0]["name"]

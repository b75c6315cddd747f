"""The actor network: edges from events and shared claims, a deterministic layout, and the SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from echolocate.web import network
from echolocate.web.query import ClaimFacets

SVG = "{http://www.w3.org/2000/svg}"
EVENTS = [{"category": "CONSULT", "actor": "Khalifa Haftar", "target": "Sergei Shoigu"},
          {"category": "CONSULT", "actor": "Khalifa Haftar", "target": "Sergei Shoigu"},
          {"category": "AID", "actor": "Russia", "target": "Khalifa Haftar"},
          {"category": "MOVE", "actor": "Russia", "target": None},
          {"category": "MOVE", "actor": "Russia", "target": "Russia"}]
FACETS = {"g1": ClaimFacets(actors=("Khalifa Haftar", "Sergei Shoigu", "Vladimir Putin")),
          "g2": ClaimFacets(actors=("Vladimir Putin", "Khalifa Haftar"))}


def test_network_build_joins_event_actors_and_actors_named_together():
    net = network.build(EVENTS, FACETS)
    edges = {(e.a, e.b): e for e in net.edges}
    assert set(net.nodes) == {"Khalifa Haftar", "Sergei Shoigu", "Russia", "Vladimir Putin"}
    assert edges[("Khalifa Haftar", "Sergei Shoigu")].events == {"CONSULT": 2}
    assert edges[("Khalifa Haftar", "Sergei Shoigu")].claims == 1
    assert edges[("Russia", "Khalifa Haftar")].label() == "aid"
    assert edges[("Khalifa Haftar", "Vladimir Putin")].claims == 2
    assert edges[("Khalifa Haftar", "Vladimir Putin")].label() == "named together in 2 claims"


def test_network_build_keeps_the_busiest_actors_and_drops_loose_ones():
    net = network.build(EVENTS, FACETS, max_nodes=2)
    assert net.nodes == ("Khalifa Haftar", "Sergei Shoigu") and len(net.edges) == 1


@pytest.mark.parametrize("n", [0, 1, 2, 7, 30])
def test_network_layout_is_deterministic_and_inside_the_box(n):
    facets = {f"g{i}": ClaimFacets(actors=(f"a{i}", f"a{(i + 1) % max(n, 1)}")) for i in range(n)}
    net = network.build([], facets)
    first, second = network.layout(net), network.layout(net)
    assert first == second and set(first) == set(net.nodes)
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in first.values())
    if len(first) > 2:
        points = list(first.values())
        gaps = [abs(complex(*p) - complex(*q)) for i, p in enumerate(points) for q in points[i + 1:]]
        assert min(gaps) > 0.01  # nodes do not sit on each other


def test_network_svg_links_nodes_and_escapes_names():
    evil = '<script>alert(1)</script>'
    net = network.build([{"category": "ATTACK", "actor": evil, "target": "B&B"}], {})
    svg = str(network.network_svg(net, lambda name: f"/?actor={name}"))
    root = ET.fromstring(svg)
    assert "<script>" not in svg and not list(root.iter(f"{SVG}script"))
    assert {a.get("href") for a in root.iter(f"{SVG}a")} == {f"/?actor={evil}", "/?actor=B&B"}
    assert evil in {t.text for t in root.iter(f"{SVG}text")}
    assert network.network_svg(network.build([], {}), str) == ""

"""End to end in headless Chromium: the claim board, a claim with its provenance graph, a report, and the
linked map, timeline and actor network.

Runs the real server (uvicorn in a thread on a free port) over a store built from the
sample corpus, clicks through as an analyst would, and saves screenshots both to the
test's temporary folder, and to docs/screenshots/ when ECHOLOCATE_UPDATE_SCREENSHOTS=1 is set.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server_url(sample_store):
    import uvicorn

    from echolocate.web.app import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(sample_store, "e2e-token"), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start within 15 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 860}, java_script_enabled=True)
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield page
        context.close()
        browser.close()


def _shot(page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path))
    if os.environ.get("ECHOLOCATE_UPDATE_SCREENSHOTS"):  # refresh docs/screenshots on purpose, not on every run
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS / f"{name}.png")
    return path


def test_e2e_board_to_claim_to_report(page, server_url, tmp_path):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(f"{server_url}/?min_carriers=2")
    assert page.locator("h1").inner_text() == "Claims"
    rows = page.locator("table.board tbody tr")
    assert rows.count() >= 2
    assert _shot(page, tmp_path, "board").stat().st_size > 10_000

    first = rows.first.locator("td.claim-text a")
    statement = first.inner_text()
    first.click()
    page.wait_for_url("**/claims/**")
    assert page.locator("h1.statement").inner_text() == statement
    graph = page.locator("svg.provenance")
    assert graph.is_visible()
    assert graph.locator("g.carrier").count() >= 2 and graph.locator("g.origin").count() >= 1
    assert page.locator("article.carrier .hl-focus").count() >= 2  # each carrier's own wording, highlighted
    _shot(page, tmp_path, "claim")

    graph.locator("a").first.click()
    page.wait_for_url("**/reports/**")
    assert page.locator("article.report-text .hl-claim").count() >= 1
    target = page.url.split("#", 1)[1]
    assert page.locator(f"[id='{target}']").count() == 1  # the link lands on the claim it came from
    _shot(page, tmp_path, "report")
    assert errors == []


@pytest.mark.parametrize("path, heading", [("/reuse", "Who copied whom"), ("/events", "What happened where and when")])
def test_e2e_lists_render(page, server_url, tmp_path, path, heading):
    page.goto(server_url + path)
    assert page.locator("h1").inner_text() == heading
    _shot(page, tmp_path, path.strip("/"))


def test_e2e_board_to_map_zoom_and_follow_a_marker(page, server_url, tmp_path):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{server_url}/")
    page.locator("nav.linked a", has_text="Map").click()
    page.wait_for_url("**/map**")
    svg = page.locator("svg.worldmap")
    assert svg.is_visible() and svg.locator("a.marker").count() >= 3
    assert page.locator("svg.worldmap.interactive").count() == 1  # map.js ran under the page's CSP
    _shot(page, tmp_path, "map")

    before = svg.get_attribute("viewBox")
    box = svg.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -400)
    page.wait_for_function("(b) => document.querySelector('svg.worldmap').getAttribute('viewBox') !== b", arg=before)
    zoomed = [float(v) for v in svg.get_attribute("viewBox").split()]
    assert zoomed[2] < float(before.split()[2])  # narrower: zoomed in
    page.mouse.move(box["x"] + 200, box["y"] + 200)
    page.mouse.down()
    page.mouse.move(box["x"] + 320, box["y"] + 260, steps=5)
    page.mouse.up()
    panned = [float(v) for v in svg.get_attribute("viewBox").split()]
    assert panned[0] < zoomed[0] and panned[2] == zoomed[2]  # dragged east: the view moved west

    page.goto(f"{server_url}/map?region=middle-east-north-africa")
    _shot(page, tmp_path, "map-region")
    marker = page.locator("svg.worldmap a.marker").first
    href = marker.get_attribute("href")
    page.goto(server_url + href)
    assert page.locator("h1").inner_text() == "Claims"
    assert page.locator("table.board tbody tr td.claim-text a").count() >= 1
    assert page.locator(".chip", has_text="place").count() == 1
    assert errors == []


def test_e2e_timeline_period_to_network_to_board(page, server_url, tmp_path):
    page.goto(f"{server_url}/?min_carriers=2")
    page.locator("nav.linked a", has_text="Timeline").click()
    page.wait_for_url("**/timeline**")
    assert page.locator("svg.timeline-strip").is_visible()
    assert page.locator("li.tl-item").count() >= 3
    _shot(page, tmp_path, "timeline")
    page.locator("h2.period-head").filter(has=page.locator("a", has_text="actors")).last.locator(
        "a", has_text="actors").click()
    page.wait_for_url("**/network?**date_from=**")
    assert page.locator("h1").inner_text() == "Who acts on whom"

    page.goto(f"{server_url}/network")
    nodes = page.locator("svg.network a.node")
    assert nodes.count() >= 3
    _shot(page, tmp_path, "network")
    name = nodes.first.locator("text").text_content()
    nodes.first.click()
    page.wait_for_url("**/?actor=**")
    assert page.locator(".chip", has_text="actor").inner_text().count(name) == 1
    assert page.locator("table.board tbody tr").count() >= 1

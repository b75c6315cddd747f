"""End to end in headless Chromium: the claim board, a claim with its provenance graph, a report.

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

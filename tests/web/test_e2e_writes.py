"""End to end in headless Chromium: add a report from the browser and see it analysed, then rate an outlet.

A real server (uvicorn in a thread) over a new store; the upload goes through the page's
script (XHR with progress, token from the form), the real job process analyses it, and
the page follows the job until it is done. Screenshots as in test_e2e.
"""

from __future__ import annotations

import threading
import time

import pytest

from echolocate.config import Settings
from tests.web.test_e2e import ARGS, CHROMIUM, _free_port, _shot
from tests.web.test_uploads import REPORT

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
TOKEN = "e2e-writes-token"


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    import uvicorn

    from echolocate.web.app import create_app

    db = tmp_path_factory.mktemp("e2e-writes") / "store.duckdb"
    port = _free_port()
    app = create_app(db, TOKEN, settings=Settings(workers=1))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start within 15 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    for job in app.state.jobs.active():
        app.state.jobs.wait(job, timeout=120)
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


def test_e2e_upload_a_report_and_see_it_analysed(page, server_url, tmp_path):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    report = tmp_path / "ferry.txt"
    report.write_text(REPORT, encoding="utf-8")

    page.goto(f"{server_url}/upload")
    assert page.locator("h1").inner_text() == "Add reports"
    page.locator("input[name=token]").fill(TOKEN)
    page.locator("input[name=token]").dispatch_event("change")
    page.locator("input[name=files]").set_input_files(str(report))
    page.locator("#upload-form button[type=submit]").click()
    page.wait_for_url("**/upload?job=*")
    assert page.locator("#upload-progress").count() == 1
    page.locator("#job-state", has_text="done").wait_for(timeout=180_000)  # followed live by the script
    assert page.locator("#job-done").is_visible()
    assert "1 new report" in page.locator("#job-counts").inner_text()
    _shot(page, tmp_path, "upload")

    page.locator("#job-done a", has_text="the reports").click()
    page.wait_for_url("**/reports")
    assert page.locator("table.board", has_text="Lake Quillmere").count() == 1

    page.goto(f"{server_url}/outlets")  # the token typed once is kept for this tab
    assert page.locator("input[name=token]").input_value() == TOKEN
    page.locator("input[name=outlet]").fill("Harbour Ledger")
    page.locator("input[name=rating]").fill("B")
    page.locator("input[name=note]").fill("local paper")
    page.locator("#reliability-form button[value=save]").click()
    page.wait_for_url("**/outlets?*job=*")
    assert page.locator("table.outlets tr", has_text="Harbour Ledger").locator("td", has_text="0.8").count() == 1
    page.locator("#job-state", has_text="done").wait_for(timeout=180_000)
    _shot(page, tmp_path, "outlets")
    assert errors == []

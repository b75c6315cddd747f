"""Report text is untrusted: a report carrying markup renders as text on every page and in the API.

The fixture is a small report written for this test, stored through the real pipeline
(ingest, read, link, assess) next to a second report that re-uses its passages, so the
payload reaches claims, carriers, the re-use list, events and search.
"""

from __future__ import annotations

import inspect
import json
from html.parser import HTMLParser

import pytest

from echolocate.errors import StoreError
from tests.web.conftest import build_store, make_client

PAYLOADS = ['<script>alert("x")</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(2)">more</a>',
            '"><svg onload=alert(3)>']

REPORT = """Russian troops reach Tobruk <script>alert("x")</script>

Evil Wire, 3 March 2017

Russian special forces have arrived at an airbase near Tobruk in eastern Libya, Reuters reports, citing two
diplomats <img src=x onerror=alert(1)>. The unit was sent to support General Khalifa Haftar, the diplomats said.

According to the Libyan National Army, the Russian advisers will train its officers in Benghazi for six months
"><svg onload=alert(3)>. A spokesman denied that any Russian combat troops had entered the country.

Read the full story <a href="javascript:alert(2)">more</a> on our website. Moscow has not commented on the
deployment, which follows a visit by Haftar to the aircraft carrier Admiral Kuznetsov in January.
"""

COPY = """Kremlin sends soldiers to Libya

Another Site, 4 March 2017

Russian special forces have arrived at an airbase near Tobruk in eastern Libya, Reuters reports, citing two
diplomats <img src=x onerror=alert(1)>. The unit was sent to support General Khalifa Haftar, the diplomats said.

Moscow has not commented on the deployment, which follows a visit by Haftar to the aircraft carrier Admiral
Kuznetsov in January <script>alert("x")</script>.
"""


@pytest.fixture(scope="module")
def evil(tmp_path_factory):
    folder = tmp_path_factory.mktemp("evil")
    (folder / "inputs").mkdir()
    (folder / "inputs" / "evil.txt").write_text(REPORT, encoding="utf-8")
    (folder / "inputs" / "copy.txt").write_text(COPY, encoding="utf-8")
    settings = build_store(folder / "evil.duckdb", [str(folder / "inputs")])
    return make_client(settings.db)


class _Elements(HTMLParser):
    """Every element and attribute the browser would build from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def _assert_inert(page: str) -> None:
    parser = _Elements()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert tag not in {"script", "img", "iframe", "object", "embed"}, tag
        if tag == "svg":
            assert set(attrs) <= {"class", "viewbox", "width", "role", "aria-label", "xmlns"}
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert not value.strip().lower().startswith("javascript:"), (tag, name, value)
    for payload in PAYLOADS:
        assert payload not in page


def _pages(client) -> list[str]:
    paths = ["/", "/reports", "/reuse", "/events", "/?q=script", "/?q=<script>alert(1)</script>",
             "/reports?q=onerror", "/?min_carriers=2"]
    paths += [f"/reports/{r['id']}" for r in client.get("/api/reports", params={"limit": 500}).json()["items"]]
    paths += [f"/claims/{g['id']}" for g in client.get("/api/claims", params={"limit": 500}).json()["items"]]
    paths += ["/claims/<script>alert(1)</script>", "/reports/%22%3E%3Csvg%20onload=alert(1)%3E"]
    return paths


def test_security_payload_reaches_the_store(evil):
    """Guard against a vacuous pass: the payload is in the stored text and in claims shown on pages."""
    texts = [evil.get(f"/api/reports/{r['id']}").json()["text"]
             for r in evil.get("/api/reports").json()["items"]]
    assert any(p in t for t in texts for p in PAYLOADS)
    claims = evil.get("/api/claims", params={"q": "onerror", "limit": 500}).json()["items"]
    assert claims, "no claim carries the payload: the test would prove nothing"


def test_security_every_page_renders_report_markup_as_text(evil):
    for path in _pages(evil):
        response = evil.get(path, headers={"accept": "text/html"})
        assert response.status_code in (200, 404), path
        _assert_inert(response.text)


def test_security_report_page_shows_the_payload_escaped(evil):
    report = next(r for r in evil.get("/api/reports").json()["items"] if "Tobruk" in (r["title"] or ""))
    page = evil.get(f"/reports/{report['id']}").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_security_api_returns_the_payload_as_json_data(evil):
    for path in ["/api/claims?limit=500", "/api/reports", "/api/reuse", "/api/events?limit=500"]:
        response = evil.get(path)
        assert response.headers["content-type"] == "application/json"
        json.loads(response.text)
    error = evil.get("/api/claims/<script>x</script>")
    assert error.status_code == 404 and error.headers["content-type"] == "application/json"


@pytest.mark.parametrize("header, expected", [("content-security-policy", "script-src 'self'"),
                                              ("x-content-type-options", "nosniff"),
                                              ("x-frame-options", "DENY")])
def test_security_headers_on_every_response(evil, header, expected):
    for path in ["/", "/api/status", "/static/style.css", "/api/nothing"]:
        assert expected in evil.get(path).headers[header]


def test_security_serve_binds_to_localhost_by_default():
    from echolocate.web.server import serve

    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"


def test_security_serve_makes_a_token_when_none_is_given(monkeypatch, tmp_path, evil):
    import uvicorn

    from echolocate.web import server

    db = tmp_path / "s.duckdb"
    db.write_bytes(b"")
    seen: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    printed: list[str] = []
    server.serve(db, echo=printed.append)
    token = seen["app"].state.token
    assert seen["host"] == "127.0.0.1" and len(token) >= 24 and any(token in line for line in printed)
    server.serve(db, token="given", echo=printed.append)
    assert seen["app"].state.token == "given"


def test_security_serve_refuses_a_missing_store(tmp_path):
    from echolocate.web.server import serve

    with pytest.raises(StoreError):
        serve(tmp_path / "absent.duckdb", echo=lambda _: None)


def test_security_every_write_in_the_schema_needs_the_token(tmp_path):
    """Whatever write endpoint is added later, it is covered: each non-GET API operation answers 401 without it."""
    from tests.web.writes_support import fake_job, writes_client

    client = writes_client(tmp_path / "s.duckdb", job_command=fake_job())
    writes = [(method, path) for path, ops in client.get("/api/openapi.json").json()["paths"].items()
              for method in ops if method != "get"]
    assert len(writes) >= 3
    for method, path in writes:
        url = path.replace("{name}", "Some%20Outlet")
        for headers in ({}, {"authorization": "Bearer wrong"}):
            response = client.request(method.upper(), url, headers=headers, json={"rating": "A"})
            assert response.status_code == 401, (method, path, response.text)
            assert response.json()["error"]["code"] == "unauthorized"
    assert not client.app.state.uploads.exists() and not client.app.state.reliability.path.exists()


def test_security_uploaded_names_render_as_text(tmp_path):
    from tests.web.conftest import TOKEN
    from tests.web.writes_support import AUTH, fake_job, writes_client

    client = writes_client(tmp_path / "s.duckdb", job_command=fake_job())
    response = client.post("/api/uploads", headers=AUTH, files=[("files", (PAYLOADS[3] + ".txt", b"text")),
                                                                ("files", (PAYLOADS[0], b"more"))])
    assert response.status_code == 202
    assert all("<" not in f["stored_as"] and ">" not in f["stored_as"] for f in response.json()["files"])
    job = response.json()["job"]
    client.app.state.jobs.wait(job, timeout=30)
    for path in (f"/upload?job={job}", "/upload"):
        page = client.get(path, headers={"accept": "text/html"}).text
        assert "onload=alert(3)" in page or "?job=" not in path  # the job page shows the names ...
        _assert_inert(page.replace('<script src="/static/writes.js" defer></script>', ""))  # ... as text
    assert TOKEN not in client.get("/upload").text  # the token is never rendered into a page

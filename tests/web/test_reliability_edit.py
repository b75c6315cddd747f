"""Outlet reliability from the web: the table file round trip, the outlets list, the API, and a rating
that reaches the claims through the re-assessment job."""

from __future__ import annotations

import pytest

from echolocate.config import Settings
from echolocate.stages.assess.reliability import ReliabilityTable
from echolocate.web.reliability_edit import ReliabilityFile, outlets_seen
from tests.web.conftest import TOKEN
from tests.web.writes_support import AUTH, copy_store, fake_job, writes_client

TRICKY_NOTE = 'says "sources", often; one line\nand a second, with commas'


@pytest.mark.parametrize("suffix", [".csv", ".toml"])
def test_reliability_file_round_trips_through_the_table_reader(tmp_path, suffix):
    path = tmp_path / f"table{suffix}"
    edits = ReliabilityFile(path)
    edits.set("DEBKAfile", 0.3, TRICKY_NOTE)
    edits.set("Reuters", None, "cannot be judged")
    edits.set("debka.com", 0.25, "same outlet, later edit")
    table = ReliabilityTable.load(path)  # what `echolocate analyze` reads
    assert table.rating_of("Debka") == 0.25 and table.entry("DEBKA Weekly").note == "same outlet, later edit"
    assert table.entry("Reuters").rating is None and len(table.rows) == 2
    edits.set("Quote \"Daily\" = [x]", 0.9, TRICKY_NOTE)
    assert ReliabilityTable.load(path).entry('Quote "Daily" = [x]').note == TRICKY_NOTE
    assert edits.remove("Reuters") and not edits.remove("Reuters")
    assert ReliabilityTable.load(path).entry("Reuters") is None


@pytest.mark.parametrize("suffix", [".csv", ".toml"])
@pytest.mark.parametrize("name, kept", [("Carriage\rReturn", "Carriage Return"), ("Null\x00 Byte\x1d", "Null Byte"),
                                        ("#1 News", "1 News"), ("  Spaced   Out  ", "Spaced Out")])
def test_reliability_file_keeps_hostile_names_readable(tmp_path, suffix, name, kept):
    path = tmp_path / f"table{suffix}"
    ReliabilityFile(path).set(name, 0.5, "line one\r\nline two\x07")
    ReliabilityFile(path).set("Other", 0.1)
    table = ReliabilityTable.load(path)
    assert table.entry(kept).outlet == kept and table.entry(kept).note == "line one\nline two"
    assert table.rating_of("Other") == 0.1


def test_settings_load_finds_the_table_the_web_writes_beside_the_store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "s.duckdb"
    assert Settings.load(db=str(db)).reliability == ""
    ReliabilityFile(Settings(db=db).reliability_path()).set("DEBKAfile", 0.4)
    assert Settings.load(db=str(db)).reliability == str(tmp_path / "s.duckdb.reliability.csv")
    explicit = tmp_path / "mine.toml"
    assert Settings.load(db=str(db), reliability=str(explicit)).reliability_path() == explicit


def test_outlets_seen_merges_spellings_and_counts():
    reports = [{"outlet": "DEBKAfile"}, {"outlet": "debka.com"}, {"outlet": None}, {"outlet": "Daily Star"}]
    groups = [{"carriers": [{"origin": {"name": "Debka", "kind": "outlet"}},
                            {"origin": {"name": "Reuters", "kind": "wire"}},
                            {"origin": {"name": "the defence ministry", "kind": "official"}}]}]
    table = ReliabilityTable.from_rows([("DEBKA Weekly", "D", "relays anonymous sources"), ("Unseen Times", 0.9)])
    rows = {r["key"]: r for r in outlets_seen(groups, reports, table)}
    debka = next(r for r in rows.values() if "Debka" in r["spellings"])
    assert debka["reports"] == 2 and debka["claims_originated"] == 1 and debka["rating"] == 0.4
    assert set(debka["spellings"]) >= {"DEBKAfile", "debka.com", "Debka"}
    assert not any("ministry" in r["name"] for r in rows.values())  # only outlets and wires are rated here
    assert any(r["name"] == "Unseen Times" and r["rated"] and r["reports"] == 0 for r in rows.values())


@pytest.fixture(scope="module")
def editable(sample_store, tmp_path_factory):
    """A copy of the sample store and a client with the real job process."""
    return writes_client(copy_store(sample_store, tmp_path_factory.mktemp("reliability")))


def _outlet_origin_of_a_shared_claim(client) -> tuple[str, str]:
    for item in client.get("/api/claims", params={"min_carriers": 2, "limit": 500}).json()["items"]:
        for origin in item["origins"]:
            if origin["kind"] in ("outlet", "wire"):
                return item["id"], origin["name"]
    pytest.skip("no claim in the sample store traces back to an outlet")


@pytest.mark.parametrize("body", [{"rating": "G"}, {"rating": 1.5}, {"rating": -0.1}, {"rating": ""},
                                  {"rating": "nan"}, {"note": "no rating"}, {"rating": "B", "note": "x" * 2001}])
def test_api_reliability_bad_edits_answer_422(editable, body):
    response = editable.put("/api/outlets/Some%20Outlet/reliability", json=body, headers=AUTH)
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_parameters"
    assert not editable.app.state.reliability.path.exists()


@pytest.mark.parametrize("method", ["put", "delete"])
@pytest.mark.parametrize("headers", [{}, {"authorization": "Bearer nope"}])
def test_api_reliability_writes_need_the_token(editable, method, headers):
    kwargs = {"json": {"rating": "A"}} if method == "put" else {}
    response = getattr(editable, method)("/api/outlets/Some%20Outlet/reliability", headers=headers, **kwargs)
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthorized"
    assert not editable.app.state.reliability.path.exists()


def test_api_reliability_edit_reaches_the_claims_grade_inputs(editable):
    claim_id, outlet = _outlet_origin_of_a_shared_claim(editable)
    listed = {r["name"]: r for r in editable.get("/api/outlets", params={"limit": 500}).json()["items"]}
    assert outlet in listed and not listed[outlet]["rated"]
    assert editable.get(f"/api/outlets/{outlet}/reliability").json()["rated"] is False

    saved = editable.put(f"/api/outlets/{outlet}/reliability", json={"rating": "E", "note": "tested"}, headers=AUTH)
    assert saved.status_code == 200, saved.text
    assert saved.json()["outlet"] == {**saved.json()["outlet"], "rated": True, "rating": 0.2, "note": "tested"}
    table = ReliabilityTable.load(editable.app.state.reliability.path)
    assert table.rating_of(outlet) == 0.2  # the file `echolocate analyze` reads
    status = editable.app.state.jobs.wait(saved.json()["job"], timeout=180)
    assert status["state"] == "done", status["error"]
    assert status["counts"]["assess"]["reassessed"] is True

    claim = editable.get(f"/api/claims/{claim_id}")
    assert claim.status_code == 200  # a rating changes grades, never the grouping
    carriers = [c for c in claim.json()["carriers"] if c["origin"]["name"] == outlet]
    assert carriers and all(c["reliability"] == 0.2 for c in carriers)
    assert any(f"reliability of {outlet}: 0.2" in line for line in claim.json()["reasoning"])
    assert editable.get(f"/api/outlets/{outlet}/reliability").json()["note"] == "tested"


def test_outlets_page_form_saves_with_the_token_field(sample_store, tmp_path):
    client = writes_client(copy_store(sample_store, tmp_path), job_command=fake_job())
    page = client.get("/outlets")
    assert page.status_code == 200 and 'name="token"' in page.text
    form = {"outlet": "Harbour <Ledger>", "rating": "C", "note": "<b>fair</b>", "action": "save"}
    assert client.post("/outlets", data={**form, "token": "wrong"}).status_code == 401
    response = client.post("/outlets", data={**form, "token": TOKEN}, follow_redirects=False)
    assert response.status_code == 303 and "job=j" in response.headers["location"]
    page = client.get(response.headers["location"])
    assert "Harbour &lt;Ledger&gt;" in page.text and "&lt;b&gt;fair&lt;/b&gt;" in page.text
    assert "<b>fair" not in page.text
    assert client.get("/api/outlets/Harbour%20%3CLedger%3E/reliability").json()["rating"] == 0.6
    bad = client.post("/outlets", data={**form, "rating": "Z", "token": TOKEN}, headers={"accept": "text/html"})
    assert bad.status_code == 422 and "A-F" in bad.text


def test_api_reliability_delete_removes_the_row_and_reassesses(sample_store, tmp_path):
    client = writes_client(copy_store(sample_store, tmp_path), job_command=fake_job())
    assert client.put("/api/outlets/Daily%20Star/reliability", json={"rating": 0.7}, headers=AUTH).status_code == 200
    removed = client.delete("/api/outlets/daily-star/reliability", headers=AUTH).json()  # any spelling
    assert removed["outlet"]["rated"] is False and removed["job"]
    assert ReliabilityTable.load(client.app.state.reliability.path).rows == {}
    assert client.delete("/api/outlets/Daily%20Star/reliability", headers=AUTH).json()["job"] is None
    client.app.state.jobs.wait(removed["job"], timeout=30)

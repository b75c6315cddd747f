"""The JSON API: paging, filters, details, one error shape, the token check, a busy store."""

from __future__ import annotations

import shutil

import pytest
from fastapi import FastAPI

from echolocate.store import Store
from tests.web.conftest import TOKEN, make_client

LISTS = ["/api/claims", "/api/reports", "/api/reuse", "/api/events"]


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "hint"}
    assert body["error"]["message"] and body["error"]["hint"]
    return body["error"]


@pytest.mark.parametrize("path", LISTS)
def test_api_lists_answer_a_page(client, path):
    body = client.get(path, params={"limit": 3}).json()
    assert set(body) == {"total", "limit", "offset", "items"}
    assert body["limit"] == 3 and body["offset"] == 0
    assert len(body["items"]) == min(3, body["total"])


@pytest.mark.parametrize("path", LISTS)
def test_api_paging_walks_every_item_once(client, path):
    total = client.get(path, params={"limit": 1}).json()["total"]
    seen = []
    for offset in range(0, total, 7):
        seen += [item["id"] for item in client.get(path, params={"limit": 7, "offset": offset}).json()["items"]]
    assert len(seen) == total == len(set(seen))


@pytest.mark.parametrize("params", [{"grade": "corroborated"}, {"grade": "single-origin echo"},
                                    {"min_origins": 2}, {"min_carriers": 2}, {"grade": "no such grade"}])
def test_api_claims_filters_keep_only_matching_claims(client, params):
    items = client.get("/api/claims", params={**params, "limit": 500}).json()["items"]
    for item in items:
        if "grade" in params:
            assert item["grade"] == params["grade"]
        if "min_origins" in params:
            assert item["independent_origins"] >= params["min_origins"]
        if "min_carriers" in params:
            assert item["carrier_count"] >= params["min_carriers"]
    everything = client.get("/api/claims", params={"limit": 500}).json()["total"]
    assert len(items) == sum(1 for g in client.get("/api/claims", params={"limit": 500}).json()["items"]
                             if all(_keeps(g, k, v) for k, v in params.items())) <= everything


def _keeps(group: dict, key: str, value) -> bool:
    return {"grade": lambda: group["grade"] == value,
            "min_origins": lambda: group["independent_origins"] >= value,
            "min_carriers": lambda: group["carrier_count"] >= value}[key]()


def test_api_claims_search_finds_every_claim_by_a_word_of_its_text(client):
    items = client.get("/api/claims", params={"limit": 20}).json()["items"]
    for item in items:
        word = max(item["text"].split(), key=len).strip(".,;:\"'()")
        found = client.get("/api/claims", params={"q": word, "limit": 500}).json()["items"]
        assert item["id"] in {f["id"] for f in found}


def test_api_claims_outlet_filter_keeps_claims_the_outlet_carries(client):
    outlets = {o for item in client.get("/api/claims", params={"limit": 500}).json()["items"] for o in item["outlets"]}
    if not outlets:
        pytest.skip("no report in the sample store has a known outlet")
    outlet = sorted(outlets)[0]
    items = client.get("/api/claims", params={"outlet": outlet, "limit": 500}).json()["items"]
    assert items
    for item in items:
        detail = client.get(f"/api/claims/{item['id']}").json()
        assert any(outlet.lower() in ((c["outlet"] or "") + c["origin"]["name"]).lower() for c in detail["carriers"])


def test_api_claim_detail_explains_its_grade(client):
    item = client.get("/api/claims", params={"min_carriers": 2, "limit": 1}).json()["items"][0]
    detail = client.get(f"/api/claims/{item['id']}").json()
    assert detail["text"] == item["text"] and detail["grade"] == item["grade"]
    assert len(detail["carriers"]) == detail["carrier_count"] >= 2
    assert detail["reasoning"] and detail["origins"]
    assert len({c["origin"]["key"] for c in detail["carriers"] if c["supports"]}) >= detail["independent_origins"]


def test_api_report_detail_spans_point_into_its_text(client):
    for item in client.get("/api/reports", params={"limit": 500}).json()["items"]:
        report = client.get(f"/api/reports/{item['id']}").json()
        for claim in report["claims"]:
            assert report["text"][claim["start"]:claim["end"]] == claim["text"]
            if claim["group_id"]:
                assert client.get(f"/api/claims/{claim['group_id']}").status_code == 200
        for t in report["times"]:
            assert report["text"][t["start"]:t["end"]] == t["text"]


def test_api_reports_search_reads_the_text(client):
    report = client.get("/api/reports", params={"limit": 1}).json()["items"][0]
    text = client.get(f"/api/reports/{report['id']}").json()["text"]
    words = [w for w in text.split() if w.isalpha() and len(w) > 6][:3]
    found = client.get("/api/reports", params={"q": " ".join(words)}).json()["items"]
    assert report["id"] in {r["id"] for r in found}


def test_api_status_counts_what_the_lists_hold(client):
    status = client.get("/api/status").json()
    assert status["reports"] == client.get("/api/reports").json()["total"]
    assert status["claim_groups"] == client.get("/api/claims").json()["total"]
    assert sum(status["grades"].values()) == status["claim_groups"]


@pytest.mark.parametrize("path", ["/api/claims/gdoesnotexist", "/api/reports/rdoesnotexist", "/api/nothing"])
def test_api_unknown_items_answer_404_in_the_error_shape(client, path):
    assert _error(client.get(path), 404)["code"] == "not_found"


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 100000}, {"offset": -1}, {"min_origins": "many"},
                                    {"q": "x" * 500}])
def test_api_bad_parameters_answer_422_in_the_error_shape(client, params):
    error = _error(client.get("/api/claims", params=params), 422)
    assert error["code"] == "invalid_parameters"
    assert next(iter(params)) in error["message"]


def test_api_wrong_method_answers_405_in_the_error_shape(client):
    _error(client.post("/api/claims"), 405)


def test_api_openapi_schema_lists_every_endpoint(client):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/claims", "/api/claims/{claim_id}", "/api/reports", "/api/reports/{report_id}", "/api/reuse",
            "/api/events", "/api/status"} <= set(schema["paths"])
    assert not any(not p.startswith("/api") for p in schema["paths"])  # pages stay out of the API schema


def _token_app(db):
    from fastapi import Depends

    from echolocate.web.app import require_token

    client = make_client(db)
    app: FastAPI = client.app

    @app.post("/api/_probe", dependencies=[Depends(require_token)])
    def _probe() -> dict:
        return {"ok": True}

    return client


@pytest.mark.parametrize("headers, status", [
    ({}, 401),
    ({"authorization": "Bearer wrong"}, 401),
    ({"x-echolocate-token": "wrong"}, 401),
    ({"authorization": f"Basic {TOKEN}"}, 401),
    ({"authorization": f"Bearer {TOKEN}"}, 200),
    ({"x-echolocate-token": TOKEN}, 200),
])
def test_require_token_accepts_only_the_start_up_token(sample_store, headers, status):
    response = _token_app(sample_store).post("/api/_probe", headers=headers)
    if status == 200:
        assert response.status_code == 200 and response.json() == {"ok": True}
    else:
        assert _error(response, status)["code"] == "unauthorized"


def test_api_missing_store_answers_503_with_a_hint(tmp_path):
    error = _error(make_client(tmp_path / "absent.duckdb").get("/api/status"), 503)
    assert "analyze" in error["hint"]


def test_api_busy_store_keeps_serving_the_last_snapshot(sample_store, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(sample_store, db)
    client = make_client(db)
    before = client.get("/api/status").json()
    with Store(db) as writer:  # a writer holds the file, and changes it
        writer.con.execute("CREATE TABLE scratch AS SELECT 1 AS x")
        writer.con.execute("CHECKPOINT")
        response = client.get("/api/status")
        assert response.status_code == 200 and response.json() == before

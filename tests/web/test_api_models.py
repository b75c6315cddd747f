"""The API's answers declare their shapes in the OpenAPI schema, and the models describe the store's output
contracts without changing them."""

from __future__ import annotations

import pytest
from fastapi.encoders import jsonable_encoder

from echolocate.web.snapshot import load


def _operations(client):
    spec = client.get("/api/openapi.json").json()
    return spec, [(method, path, op) for path, ops in spec["paths"].items() if path.startswith("/api/")
                  for method, op in ops.items()]


def test_api_models_every_route_declares_a_named_model_and_the_error_shape(client):
    spec, operations = _operations(client)
    assert operations
    for method, path, op in operations:
        ok = [code for code in op["responses"] if code.startswith("2")]
        assert len(ok) == 1, (method, path)
        schema = op["responses"][ok[0]]["content"]["application/json"]["schema"]
        assert schema.get("$ref", "").startswith("#/components/schemas/"), (method, path, schema)
        for code, response in op["responses"].items():
            if not code.startswith("2"):
                assert response["content"]["application/json"]["schema"] == \
                    {"$ref": "#/components/schemas/ErrorResponse"}, (method, path, code)
    assert "HTTPValidationError" not in spec["components"]["schemas"]


@pytest.mark.parametrize("model, fields", [
    ("ClaimGroup", {"id", "text", "grade", "independent_origins", "carriers", "reasoning", "contradicts"}),
    ("Report", {"id", "text", "claims", "entities", "places", "times", "reuse"}),
    ("Status", {"reports", "claim_groups", "grades"}),
])
def test_api_models_detail_models_name_their_fields(client, model, fields):
    spec, _ = _operations(client)
    assert fields <= set(spec["components"]["schemas"][model]["properties"])


def test_api_models_detail_answers_are_the_contracts_unchanged(client, sample_store):
    """Every key of the store's answer reaches the client with its value; the models add none."""
    snap = load(sample_store)
    shared = [g for g in snap.groups if g["carrier_count"] > 1] or snap.groups
    for group in shared[:5]:
        assert client.get(f"/api/claims/{group['id']}").json() == jsonable_encoder(snap.group(group["id"]))
    for report in snap.reports[:3]:
        answer = client.get(f"/api/reports/{report['id']}").json()
        reading = jsonable_encoder(snap.reading(report["id"]))
        assert {k: v for k, v in answer.items() if k not in ("claims", "reuse")} == \
            {k: v for k, v in reading.items() if k != "claims"}
        assert [{k: v for k, v in c.items() if k != "group_id"} for c in answer["claims"]] == reading["claims"]
    status = client.get("/api/status").json()
    assert status["reports"] == len(snap.reports) and set(jsonable_encoder(snap.status_counts())) == set(status)

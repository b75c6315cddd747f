"""schemathesis against the OpenAPI schema, on the ASGI app over a copy of the sample store: no server errors.

Every operation in the schema, reads and writes, with the token (the refusals without it
are in test_security). The job process is a stand-in here: the analysis itself is tested
in test_uploads and test_reliability_edit; this test is about the HTTP surface. Each
operation gets a bounded number of generated requests so the file runs in well under a
minute. (schemathesis' own pytest plugin does not run under pytest 9, so the strategies
are driven with hypothesis directly.)
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import (content_type_conformance, not_a_server_error,  # noqa: E402
                                 response_schema_conformance, status_code_conformance)

from tests.web.writes_support import AUTH, copy_store, fake_job, writes_client  # noqa: E402

EXAMPLES = 15
OPERATIONS = ["GET /api/claims", "GET /api/claims/{claim_id}", "GET /api/reports", "GET /api/reports/{report_id}",
              "GET /api/reuse", "GET /api/events", "GET /api/status", "POST /api/uploads", "GET /api/jobs",
              "GET /api/jobs/{job_id}", "GET /api/outlets", "GET /api/outlets/{name}/reliability",
              "PUT /api/outlets/{name}/reliability", "DELETE /api/outlets/{name}/reliability"]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def api_schema(sample_store, tmp_path_factory):
    db = copy_store(sample_store, tmp_path_factory.mktemp("schemathesis"))
    client = writes_client(db, job_command=fake_job(), upload_max_files=3, upload_max_bytes=2000,
                           upload_max_total=4000)
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", client.app)
    return {f"{op.method.upper()} {op.path}": op for op in (r.ok() for r in schema.get_all_operations())}


def test_schemathesis_schema_holds_every_operation(api_schema):
    assert sorted(api_schema) == sorted(OPERATIONS)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_schemathesis_no_server_errors_and_documented_answers(api_schema, operation):
    @given(case=api_schema[operation].as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        case.call_and_validate(headers=AUTH, checks=CHECKS)

    run()

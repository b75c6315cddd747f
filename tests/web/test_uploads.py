"""Uploads: safe names, limits, the token, and a real file analysed by the background job and listed after it."""

from __future__ import annotations

import io
import sys
import time

import pytest

from echolocate.config import Settings
from echolocate.web.errors import Refused
from echolocate.web.jobs import JobQueue
from echolocate.web.uploads import UploadLimits, safe_name, save_batch
from tests.web.conftest import TOKEN
from tests.web.writes_support import AUTH, fake_job, writes_client

# a report written for this test (not from any outlet); its rare words make it easy to find
REPORT = """Ferry service across Lake Quillmere resumes after storm

Harbour Ledger, 12 April 2021

The ferry between Port Alvane and Quillmere Island resumed service on Monday after a storm damaged the northern
pier, the regional transport authority said. According to the authority, repairs cost about 400,000 euros and
were paid from an emergency fund. Local traders said the two-week closure had cut their sales by half.
"""


@pytest.mark.parametrize("sent, stored", [
    ("report.txt", "report.txt"),
    ("../../etc/passwd", "passwd"),
    ("..\\..\\windows\\win.ini", "win.ini"),
    ("/abs/path/feed.xml", "feed.xml"),
    (".hidden", "hidden"),
    ("..", "upload"),
    ("", "upload"),
    ("a b<script>.html", "a_b_script_.html"),
    ("Ünïcödé café.txt", "Unicode_cafe.txt"),
    ("crawl.warc.gz", "crawl.warc.gz"),
])
def test_safe_name_keeps_only_a_harmless_last_component(sent, stored):
    assert safe_name(sent) == stored


def test_safe_name_shortens_long_names_keeping_the_extension():
    name = safe_name("x" * 500 + ".jsonl")
    assert len(name) <= 120 and name.endswith(".jsonl")


def test_save_batch_never_overwrites_and_stays_inside_its_folder(tmp_path):
    files = [("a.txt", io.BytesIO(b"one")), ("sub/a.txt", io.BytesIO(b"two")), ("../A.txt", io.BytesIO(b"three"))]
    first = save_batch(tmp_path, files, UploadLimits())
    second = save_batch(tmp_path, [("a.txt", io.BytesIO(b"four"))], UploadLimits())
    assert [name for _, name, _ in first.files] == ["a.txt", "a-2.txt", "A-3.txt"]
    assert first.folder != second.folder and first.folder.parent == second.folder.parent == tmp_path
    assert sorted(p.read_bytes() for p in first.folder.iterdir()) == [b"one", b"three", b"two"]
    assert {p.parent for p in tmp_path.rglob("*") if p.is_file()} == {first.folder, second.folder}


@pytest.mark.parametrize("files, limits, status", [
    ([], UploadLimits(), 422),
    ([("a", b"x")] * 3, UploadLimits(max_files=2), 413),
    ([("a", b"x" * 11)], UploadLimits(max_bytes=10), 413),
    ([("a", b"x" * 8), ("b", b"x" * 8)], UploadLimits(max_bytes=10, max_total=12), 413),
])
def test_save_batch_refuses_beyond_limits_and_leaves_nothing(tmp_path, files, limits, status):
    with pytest.raises(Refused) as refused:
        save_batch(tmp_path, [(name, io.BytesIO(data)) for name, data in files], limits)
    assert refused.value.status == status and refused.value.hint
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    """A client whose job is a stand-in, with small limits: 2 files, 100 bytes each, 150 in all.

    Uploads need no store yet (the first job creates it), so none is built here.
    """
    return writes_client(tmp_path_factory.mktemp("limited") / "store.duckdb", job_command=fake_job(),
                         upload_max_files=2, upload_max_bytes=100, upload_max_total=150)


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "hint"} and body["error"]["hint"]
    return body["error"]


def _stored(client) -> list:
    root = client.app.state.uploads
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize("headers", [{}, {"authorization": "Bearer wrong"}, {"authorization": f"Basic {TOKEN}"},
                                     {"x-echolocate-token": TOKEN[:-1]}])
def test_api_upload_without_the_token_is_refused_and_stores_nothing(limited, headers):
    before = _stored(limited)
    response = limited.post("/api/uploads", files=[("files", ("a.txt", b"hello"))], headers=headers)
    assert _error(response, 401)["code"] == "unauthorized"
    assert _stored(limited) == before


@pytest.mark.parametrize("kwargs, status, code", [
    ({"files": [("files", (f"f{i}.txt", b"x")) for i in range(3)]}, 413, "too_large"),
    ({"files": [("files", ("big.txt", b"x" * 101))]}, 413, "too_large"),
    ({"files": [("files", ("a.txt", b"x" * 90)), ("files", ("b.txt", b"x" * 90))]}, 413, "too_large"),
    ({"files": [("files", ("huge.txt", b"x" * 200_000))]}, 413, "too_large"),  # refused by its declared length
    ({"data": {"files": "not a file"}}, 422, "invalid_parameters"),
    ({"data": {"other": "field"}}, 422, "invalid_parameters"),
    ({"json": {"files": []}}, 422, "invalid_parameters"),
])
def test_api_upload_limits_answer_in_the_error_shape(limited, kwargs, status, code):
    before = _stored(limited)
    error = _error(limited.post("/api/uploads", headers=AUTH, **kwargs), status)
    assert error["code"] == code
    assert _stored(limited) == before


def test_api_upload_stores_hostile_names_inside_a_new_batch(limited):
    response = limited.post("/api/uploads", headers=AUTH, files=[("files", ("../../escape.txt", b"one")),
                                                                 ("files", ("..\\escape.txt", b"two"))])
    assert response.status_code == 202, response.text
    body = response.json()
    assert [f["stored_as"] for f in body["files"]] == ["escape.txt", "escape-2.txt"]
    folder = limited.app.state.uploads / body["batch"]
    assert sorted(p.name for p in folder.iterdir()) == ["escape-2.txt", "escape.txt"]
    assert not (limited.app.state.uploads.parent / "escape.txt").exists()
    status = limited.app.state.jobs.wait(body["job"], timeout=30)
    assert status["state"] == "done" and status["batches"] == [body["batch"]]


def test_upload_form_needs_its_token_field(limited):
    files = [("files", ("form.txt", b"form upload"))]
    assert limited.post("/upload", files=files, data={"token": "wrong"}).status_code == 401
    response = limited.post("/upload", files=files, data={"token": TOKEN}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/upload?job=j")
    job = response.headers["location"].split("=", 1)[1]
    limited.app.state.jobs.wait(job, timeout=30)
    page = limited.get(f"/upload?job={job}")
    assert page.status_code == 200 and "form.txt" in page.text and 'data-state="done"' in page.text


@pytest.mark.parametrize("job_id", ["jnope", "../../etc/passwd", "j0123456789abcdef", "x" * 40])
def test_api_unknown_job_answers_404(limited, job_id):
    assert _error(limited.get(f"/api/jobs/{job_id}"), 404)["code"] == "not_found"


def test_jobs_requests_made_while_one_runs_join_one_waiting_job(tmp_path):
    queue = JobQueue(Settings(db=tmp_path / "s.duckdb"), fake_job(seconds=2.0))
    first = queue.submit("first")
    deadline = time.monotonic() + 30
    while queue.status(first)["state"] != "running" and time.monotonic() < deadline:
        time.sleep(0.02)  # the fake process marks itself running: the queue has taken the first job
    second, third = queue.submit("second", [tmp_path / "b1"]), queue.submit("third", [tmp_path / "b2"])
    assert second == third != first
    assert queue.wait(third, timeout=30)["state"] == "done"
    assert queue.status(third)["reasons"] == ["second", "third"] and queue.status(third)["batches"] == ["b1", "b2"]
    assert [j["id"] for j in queue.recent()][:2] in ([third, first], [first, third])


def test_jobs_a_process_that_dies_is_reported_failed_with_its_output(tmp_path):
    queue = JobQueue(Settings(db=tmp_path / "s.duckdb"), fake_job(exit_code=3))
    status = queue.wait(queue.submit("doomed"), timeout=30)
    assert status["state"] == "failed"
    assert "exit code 3" in status["error"]["message"] and "on purpose" in status["error"]["message"]


def test_jobs_runner_refuses_a_bad_command_line():
    from echolocate.web.job_runner import main

    assert main([]) == 2


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths")
def test_api_upload_real_report_is_analysed_and_listed(tmp_path):
    """The whole path, no stand-ins: a new store, an upload, the job process, the report in the API."""
    client = writes_client(tmp_path / "fresh.duckdb")
    assert client.get("/api/status").status_code == 503  # nothing analysed yet
    response = client.post("/api/uploads", headers=AUTH,
                           files=[("files", ("ferry.txt", REPORT.encode())), ("files", ("empty.txt", b""))])
    assert response.status_code == 202, response.text
    job = response.json()["job"]
    status = client.app.state.jobs.wait(job, timeout=180)
    assert status == client.get(f"/api/jobs/{job}").json()
    assert status["state"] == "done", status["error"]
    assert status["counts"]["ingest"]["reports_new"] == 1 and status["counts"]["read"]["reports_read"] == 1
    assert status["counts"]["assess"]["claims"] >= 1
    assert [(r["source"].split("/", 1)[1], r["reason"]) for r in status["rejections"]] == [("empty.txt", "empty")]
    found = client.get("/api/reports", params={"q": "Quillmere"}).json()["items"]
    assert len(found) == 1 and found[0]["source_key"].endswith("/ferry.txt")
    report = client.get(f"/api/reports/{found[0]['id']}").json()
    assert "Port Alvane" in report["text"] and report["claims"]
    assert client.get("/api/jobs").json()["items"][0]["id"] == job

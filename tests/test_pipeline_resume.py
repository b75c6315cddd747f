"""Killed runs resume with nothing lost and nothing doubled; duplicates keep every source."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

from echolocate import Settings, ingest, open_store

_WORDS = ("river harbour council minister drone convoy ceasefire statement envoy fuel port "
          "airfield militia observer border talks summit pipeline tanker brigade").split()


def _article(n: int) -> str:
    words = [_WORDS[(n * 7 + i * 3 + i * i) % len(_WORDS)] for i in range(60)]
    return f"Report number {n} about the harbour\n\n" + " ".join(words) + f". Serial {n}."


def _make_corpus(folder, count: int) -> None:
    folder.mkdir()
    for n in range(count):
        (folder / f"{n:05d}.txt").write_text(_article(n), encoding="utf-8")


def test_ingest_exact_duplicates_are_stored_once_with_every_source(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text(_article(1), encoding="utf-8")
    settings = Settings(db=tmp_path / "s.duckdb", workers=1)
    summary = ingest([str(folder)], settings)
    assert summary.reports_new == 1 and summary.reports_duplicate == 2
    with open_store(settings, read_only=True) as store:
        rows = store.con.execute("SELECT source_path FROM report_sources ORDER BY 1").fetchall()
    assert [os.path.basename(r[0]) for r in rows] == ["a.txt", "b.txt", "c.txt"]


def test_ingest_killed_with_sigkill_resumes_without_duplicates(tmp_path):
    corpus = tmp_path / "corpus"
    count = 3000
    _make_corpus(corpus, count)
    db = tmp_path / "s.duckdb"
    command = [sys.executable, "-m", "echolocate.cli", "--db", str(db), "ingest", str(corpus),
               "--workers", "1"]
    env = dict(os.environ, ECHOLOCATE_BATCH_SIZE="50")
    process = subprocess.Popen([*command[:3], "-v", *command[3:]], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    batches, committed = 0, 0
    for line in process.stderr:  # the writer logs each committed batch and the inputs stored so far
        found = re.search(r"stored a batch of \d+ inputs \((\d+) so far\)", line)
        if found:
            batches, committed = batches + 1, int(found.group(1))
        if batches >= 4:
            break
    assert process.poll() is None, "the first run finished before it could be killed; raise the corpus size"
    process.send_signal(signal.SIGKILL)
    process.wait()
    partial = _stored_count(db)
    # a batch is written after 50 inputs or 2 s, whichever comes first, so a loaded machine logs smaller ones
    assert 4 <= committed <= partial < count  # every batch logged as stored survived the kill
    finished = subprocess.run(command, env=env, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    settings = Settings(db=db)
    with open_store(settings, read_only=True) as store:
        reports = store.con.execute("SELECT count(*), count(DISTINCT id) FROM reports").fetchall()[0]
        sources = store.con.execute("SELECT count(*), count(DISTINCT source_key) FROM report_sources").fetchall()[0]
        inputs = store.con.execute("SELECT count(*) FROM inputs").fetchall()[0][0]
    assert reports == (count, count)
    assert sources == (count, count)
    assert inputs == count


def _stored_count(db) -> int:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM reports").fetchall()[0][0]
    finally:
        con.close()


def test_assess_after_a_read_stopped_before_resolving_names_says_so(tmp_path, caplog):
    """A read killed after its last batch but before entity resolution leaves mentions without entities:
    assess still runs, and says why it can find no contradiction and what finishes the read."""
    from echolocate import pipeline

    folder = tmp_path / "in"
    folder.mkdir()
    text = ("Egypt sends jets to Benghazi\n\nReuters reported on Monday that Egypt sent six jets to Benghazi, "
            "officials in Cairo said. The United Nations denied that Egypt sent jets to Benghazi. Khalifa Haftar "
            "thanked Egypt for its support, according to a statement from his office in Marj. Diplomats in Tunis "
            "said the talks on a ceasefire would resume in March, while the envoy Martin Kobler urged restraint "
            "and asked every side to keep the port of Tripoli open for fuel and food.")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    settings = Settings(db=tmp_path / "s.duckdb", workers=1)
    ingest([str(folder)], settings)
    pipeline.read(settings)
    with open_store(settings) as store:
        assert store.count("mentions") and store.count("entities"), "the fixture names someone"
        store.con.execute("DELETE FROM mention_entities")
        store.con.execute("DELETE FROM entities")
    with caplog.at_level("WARNING", logger="echolocate.pipeline"):
        assert pipeline.assess(settings)["reassessed"]
    assert "run `echolocate read` to finish the read" in caplog.text
    pipeline.read(settings)  # nothing left to read: the run resolves the names, as a finished read does
    with open_store(settings, read_only=True) as store:
        assert store.count("entities")

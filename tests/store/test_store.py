"""The store: migrations recorded and checked on open, clear errors, idempotent writes."""

from __future__ import annotations

import duckdb
import pytest

from echolocate.errors import SchemaError, StoreError
from echolocate.store import Store
from echolocate.store.migrations import known_migrations


def test_store_open_records_every_migration(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        rows = store.con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
    assert [r[0] for r in rows] == [m.version for m in known_migrations()]


def test_store_reopen_applies_nothing_twice(tmp_path):
    path = tmp_path / "s.duckdb"
    Store(path).close()
    with Store(path) as store:
        count = store.con.execute("SELECT count(*) FROM schema_migrations").fetchall()[0][0]
    assert count == len(known_migrations())


def test_store_newer_schema_is_refused_with_hint(tmp_path):
    path = tmp_path / "s.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_migrations VALUES (9999, 'from_the_future', now())")
    con.close()
    with pytest.raises(SchemaError) as error:
        Store(path)
    assert "9999" in error.value.message and "upgrade" in error.value.hint


def test_store_foreign_duckdb_file_is_refused(tmp_path):
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE sales (x INTEGER)")
    con.close()
    with pytest.raises(SchemaError) as error:
        Store(path)
    assert "not an echolocate store" in error.value.message


@pytest.mark.parametrize("content", [b"this is not a database at all", b"\x00" * 4096])
def test_store_garbage_file_gives_store_error(tmp_path, content):
    path = tmp_path / "bad.duckdb"
    path.write_bytes(content)
    with pytest.raises(StoreError) as error:
        Store(path)
    assert error.value.hint


def test_store_read_only_missing_file_says_what_to_run(tmp_path):
    with pytest.raises(StoreError) as error:
        Store(tmp_path / "absent.duckdb", read_only=True)
    assert "echolocate ingest" in error.value.hint


def test_store_missing_folder_is_reported(tmp_path):
    with pytest.raises(StoreError) as error:
        Store(tmp_path / "no" / "such" / "dir.duckdb")
    assert "does not exist" in error.value.message


def test_store_writer_caps_duckdb_memory_at_a_quarter_of_the_machine_or_as_set(tmp_path):
    import os

    from echolocate.store.database import default_memory_limit

    quarter = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 4
    assert abs(int(default_memory_limit().removesuffix("MB")) * 2**20 - quarter) < 2**20 or quarter < 2**30

    def limit(store) -> float:
        return store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]

    with Store(tmp_path / "a.duckdb") as store:
        default = limit(store)
    with Store(tmp_path / "a.duckdb", memory_limit="1GB") as store:
        assert limit(store) != default and limit(store).startswith("953.")  # 1 GB in DuckDB's MiB
    with pytest.raises(StoreError, match="memory limit"):
        Store(tmp_path / "a.duckdb", memory_limit="lots")

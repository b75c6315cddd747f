"""Numbered SQL migrations, recorded in the store itself.

``NNNN_name.sql`` files beside this module are applied in order, each in its own
transaction. A store that has a migration we do not know was written by a newer
echolocate: we refuse to touch it rather than guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from echolocate.errors import SchemaError

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def known_migrations() -> list[Migration]:
    folder = resources.files("echolocate.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda m: m.version)


def migrate(con, path: str, read_only: bool) -> int:
    """Bring the store to the newest schema; returns the version it is at."""
    migrations = known_migrations()
    latest = migrations[-1].version
    tables = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "schema_migrations" not in tables:
        if tables:
            raise SchemaError(f"{path} is a DuckDB file but not an echolocate store (it has tables {sorted(tables)[:5]})",
                              hint="point --db at a new file, or at a store echolocate created")
        if read_only:
            raise SchemaError(f"{path} has no echolocate schema", hint="run `echolocate ingest PATH` first")
        con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
    applied = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    newest = max(applied, default=0)
    if newest > latest:
        raise SchemaError(
            f"{path} has schema version {newest}, but this echolocate knows only up to {latest}",
            hint="upgrade echolocate (pip install -U echolocate), or use another --db")
    pending = [m for m in migrations if m.version not in applied]
    if pending and read_only:
        raise SchemaError(f"{path} is at schema version {newest} and needs migrating to {latest}",
                          hint="run any writing command (e.g. `echolocate ingest`) once to upgrade it")
    for migration in pending:
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(migration.sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [migration.version, migration.name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return latest if migrations else 0

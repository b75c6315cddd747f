"""Compare two echolocate stores table by table, in SQL: the rows each holds that the other does not.

`engine_throughput.py --check` used to compare the answers through the Python API (reports, readings,
claim groups, re-use, events), holding both stores' answers in one process: 18 GB at 30k reports. This
compares every table of the answers row for row inside DuckDB instead (the check now calls it), leaving
out the run records (``runs``, ``stage_state``, ``inputs``, ``schema_migrations``, ``web_index_*``) and
the columns that say when something happened.

    .venv/bin/python benchmarks/compare_stores.py /tmp/k30/local.duckdb /tmp/k30/ray.duckdb
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

_RUN_RECORDS = {"runs", "stage_state", "inputs", "schema_migrations", "web_index_state", "web_index_parts"}
_WHEN = {"first_seen", "read_at", "done_at", "started", "finished", "applied_at", "built_at"}


def differing_rows(first: Path, second: Path, tables: list[str] | None = None) -> dict[str, dict]:
    """Per table: its rows in ``first``, and the rows found only in ``first`` or only in ``second``."""
    import duckdb

    con = duckdb.connect(str(first), read_only=True)
    con.execute(f"ATTACH '{second}' AS other (READ_ONLY)")
    names = tables or [t for (t,) in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() "
        "AND table_schema = 'main' ORDER BY 1").fetchall() if t not in _RUN_RECORDS]
    out = {}
    for table in names:
        columns = ", ".join(f'"{c}"' for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database() "
            "AND table_name = ? ORDER BY ordinal_position", [table]).fetchall() if c not in _WHEN)
        here, there = f"SELECT {columns} FROM main.{table}", f"SELECT {columns} FROM other.{table}"
        out[table] = {"rows": con.execute(f"SELECT count(*) FROM main.{table}").fetchone()[0],
                      "only_first": con.execute(f"SELECT count(*) FROM ({here} EXCEPT ALL {there})").fetchone()[0],
                      "only_second": con.execute(f"SELECT count(*) FROM ({there} EXCEPT ALL {here})").fetchone()[0]}
    con.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--tables", nargs="*", help="only these tables (default: every table of the answers)")
    args = parser.parse_args()
    result = differing_rows(args.first, args.second, args.tables)
    equal = [t for t, r in result.items() if not r["only_first"] and not r["only_second"]]
    print(json.dumps({"equal": len(equal) == len(result), "tables": result}, indent=2))


if __name__ == "__main__":
    main()

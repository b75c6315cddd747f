"""The store: the only code that touches DuckDB.

One file, opened by one writer at a time; bulk writes go through Arrow tables.
"""

from echolocate.store.database import Store

__all__ = ["Store"]

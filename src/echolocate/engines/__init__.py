"""Engines run per-report stage functions over many items: in-process, a process pool, or (later) Ray."""

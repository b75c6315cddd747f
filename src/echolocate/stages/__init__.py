"""Pipeline stages, one module (or package) per stage, in the order data flows.

ingest -> read -> link -> assess. Per-report stages are pure functions over
batches; only ``echolocate.store`` writes.
"""

"""The public surface is small and deliberate: changing it must change this test."""

import echolocate


def test_public_api_names_are_exactly_these():
    assert sorted(echolocate.__all__) == sorted([
        "Analysis", "EcholocateError", "IngestSummary", "InputError", "Rejection", "Report", "SchemaError", "Settings",
        "Source", "StoreError", "__version__", "analyze", "ingest", "open_analysis", "open_store",
    ])
    for name in echolocate.__all__:
        assert hasattr(echolocate, name)

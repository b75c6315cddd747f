"""echolocate: make sense of many news reports about one unfolding story.

The public surface is small on purpose: the typed nouns, the error tree, the
settings object and the pipeline entry points. Nothing runs at import time.
"""

from echolocate.analysis import Analysis, analyze, open_analysis
from echolocate.config import Settings
from echolocate.errors import EcholocateError, InputError, StoreError, SchemaError
from echolocate.model import IngestSummary, Rejection, Report, Source
from echolocate.pipeline import ingest, open_store

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "EcholocateError",
    "IngestSummary",
    "InputError",
    "Rejection",
    "Report",
    "SchemaError",
    "Settings",
    "Source",
    "StoreError",
    "__version__",
    "analyze",
    "ingest",
    "open_analysis",
    "open_store",
]

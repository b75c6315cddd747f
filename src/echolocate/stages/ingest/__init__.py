"""Ingest stage: bytes from files, archives and streams -> ``Report`` or ``Rejection``.

``discover`` turns what the user named into ``InputTask`` items; ``parse_input``
turns one task into a ``ParsedInput``. Both are pure apart from reading files.
"""

from echolocate.stages.ingest.discover import InputTask, discover
from echolocate.stages.ingest.parse import parse_input

NAME = "ingest"
VERSION = "1"

__all__ = ["InputTask", "NAME", "VERSION", "discover", "parse_input"]

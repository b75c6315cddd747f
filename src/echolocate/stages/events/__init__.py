"""Event extraction: PLOVER-typed events with mode, actor, target, place and time, per report."""

from echolocate.stages.events.extract import extract_events
from echolocate.stages.events.ontology import CATEGORIES
from echolocate.stages.events.types import MODES, EventMention

__all__ = ["CATEGORIES", "MODES", "EventMention", "extract_events"]

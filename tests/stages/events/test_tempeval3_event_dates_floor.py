"""Floors for event dates on TempEval-3 (6 documents of each subcorpus of the held-out half, to stay fast).

The full figures are printed by ``eval/tempeval3_events.py`` (see docs/evaluation.md); this guards the
attachment rules (``stages/events/when.py``) against regressions.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
DATA = REPO.parent / "shared" / "datasets" / "tempeval3" / "TBAQ-cleaned"


def _eval_module():
    spec = importlib.util.spec_from_file_location("tempeval3_events", REPO / "eval" / "tempeval3_events.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("tempeval3_events", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("value, expected", [
    ("1998-02-13", ("1998-02-13", "1998-02-13")),
    ("1998-02", ("1998-02-01", "1998-02-28")),
    ("1998-W07", ("1998-02-09", "1998-02-15")),
    ("1998-Q4", ("1998-10-01", "1998-12-31")),
    ("1998", ("1998-01-01", "1998-12-31")),
    ("1998-02-13T14:00", ("1998-02-13", "1998-02-13")),
    ("P3M", None),
    ("PAST_REF", None),
])
def test_value_range_calendar_values_only(value, expected):
    got = _eval_module().value_range(value)
    assert (tuple(d.isoformat() for d in got) if got else None) == expected


def test_event_dates_tempeval3_floor():
    if not (DATA / "TimeBank").is_dir():
        pytest.skip("TempEval-3 is absent from ../shared/datasets")
    pytest.importorskip("spacy")
    result = _eval_module().evaluate(DATA, split="test", limit=6, settings=("gold-times", "gold-triggers+report"))
    attach, ours = result["gold-times"], result["gold-triggers+report"]
    assert attach["gold"] > 40
    # measured on these 12 documents (74 dated gold events): gold times P 0.897 coverage 0.392;
    # our times + report date P 0.900 coverage 0.676
    assert attach["precision"] >= 0.85, attach
    assert attach["coverage"] >= 0.35, attach
    assert ours["precision"] >= 0.85, ours
    assert ours["coverage"] >= 0.60, ours

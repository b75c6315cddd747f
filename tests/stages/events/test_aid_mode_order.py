"""An AID event's mode is decided in text order, not in the order of a set of words.

The 10k engine comparison found one report whose "sending doctors and other medical personnel" was a
humanitarian AID in one process and a military one in another: the candidate words were a set, whose
order follows the process's hash seed. Run under several seeds, the answer must be one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

TEXT = "Egypt said on Monday it was sending doctors and other medical personnel to the flooded city of Derna."

_SCRIPT = """
import json, sys
from datetime import date
from echolocate.stages.events import extract_events
from echolocate.stages.read import claims, entities, places, timex
from echolocate.stages.read.gazetteer import Gazetteer
from echolocate.stages.read.nlp import load_pipeline
from echolocate.stages.read.stage import tense_lookup
doc = load_pipeline()(sys.argv[1])
events = extract_events(doc, claims.extract_claims(doc), places.find_places(doc, Gazetteer.load()),
                        timex.find_times(sys.argv[1], date(2016, 1, 1), tense=tense_lookup(doc)),
                        entities.find_mentions(doc))
print(json.dumps([[e.category, e.subtype] for e in events]))
"""


def test_medical_personnel_sent_is_humanitarian_aid(read_events):
    aid = [(e.category, e.subtype) for e in read_events(TEXT) if e.category == "AID"]
    assert aid == [("AID", "humanitarian")]


def test_aid_mode_is_the_same_under_every_hash_seed():
    answers = set()
    for seed in ("1", "2", "3", "4"):
        out = subprocess.run([sys.executable, "-c", _SCRIPT, TEXT], capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed})
        answers.add(json.dumps(json.loads(out.stdout.strip().splitlines()[-1])))
    assert len(answers) == 1, answers

"""A stand-in for the job process in tests that exercise the web's writes, not the analysis.

Run as ``python fake_job.py EXIT_CODE SECONDS SPEC.json`` (the job queue appends the spec):
after ``SECONDS``, marks the job done, or exits with ``EXIT_CODE`` when it is not 0.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def main() -> int:
    code, seconds, spec_path = int(sys.argv[1]), float(sys.argv[2]), Path(sys.argv[3])
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    path = Path(spec["status"])
    _write(path, dict(json.loads(path.read_text(encoding="utf-8")), state="running", stage="ingest"))
    time.sleep(seconds)
    if code:
        print("fake job failing on purpose", file=sys.stderr)
        return code
    status = json.loads(path.read_text(encoding="utf-8"))
    status.update(state="done", stage="done",
                  counts={"ingest": {"reports_new": 0, "reports_duplicate": 0, "rejections": 0}})
    _write(path, status)
    return 0


def _write(path: Path, status: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(status), encoding="utf-8")
    os.replace(tmp, path)


if __name__ == "__main__":
    sys.exit(main())

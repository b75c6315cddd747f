"""CPU cost per report of parsing input shards, and of shipping each parsed input as JSON (the Ray engine's way).

The Ray engine parses inputs on actors and sends each ``ParsedInput`` to the driver as JSON text
(``engines/codec.py``), which the local engine does not. This separates the two costs on the same shards,
in one plain process, so a slow Ray ingest can be told apart from a slow machine.

    .venv/bin/python benchmarks/parse_cost.py /tmp/k100r/corpus/reports-0000[0-2].jsonl
"""

from __future__ import annotations

import argparse
import json
import time


def _timed(call, *args):
    """``call(*args)`` and the CPU seconds it took."""
    start = time.process_time()
    result = call(*args)
    return result, time.process_time() - start


def measure(paths: list[str]) -> dict:
    from echolocate.config import Settings
    from echolocate.engines import codec
    from echolocate.stages.ingest import discover, parse_input

    settings = Settings()
    inputs, reports, cpu = 0, 0, {"parse": 0.0, "encode": 0.0, "decode": 0.0}
    for task in discover(paths, settings.max_bytes):
        parsed, cpu_parse = _timed(parse_input, task, settings)
        text, cpu_encode = _timed(codec.encode, parsed)
        _, cpu_decode = _timed(codec.decode, text)
        for step, seconds in (("parse", cpu_parse), ("encode", cpu_encode), ("decode", cpu_decode)):
            cpu[step] += seconds
        inputs, reports = inputs + 1, reports + len(parsed.reports)
    per = 1000 / max(1, reports)
    return {"inputs": inputs, "reports": reports,
            **{f"{step}_cpu_ms_per_report": round(seconds * per, 3) for step, seconds in cpu.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="input files (shards of JSON lines, HTML, WARC...)")
    print(json.dumps(measure(parser.parse_args().paths), indent=2))


if __name__ == "__main__":
    main()

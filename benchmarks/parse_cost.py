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


def measure(paths: list[str]) -> dict:
    from echolocate.config import Settings
    from echolocate.engines import codec
    from echolocate.stages.ingest import discover, parse_input

    settings = Settings()
    reports, parse, encode, decode = 0, 0.0, 0.0, 0.0
    for task in discover(paths, settings.max_bytes):
        clock = time.process_time()
        parsed = parse_input(task, settings)
        parse += time.process_time() - clock
        clock = time.process_time()
        text = codec.encode(parsed)
        encode += time.process_time() - clock
        clock = time.process_time()
        codec.decode(text)
        decode += time.process_time() - clock
        reports += len(parsed.reports)
    per = 1000 / max(1, reports)
    return {"inputs": len(paths), "reports": reports, "parse_cpu_ms_per_report": round(parse * per, 3),
            "encode_cpu_ms_per_report": round(encode * per, 3), "decode_cpu_ms_per_report": round(decode * per, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="input files (shards of JSON lines, HTML, WARC...)")
    print(json.dumps(measure(parser.parse_args().paths), indent=2))


if __name__ == "__main__":
    main()

"""Latency of every page and API route of the web app on a large store (100k reports by default).

Builds the store with ``web_store.py`` if it is missing, starts the app in this process with
uvicorn on 127.0.0.1 (a real HTTP server on a free port, in a thread), and asks each route
``--n`` times with parameters varied over values the store holds (claims, reports, actors,
places, outlets, words, periods, pages), one request at a time, timing each answer on the
client side, and the CPU time this process (client and server) spent on it: on a shared, loaded
machine the wall time is inflated by waiting for a core, the CPU time much less. The first
request (which copies the store for serving) is timed apart, and the cache warm-up it starts in
the background is waited for (until its thread ends, then ``--settle`` seconds more) before the
routes are timed: the CPU time of a route must not include the warm-up's. Prints p50 / p95 / max
per route, and the load average before and after.

    .venv/bin/python benchmarks/web_latency.py --db /tmp/echolocate-web/web-100k.duckdb --n 20
    .venv/bin/python benchmarks/web_latency.py --only "page /" --n 200   # one route, a p95 that is not the max
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))


def _samples(db: Path, n: int) -> dict[str, list[str]]:
    """Values to vary the requests over, read from the store (most used first)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)

    def col(sql: str) -> list[str]:
        return [str(r[0]) for r in con.execute(sql).fetchall() if r[0] is not None]

    out = {
        "claims": col(f"SELECT id FROM claim_groups USING SAMPLE {n * 2} ROWS"),
        # sample after filtering: a sample clause on the filtered query samples the table first (often no row)
        "shared": col(f"SELECT id FROM (SELECT id FROM claim_groups WHERE carriers > 2) USING SAMPLE {n} ROWS"),
        "reports": col(f"SELECT id FROM reports USING SAMPLE {n * 2} ROWS"),
        "actors": col(f"SELECT name FROM web_facets WHERE kind = 'actor' GROUP BY 1 ORDER BY count(*) DESC "
                      f"LIMIT {n}"),
        "places": col(f"SELECT name FROM web_facets WHERE kind = 'place' GROUP BY 1 ORDER BY count(*) DESC "
                      f"LIMIT {n}"),
        "outlets": col(f"SELECT outlet FROM reports GROUP BY 1 ORDER BY count(*) DESC LIMIT {n}"),
        "words": col(f"SELECT w FROM (SELECT unnest(string_split(lower(text), ' ')) AS w FROM claim_groups "
                     f"USING SAMPLE 2000 ROWS) WHERE length(w) >= 6 AND regexp_full_match(w, '[a-z]+') "
                     f"GROUP BY 1 ORDER BY count(*) DESC LIMIT {n}"),
        "grades": col("SELECT DISTINCT grade FROM claim_groups ORDER BY 1"),
        "categories": col("SELECT DISTINCT category FROM events ORDER BY 1"),
        "months": col(f"SELECT DISTINCT strftime(published, '%Y-%m') FROM reports ORDER BY 1 LIMIT {n}"),
        "total": col("SELECT count(*) FROM claim_groups"),
    }
    con.close()
    return out


def _routes(s: dict[str, list[str]], n: int) -> dict[str, list[str]]:
    """Route name -> ``n`` URLs to ask, cycling through the sample values."""
    def cyc(key: str, i: int) -> str:
        values = s[key] or [""]
        return values[i % len(values)]

    def q(**params) -> str:
        return urlencode({k: v for k, v in params.items() if v not in (None, "")})

    total = int(s["total"][0])
    make = {
        "page /": lambda i: f"/?{q(offset=(i * 7919 * 50) % max(total, 1) // 50 * 50)}" if i else "/",
        "page / grade+origins": lambda i: f"/?{q(grade=cyc('grades', i), min_origins=i % 3)}",
        "page / outlet": lambda i: f"/?{q(outlet=cyc('outlets', i))}",
        "page / search": lambda i: f"/?{q(q=cyc('words', i))}",
        "page / actor": lambda i: f"/?{q(actor=cyc('actors', i))}",
        "page / place": lambda i: f"/?{q(place=cyc('places', i))}",
        "page / period": lambda i: f"/?{q(date_from=cyc('months', i), date_to=cyc('months', i + 3))}",
        "page /claims/{id}": lambda i: f"/claims/{quote(cyc('shared', i) if i % 2 else cyc('claims', i))}",
        "page /reports": lambda i: f"/reports?{q(q=cyc('words', i))}",
        "page /reports/{id}": lambda i: f"/reports/{quote(cyc('reports', i))}",
        "page /reuse": lambda i: "/reuse",
        "page /events": lambda i: f"/events?{q(category=cyc('categories', i) if i % 2 else None)}",
        "page /events actor": lambda i: f"/events?{q(actor=cyc('actors', i))}",
        "page /map": lambda i: f"/map?{q(actor=cyc('actors', i) if i % 2 else None)}",
        "page /timeline": lambda i: f"/timeline?{q(place=cyc('places', i) if i % 2 else None)}",
        "page /network": lambda i: f"/network?{q(date_from=cyc('months', i) if i % 2 else None)}",
        "api /api/claims": lambda i: f"/api/claims?{q(offset=i * 50, min_carriers=1 + i % 2)}",
        "api /api/claims filtered": lambda i: f"/api/claims?{q(grade=cyc('grades', i), q=cyc('words', i))}",
        "api /api/claims/{id}": lambda i: f"/api/claims/{quote(cyc('claims', i))}",
        "api /api/reports": lambda i: f"/api/reports?"
                                      f"{q(q=cyc('words', i), outlet=cyc('outlets', i) if i % 2 else None)}",
        "api /api/reports/{id}": lambda i: f"/api/reports/{quote(cyc('reports', i))}",
        "api /api/reuse": lambda i: f"/api/reuse?{q(report=cyc('reports', i) if i % 2 else None, offset=i)}",
        "api /api/events": lambda i: f"/api/events?{q(category=cyc('categories', i), offset=i * 10)}",
        "api /api/status": lambda i: "/api/status",
        "api /api/outlets": lambda i: f"/api/outlets?{q(offset=i)}",
    }
    return {name: [f(i) for i in range(n)] for name, f in make.items()}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(db: Path, port: int):
    import uvicorn

    from echolocate.web.app import create_app

    server = uvicorn.Server(uvicorn.Config(create_app(db, "bench-token"), host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, thread


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def run(db: Path, n: int, route_seconds: float, settle: float = 10.0, only: list[str] | None = None) -> dict:
    import httpx

    samples = _samples(db, n)
    routes = {name: urls for name, urls in _routes(samples, n).items() if not only or name in only}
    if not routes:
        raise SystemExit(f"no route is named {only}; the names are those of the table this prints")
    port = _free_port()
    load_before = os.getloadavg()
    server, thread = _serve(db, port)
    results: dict[str, dict] = {}
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600,
                          headers={"accept": "text/html"}) as client:
            started = time.perf_counter()
            first = client.get("/api/status")
            first.raise_for_status()
            cold = time.perf_counter() - started
            warm_started = time.perf_counter()
            time.sleep(1.0)
            while any(t.name == "echolocate-web-warm" for t in threading.enumerate()):  # the background warm-up
                time.sleep(0.2)
            warm = time.perf_counter() - warm_started
            time.sleep(settle)  # let the machine settle after the copy and the warm-up
            for name, urls in routes.items():
                times, cpu, statuses, deadline = [], [], {}, time.monotonic() + route_seconds
                for url in urls:
                    t0, c0 = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    times.append(time.perf_counter() - t0)
                    cpu.append(time.process_time() - c0)
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                    if time.monotonic() > deadline:
                        break
                results[name] = {"n": len(times), "p50_ms": round(statistics.median(times) * 1000, 1),
                                 "p95_ms": round(_pct(times, 95) * 1000, 1), "max_ms": round(max(times) * 1000, 1),
                                 "cpu_p50_ms": round(statistics.median(cpu) * 1000, 1),
                                 "cpu_p95_ms": round(_pct(cpu, 95) * 1000, 1), "statuses": statuses}
                print(f"{name:28s} n={len(times):3d} p50={results[name]['p50_ms']:8.1f} ms "
                      f"p95={results[name]['p95_ms']:8.1f} ms max={results[name]['max_ms']:8.1f} ms {statuses}",
                      file=sys.stderr)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    return {"db": str(db), "db_bytes": db.stat().st_size, "first_request_s": round(cold, 2), "warm_s": round(warm, 2),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count(), "routes": results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/echolocate-web/web-100k.duckdb"))
    parser.add_argument("--reports", type=int, default=100_000, help="size of the store to build if --db is missing")
    parser.add_argument("--n", type=int, default=20, help="requests per route")
    parser.add_argument("--route-seconds", type=float, default=60.0, help="stop a route after this long")
    parser.add_argument("--settle", type=float, default=10.0,
                        help="seconds to wait after the background warm-up has finished")
    parser.add_argument("--only", action="append", default=[], metavar="ROUTE",
                        help='time only this route (its name as printed, e.g. "page /"); repeatable')
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.db.exists():
        sys.path.insert(0, str(HERE))
        import web_store

        web_store.main(["--reports", str(args.reports), "--out", str(args.db)])
    result = run(args.db, args.n, args.route_seconds, args.settle, args.only)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(f"first request (copies the store): {result['first_request_s']} s; background warm-up after it: "
              f"{result['warm_s']} s; load average before "
              f"{result['load_before']}, after {result['load_after']} on {result['cpus']} CPUs")
        print("| route | n | p50 ms | p95 ms | max ms | CPU p50 ms | CPU p95 ms |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name, r in result["routes"].items():
            print(f"| `{name}` | {r['n']} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} | {r['cpu_p50_ms']} | "
                  f"{r['cpu_p95_ms']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

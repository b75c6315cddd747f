"""A store of 100k reports for the web benchmark: synthetic in shape, real in size.

Running the NLP over 100k reports takes hours, so this builds the store in two steps:

1. **Template**: a small real analysed sample. ``--template`` real article bodies from FNC-1
   (``../shared/datasets/fnc1``), picked a few per story so the linker finds shared claims
   and re-use, go through the real pipeline (ingest, read, link, assess) once; the result
   is cached beside the output.
2. **Scale**: the template is copied cluster by cluster, straight into the real schema with
   DuckDB SQL (no Python per row): copy ``k`` of template report ``r`` becomes report
   ``r.k`` (an ID of the same shape), with all its sentences, mentions, places, times, quotes, claims, sources,
   hedges and event mentions (offsets stay valid: the text is the same); claim groups,
   events and re-use links are copied within each cluster, their JSON carriers rewritten to
   the new report and claim IDs, outlets and dates. Outlets come from a pool of real news
   domains (Emergent's ``source`` column); dates spread each cluster over two years.

So the proportions (claims, groups, carriers, mentions per report; group sizes; events,
places, re-use) are those of a real analysed sample, and the sizes (rows, text bytes) are
those of 100k reports; but the text is a few dozen articles repeated, and every cluster
is the same story structure. Good enough to measure query plans and page latency; not a
corpus to evaluate quality on. Entities stay shared across clusters (the same actors
recur), with their mention counts scaled.

    .venv/bin/python benchmarks/web_store.py --reports 100000 --out /tmp/echolocate-web/web-100k.duckdb

A store built by an older echolocate is brought up to date (migrations, missing web summaries) with
``--upgrade --out FILE`` instead of being built again.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATASETS = REPO.parent / "shared" / "datasets"

# per-report tables copied as they are, with the report id (and claim ids) renamed
_REPORT_TABLES = ("report_sources", "readings", "sentences", "mentions", "mention_entities", "places", "times",
                  "quotes", "event_mentions")


def _fnc_sample(count: int, seed: int) -> list[dict]:
    """``count`` FNC-1 bodies, a few per headline, with the headline as title (stories with several reports)."""
    csv.field_size_limit(10_000_000)
    with open(DATASETS / "fnc1" / "train_bodies.csv", encoding="utf-8") as fh:
        bodies = {int(row["Body ID"]): row["articleBody"] for row in csv.DictReader(fh)}
    per_headline: dict[str, list[int]] = defaultdict(list)
    with open(DATASETS / "fnc1" / "train_stances.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["Stance"] in ("agree", "discuss") and len(bodies[int(row["Body ID"])].split()) >= 150:
                per_headline[row["Headline"]].append(int(row["Body ID"]))
    rng = random.Random(seed)
    headlines = sorted(h for h, ids in per_headline.items() if len(set(ids)) >= 4)
    rng.shuffle(headlines)
    picked, seen = [], set()
    for headline in headlines:
        ids = [i for i in sorted(set(per_headline[headline])) if i not in seen][:4]
        for body_id in ids:
            seen.add(body_id)
            picked.append({"title": headline, "text": bodies[body_id], "id": body_id})
        if len(picked) >= count:
            break
    return picked[:count]


def _outlet_pool() -> list[str]:
    with open(DATASETS / "emergent" / "emergent.csv", encoding="utf-8") as fh:
        names = sorted({row["source"].strip() for row in csv.DictReader(fh) if row.get("source", "").strip()})
    return names or [f"outlet-{i:03d}.example" for i in range(300)]


def build_template(path: Path, count: int, seed: int = 7) -> Path:
    """Analyse ``count`` real FNC-1 bodies with the real pipeline into ``path`` (skipped if it exists)."""
    if path.exists():
        return path
    sys.path.insert(0, str(REPO / "src"))
    from echolocate import pipeline
    from echolocate.config import Settings

    rng = random.Random(seed)
    outlets = _outlet_pool()
    with tempfile.TemporaryDirectory() as tmp:
        lines = []
        for n, item in enumerate(_fnc_sample(count, seed)):
            lines.append(json.dumps({"title": item["title"], "text": item["text"], "outlet": rng.choice(outlets),
                                     "published": f"2015-0{1 + n % 9}-{10 + n % 18:02d}",
                                     "url": f"https://example.org/fnc1/{item['id']}"}))
        src = Path(tmp) / "sample.jsonl"
        src.write_text("\n".join(lines) + "\n", encoding="utf-8")
        partial = path.with_suffix(".partial.duckdb")
        partial.unlink(missing_ok=True)
        settings = Settings(db=partial, workers=1)
        started = time.monotonic()
        pipeline.ingest([str(src)], settings)
        pipeline.read(settings)
        pipeline.link(settings)
        pipeline.assess(settings)
        print(f"template: {count} reports analysed in {time.monotonic() - started:.0f} s", file=sys.stderr)
        shutil.move(partial, path)
    return path


def _columns(con, table: str) -> list[str]:
    return [row[0] for row in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_catalog = 't' AND table_name = ? "
        "ORDER BY ordinal_position", [table]).fetchall()]


def _q(name: str) -> str:
    return f'"{name}"'


def scale(template: Path, out: Path, reports: int) -> dict:
    """Copy the template cluster by cluster into a new store at ``out`` until it holds ``reports`` reports."""
    sys.path.insert(0, str(REPO / "src"))
    from echolocate.store import Store

    out.unlink(missing_ok=True)
    out.with_name(out.name + ".wal").unlink(missing_ok=True)
    with Store(out) as store:  # creates the schema through the real migrations
        pass
    import duckdb

    con = duckdb.connect(str(out))
    con.execute(f"ATTACH '{template}' AS t (READ_ONLY)")
    size = con.execute("SELECT count(*) FROM t.reports").fetchall()[0][0]
    clusters = -(-reports // size)
    outlets = _outlet_pool()
    # a copy's ID has the shape of the original (same prefix and length: pages match IDs by pattern);
    # cluster 0 keeps the original IDs, so IDs named in reasoning texts still lead somewhere
    con.execute("CREATE TEMP MACRO copy_id(x, k) AS CASE WHEN k = 0 THEN x ELSE left(x, 1) || "
                "left(md5(x || '.' || k) || md5(k || '.' || x), length(x) - 1) END")
    con.execute("CREATE TEMP TABLE outlet_pool AS SELECT unnest(?) AS name, "
                "generate_subscripts(?, 1) - 1 AS n", [outlets, outlets])
    # which copies exist: cluster k holds template reports by position, the last cluster may be partial
    con.execute("""
        CREATE TEMP TABLE copies AS
        SELECT r.id AS tid, r.pos, k.k, copy_id(r.id, k.k) AS rid,
               (SELECT name FROM outlet_pool WHERE n = (r.pos * 131 + k.k * 17) % (SELECT count(*) FROM outlet_pool))
                   AS outlet,
               DATE '2015-01-01' + CAST((k.k * 7 + r.pos * 3) % 730 AS INTEGER) AS published
        FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS pos FROM t.reports) r,
             range(?) k(k)
        WHERE k.k * ? + r.pos < ?
    """, [clusters, size, reports])
    con.execute("CREATE TEMP TABLE clusters AS SELECT DISTINCT k FROM copies")
    con.execute("CREATE TEMP TABLE claim_map AS SELECT c.id AS tid, copy_id(c.id, p.k) AS cid, p.k, p.rid "
                "FROM t.claims c JOIN copies p ON p.tid = c.report_id")
    started = time.monotonic()
    con.execute("BEGIN TRANSACTION")
    cols = _columns(con, "reports")
    select = ", ".join({"id": "p.rid", "outlet": "p.outlet", "published": "p.published",
                        "source_key": "r.source_key || '#copy=' || p.k"}.get(c, f"r.{_q(c)}") for c in cols)
    # rows go in batch by batch, as the pipeline writes them (not sorted by ID: lookups cannot lean on that)
    con.execute(f"INSERT INTO reports SELECT {select} FROM t.reports r JOIN copies p ON p.tid = r.id "
                "ORDER BY p.k, p.pos")
    for table in _REPORT_TABLES:
        cols = _columns(con, table)
        select = ", ".join({"report_id": "p.rid", "source_key": "x.source_key || '#copy=' || p.k"}.get(
            c, f"x.{_q(c)}") for c in cols)
        con.execute(f"INSERT INTO {table} SELECT {select} FROM t.{table} x JOIN copies p ON p.tid = x.report_id "
                    "ORDER BY p.k, p.pos")
    cols = _columns(con, "claims")
    select = ", ".join({"id": "m.cid", "report_id": "m.rid"}.get(c, f"x.{_q(c)}") for c in cols)
    con.execute(f"INSERT INTO claims SELECT {select} FROM t.claims x JOIN claim_map m ON m.tid = x.id")
    for table in ("claim_sources", "claim_hedges"):
        cols = _columns(con, table)
        select = ", ".join({"claim_id": "m.cid"}.get(c, f"x.{_q(c)}") for c in cols)
        con.execute(f"INSERT INTO {table} SELECT {select} FROM t.{table} x JOIN claim_map m ON m.tid = x.claim_id")
    con.execute(f"INSERT INTO entities SELECT id, name, kind, aliases, mentions * {clusters} FROM t.entities")
    con.execute("INSERT INTO inputs SELECT source_key || '#copy=' || k, fingerprint, digest, reports, rejections, "
                "done_at FROM t.inputs, clusters")
    con.execute("INSERT INTO stage_state SELECT * FROM t.stage_state")
    _copy_links(con)
    _copy_groups(con)
    _copy_events(con)
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    seconds = time.monotonic() - started
    counts = {table: con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
              for table in ("reports", "claims", "claim_groups", "claim_group_members", "mentions", "places",
                            "times", "events", "reuse_links")}
    counts["text_mb"] = round(con.execute("SELECT sum(strlen(text)) FROM reports").fetchall()[0][0] / 1e6, 1)
    counts["multi_carrier_groups"] = con.execute(
        "SELECT count(*) FROM claim_groups WHERE carriers > 1").fetchall()[0][0]
    con.close()
    with Store(out) as store:
        store.refresh_web_index()
    counts["copy_seconds"] = round(seconds, 1)
    counts["index_seconds"] = round(time.monotonic() - started - seconds, 1)
    return counts


def _copy_links(con) -> None:
    con.execute("""
        INSERT INTO reuse_links
        SELECT copy_id(l.id, pa.k), pa.rid, l.a_start, l.a_end, pb.rid, l.b_start, l.b_end, l.similarity,
               l.direction, l.direction_evidence, l.a_coverage, l.b_coverage
        FROM t.reuse_links l JOIN copies pa ON pa.tid = l.a_report JOIN copies pb ON pb.tid = l.b_report
        WHERE pa.k = pb.k
    """)
    con.execute("""
        INSERT INTO reuse_mutations
        SELECT copy_id(m.link_id, c.k), m.idx, m.kind, m.a_text, m.b_text FROM t.reuse_mutations m, clusters c
        WHERE copy_id(m.link_id, c.k) IN (SELECT id FROM reuse_links)
    """)


# a carrier (of a claim group or an event) rewritten to its copy: new report and claim ids, outlet and date
_CARRIER = """
    json_merge_patch(c.value, json_object(
        'report_id', p.rid,
        'claim_id', CASE WHEN json_extract_string(c.value, '$.claim_id') IS NULL THEN NULL
                         ELSE copy_id(json_extract_string(c.value, '$.claim_id'), p.k) END,
        'outlet', p.outlet, 'date', CAST(p.published AS VARCHAR),
        'copied_from', to_json(list_transform(
            coalesce(CAST(json_extract_string(c.value, '$.copied_from[*]') AS VARCHAR[]), []),
            lambda x: copy_id(x, p.k)))))
"""


def _copy_groups(con) -> None:
    # groups whose carriers all exist in cluster k (the last cluster may be partial)
    con.execute("""
        CREATE TEMP TABLE group_copies AS
        SELECT g.id AS tid, copy_id(g.id, k.k) AS gid, k.k
        FROM t.claim_groups g, clusters k
        WHERE NOT EXISTS (SELECT 1 FROM t.claim_group_members m
                          WHERE m.group_id = g.id
                            AND NOT EXISTS (SELECT 1 FROM claim_map c WHERE c.tid = m.claim_id AND c.k = k.k))
    """)
    con.execute("""
        CREATE TEMP TABLE carriers_new AS
        SELECT gc.gid, '[' || string_agg(CAST(""" + _CARRIER + """ AS VARCHAR), ',' ORDER BY CAST(c.key AS INTEGER))
               || ']' AS carriers_json
        FROM group_copies gc JOIN t.claim_groups g ON g.id = gc.tid,
             json_each(g.carriers_json) c
        JOIN copies p ON p.tid = json_extract_string(c.value, '$.report_id') AND p.k = gc.k
        GROUP BY gc.gid
    """)
    con.execute("""
        INSERT INTO claim_groups
        SELECT gc.gid, copy_id(g.representative, gc.k), g.text, g.grade, g.independent_origins, g.credible_origins,
               g.carriers, g.reports, g.cohesion, g.origins_json, coalesce(n.carriers_json, '[]'), g.variants_json,
               g.reasoning_json, g.contested_by_json
        FROM group_copies gc JOIN t.claim_groups g ON g.id = gc.tid LEFT JOIN carriers_new n ON n.gid = gc.gid
    """)
    con.execute("""
        INSERT INTO claim_group_members
        SELECT gc.gid, copy_id(m.claim_id, gc.k) FROM group_copies gc JOIN t.claim_group_members m
        ON m.group_id = gc.tid
    """)
    con.execute("""
        INSERT INTO contradictions
        SELECT a.gid, b.gid, x.kind, x.explanation FROM t.contradictions x
        JOIN group_copies a ON a.tid = x.a_group JOIN group_copies b ON b.tid = x.b_group AND b.k = a.k
    """)


def _copy_events(con) -> None:
    con.execute("""
        CREATE TEMP TABLE event_copies AS
        SELECT e.id AS tid, copy_id(e.id, k.k) AS eid, k.k FROM t.events e, clusters k
        WHERE NOT EXISTS (SELECT 1 FROM json_each(e.carriers_json) c
                          WHERE NOT EXISTS (SELECT 1 FROM copies p WHERE p.k = k.k
                                            AND p.tid = json_extract_string(c.value, '$.report_id')))
    """)
    con.execute("""
        CREATE TEMP TABLE event_carriers_new AS
        SELECT ec.eid, '[' || string_agg(CAST(""" + _CARRIER + """ AS VARCHAR), ',' ORDER BY CAST(c.key AS INTEGER))
               || ']' AS carriers_json
        FROM event_copies ec JOIN t.events e ON e.id = ec.tid, json_each(e.carriers_json) c
        JOIN copies p ON p.tid = json_extract_string(c.value, '$.report_id') AND p.k = ec.k
        GROUP BY ec.eid
    """)
    con.execute("""
        INSERT INTO events
        SELECT ec.eid, e.category, e.subtype, e.mode, e.actor, e.target, e.place_name, e.lat, e.lon,
               e.place_precision,
               CASE WHEN e.date_start IS NULL THEN NULL ELSE e.date_start + CAST(ec.k % 700 AS INTEGER) END,
               CASE WHEN e.date_end IS NULL THEN NULL ELSE e.date_end + CAST(ec.k % 700 AS INTEGER) END,
               e.date_precision, e.independent_origins, e.carriers, e.certainty, e.origins_json,
               coalesce(n.carriers_json, '[]'), e.variants_json, e.denied_by_json
        FROM event_copies ec JOIN t.events e ON e.id = ec.tid LEFT JOIN event_carriers_new n ON n.eid = ec.eid
    """)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--template", type=int, default=40, help="real reports analysed for the template")
    parser.add_argument("--out", type=Path, default=Path("/tmp/echolocate-web/web-100k.duckdb"))
    parser.add_argument("--upgrade", action="store_true",
                        help="do not build: migrate the store at --out to this echolocate's schema and build only "
                             "the web summaries it lacks (seconds to a minute, where a rebuild takes minutes)")
    args = parser.parse_args(argv)
    if args.upgrade:
        sys.path.insert(0, str(HERE.parent / "src"))
        from echolocate.store import Store

        started = time.perf_counter()
        with Store(args.out) as store:  # opening it for writing applies any new migration
            built = store.upgrade_web_index()
        print(json.dumps({"built": built, "seconds": round(time.perf_counter() - started, 1)}))
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    template = build_template(args.out.with_name(f"template-{args.template}.duckdb"), args.template)
    counts = scale(template, args.out, args.reports)
    print(json.dumps(counts, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

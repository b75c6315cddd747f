"""Command line: a thin click layer over the library. Errors are caught in one place (``main``)."""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import date, datetime
from pathlib import Path

import click

from echolocate import pipeline
from echolocate.config import Settings
from echolocate.errors import EcholocateError

EXIT_OK, EXIT_FAILED, EXIT_PARTIAL = 0, 1, 3


def _settings(ctx: click.Context, **overrides) -> Settings:
    obj = ctx.find_root().obj or {}
    return Settings.load(obj.get("config"), db=obj.get("db"), **overrides)


def _emit_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=_json_default))


def _json_default(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", type=click.Path(dir_okay=False), default=None, envvar="ECHOLOCATE_DB",
              help="DuckDB store file [default: ./echolocate.duckdb].")
@click.option("--config", type=click.Path(exists=True, dir_okay=False), default=None,
              help="TOML settings file [default: ./echolocate.toml if present].")
@click.option("-v", "--verbose", count=True, help="Log what happens (-v info, -vv debug) to stderr.")
@click.version_option(package_name="echolocate")
@click.pass_context
def cli(ctx: click.Context, db: str | None, config: str | None, verbose: int) -> None:
    """echolocate: what many news reports claim, who copied whom, and how many independent origins back it.

    \b
    Example:
      echolocate analyze ../shared/corpora/libya-2016
      echolocate status
    """
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    ctx.obj = {"db": db, "config": config}


def _engine_options(func):
    func = click.option("--engine", type=click.Choice(["local", "ray"]), default=None,
                        help="Where per-report stages run: local processes [default] or a Ray cluster "
                             "(pip install 'echolocate[ray]').")(func)
    func = click.option("--address", "ray_address", default=None, metavar="HOST:PORT",
                        help="Ray cluster to join with --engine ray ('auto': this node's cluster) "
                             "[default: start a local Ray].")(func)
    return func


def _ingest_options(func):
    func = _engine_options(func)
    func = click.option("--max-bytes", type=int, default=None, help="Largest input file accepted, in bytes.")(func)
    func = click.option("--min-words", type=int, default=None, help="Shortest text kept as a report, in words.")(func)
    func = click.option("--workers", type=int, default=None, help="Worker processes (0: one per core).")(func)
    func = click.option("--force", is_flag=True, help="Re-read inputs already stored.")(func)
    func = click.option("--field", "fields", multiple=True, metavar="OURS=THEIRS",
                        help="JSON lines field mapping, e.g. --field text=body (repeatable).")(func)
    return func


def _run_ingest(ctx, paths, max_bytes, min_words, workers, force, fields, as_json, quiet=False,
                engine=None, ray_address=None) -> int:
    mapping = {}
    for item in fields:
        ours, _, theirs = item.partition("=")
        if not theirs:
            raise click.BadParameter(f"{item!r} is not OURS=THEIRS", param_hint="--field")
        mapping.setdefault(ours.strip(), []).append(theirs.strip())
    settings = _settings(ctx, max_bytes=max_bytes, min_words=min_words, workers=workers,
                         jsonl_fields=mapping or None, engine=engine, ray_address=ray_address)
    progress = _Progress(enabled=not (as_json or quiet) and sys.stderr.isatty())
    summary = pipeline.ingest(list(paths), settings, progress=progress, force=force)
    progress.finish()
    if as_json:
        _emit_json({"db": str(settings.db), **summary.as_dict()})
    elif not quiet:
        _print_summary(summary, settings)
    return EXIT_PARTIAL if summary.rejections else EXIT_OK


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@_ingest_options
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@click.pass_context
def ingest(ctx, paths, max_bytes, min_words, workers, force, fields, as_json, engine, ray_address):
    """Read reports from files, folders, globs, archives or stdin (-) into the store.

    Formats: plain text (any common encoding), HTML, JSON lines / JSON, Parquet,
    WARC(.gz), RSS/Atom, and zip / tar.gz archives of them. Bad inputs are stored as
    rejections with a reason. Exit status: 0 all stored, 3 some rejected, 1 failed.

    \b
    Examples:
      echolocate ingest ../shared/corpora/libya-2016
      echolocate ingest 'crawl/**/*.warc.gz' feeds/*.xml
      cat articles.jsonl | echolocate ingest - --field text=body
    """
    ctx.exit(_run_ingest(ctx, paths, max_bytes, min_words, workers, force, fields, as_json, engine=engine,
                         ray_address=ray_address))


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@_ingest_options
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@click.pass_context
def analyze(ctx, paths, max_bytes, min_words, workers, force, fields, as_json, engine, ray_address):
    """Run the whole analysis on PATHS, incrementally, then print the corpus summary.

    Ingests the inputs, reads every new report (claims with their attribution
    chains, hedges, quotes, entities across spellings, places, dates), then
    prints the status. Running it again only does what is new.

    \b
    Example:
      echolocate analyze ../shared/corpora/libya-2016
      echolocate show 000_5145aec595ce3194.txt
    """
    code = _run_ingest(ctx, paths, max_bytes, min_words, workers, force, fields, as_json=False, quiet=as_json,
                       engine=engine, ray_address=ray_address)
    summary = _run_read(ctx, workers, force=False, quiet=as_json, engine=engine, ray_address=ray_address)
    settings = _settings(ctx, engine=engine, ray_address=ray_address)  # link and assess on the same engine
    linked = pipeline.link(settings)
    assessed = pipeline.assess(settings)
    if as_json:
        _emit_json({"db": str(settings.db), "read": summary.as_dict(), "link": linked, "assess": assessed})
    else:
        if linked["relinked"]:
            click.echo(f"Linked {linked['reports']} report(s) in {linked['seconds']:.1f} s: {linked['links']} re-used "
                       f"passage(s) between {linked['report_pairs']} pair(s) of reports (`echolocate reuse`).")
        if assessed["reassessed"]:
            grades = ", ".join(f"{n} {g}" for g, n in sorted(assessed["grades_of_shared_claims"].items()))
            click.echo(f"Grouped {assessed['claims']} claims into {assessed['groups']} claim(s); "
                       f"{assessed['groups_with_several_carriers']} carried by several reports ({grades or 'none'}); "
                       f"{assessed['contradictions']} contradiction(s) (`echolocate claims`); "
                       f"{assessed['events']} event(s), {assessed['events_with_several_carriers']} told by several "
                       f"reports (`echolocate events`).")
        click.echo()
        ctx.invoke(status)
        click.echo()
        click.echo("Next: `echolocate claims` (what is claimed, by how many independent origins), "
                   "`echolocate reuse` (who copied whom), `echolocate events`, `echolocate show REPORT`, "
                   "or `echolocate serve` to browse it all.")
    ctx.exit(code)


@cli.command()
@click.option("--workers", type=int, default=None, help="Worker processes (0: one per core).")
@click.option("--force", is_flag=True, help="Read every report again, not only new ones.")
@_engine_options
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@click.pass_context
def read(ctx, workers, force, engine, ray_address, as_json):
    """Read the stored reports not read yet: claims, sources, hedges, quotes, entities, places, dates.

    \b
    Example:
      echolocate read --workers 2
    """
    summary = _run_read(ctx, workers, force=force, quiet=as_json, engine=engine, ray_address=ray_address)
    if as_json:
        _emit_json({"db": str(_settings(ctx).db), **summary.as_dict()})


def _run_read(ctx, workers, force: bool, quiet: bool, engine=None, ray_address=None):
    settings = _settings(ctx, workers=workers, engine=engine, ray_address=ray_address)
    from echolocate.stages.read.gazetteer import Gazetteer

    if not quiet and not Gazetteer.cache_file().exists():
        click.echo("First run: building the offline gazetteer index (about 20 s, once).", err=True)
    progress = _Progress(enabled=not quiet and sys.stderr.isatty(), what="read")
    summary = pipeline.read(settings, progress=progress, force=force)
    progress.finish()
    if not quiet:
        _print_read_summary(summary)
    return summary


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (an array of claim groups).")
@click.option("--limit", type=int, default=30, show_default=True, help="Claims listed (0: all).")
@click.option("--all", "include_single", is_flag=True, help="Include claims carried by one report only.")
@click.option("--brief", is_flag=True, help="Leave out the reasoning behind each grade.")
@click.pass_context
def claims(ctx, as_json, limit, include_single, brief):
    """Show claims across reports, most carried first: grade, independent origins, carriers, the
    reasoning (which copies and citations collapsed which carriers), variants and contradictions.

    By default only claims carried by two or more reports are listed (--all for every claim).

    \b
    Examples:
      echolocate claims
      echolocate claims --json --all --limit 0
    """
    from echolocate.present.claims import render_claims

    settings = _settings(ctx)
    with pipeline.open_store(settings, read_only=True) as store:
        rows = store.claim_groups(limit or None, min_carriers=1 if include_single else 2)
    if as_json:
        _emit_json(rows)
        return
    for line in render_claims(rows, reasoning=not brief):
        click.echo(line)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["html", "md", "json"]), default="html", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True,
              help="File to write the briefing to.")
@click.option("--claims", "claim_count", type=int, default=12, show_default=True, help="Claims included.")
@click.pass_context
def report(ctx, fmt, output, claim_count):
    """Write a briefing: the claims several reports carry, with their grades and why, each followed by the
    passages behind it; who copied whom; events; a method note. HTML is one offline file that prints well.

    \b
    Examples:
      echolocate report -o briefing.html
      echolocate report --format md -o briefing.md
    """
    from echolocate.present.briefing import build_briefing, to_html, to_json, to_markdown

    settings = _settings(ctx)
    with pipeline.open_store(settings, read_only=True) as store:
        briefing = build_briefing(store, claims=claim_count)
    render = {"html": to_html, "md": to_markdown, "json": to_json}[fmt]
    Path(output).write_text(render(briefing), encoding="utf-8")
    click.echo(f"Wrote a briefing of {len(briefing['claims'])} claim(s), {len(briefing['reuse'])} copied passage(s) "
               f"and {len(briefing['events'])} event(s) to {output}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (anything but 127.0.0.1 exposes the store to your network).")
@click.option("--port", type=int, default=8765, show_default=True)
@click.option("--token", envvar="ECHOLOCATE_TOKEN", default=None,
              help="Token that write requests must carry [default: a random one, printed at start].")
@click.pass_context
def serve(ctx, host, port, token):
    """Open the analyst's desk in a browser: claim board, claim pages with provenance, report reader,
    who copied whom, events, timeline, map, actor network; add reports and rate outlets (with the
    write token printed at start). Pages work offline (no CDN).

    \b
    Example:
      echolocate serve --port 8765     # then open http://127.0.0.1:8765
    """
    from echolocate.web.server import serve as run_server

    settings = _settings(ctx)
    run_server(settings.db, host=host, port=port, token=token, echo=click.echo, settings=settings)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (an array of events).")
@click.option("--limit", type=int, default=0, help="Events listed (0: all).")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, writable=True),
              help="Also write the events as CSV with ACLED-like columns to this file.")
@click.option("--plover", "plover_path", type=click.Path(dir_okay=False, writable=True),
              help="Also write the events as JSON with PLOVER-like fields to this file.")
@click.pass_context
def events(ctx, as_json, limit, csv_path, plover_path):
    """Show events in time order: who did what to whom, where and when, with the mode (happened,
    planned, offered, requested, denied, hypothetical) and how many independent origins back each.

    \b
    Examples:
      echolocate events
      echolocate events --csv events.csv --plover events.json
    """
    from echolocate.present.events import acled_csv, plover_records, render_events

    settings = _settings(ctx)
    with pipeline.open_store(settings, read_only=True) as store:
        rows = store.events(limit or None)
    if csv_path:
        Path(csv_path).write_text(acled_csv(rows), encoding="utf-8")
    if plover_path:
        Path(plover_path).write_text(json.dumps(plover_records(rows), indent=2, ensure_ascii=False, default=str),
                                     encoding="utf-8")
    if as_json:
        _emit_json(rows)
        return
    for line in render_events(rows):
        click.echo(line)
    for path, what in ((csv_path, "CSV (ACLED-like columns)"), (plover_path, "JSON (PLOVER-like fields)")):
        if path:
            click.echo(f"Wrote {len(rows)} event(s) as {what} to {path}", err=True)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (an array of links).")
@click.option("--limit", type=int, default=None,
              help="Links listed, most similar first (0: all; default 50, or all with --json).")
@click.pass_context
def reuse(ctx, as_json, limit):
    """Show passages shared between reports: both passages, similarity, who copied whom and why,
    and how the wording changed on the way (numbers, hedges, words).

    \b
    Examples:
      echolocate reuse
      echolocate reuse --json --limit 20
    """
    from echolocate.present.reuse import render_reuse

    from echolocate.stages.link import near_duplicate_clusters
    from echolocate.stages.link.reuse import NEAR_DUPLICATE

    settings = _settings(ctx)
    if limit is None:  # a terminal gets the strongest links; a program asking for JSON gets them all
        limit = 0 if as_json else 50
    with pipeline.open_store(settings, read_only=True) as store:
        rows = store.reuse(limit or None)
        total = store.count("reuse_links")
        clusters = near_duplicate_clusters(store.reuse_links(min_coverage=NEAR_DUPLICATE))  # not every link
        paths = {r["a"]["report_id"]: r["a"]["source_path"] for r in rows}
        paths.update({r["b"]["report_id"]: r["b"]["source_path"] for r in rows})
    if as_json:
        _emit_json(rows)
        return
    clusters = sorted(clusters, key=lambda members: (-len(members), members))  # the largest groups first
    for cluster in clusters[:limit or None]:
        click.echo("Near-duplicate reports (mostly the same text): " + ", ".join(paths.get(r, r) for r in cluster))
    for line in render_reuse(rows):
        click.echo(line)
    if len(rows) < total or len(clusters) > len(clusters[:limit or None]):
        click.echo(f"Listed the {len(rows):,} most similar of {total:,} links and "
                   f"{min(len(clusters), limit or len(clusters)):,} of {len(clusters):,} near-duplicate groups; "
                   "--limit 0 lists all.", err=True)


@cli.command()
@click.argument("report", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option("--all", "show_all", is_flag=True, help="List every claim (default: the first 60).")
@click.pass_context
def show(ctx, report, as_json, show_all):
    """Show one report as read: its claims with their attribution chains, hedges and dates;
    quotes; entities (with other spellings seen elsewhere); places; time expressions.

    REPORT is a report ID (or its first characters) or an input path (a split
    page's stories as PATH#story=N). Without REPORT, lists the reports.

    \b
    Examples:
      echolocate show
      echolocate show 004_cfbef52509b8154a.txt#story=2
      echolocate show r3f2a --json
    """
    from echolocate.present.show import render_report

    settings = _settings(ctx)
    with pipeline.open_store(settings, read_only=True) as store:
        if report is None:
            rows = store.report_list()
            if as_json:
                _emit_json(rows)
                return
            _table(rows, [("id", "report", 22), ("published", "date", 10), ("outlet", "outlet", 14),
                          ("claims", "claims", 6), ("source_key", "source", 44)])
            return
        data = store.report_reading(store.find_report(report))
    if as_json:
        _emit_json(data)
        return
    for line in render_report(data, claims_limit=None if show_all else 60):
        click.echo(line)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option("--limit", type=int, default=50, show_default=True, help="Reports listed (0: all).")
@click.pass_context
def status(ctx, as_json, limit):
    """Show what the store holds: reports per outlet, language and month, and rejections.

    \b
    Example:
      echolocate status --limit 0
    """
    settings = _settings(ctx)
    with pipeline.open_store(settings, read_only=True) as store:
        info = store.status()
        reports = store.reports(limit or None)
        rejections = store.rejections(limit or None)
    if as_json:
        _emit_json({"db": str(settings.db), **info, "reports_list": reports, "rejections_list": rejections})
        return
    _print_status(settings, info, reports, rejections)


@cli.command("config")
@click.pass_context
def show_config(ctx):
    """Show every setting, its value and what it does (file < ECHOLOCATE_* environment < flags).

    \b
    Example:
      ECHOLOCATE_MAX_BYTES=200000000 echolocate config
    """
    settings = _settings(ctx)
    for name, help_text, _default in Settings.help():
        click.echo(f"{name:<14} {str(getattr(settings, name))[:60]:<62} {help_text}")


# ---- printing -------------------------------------------------------------------------------------------------

class _Progress:
    """A one-line counter on stderr for long runs (inputs read, rate)."""

    def __init__(self, enabled: bool, what: str = "ingest") -> None:
        self.enabled, self.count, self.start, self.shown = enabled, 0, time.monotonic(), 0.0
        self.what = what

    def __call__(self, advance: int, summary) -> None:
        self.count += advance
        now = time.monotonic()
        if self.enabled and now - self.shown > 0.25:
            rate = self.count / max(now - self.start, 1e-9)
            if self.what == "read":
                text = (f"read: {self.count:,} reports, {summary.claims:,} claims, "
                        f"{summary.words / max(now - self.start, 1e-9):,.0f} words/s")
            else:
                text = (f"ingest: {self.count:,} inputs, {summary.reports_new:,} new reports, "
                        f"{summary.rejections:,} rejected ({rate:,.0f}/s)")
            click.echo("\r" + text, nl=False, err=True)
            self.shown = now

    def finish(self) -> None:
        if self.enabled and self.shown:
            click.echo(err=True)


def _print_summary(summary, settings: Settings) -> None:
    click.echo(f"Read {summary.inputs_seen} input(s) into {settings.db} "
               f"({summary.inputs_skipped} already stored, skipped).")
    click.echo(f"  {summary.reports_new} new report(s), {summary.reports_duplicate} duplicate(s) of stored reports, "
               f"{summary.rejections} rejected.")
    for reason, count in sorted(summary.rejection_reasons.items()):
        click.echo(f"  rejected: {count} x {reason}")
    if summary.rejections:
        click.echo("  see `echolocate status` for each rejection, its reason and what to do.")


def _print_read_summary(summary) -> None:
    click.echo(f"Read {summary.reports_read} report(s) ({summary.reports_already_read} read before) "
               f"in {summary.seconds:.1f} s: {summary.claims} claims ({summary.attributed_claims} attributed), "
               f"{summary.quotes} quotes, {summary.mentions} entity mentions -> {summary.entities} entities, "
               f"{summary.places} places, {summary.times} time expressions.")
    if summary.reports_with_problems:
        click.echo(f"  {summary.reports_with_problems} report(s) had a reader problem; see `echolocate show REPORT`.")


def _table(rows: list[dict], columns: list[tuple[str, str, int]]) -> None:
    header = "  ".join(f"{title:<{width}}" for _, title, width in columns)
    click.echo(header.rstrip())
    for row in rows:
        cells = []
        for key, _title, width in columns:
            value = row.get(key)
            text = "-" if value is None else str(value)
            if len(text) > width:
                text = "…" + text[-(width - 1):] if key.endswith("key") else text[: width - 1] + "…"
            cells.append(f"{text:<{width}}")
        click.echo("  ".join(cells).rstrip())


def _print_status(settings: Settings, info: dict, reports: list[dict], rejections: list[dict]) -> None:
    click.echo(f"Store {settings.db}: {info['reports']} reports from {info['inputs']} inputs "
               f"({info['pages_split']} multi-story page(s) split), {info['rejections']} rejection(s).")
    click.echo()
    _table(info["by_outlet"], [("outlet", "outlet", 30), ("reports", "reports", 7)])
    click.echo()
    _table(info["by_language"], [("language", "language", 10), ("reports", "reports", 7)])
    click.echo()
    _table(info["by_month"], [("month", "month", 10), ("reports", "reports", 7)])
    if reports:
        click.echo()
        _table(reports, [("published", "date", 10), ("outlet", "outlet", 14), ("title", "title", 48),
                         ("source_key", "source", 44)])
    if rejections:
        click.echo()
        click.echo("Rejected inputs:")
        for item in rejections:
            click.echo(f"  {item['source_key']}: {item['reason']}: {item['detail']}")
            if item.get("hint"):
                click.echo(f"    hint: {item['hint']}")


def main() -> None:
    """Entry point: the one place errors become messages and exit codes."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(EXIT_FAILED)
    except EcholocateError as exc:
        click.echo(f"error: {exc.message}", err=True)
        if exc.hint:
            click.echo(f"hint: {exc.hint}", err=True)
        sys.exit(EXIT_FAILED)
    sys.exit(EXIT_OK)


if __name__ == "__main__":
    main()

"""Read-only queries the commands show. Plain dicts out, so the CLI and web stay thin."""

from __future__ import annotations


def _dicts(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def status(con) -> dict:
    one = lambda sql: con.execute(sql).fetchall()[0][0]  # noqa: E731
    return {
        "reports": one("SELECT count(*) FROM reports"),
        "sources": one("SELECT count(*) FROM report_sources"),
        "inputs": one("SELECT count(*) FROM inputs"),
        "pages_split": one("SELECT count(*) FROM pages"),
        "rejections": one("SELECT count(*) FROM rejections"),
        "by_outlet": _dicts(con.execute(
            "SELECT coalesce(outlet, '(unknown)') AS outlet, count(*) AS reports FROM reports "
            "GROUP BY 1 ORDER BY reports DESC, outlet")),
        "by_language": _dicts(con.execute(
            "SELECT coalesce(language, '(unknown)') AS language, count(*) AS reports FROM reports "
            "GROUP BY 1 ORDER BY reports DESC, language")),
        "by_month": _dicts(con.execute(
            "SELECT coalesce(strftime(published, '%Y-%m'), '(undated)') AS month, count(*) AS reports FROM reports "
            "GROUP BY 1 ORDER BY month")),
        "rejection_reasons": _dicts(con.execute(
            "SELECT reason, count(*) AS inputs FROM rejections GROUP BY 1 ORDER BY inputs DESC, reason")),
    }


def reports(con, limit: int | None = None) -> list[dict]:
    sql = ("SELECT r.id, r.source_key, r.title, r.outlet, r.author, r.url, r.published, r.language, r.words, "
           "r.fmt, r.page_id, r.story_index, r.date_evidence, r.outlet_evidence, "
           "(SELECT count(*) FROM report_sources s WHERE s.report_id = r.id) AS sources "
           "FROM reports r ORDER BY r.source_key")
    if limit:
        sql += f" LIMIT {int(limit)}"
    return _dicts(con.execute(sql))


def rejections(con, limit: int | None = None) -> list[dict]:
    sql = "SELECT source_key, reason, detail, hint FROM rejections ORDER BY source_key, reason"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return _dicts(con.execute(sql))

"""Plain-text rendering of re-use links for `echolocate reuse`."""

from __future__ import annotations

import textwrap

_ARROW = {"a->b": "A was copied by B", "b->a": "B was copied by A", "unknown": "direction unknown"}


def _side(label: str, side: dict) -> list[str]:
    where = f"{side['source_path']} [{side['start']}:{side['end']}]"
    who = ", ".join(str(x) for x in (side.get("outlet"), side.get("date")) if x) or "outlet and date unknown"
    text = " ".join(side["text"].split())
    if len(text) > 400:
        text = text[:400] + " …"
    return [f"  {label}: {where} ({who})"] + textwrap.wrap(text, 100, initial_indent="     ", subsequent_indent="     ")


def render_reuse(rows: list[dict]) -> list[str]:
    if not rows:
        return ["No re-used passages found between the stored reports."]
    pairs = {(r["a"]["report_id"], r["b"]["report_id"]) for r in rows}
    lines = [f"{len(rows)} re-used passage(s) between {len(pairs)} pair(s) of reports, most similar first.", ""]
    for number, row in enumerate(rows, 1):
        lines.append(f"{number}. similarity {row['similarity']:.2f}; {_ARROW.get(row['direction'], row['direction'])}"
                     f" ({row['direction_evidence']})")
        lines += _side("A", row["a"])
        lines += _side("B", row["b"])
        for m in row["mutations"][:8]:
            lines.append(f"     changed ({m['kind']}): {m['a_text'] or '∅'!s} -> {m['b_text'] or '∅'!s}")
        if len(row["mutations"]) > 8:
            lines.append(f"     ... {len(row['mutations']) - 8} more change(s) (--json lists all)")
        lines.append("")
    return lines

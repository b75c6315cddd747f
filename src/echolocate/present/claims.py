"""Plain-text rendering of claim groups for `echolocate claims`: what is claimed, by how many
carriers, resting on how many independent origins, and why."""

from __future__ import annotations

import textwrap


def _wrap(text: str, indent: str, width: int = 100) -> list[str]:
    return textwrap.wrap(" ".join(str(text).split()), width=width, initial_indent=indent,
                         subsequent_indent=indent) or [indent]


def render_claims(rows: list[dict], reasoning: bool = True) -> list[str]:
    if not rows:
        return ["No claim groups stored: run `echolocate analyze PATH` first."]
    lines = [f"{len(rows)} claim(s), most carried first. Grade and independent origins; "
             f"carriers are the reports that state the claim.", ""]
    for number, row in enumerate(rows, 1):
        origins = ", ".join(f"{o['name']} [{o['kind']}]" for o in row["origins"]) or "none"
        lines += _wrap(f"{number}. {row['text']}", "", 100)
        lines.append(f"   grade: {row['grade']}; {row['independent_origins']} independent origin(s) from "
                     f"{row['report_count']} report(s): {origins}   [{row['id']}]")
        if reasoning and row["reasoning"]:
            for step in row["reasoning"]:
                lines += _wrap(step, "     ")
        if row["variants"]:
            for variant in row["variants"][:6]:
                lines += _wrap(f"variant ({variant['kind']}): {variant['representative_value']!r} -> "
                               f"{variant['member_value']!r}", "   ")
        if row["contradicts"]:
            lines.append(f"   contradicted by: {', '.join(row['contradicts'])}")
        lines.append("")
    return lines

"""Report text with spans marked, built so that no byte of the report reaches the page unescaped.

Report text is untrusted. The text is cut at every span boundary and each piece is
escaped on its own with markupsafe; the only markup added is ours (classes, titles
that are themselves escaped, links we build from IDs). Overlapping spans (a place
inside a claim) give pieces carrying several classes, so no tags need nesting.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str                 # a CSS class: claim, entity, place, time, source, hedge, reuse, focus
    title: str = ""
    href: str | None = None
    anchor: str | None = None  # an element id put on the first piece of the span


def highlight(text: str, marks: list[Mark], start: int = 0, end: int | None = None) -> Markup:
    """``text[start:end]`` as HTML with every mark inside it wrapped; offsets are into ``text``."""
    end = len(text) if end is None else min(end, len(text))
    marks = [m for m in marks if m.end > start and m.start < end and m.end > m.start]
    cuts = sorted({start, end, *(max(start, m.start) for m in marks), *(min(end, m.end) for m in marks)})
    anchored: set[str] = set()
    out: list[Markup] = []
    for a, b in zip(cuts, cuts[1:]):
        piece = escape(text[a:b])
        covering = [m for m in marks if m.start <= a and m.end >= b]
        if not covering:
            out.append(piece)
            continue
        classes = " ".join(sorted({"hl"} | {f"hl-{m.kind}" for m in covering}))
        title = "; ".join(dict.fromkeys(m.title for m in covering if m.title))
        href = next((m.href for m in covering if m.href), None)
        ids = [m.anchor for m in covering if m.anchor and m.anchor not in anchored]
        anchored.update(ids)
        attrs = Markup(' class="{}"').format(classes)
        if title:
            attrs += Markup(' title="{}"').format(title)
        if ids:
            attrs += Markup(' id="{}"').format(ids[0])
        if href:
            out.append(Markup('<a href="{}"{}>{}</a>').format(href, attrs, piece))
        else:
            out.append(Markup("<span{}>{}</span>").format(attrs, piece))
    return Markup("").join(out)


def window(text: str, start: int, end: int, context: int = 240) -> tuple[int, int]:
    """A passage around ``[start, end)`` widened to ``context`` characters each side, cut at word breaks."""
    lo, hi = max(0, start - context), min(len(text), end + context)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    return lo, hi


_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def diff_pair(a: str, b: str) -> tuple[Markup, Markup]:
    """Two passages with the words only one of them has marked (``<del>`` in a, ``<ins>`` in b)."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    matcher = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    left: list[Markup] = []
    right: list[Markup] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        sa, sb = escape("".join(ta[i1:i2])), escape("".join(tb[j1:j2]))
        if op == "equal":
            left.append(sa)
            right.append(sb)
            continue
        if sa:
            left.append(Markup("<del>{}</del>").format(sa))
        if sb:
            right.append(Markup("<ins>{}</ins>").format(sb))
    return Markup("").join(left), Markup("").join(right)


_REPORT_ID = re.compile(r"\br[0-9a-f]{20}\b")


def link_report_ids(text: str, labels: dict[str, str]) -> Markup:
    """``text`` escaped, with every report ID it mentions turned into a link to that report's page."""
    out: list[Markup] = []
    last = 0
    for m in _REPORT_ID.finditer(text):
        out.append(escape(text[last:m.start()]))
        rid = m.group(0)
        if rid in labels:
            out.append(Markup('<a href="/reports/{}" title="{}">{}</a>').format(rid, rid, labels[rid]))
        else:
            out.append(escape(rid))
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)

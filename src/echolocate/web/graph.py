"""The provenance graph of one claim as inline SVG, drawn on the server.

Carriers (the reports stating the claim) stand on the left, the origins they resolve to
on the right; an arrow from carrier to origin says "rests on", an arc between carriers
says "shares a passage with / copied from". Every label is escaped; the only links are
ones we build from report IDs. No JavaScript is needed to read it.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import quote

from markupsafe import Markup

_ROW, _BOX_H, _TOP = 48, 38, 34
_LEFT_X, _BOX_W, _RIGHT_X, _WIDTH = 70, 330, 560, 900
_PALETTE = 8


def _short(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def carrier_label(carrier: dict) -> str:
    source = PurePosixPath(str(carrier.get("source_path") or "").split("#")[0]).name
    story = carrier.get("source_path", "").partition("#")[2]
    return carrier.get("outlet") or (f"{source} {story}".strip() if source else carrier["report_id"])


def _node(x: int, y: int, cls: str, line1: str, line2: str, tooltip: str, href: str | None) -> Markup:
    body = Markup(
        '<g class="node {cls}"><title>{tip}</title>'
        '<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6"></rect>'
        '<text x="{tx}" y="{t1}" class="l1">{l1}</text><text x="{tx}" y="{t2}" class="l2">{l2}</text></g>'
    ).format(cls=cls, tip=tooltip, x=x, y=y, w=_BOX_W, h=_BOX_H, tx=x + 10, t1=y + 16, t2=y + 31,
             l1=_short(line1, 40), l2=_short(line2, 52))
    return Markup('<a href="{}">{}</a>').format(href, body) if href else body


def provenance_svg(group: dict, titles: dict[str, str] | None = None) -> Markup:
    """The graph of ``group``; ``titles`` (report ID -> title) names carriers better than their file names."""
    titles = titles or {}
    carriers = sorted(group["carriers"], key=lambda c: (c["origin"]["key"], c.get("date") or "", c["report_id"]))
    origin_keys = list(dict.fromkeys(c["origin"]["key"] for c in carriers))
    origins = {c["origin"]["key"]: c["origin"] for c in carriers}
    colour = {key: f"o{i % _PALETTE}" for i, key in enumerate(origin_keys)}
    carrier_y = {i: _TOP + i * _ROW for i in range(len(carriers))}
    row_of_report: dict[str, int] = {}
    for i, c in enumerate(carriers):
        row_of_report.setdefault(c["report_id"], i)

    # an origin sits level with the middle of its carriers, pushed down to avoid overlaps
    origin_y, floor = {}, _TOP
    for key in origin_keys:
        rows = [carrier_y[i] for i, c in enumerate(carriers) if c["origin"]["key"] == key]
        y = max(floor, round(sum(rows) / len(rows)))
        origin_y[key], floor = y, y + _ROW
    height = max([_TOP + len(carriers) * _ROW, floor]) + 10

    parts: list[Markup] = [
        Markup('<text x="{}" y="18" class="head">carriers (reports stating it)</text>').format(_LEFT_X),
        Markup('<text x="{}" y="18" class="head">origins ({} independent)</text>').format(
            _RIGHT_X, group["independent_origins"])]
    for i, c in enumerate(carriers):
        y0, y1 = carrier_y[i] + _BOX_H // 2, origin_y[c["origin"]["key"]] + _BOX_H // 2
        x0, x1 = _LEFT_X + _BOX_W, _RIGHT_X
        dashed = " inferred" if "(inferred)" in (c.get("how") or "") else ""
        denies = " denies" if not c.get("supports", True) else ""
        parts.append(Markup('<path class="edge {}{}{}" d="M{} {} C{} {} {} {} {} {}" marker-end="url(#arrow)">'
                            '<title>{}</title></path>').format(
            colour[c["origin"]["key"]], dashed, denies, x0, y0, x0 + 80, y0, x1 - 80, y1, x1 - 4, y1,
            c.get("how") or ""))
        for source in c.get("copied_from") or []:
            j = row_of_report.get(source)
            if j is None or j == i:
                continue
            ya, yb = carrier_y[i] + _BOX_H // 2, carrier_y[j] + _BOX_H // 2
            bend = _LEFT_X - 20 - min(40, 8 * abs(i - j))
            parts.append(Markup('<path class="copy" d="M{} {} C{} {} {} {} {} {}" marker-end="url(#arrow-copy)">'
                                '<title>shares a passage with {}</title></path>').format(
                _LEFT_X, ya, bend, ya, bend, yb, _LEFT_X - 2, yb, source))
    for i, c in enumerate(carriers):
        stance = c.get("stance") or ""
        line2 = " · ".join(x for x in (c.get("outlet") or "outlet unknown", c.get("date") or "undated", stance,
                                       ", ".join(c.get("hedges") or [])) if x)
        href = f"/reports/{quote(c['report_id'])}#claim-{quote(c['claim_id'])}"
        parts.append(_node(_LEFT_X, carrier_y[i], f"carrier {colour[c['origin']['key']]}",
                           titles.get(c["report_id"]) or carrier_label(c),
                           line2, c.get("text") or "", href))
    for key in origin_keys:
        o = origins[key]
        parts.append(_node(_RIGHT_X, origin_y[key], f"origin {colour[key]}", o["name"], o["kind"], o["name"], None))
    defs = Markup(
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" class="arrowhead"></path></marker>'
        '<marker id="arrow-copy" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" class="arrowhead-copy"></path></marker></defs>')
    label = f"Provenance of the claim: {len(carriers)} carriers resting on {len(origin_keys)} origins"
    return Markup('<svg class="provenance" viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="{label}" '
                  'xmlns="http://www.w3.org/2000/svg">{defs}{body}</svg>').format(
        w=_WIDTH, h=height, label=label, defs=defs, body=Markup("").join(parts))


__all__ = ["provenance_svg", "carrier_label"]

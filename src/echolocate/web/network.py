"""The actor network: who acts on whom in events, and who is named together in claims, as SVG.

Nodes are actors (event actors and targets, and the people, organisations and countries named
in claims); a solid arrow is an event from actor to target labelled with its kinds and counts,
a thin line joins two actors named in the same claims. The layout is a small force layout in
numpy started from a circle in name order with a fixed number of steps, so the same store
always gives the same picture.
"""

from __future__ import annotations

import html
import itertools
import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from markupsafe import Markup

from echolocate.web.query import ClaimFacets


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    events: Counter = field(default_factory=Counter)  # event category -> count, a acting on b
    claims: int = 0  # claims naming both

    @property
    def weight(self) -> float:
        return 2.0 * sum(self.events.values()) + self.claims

    def label(self) -> str:
        parts = [f"{cat.lower()} ×{n}" if n > 1 else cat.lower() for cat, n in sorted(self.events.items())]
        if self.claims:
            parts.append(f"named together in {self.claims} claim{'s' if self.claims > 1 else ''}")
        return "; ".join(parts)


@dataclass(frozen=True)
class Network:
    nodes: tuple[str, ...]
    weights: dict[str, float]
    edges: tuple[Edge, ...]


def build(events: list[dict], facets: dict[str, ClaimFacets], max_nodes: int = 30,
          max_edges: int = 60) -> Network:
    """The busiest ``max_nodes`` actors and the strongest edges between them."""
    acts: dict[tuple[str, str], Counter] = {}
    named: Counter = Counter()
    for e in events:
        a, b = (e.get("actor") or "").strip(), (e.get("target") or "").strip()
        if a and b and a != b:
            acts.setdefault((a, b), Counter())[e["category"]] += 1
    for f in facets.values():
        for a, b in itertools.combinations(sorted(set(f.actors)), 2):
            named[(a, b)] += 1
    edges: dict[tuple[str, str], Edge] = {}
    for (a, b), cats in acts.items():
        edges[(a, b)] = Edge(a, b, cats, named.get(tuple(sorted((a, b))), 0))
    for (a, b), n in named.items():
        if (a, b) not in edges and (b, a) not in edges:
            edges[(a, b)] = Edge(a, b, Counter(), n)
    weight: Counter = Counter()
    for edge in edges.values():
        weight[edge.a] += edge.weight
        weight[edge.b] += edge.weight
    nodes = sorted(weight, key=lambda n: (-weight[n], n))[:max_nodes]
    keep = set(nodes)
    kept = sorted((x for x in edges.values() if x.a in keep and x.b in keep),
                  key=lambda x: (-x.weight, x.a, x.b))[:max_edges]
    linked = {x.a for x in kept} | {x.b for x in kept}
    return Network(tuple(sorted(linked)), {n: float(weight[n]) for n in linked}, tuple(kept))


def layout(net: Network, iterations: int = 200, size: float = 1.0) -> dict[str, tuple[float, float]]:
    """Positions in [0, size]² from a Fruchterman-Reingold layout: deterministic, no random numbers."""
    n = len(net.nodes)
    if n == 0:
        return {}
    if n == 1:
        return {net.nodes[0]: (size / 2, size / 2)}
    index = {name: i for i, name in enumerate(net.nodes)}
    angle = np.arange(n) * 2 * math.pi / n
    pos = np.column_stack([np.cos(angle), np.sin(angle)]) * 0.5
    weights = np.zeros((n, n))
    for e in net.edges:
        i, j = index[e.a], index[e.b]
        weights[i, j] = weights[j, i] = max(weights[i, j], math.log1p(e.weight))
    k = 1.0 / math.sqrt(n)
    temperature = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=2), 1e-3)
        force = (k * k / dist ** 2 - weights * dist / k)[:, :, None] * delta  # repulsion minus attraction
        np.fill_diagonal(force[:, :, 0], 0)
        np.fill_diagonal(force[:, :, 1], 0)
        move = force.sum(axis=1) - 0.3 * pos  # a weak pull to the centre keeps loose nodes in view
        length = np.maximum(np.linalg.norm(move, axis=1), 1e-9)
        pos += move / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature *= 0.98
    lo, hi = pos.min(axis=0), pos.max(axis=0)
    pos = (pos - lo) / np.maximum(hi - lo, 1e-9)
    pos = _spread(pos, min_gap=min(0.16, 0.9 / math.sqrt(n)))
    return {name: (float(pos[i, 0] * size), float(pos[i, 1] * size)) for name, i in index.items()}


def _spread(pos: np.ndarray, min_gap: float, rounds: int = 60) -> np.ndarray:
    """Push apart nodes closer than ``min_gap`` (so circles and labels do not sit on each other), in [0, 1]²."""
    stretch = np.array([1.0, 4.0])  # labels run sideways: neighbours on one row need more room than above
    pos = pos.copy() * stretch
    n = len(pos)
    for _ in range(rounds):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.linalg.norm(delta, axis=2) + np.eye(n)
        close = (dist < min_gap) & ~np.eye(n, dtype=bool)
        if not close.any():
            break
        # coincident nodes get a fixed direction from their indices, so the result stays deterministic
        direction = np.where(dist[:, :, None] > 1e-6, delta / dist[:, :, None],
                             np.stack([np.sign(np.subtract.outer(np.arange(n), np.arange(n))) + 0.0,
                                       np.zeros((n, n))], axis=2))
        push = ((min_gap - dist) * close)[:, :, None] * direction * 0.5
        pos = np.clip(pos + push.sum(axis=1), 0.0, stretch)
    return pos / stretch




def network_svg(net: Network, href, width: int = 960, height: int = 640) -> Markup:
    """The network as SVG; ``href(name)`` links each actor (to a board filtered by it)."""
    e = html.escape
    if not net.nodes:
        return Markup("")
    margin = 70
    raw = layout(net)
    pos = {n: (margin + x * (width - 2 * margin), 40 + y * (height - 80)) for n, (x, y) in raw.items()}
    top = max(net.weights.values()) or 1.0
    radius = {n: 5 + 11 * math.sqrt(net.weights[n] / top) for n in net.nodes}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="network" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="network of {len(net.nodes)} actors">',
           '<defs><marker id="net-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" class="arrowhead" fill="#b3261e"/></marker></defs>',
           '<g class="edges">']
    for edge in net.edges:
        (x1, y1), (x2, y2) = pos[edge.a], pos[edge.b]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1.0
        # stop the line at the rim of the target's circle so the arrowhead shows
        x2s, y2s = x2 - dx / length * (radius[edge.b] + 2), y2 - dy / length * (radius[edge.b] + 2)
        label = e(edge.label())
        width_attr = 1 + min(4.0, math.log1p(edge.weight))
        out.append(f'<g class="{"edge edge-event" if edge.events else "edge edge-claims"}">'
                   f'<title>{e(edge.a)} → {e(edge.b)}: {label}</title>')
        if edge.events:
            # events bend to their right, so A → B and B → A do not draw over each other
            cx, cy = (x1 + x2s) / 2 - dy / length * 0.15 * length, (y1 + y2s) / 2 + dx / length * 0.15 * length
            out.append(f'<path d="M{x1:.1f} {y1:.1f}Q{cx:.1f} {cy:.1f} {x2s:.1f} {y2s:.1f}" fill="none" '
                       f'stroke="#b3261e" stroke-width="{width_attr:.2f}" marker-end="url(#net-arrow)"/>')
            cats = e(", ".join(sorted({c.lower() for c in edge.events})))
            mx, my = (x1 + 2 * cx + x2s) / 4, (y1 + 2 * cy + y2s) / 4  # the curve's midpoint
            out.append(f'<text class="edge-label" x="{mx:.1f}" y="{my - 3:.1f}">{cats}</text>')
        else:
            out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2s:.1f}" y2="{y2s:.1f}" stroke="#b5c0cc" '
                       f'stroke-width="{width_attr:.2f}"/>')
        out.append("</g>")
    out.append('</g><g class="nodes">')
    for name in net.nodes:
        x, y = pos[name]
        anchor = "end" if x > width * 0.75 else "start"
        tx = x - radius[name] - 3 if anchor == "end" else x + radius[name] + 3
        out.append(f'<a href="{e(href(name))}" class="node"><title>{e(name)}: show its claims</title>'
                   f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius[name]:.1f}" fill="#1f5f99"/>'
                   f'<text x="{tx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}">{e(name)}</text></a>')
    out.append("</g></svg>")
    return Markup("".join(out))

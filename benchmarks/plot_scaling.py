"""Draw the scaling curves of docs/benchmarks.md from the figures measured there.

The end-to-end runs (``engine_throughput.py``) are recorded one row per size and engine in
``benchmarks/scaling.csv``; this script turns them into ``docs/img/scaling.svg``: wall time per report of
each stage, and the peak memory of the run, against the number of reports, for both engines. A table hides
the shape of a curve; a flat line per report is what "scales linearly" looks like.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/plot_scaling.py                 # writes docs/img/scaling.svg

Rows measured on a slow or shared day are drawn with open markers: compare their shape, not their height.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
STAGES = ("ingest", "read", "link", "assess")
COLOURS = {"ingest": "#7f7f7f", "read": "#1f77b4", "link": "#2ca02c", "assess": "#d62728"}
STYLE = {"local": {"linestyle": "-", "marker": "o"}, "ray": {"linestyle": "--", "marker": "s"}}
NOT_QUIET = {"mixed", "slow", "shared"}


def load_rows(path: Path) -> list[dict]:
    """The CSV's rows with numbers as floats and blanks as None, sorted by engine and size."""
    rows = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            parsed = dict(row)
            parsed["reports"] = int(row["reports"])
            for key in [f"{stage}_s" for stage in STAGES] + ["peak_mb"]:
                parsed[key] = float(row[key]) if row[key].strip() else None
            rows.append(parsed)
    return sorted(rows, key=lambda r: (r["engine"], r["reports"]))


def ms_per_report(row: dict, stage: str) -> float | None:
    seconds = row[f"{stage}_s"]
    return None if seconds is None else 1000 * seconds / row["reports"]


def _series(rows: list[dict], value) -> tuple[list[int], list[float], list[bool]]:
    """Sizes, values and whether each point was measured on a quiet day; points without a value left out."""
    xs, ys, quiet = [], [], []
    for row in rows:
        y = value(row)
        if y is not None:
            xs.append(row["reports"])
            ys.append(y)
            quiet.append(row["day"] not in NOT_QUIET)
    return xs, ys, quiet


def _draw(axis, xs, ys, quiet, colour, style, label):
    axis.plot(xs, ys, color=colour, linestyle=style["linestyle"], label=label, linewidth=1.5)
    for x, y, q in zip(xs, ys, quiet):
        axis.plot([x], [y], color=colour, marker=style["marker"], markersize=6,
                  markerfacecolor=colour if q else "white", linestyle="none")


def plot(rows: list[dict], out: Path) -> None:
    import matplotlib

    matplotlib.use("svg")
    matplotlib.rcParams["svg.hashsalt"] = "echolocate"  # the same figures give the same file
    matplotlib.rcParams["svg.fonttype"] = "none"
    import matplotlib.pyplot as plt

    figure, (per_report, memory) = plt.subplots(1, 2, figsize=(11, 4.2))
    for engine in ("local", "ray"):
        mine = [r for r in rows if r["engine"] == engine]
        for stage in STAGES:
            xs, ys, quiet = _series(mine, lambda r, s=stage: ms_per_report(r, s))
            _draw(per_report, xs, ys, quiet, COLOURS[stage], STYLE[engine], f"{stage} ({engine})")
        xs, ys, quiet = _series(mine, lambda r: r["peak_mb"] / 1024 if r["peak_mb"] else None)
        _draw(memory, xs, ys, quiet, "#9467bd" if engine == "local" else "#ff7f0e", STYLE[engine], engine)
    per_report.set(xscale="log", xlabel="reports", ylabel="wall ms per report (2 cores)",
                   title="Time per report, by stage")
    per_report.legend(fontsize=7, ncol=2)
    memory.set(xscale="log", xlabel="reports", ylabel="peak GB (every process of the run)",
               title="Peak memory of the largest stage")
    memory.axhline(24, color="black", linewidth=0.8, linestyle=":")
    memory.annotate("this machine's memory", (0.02, 24), xycoords=("axes fraction", "data"), xytext=(0, -11),
                    textcoords="offset points", fontsize=7)
    memory.set_ylim(bottom=0, top=26)
    per_report.set_ylim(bottom=0)
    memory.legend(fontsize=8)
    for axis in (per_report, memory):
        axis.grid(True, which="major", linewidth=0.4)
    figure.text(0.01, 0.01, "open markers: measured on a slow or shared day; corpora differ by size "
                "(docs/benchmarks.md)", fontsize=7)
    figure.tight_layout(rect=(0, 0.04, 1, 1))
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, metadata={"Date": None})
    plt.close(figure)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=HERE / "scaling.csv", help="the measured figures")
    parser.add_argument("--out", type=Path, default=HERE.parent / "docs" / "img" / "scaling.svg")
    args = parser.parse_args()
    plot(load_rows(args.csv), args.out)
    print(args.out)


if __name__ == "__main__":
    main()

"""Stories: the reports that tell one unfolding story, as the corpus itself shows it.

Two reports are in one story when they carry a common claim (one claim group, see ``claim_groups``) or one
copies the other (a re-use link); a story is a connected set of such reports. Event grouping reads it: the
bare word "killed" is evidence of one event inside a story, not across a month of world news.
"""

from __future__ import annotations

from collections.abc import Iterable


def stories_of(reports_together: Iterable[Iterable[str]]) -> dict[str, int]:
    """Report -> story number for every report that some set in ``reports_together`` (the reports of one
    claim group, the two ends of a re-use link) names; numbered by each story's smallest report ID, so
    the numbers do not depend on the order of the sets."""
    parent: dict[str, str] = {}

    def root(report: str) -> str:
        while parent[report] != report:
            parent[report] = parent[parent[report]]  # halve the path: later lookups are short
            report = parent[report]
        return report

    for together in reports_together:
        first = None
        for report in together:
            parent.setdefault(report, report)
            if first is None:
                first = root(report)
                continue
            other = root(report)
            if other != first:
                low, high = sorted((first, other))
                parent[high] = low  # the smaller ID is the root: a story is named by its smallest report
                first = low
    numbers = {name: n for n, name in enumerate(sorted({root(r) for r in parent}))}
    return {report: numbers[root(report)] for report in parent}


def corpus_stories(groups, items_by_id, links) -> dict[str, int]:
    """Stories from the assess step's claim groups (their members' reports) and the store's re-use links."""
    together = [{items_by_id[c].report_id for c in group.members if c in items_by_id} for group in groups]
    together = [reports for reports in together if len(reports) > 1]
    together += [(link.a_report, link.b_report) for link in links]
    return stories_of(together)

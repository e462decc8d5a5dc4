"""A replay report as terminal text and as JSON.

The text is for people: the biggest rows of each table (``top``), counts with
thousands separators, the reconciliation line last. The JSON is for
machines: every row of every table, stable keys (see
:meth:`ReplayReport.to_dict`).
"""

from __future__ import annotations

import json

from custrecovery.replay._report import ClockRow
from custrecovery.replay._report import ReplayReport

__all__ = ["report_json", "report_text"]


def report_json(report: ReplayReport) -> str:
    """The report as JSON text (indented, keys in a fixed order)."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _counts(lines: list[str], title: str, counts: tuple[tuple[str, int], ...], top: int) -> None:
    lines.append(title)
    if not counts:
        lines.append("  (none)")
    for key, count in counts[:top]:
        lines.append(f"  {count:>9,}  {key}")
    if len(counts) > top:
        lines.append(f"  ... and {len(counts) - top:,} more")


def _clock_table(lines: list[str], title: str, rows: tuple[ClockRow, ...], top: int) -> None:
    lines.append(f"    {title}:")
    lines.append(f"      {'met':>9}  {'breached':>9}  {'open':>9}  key")
    for row in rows[:top]:
        lines.append(f"      {row.met:>9,}  {row.breached:>9,}  {row.open:>9,}  {row.key}")
    if len(rows) > top:
        lines.append(f"      ... and {len(rows) - top:,} more")


def report_text(report: ReplayReport, *, top: int = 10) -> str:
    """The report as text for a terminal; tables show their ``top`` rows."""
    lines = [
        f"Replay of {report.source} ({report.kind}) under desk {report.fingerprint[:12]}",
        f"  clocks read at {report.as_of.isoformat()}",
        f"  {report.cases:,} cases, {report.events:,} accepted events, "
        f"{len(report.problems):,} bad rows",
        "",
    ]
    _counts(lines, "Cases by state:", report.by_state, top)
    if report.by_response:
        _counts(lines, "Company responses:", report.by_response, top)
    lines.append("Clocks:")
    if not report.clocks:
        lines.append("  (no clock set configured)")
    for summary in report.clocks:
        lines.append(
            f"  {summary.clock_set} {summary.clock}: {summary.met:,} met, "
            f"{summary.breached:,} breached, {summary.open:,} open"
        )
        _clock_table(lines, "by company (most breaches first)", summary.by_company, top)
        _clock_table(lines, "by product (most breaches first)", summary.by_product, top)
        _clock_table(lines, "by month received", summary.by_month, len(summary.by_month))
    lines.append("Refusals by rule:")
    if not report.refusals:
        lines.append("  (none)")
    for refusal in report.refusals[:top]:
        lines.append(f"  {refusal.count:>9,}  {refusal.rule}  e.g. {refusal.example}")
    lines.append("Goodwill offered:")
    if not report.goodwill:
        lines.append("  (none)")
    for goodwill in report.goodwill:
        lines.append(
            f"  {goodwill.offers:>9,}  {goodwill.total} {goodwill.currency}  {goodwill.category}"
        )
    _counts(lines, "Boundary decisions:", report.boundaries, top)
    lines.append("Bad rows:")
    if not report.problems:
        lines.append("  (none)")
    for problem in report.problems[:top]:
        lines.append(f"  line {problem.line}: {problem.problem}")
    if len(report.problems) > top:
        lines.append(f"  ... and {len(report.problems) - top:,} more (all in --format json)")
    lines += ["", report.reconciliation]
    return "\n".join(lines) + "\n"

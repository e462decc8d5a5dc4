"""A replay report as one self-contained HTML page with charts.

Rules: the page needs nothing at view time (no script, no CDN, no font
download): charts are inline SVG drawn here, styles are inline CSS. Every text
from the data is escaped. Charts: for each clock, outcomes by month received
(met, breached, open, stacked) and by product (most breaches first); tables
for states, refusals, goodwill, boundary decisions and the first bad rows.
"""

from __future__ import annotations

from html import escape
from typing import Final

from custrecovery.replay._report import ClockRow
from custrecovery.replay._report import ClockSummary
from custrecovery.replay._report import ReplayReport

__all__ = ["report_html"]

_COLOURS: Final = (("met", "#2e7d32"), ("breached", "#c62828"), ("open", "#9e9e9e"))
_STYLE: Final = """
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#212121}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0}td,th{padding:.2em .8em;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tr:nth-child(even){background:#f5f5f5}.ok{color:#2e7d32}.bad{color:#c62828}
.legend span{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em}
svg text{font-size:11px;fill:#424242}
"""


def _legend() -> str:
    items = "".join(f'<span style="background:{colour}"></span>{name}' for name, colour in _COLOURS)
    return f'<p class="legend">{items}</p>'


def _every_month(rows: tuple[ClockRow, ...]) -> tuple[ClockRow, ...]:
    """``rows`` with the months between them filled with zeros, so time runs evenly."""
    known = {row.key: row for row in rows}
    try:
        year, month = map(int, rows[0].key.split("-"))
        last = tuple(map(int, rows[-1].key.split("-")))
    except ValueError:  # not YYYY-MM keys: draw them as they are
        return rows
    filled: list[ClockRow] = []
    while (year, month) <= last and len(filled) < 1200:
        key = f"{year:04d}-{month:02d}"
        filled.append(known.get(key, ClockRow(key, 0, 0, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(filled)


def _by_month_svg(rows: tuple[ClockRow, ...]) -> str:
    """Stacked columns of met, breached and open per month received (gaps as zero)."""
    if not rows:
        return "<p>(no cases)</p>"
    rows = _every_month(rows)
    width, height, left, bottom = 1000, 260, 50, 60
    peak = max(row.total for row in rows) or 1
    step = (width - left - 40) / len(rows)
    bar = max(1.0, step * 0.8)
    parts = [f'<svg viewBox="0 0 {width} {height}" width="100%" role="img">']
    plot = height - bottom - 10
    for tick in range(5):
        value = peak * tick / 4
        y = 10 + plot - plot * tick / 4
        parts.append(
            f'<line x1="{left}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e0e0e0"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value:,.0f}</text>'
        )
    label_every = max(1, len(rows) // 24)
    for i, row in enumerate(rows):
        x = left + i * step + (step - bar) / 2
        y = 10 + plot
        for (name, colour), value in zip(_COLOURS, (row.met, row.breached, row.open), strict=True):
            h = plot * value / peak
            y -= h
            if h > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                    f'fill="{colour}"><title>{escape(row.key)}: {value:,} {name}</title></rect>'
                )
        if i % label_every == 0:
            lx, ly = x + bar / 2, height - bottom + 14
            parts.append(
                f'<text x="{lx:.1f}" y="{ly}" transform="rotate(45 {lx:.1f} {ly})">'
                f"{escape(row.key)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _by_product_svg(rows: tuple[ClockRow, ...], top: int = 12) -> str:
    """Horizontal bars per product: met, breached and open, most breaches first."""
    rows = rows[:top]
    if not rows:
        return "<p>(no cases)</p>"
    label, width, line = 420, 1000, 22
    height = line * len(rows) + 10
    peak = max(row.total for row in rows) or 1
    parts = [f'<svg viewBox="0 0 {width} {height}" width="100%" role="img">']
    for i, row in enumerate(rows):
        y = 5 + i * line
        name = row.key if len(row.key) <= 60 else row.key[:57] + "..."
        parts.append(f'<text x="{label - 8}" y="{y + 14}" text-anchor="end">{escape(name)}</text>')
        x = float(label)
        for (kind, colour), value in zip(_COLOURS, (row.met, row.breached, row.open), strict=True):
            w = (width - label - 140) * value / peak
            if w > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{line - 6}" '
                    f'fill="{colour}"><title>{escape(row.key)}: {value:,} {kind}</title></rect>'
                )
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 14}">{row.breached:,} breached</text>')
    parts.append("</svg>")
    return "".join(parts)


def _table(head: tuple[str, ...], rows: list[tuple[object, ...]]) -> str:
    if not rows:
        return "<p>(none)</p>"

    def cell(tag: str, value: object) -> str:
        numeric = isinstance(value, int)
        text = f"{value:,}" if numeric else escape(str(value))
        return f"<{tag}{' class=n' if numeric else ''}>{text}</{tag}>"

    header = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(cell("td", v) for v in row) + "</tr>" for row in rows)
    return f"<table><tr>{header}</tr>{body}</table>"


def _clock_section(summary: ClockSummary) -> str:
    title = escape(f"{summary.clock_set} {summary.clock}")
    companies = [(row.key, row.met, row.breached, row.open) for row in summary.by_company[:15]]
    return (
        f"<h2>Clock: {title}</h2>"
        f"<p>{summary.met:,} met, <span class=bad>{summary.breached:,} breached</span>, "
        f"{summary.open:,} open.</p>{_legend()}"
        f"<h3>Breaches over time (by month received)</h3>{_by_month_svg(summary.by_month)}"
        f"<h3>By product (most breaches first)</h3>{_by_product_svg(summary.by_product)}"
        "<h3>By company (most breaches first, top 15)</h3>"
        + _table(("company", "met", "breached", "open"), list(companies))
    )


def report_html(report: ReplayReport, *, max_problems: int = 200) -> str:
    """The report as a self-contained HTML page (charts in inline SVG, no scripts)."""
    status = "ok" if report.reconciled else "bad"
    sections = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        f"<title>Replay of {escape(report.source)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>Replay of {escape(report.source)}</h1>",
        f"<p>{report.cases:,} cases, {report.events:,} accepted events, "
        f"{len(report.problems):,} bad rows; clocks read at {escape(report.as_of.isoformat())}; "
        f"desk <code>{escape(report.fingerprint[:16])}</code>.</p>",
        f'<p class="{status}"><strong>{escape(report.reconciliation)}</strong></p>',
        "<h2>Cases by state</h2>",
        _table(("state", "cases"), list(report.by_state)),
    ]
    if report.by_response:
        sections += [
            "<h2>Company responses</h2>",
            _table(("response", "cases"), list(report.by_response)),
        ]
    sections += [_clock_section(summary) for summary in report.clocks]
    sections += [
        "<h2>Refusals by rule</h2>",
        _table(
            ("rule", "refusals", "first example"),
            [(r.rule, r.count, r.example) for r in report.refusals],
        ),
        "<h2>Goodwill offered</h2>",
        _table(
            ("category", "currency", "offers", "total"),
            [(g.category, g.currency, g.offers, str(g.total)) for g in report.goodwill],
        ),
        "<h2>Boundary decisions</h2>",
        _table(("action", "decisions"), list(report.boundaries)),
        f"<h2>Bad rows ({len(report.problems):,})</h2>",
        _table(
            ("line", "problem"),
            [(str(p.line), p.problem) for p in report.problems[:max_problems]],
        ),
        "</body></html>",
    ]
    return "\n".join(sections) + "\n"

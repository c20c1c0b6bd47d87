"""The static dashboard: one self-contained HTML file drawn from the marts.

`python -m seam report --out reports/seam_report.html` opens the DuckDB warehouse read-only,
reads the contracted marts and writes one HTML file with every chart inlined as SVG (no CDN,
no JavaScript library, opens from disk). Nothing here computes a metric: every number on the
page is a value read from a mart; Python only chooses which rows to show and draws them.

Sections whose mart is not built are replaced by a note naming the missing mart.
"""

from __future__ import annotations

import html
import math
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from seam.publish import open_published
from seam.warehouse import MARTS_SCHEMA

PATH_LABELS = {
    "all": "Blended (all paths)",
    "ai_only_resolved": "AI resolved alone",
    "ai_only_unresolved": "AI, unresolved",
    "ai_escalated": "Escalated AI → human",
    "human_only": "Human only",
    "unanswered": "Unanswered",
}
PATH_COLORS = {
    "all": "#1f2933",
    "ai_only_resolved": "#2f6fdf",
    "ai_only_unresolved": "#c08a1e",
    "ai_escalated": "#d6336c",
    "human_only": "#2b9a66",
    "unanswered": "#8a8f98",
}
BANDED_PATHS = ("all", "ai_escalated")
MASK_COLOR = "#f7c948"


class MartMissing(Exception):
    """A mart the section reads is not in the warehouse."""


# --- formatting (no arithmetic on metrics: only rounding for display) -----------------------

def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def signed(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    text = f"{abs(value):.{digits}f}"
    if float(text) == 0:
        return text
    return ("+" if value > 0 else "−") + text


def pct(value: float | None, digits: int = 0) -> str:
    """A 0-1 share shown as a percentage."""
    return "–" if value is None else f"{value * 100:.{digits}f}%"


def pct_points(value: float | None, digits: int = 0) -> str:
    """A value already on a 0-100 scale."""
    return "–" if value is None else f"{value:.{digits}f}%"


def minutes(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 90:
        return f"{value:.0f} min"
    if value < 48 * 60:
        return f"{value / 60:.1f} h"
    return f"{value / 1440:.1f} d"


def week_label(day: date) -> str:
    return day.strftime("%b %-d")


# --- reading --------------------------------------------------------------------------------

@dataclass
class Marts:
    con: object
    available: set[str] = field(default_factory=set)

    @classmethod
    def open(cls, con) -> Marts:
        names = {
            row[0] for row in con.execute(
                "select table_name from information_schema.tables where table_schema = ?",
                [MARTS_SCHEMA],
            ).fetchall()
        }
        return cls(con, names)

    def rows(self, mart: str, sql: str, params: Sequence | None = None) -> list[dict]:
        if mart not in self.available:
            raise MartMissing(mart)
        cursor = self.con.execute(sql.replace("{mart}", f"{MARTS_SCHEMA}.{mart}"), params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def columns(self, mart: str) -> set[str]:
        return {
            row[0] for row in self.con.execute(
                "select column_name from information_schema.columns "
                "where table_schema = ? and table_name = ?", [MARTS_SCHEMA, mart],
            ).fetchall()
        }


# --- SVG drawing ----------------------------------------------------------------------------

@dataclass
class Scale:
    domain: tuple[float, float]
    range: tuple[float, float]

    def __call__(self, value: float) -> float:
        (d0, d1), (r0, r1) = self.domain, self.range
        if d1 == d0:
            return (r0 + r1) / 2
        return r0 + (value - d0) * (r1 - r0) / (d1 - d0)


def nice_ticks(low: float, high: float, count: int = 6) -> list[float]:
    span = max(high - low, 1e-9)
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(k * step, 10) for k in range(first, max(last, first + 1) + 1)]


def svg_open(width: int, height: int, label: str) -> str:
    return (f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" '
            f'aria-label="{esc(label)}" xmlns="http://www.w3.org/2000/svg">')


def y_axis(scale: Scale, ticks: list[float], x0: float, x1: float, fmt: Callable) -> str:
    parts = []
    for tick in ticks:
        y = scale(tick)
        stroke = "#9aa5b1" if tick == 0 else "#e4e7eb"
        parts.append(f'<line x1="{x0}" x2="{x1}" y1="{y:.1f}" y2="{y:.1f}" stroke="{stroke}"/>')
        parts.append(f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">'
                     f'{esc(fmt(tick))}</text>')
    return "".join(parts)


def legend(items: list[tuple[str, str, str]], x: float, y: float, width: float) -> str:
    """items: (label, color, style 'line'|'band'|'box'); laid out left to right, wrapping."""
    parts, cx, cy = [], x, y
    for label, color, style in items:
        item_width = 26 + 7.2 * len(label)
        if cx + item_width > x + width:
            cx, cy = x, cy + 18
        if style in ("box", "solid"):
            opacity = "0.55" if style == "box" else "1"
            parts.append(f'<rect x="{cx}" y="{cy - 9}" width="14" height="10" fill="{color}" '
                         f'opacity="{opacity}"/>')
        elif style == "band":
            parts.append(f'<rect x="{cx}" y="{cy - 9}" width="14" height="10" fill="{color}" '
                         f'opacity="0.18"/><line x1="{cx}" x2="{cx + 14}" y1="{cy - 4}" '
                         f'y2="{cy - 4}" stroke="{color}" stroke-width="2.5"/>')
        else:
            parts.append(f'<line x1="{cx}" x2="{cx + 14}" y1="{cy - 4}" y2="{cy - 4}" '
                         f'stroke="{color}" stroke-width="2"/>')
        parts.append(f'<text x="{cx + 19}" y="{cy}" class="legend">{esc(label)}</text>')
        cx += item_width
    return "".join(parts)


@dataclass
class Series:
    key: str
    label: str
    color: str
    points: list[tuple[int, float | None, float | None, float | None, str]]
    """(x index, value, band low, band high, tooltip)"""
    width: float = 1.6
    band: bool = False


def line_chart(name: str, title: str, x_labels: list[str], series: list[Series],
               marked: list[int], y_fmt: Callable, y_clip: tuple[float, float],
               marked_label: str, width: int = 920, height: int = 380) -> str:
    left, right, top, bottom = 56, 48, 30, 58
    values = [v for s in series for _, value, lo, hi, _t in s.points
              for v in (value, lo if s.band else None, hi if s.band else None) if v is not None]
    low = max(min(values + [0]), y_clip[0])
    high = min(max(values + [0]), y_clip[1])
    ticks = nice_ticks(low, high)
    y = Scale((ticks[0], ticks[-1]), (height - bottom, top))
    step = (width - left - right) / max(len(x_labels), 1)
    x = Scale((0, max(len(x_labels) - 1, 1)), (left + step / 2, width - right - step / 2))

    def clip(value: float) -> float:
        return min(max(value, ticks[0]), ticks[-1])

    parts = [svg_open(width, height, title)]
    for index in marked:
        parts.append(f'<rect class="mask" x="{x(index) - step / 2:.1f}" y="{top}" '
                     f'width="{step:.1f}" height="{height - top - bottom}" fill="{MASK_COLOR}" '
                     f'opacity="0.28"><title>{esc(marked_label)}: {esc(x_labels[index])}</title>'
                     f'</rect>')
    parts.append(y_axis(y, ticks, left, width - right, y_fmt))
    for index, label in enumerate(x_labels):
        parts.append(f'<text x="{x(index):.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                     f'class="tick">{esc(label)}</text>')
    for s in series:
        if s.band:
            upper = [(i, hi) for i, v, lo, hi, _t in s.points if lo is not None and hi is not None]
            lower = [(i, lo) for i, v, lo, hi, _t in s.points if lo is not None and hi is not None]
            if len(upper) >= 2:
                coords = [f"{x(i):.1f},{y(clip(v)):.1f}" for i, v in upper]
                coords += [f"{x(i):.1f},{y(clip(v)):.1f}" for i, v in reversed(lower)]
                parts.append(f'<polygon class="mark band" points="{" ".join(coords)}" '
                             f'fill="{s.color}" opacity="0.14"><title>{esc(s.label)}: 95% '
                             f'confidence band</title></polygon>')
    for s in series:
        segment: list[str] = []
        segments = []
        for i, value, *_rest in s.points:
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{x(i):.1f},{y(clip(value)):.1f}")
        if segment:
            segments.append(segment)
        for seg in segments:
            parts.append(f'<polyline class="mark line" points="{" ".join(seg)}" fill="none" '
                         f'stroke="{s.color}" stroke-width="{s.width}" stroke-linejoin="round"/>')
        for i, value, _lo, _hi, tip in s.points:
            if value is not None:
                parts.append(f'<circle class="mark" cx="{x(i):.1f}" cy="{y(clip(value)):.1f}" '
                             f'r="{2.2 + s.width / 2:.1f}" fill="{s.color}"><title>{esc(tip)}'
                             f'</title></circle>')
    for s in series:  # the latest value of each banded line, written at its end
        last = [(i, value) for i, value, *_rest in s.points if value is not None]
        if s.band and last:
            i, value = last[-1]
            parts.append(f'<text x="{x(i) + 9:.1f}" y="{y(clip(value)) + 4:.1f}" '
                         f'class="end-label" fill="{s.color}">{esc(y_fmt(value))}</text>')
    in_legend = sorted(series, key=lambda s: not s.band)
    items = [(s.label + (" ±95% CI" if s.band else ""), s.color, "band" if s.band else "line")
             for s in in_legend]
    if marked:
        items.append((marked_label, MASK_COLOR, "box"))
    parts.append(legend(items, left, height - 22, width - left - right))
    parts.append("</svg>")
    return figure(name, title, "".join(parts))


def bar_chart(name: str, title: str, groups: list[tuple[str, list[tuple[str, float | None, str]]]],
              series_colors: dict[str, str], x_fmt: Callable, width: int = 920,
              bar_height: int = 14) -> str:
    """Grouped horizontal bars: groups = [(group label, [(series, value, tooltip), ...])]."""
    left, right, top = 250, 70, 16
    per_group = max(len(bars) for _g, bars in groups) * (bar_height + 3) + 14
    legend_space = 34
    height = top + per_group * len(groups) + legend_space
    values = [v for _g, bars in groups for _s, v, _t in bars if v is not None]
    high = max(values + [0.0])
    ticks = nice_ticks(0, high if high > 0 else 1, 5)
    x = Scale((0, ticks[-1]), (left, width - right))
    parts = [svg_open(width, height, title)]
    for tick in ticks:
        parts.append(f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top}" '
                     f'y2="{height - legend_space}" stroke="#e4e7eb"/>'
                     f'<text x="{x(tick):.1f}" y="{height - legend_space + 14}" '
                     f'text-anchor="middle" class="tick">{esc(x_fmt(tick))}</text>')
    y = top
    for group, bars in groups:
        parts.append(f'<text x="{left - 8}" y="{y + (len(bars) * (bar_height + 3)) / 2 + 4:.1f}" '
                     f'text-anchor="end" class="label">{esc(group)}</text>')
        for series, value, tip in bars:
            if value is not None:
                parts.append(f'<rect class="mark" x="{left}" y="{y}" '
                             f'width="{max(x(value) - left, 1):.1f}" height="{bar_height}" '
                             f'fill="{series_colors[series]}"><title>{esc(tip)}</title></rect>'
                             f'<text x="{x(value) + 4:.1f}" y="{y + bar_height - 3}" '
                             f'class="value">{esc(x_fmt(value))}</text>')
            else:
                parts.append(f'<text x="{left + 4}" y="{y + bar_height - 3}" class="value">'
                             f'no data</text>')
            y += bar_height + 3
        y += 14
    parts.append(legend([(s, c, "solid") for s, c in series_colors.items()], left,
                        height - 4, width - left - right))
    parts.append("</svg>")
    return figure(name, title, "".join(parts))


def figure(name: str, title: str, svg: str, caption: str = "") -> str:
    cap = f"<figcaption>{caption}</figcaption>" if caption else ""
    return (f'<figure class="chart" data-chart="{esc(name)}"><h3>{esc(title)}</h3>{svg}{cap}'
            f"</figure>")


def table(name: str, headers: list[str], rows: list[list[str]], numeric: set[int] | None = None,
          row_classes: list[str] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f'<th class="{"num" if i in numeric else ""}">{esc(h)}</th>'
                   for i, h in enumerate(headers))
    body = []
    for r, row in enumerate(rows):
        cls = f' class="{row_classes[r]}"' if row_classes and row_classes[r] else ""
        cells = "".join(f'<td class="{"num" if i in numeric else ""}">{cell}</td>'
                        for i, cell in enumerate(row))
        body.append(f"<tr{cls}>{cells}</tr>")
    return (f'<div class="table-wrap"><table data-table="{esc(name)}"><thead><tr>{head}</tr>'
            f'</thead><tbody>{"".join(body)}</tbody></table></div>')


def missing_note(mart: str) -> str:
    return (f'<p class="missing">Not drawn: the mart <code>{esc(mart)}</code> is not built in '
            f"this warehouse.</p>")


# --- sections -------------------------------------------------------------------------------

def _trend(subject: str, trend: str | None, first: float | None, last: float | None) -> str:
    """One clause of the headline, worded from a trend the mart states."""
    if trend in ("flat", "held"):
        return f"{subject} {trend} at {signed(last)}"
    if trend in ("rose", "fell"):
        return f"{subject} {trend} from {signed(first)} to {signed(last)}"
    return f"{subject} from {signed(first)} to {signed(last)}"


def headline(marts: Marts) -> str:
    rows = marts.rows("rpt_support_health_headline", "select * from {mart}")
    if not rows:
        return "<h1>No conversations in the warehouse yet.</h1>"
    top = rows[0]
    blended = _trend("Blended NPS", top["blended_nps_trend"], top["first_week_blended_nps"],
                     top["last_week_blended_nps"])
    escalated = _trend("escalated customers", top["nps_ai_escalated_trend"],
                       top["first_week_nps_ai_escalated"], top["last_week_nps_ai_escalated"])
    span = f"{top['first_week_start']:%b %-d} to {top['last_week_start']:%b %-d, %Y}"
    sub = [
        f"Weeks of {span}. The AI resolved {pct(top['first_week_ai_resolution_rate'])} of the "
        f"conversations it touched in the first week and "
        f"{pct(top['last_week_ai_resolution_rate'])} in the last; "
        f"{pct(top['last_week_escalation_rate'])} were still handed to a human.",
    ]
    flagged = top["n_flagged_weeks"]
    if flagged:
        masked = marts.rows(
            "rpt_support_health_weekly",
            "select week_start from {mart} where blended_masks_decline order by week_start",
        )
        sub.append(
            f"In {flagged} week{'s' if flagged != 1 else ''} "
            f"({', '.join(week_label(w['week_start']) for w in masked)}) the blended score held "
            "while the escalated path dropped: the blended average masked the decline "
            "(yellow weeks below)."
        )
    try:
        gaps = marts.rows(
            "rpt_handoff_gap_impact",
            "select gap_name, nps_with_gap, nps_without_gap, share_with_gap from {mart} "
            "where period_grain = 'all_weeks' and nps_impact is not null "
            "order by nps_impact desc limit 1",
        )
    except MartMissing:
        gaps = []
    if gaps:
        gap = gaps[0]
        sub.append(
            f"The costliest handoff gap is “{GAP_LABELS.get(gap['gap_name'], gap['gap_name'])}” "
            f"({pct(gap['share_with_gap'])} of escalations): NPS {signed(gap['nps_with_gap'])} "
            f"with it, {signed(gap['nps_without_gap'])} without."
        )
    return (f'<h1 class="headline">{esc(blended)}; {esc(escalated)}.</h1>'
            f'<p class="sub">{" ".join(esc(s) for s in sub)}</p>')


def kpi_tiles(marts: Marts) -> str:
    last = marts.rows(
        "rpt_support_health_weekly",
        "select week_start, n_conversations, blended_nps, nps_ai_escalated, nps_ai_only_resolved, "
        "ai_resolution_rate, ai_resolution_rate_confirmed, ai_resolution_rate_durable, "
        "escalation_rate, containment_rate from {mart} order by week_start desc limit 1",
    )
    if not last:
        return ""
    w = last[0]
    tiles = [
        ("Blended NPS", signed(w["blended_nps"]), "what one dashboard number shows"),
        ("Escalated NPS", signed(w["nps_ai_escalated"]), "customers the AI handed to a human"),
        ("AI-only NPS", signed(w["nps_ai_only_resolved"]), "resolved by the AI alone"),
        ("AI resolution", pct(w["ai_resolution_rate"]),
         f"confirmed {pct(w['ai_resolution_rate_confirmed'])}, durable "
         f"{pct(w['ai_resolution_rate_durable'])}"),
        ("Escalation rate", pct(w["escalation_rate"]), "of AI-involved conversations"),
        ("Containment", pct(w["containment_rate"]), "kept away from humans"),
    ]
    cells = "".join(f'<div class="tile"><div class="tile-label">{esc(label)}</div>'
                    f'<div class="tile-value">{esc(value)}</div>'
                    f'<div class="tile-note">{esc(note)}</div></div>'
                    for label, value, note in tiles)
    week = week_label(w["week_start"])
    return (f'<section class="tiles" aria-label="Week of {week}">{cells}</section>'
            f'<p class="tiles-caption">Latest week ({w["week_start"]:%b %-d}), '
            f'{w["n_conversations"]:,} conversations.</p>')


def nps_over_time(marts: Marts) -> str:
    rows = marts.rows(
        "rpt_nps_by_path",
        "select period_start, path, path_order, nps, nps_adjusted_ci_low as nps_ci_low, "
        "nps_adjusted_ci_high as nps_ci_high, n_nps_responses "
        "from {mart} where period_type = 'week' order by period_start, path_order",
    )
    try:
        masked = {r["week_start"] for r in marts.rows(
            "rpt_support_health_weekly",
            "select week_start from {mart} where blended_masks_decline",
        )}
    except MartMissing:
        masked = set()
    weeks = sorted({r["period_start"] for r in rows})
    index = {week: i for i, week in enumerate(weeks)}
    order = sorted({(r["path_order"], r["path"]) for r in rows})
    series = []
    for _order, path in order:
        points = []
        for r in rows:
            if r["path"] != path:
                continue
            tip = (f"{PATH_LABELS.get(path, path)}, week of {r['period_start']:%b %-d}: NPS "
                   f"{signed(r['nps'], 1)} (95% CI {signed(r['nps_ci_low'], 1)} to "
                   f"{signed(r['nps_ci_high'], 1)}), {r['n_nps_responses']:,} responses")
            points.append((index[r["period_start"]], r["nps"], r["nps_ci_low"], r["nps_ci_high"],
                           tip))
        series.append(Series(
            key=path, label=PATH_LABELS.get(path, path), color=PATH_COLORS.get(path, "#555"),
            points=points, width=3.2 if path in BANDED_PATHS else 1.4,
            band=path in BANDED_PATHS,
        ))
    series.sort(key=lambda s: s.key in BANDED_PATHS)  # bold lines drawn last, on top
    chart = line_chart(
        "nps_over_time", "NPS per week: blended vs each path (95% confidence bands)",
        [week_label(w) for w in weeks], series,
        marked=[index[w] for w in sorted(masked) if w in index],
        y_fmt=lambda v: signed(v), y_clip=(-100, 100),
        marked_label="blended NPS masks a decline",
    )
    return chart


def path_gaps_table(marts: Marts) -> str:
    rows = marts.rows(
        "rpt_nps_path_gaps",
        "select period_start, comparison, path, baseline_path, nps, baseline_nps, nps_diff, "
        "nps_adjusted_diff_se as nps_diff_se, z_score_adjusted as z_score, is_significant, "
        "n_nps_responses, n_baseline_nps_responses "
        "from {mart} where period_type = 'month' order by period_start, comparison",
    )
    body = [[
        f"{r['period_start']:%b %Y}",
        esc(f"{PATH_LABELS.get(r['path'], r['path'])} vs "
            f"{PATH_LABELS.get(r['baseline_path'], r['baseline_path'])}"),
        esc(signed(r["nps"], 1)), esc(signed(r["baseline_nps"], 1)),
        f"<strong>{esc(signed(r['nps_diff'], 1))}</strong>",
        esc(f"{r['nps_diff_se']:.1f}" if r["nps_diff_se"] is not None else "–"),
        esc(f"{r['z_score']:.1f}" if r["z_score"] is not None else "–"),
        "yes" if r["is_significant"] else "no",
        esc(f"{r['n_nps_responses']:,} / {r['n_baseline_nps_responses']:,}"),
    ] for r in rows]
    return table("rpt_nps_path_gaps", ["Month", "Comparison", "NPS", "Baseline NPS", "Gap",
                                   "SE", "z", "Significant", "Responses"],
                 body, numeric={2, 3, 4, 5, 6, 8})


GAP_LABELS = {
    "no_transcript": "No conversation history",
    "no_ai_attempts": "No record of AI attempts",
    "no_sentiment": "No sentiment signal",
    "no_confidence_or_reason": "No confidence / failure reason",
    "no_evidence": "No structured evidence",
}
REPLY_COLORS = {"First human reply": "#7b8794", "First useful reply": "#d6336c"}
TIME_TICKS = [(1, "≤1 min"), (5, "5 min"), (15, "15 min"), (60, "1 h"), (240, "4 h"),
              (1440, "1 day"), (4320, "3 days")]


def _jitter(key: str) -> float:
    """A stable position in [0, 1) for a row, so the strip plot looks the same on every run."""
    return (zlib.crc32(key.encode()) % 10_000) / 10_000


def reply_time_distribution(marts: Marts) -> str:
    """Every escalation drawn twice: when the first human reply came, and when the first useful
    one came (log time axis; no useful reply at all is drawn in its own column on the right)."""
    rows = marts.rows(
        "fct_escalations",
        "select handoff_id, first_reply_minutes, first_useful_reply_minutes, has_human_reply, "
        "has_useful_reply from {mart} order by handoff_id",
    )
    width, left, right, top, row_height, never_width = 920, 150, 24, 16, 120, 90
    height = top + 2 * row_height + 46
    axis_right = width - right - never_width
    x = Scale((0.0, math.log10(TIME_TICKS[-1][0] * 2)), (left + 6, axis_right))

    def x_of(value: float) -> float:
        return x(min(math.log10(max(value, 1.0)), x.domain[1]))

    parts = [svg_open(width, height, "Time to first human reply vs first useful reply")]
    for minute, label in TIME_TICKS:
        parts.append(f'<line x1="{x_of(minute):.1f}" x2="{x_of(minute):.1f}" y1="{top}" '
                     f'y2="{top + 2 * row_height}" stroke="#e4e7eb"/><text x="{x_of(minute):.1f}" '
                     f'y="{top + 2 * row_height + 14}" text-anchor="middle" class="tick">'
                     f'{label}</text>')
    never_x = axis_right + never_width / 2
    parts.append(f'<line x1="{axis_right + 8}" x2="{axis_right + 8}" y1="{top}" '
                 f'y2="{top + 2 * row_height}" stroke="#9aa5b1" stroke-dasharray="3 3"/>'
                 f'<text x="{never_x:.1f}" y="{top + 2 * row_height + 14}" text-anchor="middle" '
                 f'class="tick">none yet</text>')
    lanes = [("First human reply", "first_reply_minutes", "has_human_reply"),
             ("First useful reply", "first_useful_reply_minutes", "has_useful_reply")]
    for lane, (label, column, flag) in enumerate(lanes):
        y0 = top + lane * row_height
        parts.append(f'<text x="{left - 10}" y="{y0 + row_height / 2 + 4}" text-anchor="end" '
                     f'class="label">{esc(label)}</text>')
        color = REPLY_COLORS[label]
        dots = []
        for row in rows:
            jitter = y0 + 10 + _jitter(row["handoff_id"] + column) * (row_height - 20)
            if row[flag] and row[column] is not None:
                cx = x_of(row[column])
            else:
                cx = never_x - never_width / 3 + _jitter(row["handoff_id"]) * never_width * 2 / 3
            dots.append(f'<circle cx="{cx:.1f}" cy="{jitter:.1f}" r="1.6"/>')
        parts.append(f'<g class="mark" fill="{color}" fill-opacity="0.28">{"".join(dots)}</g>')
    parts.append(f'<text x="{left}" y="{height - 6}" class="legend">Each dot is one escalation '
                 f'({len(rows):,} in all); time since the handoff, log scale.</text>')
    parts.append("</svg>")
    return figure("reply_time_distribution", "Time after handoff: first human reply vs first "
                  "useful reply", "".join(parts))


def gap_rates(marts: Marts) -> str:
    columns = marts.columns("rpt_handoff_gap_impact")
    rows = marts.rows(
        "rpt_handoff_gap_impact",
        "select * from {mart} where period_grain = 'all_weeks' order by gap_name",
    )
    measures = [("Re-explanation, gap present", "re_explanation_rate_with_gap", "#d6336c"),
                ("Re-explanation, no gap", "re_explanation_rate_without_gap", "#f3a6c0")]
    if {"rework_rate_with_gap", "rework_rate_without_gap"} <= columns:
        measures += [("Rework, gap present", "rework_rate_with_gap", "#2f6fdf"),
                     ("Rework, no gap", "rework_rate_without_gap", "#a9c4f5")]
    groups = []
    for row in rows:
        label = GAP_LABELS.get(row["gap_name"], row["gap_name"])
        groups.append((label, [
            (name, row[column], f"{label} - {name}: {pct(row[column], 1)}")
            for name, column, _color in measures
        ]))
    return bar_chart("gap_rates", "Share of escalations where the customer re-explained"
                     + (", and rework," if len(measures) > 2 else "")
                     + " with vs without each handoff gap",
                     groups, {name: color for name, _c, color in measures},
                     x_fmt=lambda v: pct(v))


def gap_impact_table(marts: Marts) -> str:
    rows = marts.rows(
        "rpt_handoff_gap_impact",
        "select * from {mart} where period_grain = 'all_weeks' "
        "order by nps_impact desc nulls last, gap_name",
    )
    body = [[
        esc(GAP_LABELS.get(r["gap_name"], r["gap_name"])),
        esc(f"{r['n_with_gap']:,} of {r['n_escalations']:,} ({pct(r['share_with_gap'])})"),
        f"<strong>{esc(signed(r['nps_impact'], 1))}</strong>",
        esc(f"{signed(r['nps_with_gap'])} vs {signed(r['nps_without_gap'])}"),
        esc(f"{minutes(r['p50_useful_reply_minutes_with_gap'])} vs "
            f"{minutes(r['p50_useful_reply_minutes_without_gap'])}"),
        esc(f"{pct(r['re_explanation_rate_with_gap'])} vs "
            f"{pct(r['re_explanation_rate_without_gap'])}"),
    ] for r in rows]
    return table("rpt_handoff_gap_impact",
                 ["Handoff gap", "Escalations with the gap", "NPS cost", "NPS with vs without",
                  "Median useful reply with vs without", "Re-explained with vs without"],
                 body, numeric={1, 2, 3, 4, 5})


def _answer(question: str, flag: bool | None, answer: str | None) -> str:
    """flag True = good for the customer, False = bad, None = unknown (inferred handoff)."""
    cls = {True: "yes", False: "no"}.get(flag, "unknown")
    return (f'<li><span class="q">{esc(question)}</span> '
            f'<span class="answer {cls}">{esc(answer or "unknown")}</span></li>')


def review_sample_table(marts: Marts, weeks: int = 1) -> str:
    rows = marts.rows(
        "rpt_escalation_review_sample",
        "select * from {mart} where week_start in (select distinct week_start from {mart} "
        "order by week_start desc limit ?) order by week_start desc, sample_rank",
        [weeks],
    )
    body = []
    for r in rows:
        repeated = r["q4_customer_repeated"]
        questions = "".join([
            _answer("1. Did the agent get the full thread?", r["q1_had_full_transcript"],
                    r["q1_full_transcript_answer"]),
            _answer("2. Did they know what the AI tried?", r["q2_knew_ai_attempts"],
                    r["q2_ai_attempts_answer"]),
            _answer("3. Did they see the likely reason?", r["q3_had_likely_reason"],
                    r["q3_likely_reason_answer"]),
            _answer("4. Did the customer have to repeat themselves?",
                    None if repeated is None else not repeated, r["q4_customer_repeated_answer"]),
            _answer("5. Did the first reply move the case forward?",
                    r["q5_first_reply_moved_forward"], r["q5_first_reply_answer"]),
        ])
        reason = f" · {esc(r['reason_code'])}" if r["reason_code"] else ""
        inferred = " · inferred handoff" if r["is_inferred_handoff"] else ""
        # Marts carry no message text: the reply is named by id for a reviewer to open.
        quote = (f"message <code>{esc(r['first_human_message_id'])}</code>"
                 if r["first_human_message_id"] else "<em>no human reply yet</em>")
        body.append([
            f"<code>{esc(r['handoff_id'])}</code><br><small>{esc(r['team'])} · "
            f"{esc(r['channel'])}{reason}{inferred}<br>{r['handed_off_at']:%a %b %-d %H:%M} "
            f"UTC</small>",
            f'<ul class="review">{questions}</ul>',
            f"{quote}<br><small>first reply {esc(minutes(r['first_reply_minutes']))} · "
            f"first useful {esc(minutes(r['first_useful_reply_minutes']))}</small>",
            esc(pct(r["packet_completeness"])),
            "yes" if r["is_rework"] else "no",
            esc(f"{r['nps_score']:.0f}" if r["nps_score"] is not None else "–"),
        ])
    week = f"{rows[0]['week_start']:%b %-d}" if rows else ""
    return (f'<p class="explain">Week of {esc(week)}: {len(rows)} escalations.</p>'
            + table("rpt_escalation_review_sample",
                    ["Escalation", "The five review questions", "First human reply",
                     "Packet", "Rework", "NPS"],
                    body, numeric={3, 5}))


SECTIONS: list[tuple[str, str, Callable[[Marts], str], str]] = [
    ("nps", "Satisfaction by path", nps_over_time,
     "The blended line is what a single NPS tile shows. The escalated path is the customers "
     "the AI handed to a human; shaded bands are 95% confidence intervals; yellow weeks are "
     "those where the blended score held while the escalated score fell."),
    ("replies", "Fast is not the same as useful", reply_time_distribution,
     "After a handoff, a human usually answers quickly, but the first reply is often a "
     "greeting, a holding message or a request to restate the problem. The first useful reply "
     "(an answer, a diagnosis, an action) comes later, or not at all."),
    ("gap-rates", "What a thin handoff packet costs", gap_rates,
     "For each gap in the packet the AI hands over, the share of escalations where the "
     "customer had to explain the problem again, with the gap and without it."),
    ("gap-impact", "Handoff gaps ranked by their NPS cost", gap_impact_table,
     "All weeks together. NPS cost = NPS without the gap minus NPS with it; the useful-reply "
     "times are medians."),
    ("gaps", "How far apart the paths are", path_gaps_table,
     "Escalated NPS minus the baseline path, per month, with the standard error of the "
     "difference and its z-score (significant at |z| ≥ 1.96)."),
    ("review", "Review sample: read a few escalations", review_sample_table,
     "A stable sample of recent escalations with the five review questions answered for "
     "each, to read the way a team lead would in a weekly review."),
]

CSS = """
:root { --ink:#1f2933; --muted:#616e7c; --line:#e4e7eb; --bg:#f8f9fb; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
       color:var(--ink); background:var(--bg); }
main { max-width: 980px; margin: 0 auto; padding: 28px 24px 60px; }
header .eyebrow { text-transform:uppercase; letter-spacing:.08em; font-size:12px;
                  color:var(--muted); margin:0 0 6px; }
h1.headline { font-size: 30px; line-height:1.2; margin: 0 0 10px; }
p.sub { font-size: 16px; color:#323f4b; margin:0 0 18px; max-width: 860px; }
h2 { font-size: 20px; margin: 34px 0 4px; }
p.explain { color: var(--muted); margin: 0 0 10px; max-width: 860px; }
h3 { font-size: 14px; margin: 0 0 6px; color:#323f4b; }
figure.chart { margin: 0 0 14px; background:#fff; border:1px solid var(--line);
               border-radius:8px; padding:14px 14px 6px; }
figcaption { color: var(--muted); font-size: 13px; padding: 4px 0 6px; }
svg text { font-family: inherit; }
svg .tick { font-size: 11px; fill: #7b8794; }
svg .legend { font-size: 12px; fill: #323f4b; }
svg .label { font-size: 12.5px; fill: #323f4b; }
svg .value { font-size: 11px; fill: #52606d; }
svg .end-label { font-size: 13px; font-weight: 700; }
.tiles { display:grid; grid-template-columns: repeat(6, 1fr); gap:10px; margin: 8px 0 4px; }
.tile { background:#fff; border:1px solid var(--line); border-radius:8px; padding:10px 12px; }
.tile-label { font-size:12px; color:var(--muted); }
.tile-value { font-size:24px; font-weight:650; }
.tile-note { font-size:11.5px; color:var(--muted); }
.tiles-caption { font-size:12px; color:var(--muted); margin:0 0 8px; }
.table-wrap { overflow-x:auto; background:#fff; border:1px solid var(--line); border-radius:8px; }
table { border-collapse: collapse; width:100%; font-size: 13px; }
th, td { text-align:left; padding:6px 9px; border-bottom:1px solid var(--line);
         vertical-align:top; }
th { background:#f1f3f6; font-weight:600; position: sticky; top: 0; }
td.num, th.num { text-align:right; font-variant-numeric: tabular-nums; white-space:nowrap; }
tr.flag td { background:#fff8e1; }
.answer { display:inline-block; padding:1px 6px; border-radius:4px; font-size:12px; }
.answer.yes { background:#e3f9e5; color:#0e5a2a; }
.answer.no { background:#ffe3ec; color:#8a1538; }
.answer.unknown { background:#f1f3f6; color:#52606d; }
td q { font-style: italic; color:#323f4b; }
ul.review { list-style:none; margin:0; padding:0; }
ul.review li { margin: 0 0 3px; }
ul.review .q { color:#52606d; font-size:12px; }
.missing { color:#9f1239; background:#fff1f2; padding:8px 12px; border-radius:6px; }
footer { color: var(--muted); font-size: 12px; margin-top: 36px; }
code { font-size: 12.5px; }
"""

SCRIPT = """
document.addEventListener('DOMContentLoaded', function () {
  var charts = document.querySelectorAll('[data-chart]');
  var drawn = 0;
  charts.forEach(function (chart) {
    if (chart.querySelector('svg .mark')) { drawn += 1; }
  });
  document.body.setAttribute('data-charts', String(charts.length));
  document.body.setAttribute('data-charts-drawn', String(drawn));
  document.body.setAttribute('data-ready', 'true');
});
"""


def build_html(con, generated_at: datetime | None = None) -> str:
    marts = Marts.open(con)
    generated_at = generated_at or datetime.now(UTC)
    try:
        top = headline(marts) + kpi_tiles(marts)
    except MartMissing as missing:
        top = "<h1 class=\"headline\">seam: AI-to-human handoffs</h1>" + missing_note(str(missing))
    body = []
    for anchor, title, render, explain in SECTIONS:
        try:
            content = render(marts)
        except MartMissing as missing:
            content = missing_note(str(missing))
        body.append(f'<section id="{anchor}"><h2>{esc(title)}</h2>'
                    f'<p class="explain">{esc(explain)}</p>{content}</section>')
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>seam: AI-to-human handoffs</title>"
        f"<style>{CSS}</style></head><body><main>"
        "<header><p class=\"eyebrow\">seam · AI-to-human handoffs</p>"
        f"{top}</header>{''.join(body)}"
        f"<footer>Generated {generated_at:%Y-%m-%d %H:%M} UTC from the marts schema "
        f"({', '.join(sorted(marts.available)) or 'no marts'}). Every figure is read from a "
        "mart; definitions are in the dbt docs.</footer>"
        f"</main><script>{SCRIPT}</script></body></html>"
    )


def write_report(out: str | Path, target: str = "dev", database: str | Path | None = None) -> Path:
    """The dashboard of the last published build (seam.publish), or of ``database`` as given.

    Raises seam.publish.NotPublished, saying why, when there is no complete build to read.
    """
    with open_published(target, database) as con:
        document = build_html(con)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(document, encoding="utf-8")
    return out

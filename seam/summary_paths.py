"""Summary section: blended vs per-path NPS for the last four weeks, and flagged weeks.

Reads marts.rpt_support_health_weekly only; every number comes from the mart.
"""

from __future__ import annotations

from seam.report import MARTS_SCHEMA

WEEKS_SHOWN = 4


def _nps(value: float | None, low: float | None = None, high: float | None = None) -> str:
    if value is None:
        return "n/a"
    if low is None or high is None:
        return f"{value:+.1f}"
    return f"{value:+.1f} [{low:+.0f},{high:+.0f}]"


def _change(value: float | None) -> str:
    return "" if value is None else f"{value:+.1f}"


def section(con) -> str:
    """Text block for `python -m seam summary` (con: read-only DuckDB connection)."""
    rows = con.execute(
        """
        select
            week_start, n_nps_responses,
            blended_nps, blended_nps_adjusted_ci_low, blended_nps_adjusted_ci_high,
            nps_ai_only_resolved, nps_ai_escalated, nps_ai_escalated_adjusted_ci_low,
            nps_ai_escalated_adjusted_ci_high, nps_human_only,
            blended_nps_change, nps_mix_effect, nps_within_effect, nps_ai_escalated_change,
            blended_masks_decline
        from {MARTS}.rpt_support_health_weekly
        order by week_start desc
        """.replace("{MARTS}", MARTS_SCHEMA)
    ).fetchall()
    if not rows:
        return "Satisfaction by path: no weeks in marts.rpt_support_health_weekly."
    lines = [
        f"NPS by interaction path, last {min(WEEKS_SHOWN, len(rows))} weeks "
        "(95% adjusted-Wald interval in brackets; change vs the week before):",
        f"  {'week':<11}{'n':>5}  {'blended':<21}{'chg':>6}  {'AI-only resolved':<17}"
        f"{'escalated':<21}{'chg':>6}  {'human-only':<11}flag",
    ]
    for row in reversed(rows[:WEEKS_SHOWN]):
        (
            week,
            n,
            blended,
            b_low,
            b_high,
            aor,
            esc,
            e_low,
            e_high,
            human,
            b_chg,
            _mix,
            _within,
            e_chg,
            masks,
        ) = row
        flag = "BLENDED MASKS DECLINE" if masks else ""
        lines.append(
            f"  {week!s:<11}{n:>5}  {_nps(blended, b_low, b_high):<21}{_change(b_chg):>6}  "
            f"{_nps(aor):<17}{_nps(esc, e_low, e_high):<21}{_change(e_chg):>6}  "
            f"{_nps(human):<11}{flag}"
        )
    flagged = [row for row in reversed(rows) if row[-1]]
    if flagged:
        lines.append("Weeks where blended NPS held while escalated-path NPS fell:")
        for row in flagged:
            week, b_chg, mix, within, e_chg = row[0], row[10], row[11], row[12], row[13]
            lines.append(
                f"  {week}: blended {b_chg:+.1f} (mix {mix:+.1f}, within-path {within:+.1f}), "
                f"escalated {e_chg:+.1f}"
            )
    else:
        lines.append("No week where blended NPS hid a fall in escalated-path NPS.")
    return "\n".join(line.rstrip() for line in lines)

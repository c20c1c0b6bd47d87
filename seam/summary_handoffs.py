"""Escalation-path summary for `python -m seam summary` (section of seam.summary).

Reads the handoff marts only; every figure is computed by SQL over marts.fct_escalations and
marts.rpt_handoff_gap_impact, none in Python.
"""

from __future__ import annotations

from seam.report import MARTS_SCHEMA


def _minutes(value: float | None) -> str:
    if value is None:
        return "n/a"
    if value >= 120:
        return f"{value / 60:.1f} h"
    return f"{value:.0f} min"


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def section(con) -> str:
    """The escalation path in five lines: reply times, re-explanation, rework, top gap."""
    try:
        totals = con.execute(
            """
            select
                count(*),
                quantile_cont(first_reply_minutes, 0.5),
                quantile_cont(first_useful_reply_minutes, 0.5),
                quantile_cont(first_reply_business_minutes, 0.5),
                quantile_cont(first_useful_reply_business_minutes, 0.5),
                avg(case when has_useful_reply then 1.0 else 0.0 end),
                avg(case when is_fast_but_not_useful then 1.0 else 0.0 end),
                avg(case when has_re_explanation then 1.0 else 0.0 end),
                avg(case when is_rework then 1.0 else 0.0 end),
                avg(packet_completeness)
            from {MARTS}.fct_escalations
            """.replace("{MARTS}", MARTS_SCHEMA)
        ).fetchone()
        gap = con.execute(
            """
            select gap_name, share_with_gap, nps_with_gap, nps_without_gap, nps_impact
            from {MARTS}.rpt_handoff_gap_impact
            where period_grain = 'all_weeks' and nps_impact is not null
            order by nps_impact desc
            limit 1
            """.replace("{MARTS}", MARTS_SCHEMA)
        ).fetchone()
    except Exception as error:  # noqa: BLE001 - the marts may not be built yet
        return f"Escalation path: handoff marts not built ({type(error).__name__})."
    (
        n,
        first,
        useful,
        first_biz,
        useful_biz,
        useful_rate,
        fast_not_useful,
        re_rate,
        rework,
        completeness,
    ) = totals
    if not n:
        return "Escalation path: no escalations."
    lines = [
        f"Escalation path ({n:,} handoffs, marts.fct_escalations):",
        f"  median first human reply   {_minutes(first):>9}  "
        f"(business hours {_minutes(first_biz)})",
        f"  median first USEFUL reply  {_minutes(useful):>9}  "
        f"(business hours {_minutes(useful_biz)}; {_share(useful_rate)} of handoffs got one)",
        f"  fast but not useful        {_share(fast_not_useful):>9}",
        f"  re-explanation rate        {_share(re_rate):>9}  (customer had to restate the problem)",
        f"  rework rate                {_share(rework):>9}  (mean packet completeness "
        f"{_share(completeness)})",
    ]
    if gap:
        name, share, with_gap, without_gap, impact = gap
        lines.append(
            f"  top gap by NPS impact      {name}: NPS {with_gap:+.1f} with vs {without_gap:+.1f} "
            f"without ({impact:+.1f} pts; {_share(share)} of handoffs)"
        )
    return "\n".join(lines)

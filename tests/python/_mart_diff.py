"""Marts of two DuckDB warehouses compared row for row by each mart's key, column by column.

Used by the vendor-shape and package tests: the same planted scenario built from seam's
raw contract and from a help desk's tables must give the same marts, except the documented
vendor gaps. ``diff`` returns {(mart, column): rows that differ} plus (mart, '<rows>') for keys
present on one side only. ``normalise`` maps a contract value to the vendor's spelling
(Zendesk's integer ids) before comparing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import duckdb

MART_KEYS: dict[str, tuple[str, ...]] = {
    "fct_conversations": ("conversation_id",),
    "fct_escalations": ("conversation_id", "handoff_number"),
    "rpt_nps_by_path": ("period_type", "period_start", "path"),
    "rpt_nps_path_gaps": ("period_type", "period_start", "comparison"),
    "rpt_support_health_weekly": ("week_start",),
    "rpt_support_health_headline": ("first_week_start",),
    "rpt_escalation_reply_times": ("week_start", "team", "channel", "reason_code"),
    "rpt_escalation_quality": ("week_start", "team", "channel", "reason_code"),
    "rpt_handoff_gap_impact": ("period_grain", "period_start", "gap_name"),
    "rpt_escalation_review_sample": ("week_start", "sample_rank"),
    "metricflow_time_spine": ("date_day",),
}


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def _read(path: Path, schema: str, table: str) -> tuple[list[str], list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        cursor = con.execute(f'select * from "{schema}"."{table}"')
        return [d[0] for d in cursor.description], cursor.fetchall()
    finally:
        con.close()


def diff(contract_db: Path, other_db: Path, contract_schema: str = "marts",
         other_schema: str = "marts",
         normalise: Callable[[str, str, object], object] | None = None,
         ) -> dict[tuple[str, str], int]:
    found: dict[tuple[str, str], int] = {}
    for mart, key in MART_KEYS.items():
        columns, rows = _read(contract_db, contract_schema, mart)
        other_columns, other_rows = _read(other_db, other_schema, mart)
        assert columns == other_columns, f"{mart}: columns differ"
        if normalise is not None:
            rows = [tuple(normalise(mart, c, v) for c, v in zip(columns, row, strict=True))
                    for row in rows]
        index = [columns.index(k) for k in key]
        left = {tuple(row[i] for i in index): row for row in rows}
        right = {tuple(row[i] for i in index): row for row in other_rows}
        assert len(left) == len(rows) and len(right) == len(other_rows), f"{mart}: key repeats"
        one_side = len(set(left) ^ set(right))
        if one_side:
            found[(mart, "<rows>")] = one_side
        for k in set(left) & set(right):
            for c, a, b in zip(columns, left[k], right[k], strict=True):
                if not _same(a, b):
                    found[(mart, c)] = found.get((mart, c), 0) + 1
    return found

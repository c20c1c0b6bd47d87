"""The same project on DuckDB, PostgreSQL and Spark: how marts are compared across engines.

The engine comparisons themselves run where each engine already builds: test_incremental.py
replays a history on Postgres and on Spark (the engine suites, SEAM_ENGINES: see _engines.py)
and ends with a `--full-refresh` build running every data test and unit test; every model
under models/marts of that build is compared with DuckDB's build of the same raw data, and the
Postgres BI role is checked there. test_vendor_engines.py compares the help-desk shapes. This
module holds the comparison (same columns, same rows, floats equal to 1e-9) and its own test.

Percentiles: every engine computes continuous percentiles with `percentile_cont` (the dispatched
macro seam.percentile_cont: `quantile_cont` on DuckDB, ordered-set `percentile_cont ... within
group` on Postgres and Spark), so the comparison needs no tolerance beyond floating point.
Spark's `percentile_approx` / Postgres's `percentile_disc` would differ by definition and are
not used.

Independently of the engines, `test_marts_carry_no_message_text` checks the DuckDB warehouse
of `make test`: no mart column holds free text (message bodies, survey comments, handoff
summaries) and no mart value looks like an email address or a phone number.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
FLOAT_TOLERANCE = 1e-9

# Same shapes as the PII redaction vars (dbt_project.yml), applied to mart values.
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+[.][A-Za-z]{2,}")
PHONE = re.compile(r"[+]?[0-9]{0,3}[ .-]?[(]?[0-9]{3}[)]?[ .-]?[0-9]{3}[ .-]?[0-9]{4}")
FREE_TEXT_COLUMNS = re.compile(
    r"(^|_)(body|bodies|comment|comments|summary|text|transcript|message_text|note)s?$"
)


# --- helpers ---------------------------------------------------------------------------


def _marts(target_dir: Path) -> list[tuple[str, str]]:
    """(schema, table) of every model under models/marts, from a build's manifest."""
    manifest = json.loads((target_dir / "manifest.json").read_text())
    marts = sorted(
        (node["schema"], node["alias"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["fqn"][1] == "marts"
        and node["config"].get("enabled", True)
    )
    assert marts, "no models under models/marts"
    return marts


def _relations_by_layer(target_dir: Path) -> dict[str, list[tuple[str, str]]]:
    manifest = json.loads((target_dir / "manifest.json").read_text())
    layers: dict[str, list[tuple[str, str]]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] in ("model", "seed"):
            layer = "seeds" if node["resource_type"] == "seed" else node["fqn"][1]
            layers.setdefault(layer, []).append((node["schema"], node["alias"]))
    return layers


def _normal(value: object) -> object:
    """Engine-neutral value: Decimal -> float, datetime kept naive, bool kept bool."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


def _sort_key(row: tuple) -> tuple:
    """Order rows by their exact columns first; floats rounded so 1e-12 noise cannot reorder."""
    key = []
    for value in row:
        if value is None:
            key.append((0, ""))
        elif isinstance(value, float):
            key.append((1, "nan" if math.isnan(value) else f"{value:.6e}"))
        else:
            key.append((1, repr(value)))
    return tuple(key)


def _table(columns: list[str], rows: list[tuple]) -> tuple[list[str], list[tuple]]:
    normal = [tuple(_normal(v) for v in row) for row in rows]
    return [c.lower() for c in columns], sorted(normal, key=_sort_key)


def _values_equal(left: object, right: object) -> bool:
    if left is None or right is None:
        return left is None and right is None
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if isinstance(left, float) or isinstance(right, float):
        if not isinstance(left, (int, float)) or not isinstance(right, (int, float)):
            return False
        if math.isnan(left) or math.isnan(right):
            return math.isnan(left) and math.isnan(right)
        return math.isclose(left, right, rel_tol=FLOAT_TOLERANCE, abs_tol=FLOAT_TOLERANCE)
    if isinstance(left, datetime) != isinstance(right, datetime):
        return False
    if isinstance(left, date) and isinstance(right, date):
        return left == right
    return type(left) is type(right) and left == right


def _assert_same(name: str, engine: str, expected: tuple, actual: tuple) -> None:
    exp_columns, exp_rows = expected
    act_columns, act_rows = actual
    assert act_columns == exp_columns, f"{name}: columns differ on {engine}"
    assert len(act_rows) == len(exp_rows), (
        f"{name}: {len(act_rows)} rows on {engine}, {len(exp_rows)} on duckdb"
    )
    for index, (exp_row, act_row) in enumerate(zip(exp_rows, act_rows, strict=True)):
        for column, exp_value, act_value in zip(exp_columns, exp_row, act_row, strict=True):
            assert _values_equal(exp_value, act_value), (
                f"{name} row {index} column {column}: "
                f"duckdb {exp_value!r} != {engine} {act_value!r}"
                f"\n duckdb row: {exp_row}\n {engine} row: {act_row}"
            )


# --- reading a DuckDB build back --------------------------------------------------------


def _duckdb_marts(db: Path, marts: list[tuple[str, str]]) -> dict[str, list]:
    """Every mart of a DuckDB build, read back as comparable rows ("schema.table" -> rows)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = {}
        for schema, table in marts:
            cursor = con.execute(f'select * from "{schema}"."{table}"')
            tables[f"{schema}.{table}"] = _table(
                [d[0] for d in cursor.description], cursor.fetchall()
            )
    finally:
        con.close()
    return tables



# --- no message text in the marts (DuckDB warehouse of `make test`) ---------------------


def test_marts_carry_no_message_text(warehouse) -> None:
    marts = warehouse.query(
        "select table_schema, table_name from information_schema.tables "
        "where table_schema = 'marts'"
    )
    assert marts, "no marts in the warehouse"
    checked_values = 0
    for schema, table in marts:
        columns = warehouse.query(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = ? and table_name = ?",
            [schema, table],
        )
        for column, data_type in columns:
            # a flag or a count named for a text (has_gap_no_transcript) holds no text
            if data_type.upper() not in ("VARCHAR", "TEXT", "STRING"):
                continue
            assert not FREE_TEXT_COLUMNS.search(column.lower()), (
                f"{schema}.{table}.{column} looks like a free-text column"
            )
            values = warehouse.query(
                f'select distinct "{column}" from "{schema}"."{table}" where "{column}" is not null'
            )
            for (value,) in values:
                checked_values += 1
                assert not EMAIL.search(value), (
                    f"{schema}.{table}.{column} holds an email: {value!r}"
                )
                assert not PHONE.search(value), (
                    f"{schema}.{table}.{column} holds a phone number: {value!r}"
                )
    assert checked_values > 0, "no text values were checked"


def test_comparison_can_fail() -> None:
    """The cross-engine comparison catches a changed value, a missing row and a type change."""
    reference = _table(
        ["path", "nps", "is_durable"], [("ai_escalated", 12.5, True), ("all", 40.0, None)]
    )
    _assert_same(
        "m",
        "x",
        reference,
        _table(
            ["path", "nps", "is_durable"],
            [("all", 40.0 + 1e-12, None), ("ai_escalated", Decimal("12.5"), True)],
        ),
    )
    changed = [("ai_escalated", 12.5 + 1e-6, True), ("all", 40.0, None)]
    with pytest.raises(AssertionError, match="column nps"):
        _assert_same("m", "x", reference, _table(["path", "nps", "is_durable"], changed))
    with pytest.raises(AssertionError, match="1 rows"):
        _assert_same("m", "x", reference, _table(["path", "nps", "is_durable"], changed[:1]))
    as_int = [("ai_escalated", 12.5, 1), ("all", 40.0, None)]
    with pytest.raises(AssertionError, match="column is_durable"):
        _assert_same("m", "x", reference, _table(["path", "nps", "is_durable"], as_int))


def test_pii_patterns_can_fail() -> None:
    """The patterns above do catch what the generator plants in message bodies."""
    assert EMAIL.search("write to jane.doe@example.com please")
    assert PHONE.search("call me on +1 415-555-0134")
    assert PHONE.search("(415) 555 0134")
    assert FREE_TEXT_COLUMNS.search("body") and FREE_TEXT_COLUMNS.search("packet_summary")
    assert FREE_TEXT_COLUMNS.search("comment") and not FREE_TEXT_COLUMNS.search("conversation_id")


def test_engine_flags_documented() -> None:
    """The engine switches this module reads are the ones the Makefile passes."""
    makefile = (ROOT / "Makefile").read_text()
    if "# --- other engines ---" not in makefile:
        pytest.skip("Makefile has no engine targets yet")
    assert "SEAM_ENGINES=postgres" in makefile and "SEAM_ENGINES=spark" in makefile
    assert "SEAM_REQUIRE_ENGINES=1" in makefile

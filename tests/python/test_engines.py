"""The same project on DuckDB, PostgreSQL and Spark: marts equal row for row, BI least privilege.

Engine suites are opt-in, because each builds the whole project on another engine
(SEAM_ENGINES, SEAM_REQUIRE_ENGINES: see _engines.py); `make test` stays DuckDB only.

One small generated dataset (2,000 conversations, 4 weeks, 2% dirty rows) is loaded into each
engine with the project's loader and built with one `dbt build` per engine (Spark pays its
~25 s session start once). Every model under models/marts (read from the DuckDB build's
manifest) is then compared with DuckDB's: same columns, same rows, floats equal to 1e-9.

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
import os
import pickle
import re
import sys
import textwrap
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from _engines import env, postgres_ready, require_selected, run, spark_ready

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
DBT = str(Path(sys.executable).with_name("dbt"))
FLOAT_TOLERANCE = 1e-9

# Same shapes as the PII redaction vars (dbt_project.yml), applied to mart values.
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+[.][A-Za-z]{2,}")
PHONE = re.compile(r"[+]?[0-9]{0,3}[ .-]?[(]?[0-9]{3}[)]?[ .-]?[0-9]{3}[ .-]?[0-9]{4}")
FREE_TEXT_COLUMNS = re.compile(
    r"(^|_)(body|bodies|comment|comments|summary|text|transcript|message_text|note)s?$"
)


# --- helpers ---------------------------------------------------------------------------


def _load_and_build(raw: Path, workdir: Path, target: str, **extra: str) -> Path:
    """Load the raw Parquet with the project's loader, then one `dbt build`; returns target dir."""
    workdir.mkdir(parents=True, exist_ok=True)
    environment = env(workdir, **extra)
    run(
        [PY, "-m", "seam", "load", "--from", str(raw), "--target", target],
        environment,
        f"load ({target})",
    )
    # --full-refresh: incremental models compare as full builds, whatever the database held.
    run([DBT, "build", "--full-refresh", "--target", target], environment, f"dbt build ({target})")
    return workdir / "target"


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


# --- the shared dataset and the DuckDB reference ----------------------------------------


@pytest.fixture(scope="module")
def engines_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 conversations over 4 weeks with 2% dirty rows (or SEAM_ENGINES_RAW if given)."""
    given = os.environ.get("SEAM_ENGINES_RAW")
    if given:
        return Path(given).resolve()
    from seam.synth import generate

    out = tmp_path_factory.mktemp("engines_raw")
    generate(
        out_dir=out,
        conversations=2_000,
        seed=23,
        start=date(2026, 8, 31),
        weeks=4,
        dirty_rate=0.02,
        progress=False,
    )
    return out


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


@pytest.fixture(scope="module")
def duckdb_reference(engines_raw: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("engines_duckdb")
    db = work / "seam.duckdb"
    target_dir = _load_and_build(engines_raw, work, "dev", SEAM_DUCKDB_PATH=str(db))
    marts = _marts(target_dir)
    return {"marts": marts, "tables": _duckdb_marts(db, marts), "target_dir": target_dir}


# --- Postgres ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def postgres_build(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict:
    require_selected("postgres")
    dsn = postgres_ready()
    # Only now the DuckDB reference and the dataset: a skipped engine costs no build.
    request.getfixturevalue("duckdb_reference")
    engines_raw = request.getfixturevalue("engines_raw")
    work = tmp_path_factory.mktemp("engines_postgres")
    target_dir = _load_and_build(engines_raw, work, "postgres")
    return {"dsn": dsn, "target_dir": target_dir}


@pytest.mark.engines
def test_postgres_marts_equal_duckdb(postgres_build: dict, duckdb_reference: dict) -> None:
    import psycopg2

    con = psycopg2.connect(**postgres_build["dsn"])
    try:
        with con.cursor() as cursor:
            for schema, table in duckdb_reference["marts"]:
                cursor.execute(f'select * from "{schema}"."{table}"')
                actual = _table([d[0] for d in cursor.description], cursor.fetchall())
                name = f"{schema}.{table}"
                _assert_same(name, "postgres", duckdb_reference["tables"][name], actual)
    finally:
        con.close()


@pytest.mark.engines
def test_postgres_bi_role_reads_marts_only(postgres_build: dict) -> None:
    """As the BI role: every mart is readable; raw, staging, intermediate, seeds are not."""
    import psycopg2
    from psycopg2 import errors

    layers = _relations_by_layer(postgres_build["target_dir"])
    raw_schema = os.environ.get("SEAM_RAW_SCHEMA", "raw")
    denied = [(raw_schema, "conversations"), (raw_schema, "messages")]
    for layer in ("staging", "intermediate", "seeds"):
        denied += sorted(layers.get(layer, []))[:3]
    assert any(s == "staging" for s, _ in denied) and any(s == "intermediate" for s, _ in denied)

    bi = {
        **postgres_build["dsn"],
        "user": os.environ.get("SEAM_PG_BI_ROLE", "seam_bi"),
        "password": os.environ.get("SEAM_PG_BI_PASSWORD", "seam_bi"),
    }
    con = psycopg2.connect(**bi)
    con.autocommit = True
    try:
        with con.cursor() as cursor:
            for schema, table in sorted(layers["marts"]):
                cursor.execute(f'select count(*) from "{schema}"."{table}"')
                assert cursor.fetchone()[0] >= 0
            for schema, table in denied:
                with pytest.raises(errors.InsufficientPrivilege):
                    cursor.execute(f'select count(*) from "{schema}"."{table}"')
    finally:
        con.close()


# --- Spark ------------------------------------------------------------------------------

_SPARK_EXPORT = textwrap.dedent(
    """
    import pickle, sys
    from seam.warehouse import spark_session
    relations = pickle.loads(bytes.fromhex(sys.argv[1]))
    spark = spark_session()
    out = {}
    for name in relations:
        frame = spark.table(name)
        out[name] = (frame.columns, [tuple(row) for row in frame.collect()])
    spark.stop()
    with open(sys.argv[2], "wb") as handle:
        pickle.dump(out, handle)
    """
)


@pytest.fixture(scope="module")
def spark_build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    require_selected("spark")
    spark_ready()
    duckdb_reference = request.getfixturevalue("duckdb_reference")
    engines_raw = request.getfixturevalue("engines_raw")
    work = tmp_path_factory.mktemp("engines_spark")
    spark_dir = work / "spark"
    target_dir = _load_and_build(engines_raw, work, "spark", SEAM_SPARK_DIR=str(spark_dir))
    names = [f"{schema}.{table}" for schema, table in duckdb_reference["marts"]]
    dump = work / "marts.pickle"
    # Read back in a separate process: the Derby metastore admits one JVM at a time.
    run(
        [PY, "-c", _SPARK_EXPORT, pickle.dumps(names).hex(), str(dump)],
        env(work, SEAM_SPARK_DIR=str(spark_dir)),
        "reading the Spark marts",
    )
    with open(dump, "rb") as handle:
        tables = pickle.load(handle)  # noqa: S301 - our own file, written just above
    return {"tables": tables, "target_dir": target_dir}


@pytest.mark.engines
def test_spark_marts_equal_duckdb(spark_build: dict, duckdb_reference: dict) -> None:
    for schema, table in duckdb_reference["marts"]:
        name = f"{schema}.{table}"
        columns, rows = spark_build["tables"][name]
        _assert_same(name, "spark", duckdb_reference["tables"][name], _table(list(columns), rows))


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

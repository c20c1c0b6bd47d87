"""Builds that must not fail on valid input, and must fail early and clearly on invalid input.

- Typed raw: the test dataset landed the way an ELT tool types it (timestamps with and without
  time zone, booleans, doubles) builds green with a plain `dbt build` (unit tests included)
  and every mart equals the text load's, row for row.
- The raw contract is written twice (the sources YAML for docs, the `raw_contract` macro for
  the pre-flight check and the unit-test fixtures); both, and the column lists of the staging
  base models, agree.
- An optional table that is absent while its var is on stops the run before anything runs,
  naming the var; with the var off, the build is green.
- A missing or renamed column, or a column whose type cannot hold the contract's, stops the
  run before anything runs, naming table, column and expectation.

The typed copy is converted in Python from the raw Parquet files (an independent reading of
the contract: ISO timestamps, offsets, booleans, numbers), not by the project's SQL.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DBT = str(Path(sys.executable).with_name("dbt"))
CONTRACT_MACRO = ROOT / "macros" / "contract" / "raw_contract.sql"
SOURCES = ROOT / "models" / "staging" / "support" / "_support__sources.yml"
BASES = ROOT / "models" / "staging" / "support" / "base"
LOADED_AT = "_loaded_at"

# How the typed copy lands each timestamp column: with time zone (timestamptz, as Fivetran's
# TIMESTAMP WITH TIME ZONE) or naive UTC (as a loader that normalises to UTC).
TIMESTAMP_WITH_ZONE = {
    ("conversations", "created_at"), ("conversations", "closed_at"), ("surveys", "responded_at"),
    ("ai_actions", "performed_at"),
}
TRUE = {"true", "t", "1", "yes", "y"}
FALSE = {"false", "f", "0", "no", "n"}


# --- the contract, read three ways --------------------------------------------------------


def _macro_contract() -> dict[str, list[tuple[str, str]]]:
    """table -> [(column, type)] from the raw_contract macro (loaded_at -> _loaded_at)."""
    text = CONTRACT_MACRO.read_text()
    tables: dict[str, list[tuple[str, str]]] = {}
    blocks = re.split(r"\n\s*'(\w+)': \{'optional_var'", text)
    for name, body in zip(blocks[1::2], blocks[2::2], strict=True):
        columns = re.findall(r"\('(\w+)', '(\w+)'\)", body.split("]}")[0])
        if re.search(r"\bloaded_at,", body.split("]}")[0]):
            columns.append((LOADED_AT, "timestamp"))
        tables[name] = columns
    return tables


def _yaml_contract() -> dict[str, list[tuple[str, str]]]:
    """table -> [(column, data_type)] from the sources YAML, extra (non-contract) columns out."""
    source = yaml.safe_load(SOURCES.read_text())["sources"][0]
    tables = {}
    for table in source["tables"]:
        if table.get("config", {}).get("meta", {}).get("detected"):
            continue  # applied when present, outside the contract (erasure_requests)
        columns = []
        for column in table["columns"]:
            if column["description"].startswith("Not part of the contract"):
                continue
            name = LOADED_AT if "raw_loaded_at_column" in column["name"] else column["name"]
            columns.append((name, column["data_type"]))
        tables[table["name"]] = columns
    return tables


def _base_columns(table: str) -> list[str]:
    text = (BASES / f"base_support__{table}.sql").read_text()
    listed = re.search(r"set columns = \[(.*?)\]", text, re.DOTALL)
    assert listed, f"base_support__{table}.sql lists no raw columns"
    return re.findall(r"'(\w+)'", listed.group(1))


def test_contract_macro_sources_yaml_and_bases_agree() -> None:
    macro, declared = _macro_contract(), _yaml_contract()
    assert set(macro) == set(declared) and len(macro) == 8
    for table, columns in declared.items():
        assert sorted(macro[table]) == sorted(columns), table
        assert sorted(_base_columns(table)) == sorted(c for c, _ in columns if c != LOADED_AT), (
            table
        )


# --- typed raw ----------------------------------------------------------------------------


def _timestamp(text: str | None, with_zone: bool) -> datetime | None:
    if text is None or not text.strip():
        return None
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    return value if with_zone else value.replace(tzinfo=None)


def _boolean(text: str | None) -> bool | None:
    if text is None or not text.strip():
        return None
    word = text.strip().lower()
    if word in TRUE:
        return True
    if word in FALSE:
        return False
    raise ValueError(f"not a boolean: {text!r}")


def _number(text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    return float(text)


def _typed_table(table: str, raw: pa.Table, contract: list[tuple[str, str]]) -> pa.Table:
    """The raw table as an ELT tool would type it; a value that cannot be typed raises."""
    arrays, fields = [], []
    types = dict(contract)
    for name in raw.column_names:
        values = raw.column(name).to_pylist()
        kind = types.get(name, "text")
        if kind == "timestamp":
            zoned = (table, name) in TIMESTAMP_WITH_ZONE
            typed = [_timestamp(v, zoned) for v in values]
            arrow_type = pa.timestamp("us", tz="UTC" if zoned else None)
        elif kind == "boolean":
            typed, arrow_type = [_boolean(v) for v in values], pa.bool_()
        elif kind == "numeric":
            typed, arrow_type = [_number(v) for v in values], pa.float64()
        else:
            typed, arrow_type = values, pa.string()
        arrays.append(pa.array(typed, arrow_type))
        fields.append(pa.field(name, arrow_type))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def _key_column(table: str) -> str:
    return {"conversations": "conversation_id", "messages": "message_id",
            "surveys": "response_id", "handoffs": "handoff_id", "ai_actions": "action_id",
            "agent_actions": "action_id", "agents": "agent_id",
            "message_labels": "message_id"}[table]


def _write_typed_copy(raw_dir: Path, out: Path) -> dict[str, int]:
    """Typed Parquet for every raw table; rows planted with an unparsable value are left out
    (a typed column cannot hold `not-a-date`: the text load rejects them, so no mart sees
    them either way). Returns the rows left out per table."""
    contract = _yaml_contract()
    truth = pq.read_table(raw_dir / "truth" / "truth_rejections.parquet").to_pylist()
    out.mkdir(parents=True, exist_ok=True)
    dropped: dict[str, int] = {}
    for table, columns in contract.items():
        raw = pq.read_table(raw_dir / f"{table}.parquet")
        bad = {r["key_value"] for r in truth
               if r["table_name"] == table and r["reason"] == "unparsable_value"}
        if bad:
            keys = raw.column(_key_column(table)).to_pylist()
            keep = pa.array([k not in bad for k in keys])
            dropped[table] = raw.num_rows - sum(keep.to_pylist())
            raw = raw.filter(keep)
        pq.write_table(_typed_table(table, raw, columns), out / f"{table}.parquet")
    return dropped


def _dbt(args: list[str], duckdb_path: Path, workdir: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "SEAM_DUCKDB_PATH": str(duckdb_path),
        "DBT_PROFILES_DIR": str(ROOT),
        "SEAM_TARGET_PATH": str(workdir / "target"),
        "DBT_LOG_PATH": str(workdir / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "SEAM_TARGET": "dev",
    }
    return subprocess.run([DBT, *args], cwd=ROOT, env=env, capture_output=True, text=True)


def _load(raw_dir: Path, duckdb_path: Path) -> None:
    env = {**os.environ, "SEAM_DUCKDB_PATH": str(duckdb_path), "DBT_PROFILES_DIR": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "seam", "load", "--from", str(raw_dir)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def _marts(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_schema = 'marts' "
        "order by table_name").fetchall()]


def _rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    def normal(value: object) -> object:
        if isinstance(value, float):
            return None if math.isnan(value) else float(f"{value:.10g}")
        return value
    rows = con.execute(f'select * from marts."{table}"').fetchall()
    return sorted((tuple(normal(v) for v in row) for row in rows), key=repr)


@pytest.fixture(scope="module")
def typed_build(warehouse, tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("typed_raw")
    dropped = _write_typed_copy(warehouse.raw_dir, work / "raw")
    db = work / "typed.duckdb"
    _load(work / "raw", db)
    result = _dbt(["build"], db, work)
    return {"db": db, "result": result, "work": work, "dropped": dropped}


def test_typed_raw_columns_are_typed(typed_build: dict) -> None:
    con = duckdb.connect(str(typed_build["db"]), read_only=True)
    try:
        types = dict(con.execute(
            "select table_name || '.' || column_name, data_type from information_schema.columns "
            "where table_schema = 'raw'").fetchall())
    finally:
        con.close()
    assert types["conversations.created_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["messages.sent_at"] == "TIMESTAMP"
    assert types["messages.is_internal"] == "BOOLEAN"
    assert types["surveys.score"] == "DOUBLE"
    assert types["handoffs.ai_confidence"] == "DOUBLE"
    assert types["message_labels.value"] == "BOOLEAN"


def test_typed_raw_builds_green_with_every_test(typed_build: dict) -> None:
    result = typed_build["result"]
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    run = json.loads((typed_build["work"] / "target" / "run_results.json").read_text())
    statuses = {r["unique_id"]: r["status"] for r in run["results"]}
    unit_tests = [uid for uid in statuses if uid.startswith("unit_test.seam.base_support__")]
    assert len(unit_tests) >= 10, unit_tests
    assert all(statuses[uid] == "pass" for uid in unit_tests)


def test_typed_raw_marts_equal_text_marts(typed_build: dict, warehouse) -> None:
    assert typed_build["result"].returncode == 0, typed_build["result"].stdout[-3000:]
    assert sum(typed_build["dropped"].values()) > 0  # the dirty dataset planted them
    text = duckdb.connect(str(warehouse.duckdb_path), read_only=True)
    typed = duckdb.connect(str(typed_build["db"]), read_only=True)
    try:
        marts = _marts(text)
        assert len(marts) >= 10 and _marts(typed) == marts
        for table in marts:
            assert _rows(typed, table) == _rows(text, table), table
        # Staging kept the same rows; only the unparsable rows a typed column cannot hold
        # are missing from the rejected ones.
        for table, dropped in typed_build["dropped"].items():
            query = (f"select count(*) from staging.stg_support__{table}_rejected "
                     "where rejection_reason = 'unparsable_value'")
            assert text.execute(query).fetchone()[0] == dropped, table
            assert typed.execute(query).fetchone()[0] == 0, table
    finally:
        text.close()
        typed.close()


# --- missing tables and columns -------------------------------------------------------------


@pytest.fixture(scope="module")
def small_raw_loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small clean dataset loaded into DuckDB, nothing built (copied per test)."""
    from seam.synth import generate

    work = tmp_path_factory.mktemp("contract_raw")
    generate(out_dir=work / "raw", conversations=600, seed=5, start=date(2026, 8, 31), weeks=2,
             dirty_rate=0.0, progress=False)
    db = work / "loaded.duckdb"
    _load(work / "raw", db)
    return db


def _copy(db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "w.duckdb"
    shutil.copy(db, target)
    return target


def _schemas(db: Path) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0] for r in con.execute(
            "select distinct table_schema from information_schema.tables").fetchall()}
    finally:
        con.close()


def test_missing_optional_table_names_its_var_and_nothing_runs(small_raw_loaded, tmp_path):
    db = _copy(small_raw_loaded, tmp_path)
    con = duckdb.connect(str(db))
    con.execute("drop table raw.agents")
    con.close()

    failed = _dbt(["build"], db, tmp_path)
    assert failed.returncode != 0
    assert "raw.agents does not exist" in failed.stdout
    assert "has_agents: false" in failed.stdout
    assert "Catalog Error" not in failed.stdout
    assert _schemas(db) == {"raw"}  # nothing was built, not even a seed

    switched_off = _dbt(["build", "--vars", "{has_agents: false}"], db, tmp_path)
    assert switched_off.returncode == 0, switched_off.stdout[-4000:]
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("select count(*) from marts.fct_conversations").fetchone()[0] == 600
        assert con.execute("select count(*) from staging.stg_support__agents").fetchone()[0] == 0
    finally:
        con.close()


def test_contract_violations_are_named_and_stop_the_run(small_raw_loaded, tmp_path):
    db = _copy(small_raw_loaded, tmp_path)
    con = duckdb.connect(str(db))
    con.execute("alter table raw.messages rename column body to message_body")
    con.execute("alter table raw.surveys drop column score")
    con.execute("alter table raw.conversations alter created_at type boolean using false")
    con.execute("alter table raw.handoffs alter packet_ai_actions type varchar[] using []")
    con.close()

    for args in (["build"], ["run-operation", "check_raw_contract"]):
        failed = _dbt(args, db, tmp_path)
        assert failed.returncode != 0, args
        out = failed.stdout
        assert "do not meet the raw contract" in out
        assert "raw.messages.body is missing: the contract expects a text column named body" in out
        assert "(a renamed column?): message_body" in out
        assert "raw.surveys.score is missing: the contract expects a numeric column" in out
        assert re.search(r"raw\.conversations\.created_at is boolean, which cannot hold the "
                         r"contract's timestamp", out)
        assert re.search(r"raw\.handoffs\.packet_ai_actions is varchar\[\], which cannot hold "
                         r"the contract's text", out)
        assert "Invalid column name" not in out and "Binder Error" not in out
    assert _schemas(db) == {"raw"}


def test_valid_contract_passes_the_check(small_raw_loaded, tmp_path):
    db = _copy(small_raw_loaded, tmp_path)
    result = _dbt(["run-operation", "check_raw_contract"], db, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "raw contract: 8 tables and 60 columns match" in result.stdout

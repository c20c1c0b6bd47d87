"""Scheduled runs: a history loaded in daily batches and built after each batch gives, table
for table and row for row, what one full refresh of the same raw data gives; a second build on
unchanged data changes nothing. On DuckDB in `make test`, and on Postgres and Spark in their
engine suites (`make test-postgres`, `make test-spark`: SEAM_ENGINES, see _engines.py).

Small on purpose (3k conversations over two weeks, the last five days as daily batches, 2%
dirty rows) so the suites stay within budget. The batches carry the late data a scheduled
run meets: conversations first seen open and closed a day later (upserted by key), surveys
days after close, messages of long conversations on later days, and a planted share of
messages and surveys 1-3 days late.

Each engine replays the same batches (_replay.py): DuckDB and Postgres build with every data
test after each batch, as `--selector nightly` does; Spark builds models and seeds only (a
Spark build pays about a second per node), in one process so its session starts once. Every
table of marts, staging and intermediate and the reconciliation table is compared with a
`--full-refresh` build of the same raw data. In the engine suites that build runs every data
test and unit test on the engine, its marts are compared row for row with DuckDB's build of
the same batches (test_engines._assert_same), and on Postgres the BI role is checked against
it: marts readable, nothing else.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import duckdb
import pytest
from _engines import postgres_ready, require_selected, spark_ready
from _replay import DBT, ROOT, DuckDBEngine, PostgresEngine, replay, replay_in_subprocess
from conftest import Warehouse
from test_engines import _assert_same, _duckdb_marts, _marts, _relations_by_layer, _table

DAILY_BATCHES = 5
NIGHTLY = ["--exclude-resource-type", "unit_test"]
MODELS_ONLY = [*NIGHTLY, "--exclude-resource-type", "test"]
# the engine suites' `--full-refresh` build: every model, seed, data test and unit test
EVERYTHING: list[str] = []


def _same(left: object, right: object) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return (math.isnan(left) and math.isnan(right)) or math.isclose(
            left, right, rel_tol=1e-9, abs_tol=1e-9
        )
    return left == right


def _differences(expected: dict, actual: dict) -> list[str]:
    problems = []
    for relation in sorted(set(expected) | set(actual)):
        want, got = expected.get(relation), actual.get(relation)
        if want is None or got is None:
            problems.append(f"{relation}: present in one warehouse only")
        elif len(want) != len(got):
            problems.append(f"{relation}: {len(want) - 1} rows expected, {len(got) - 1} found")
        else:
            bad = [
                (w, g) for w, g in zip(want, got, strict=True)
                if len(w) != len(g) or not all(_same(a, b) for a, b in zip(w, g, strict=True))
            ]
            if bad:
                problems.append(f"{relation}: {len(bad)} rows differ, first {bad[0]}")
    return problems


@pytest.fixture(scope="module")
def batches(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from seam.batches import split
    from seam.synth import generate

    work = tmp_path_factory.mktemp("incremental")
    raw, batches_dir = work / "raw", work / "batches"
    generate(out_dir=raw, conversations=3_000, seed=23, start=date(2026, 8, 31), weeks=2,
             dirty_rate=0.02, progress=False)
    listed = split(raw, batches_dir, days=DAILY_BATCHES, late_share=0.05, seed=5)
    return {"work": work, "raw": raw, "batches_dir": batches_dir, "batches": listed,
            "folders": [b["folder"] for b in listed]}


@pytest.fixture(scope="module")
def duckdb_replay(batches: dict) -> dict:
    """The DuckDB replay, with a copy of the warehouse as the last daily build left it."""
    work = batches["work"] / "duckdb"
    kept = batches["work"] / "after_batches.duckdb"
    result = replay(DuckDBEngine(work), batches["batches_dir"], batches["folders"], NIGHTLY,
                    keep=kept)
    return {**result, "kept": kept}


@pytest.fixture(
    scope="module",
    params=[
        "duckdb",
        pytest.param("postgres", marks=pytest.mark.engines),
        pytest.param("spark", marks=pytest.mark.engines),
    ],
)
def engine_replay(request: pytest.FixtureRequest, batches: dict) -> dict:
    engine = request.param
    work = batches["work"] / engine
    if engine == "duckdb":
        result = request.getfixturevalue("duckdb_replay")
    elif engine == "postgres":
        require_selected("postgres")
        postgres_ready()
        result = replay(
            PostgresEngine(work), batches["batches_dir"], batches["folders"], NIGHTLY,
            full_args=EVERYTHING,
        )
    else:
        require_selected("spark")
        spark_ready()
        # every Spark model is a full table: a second build on the same data is not repeated
        result = replay_in_subprocess(
            "spark", work, batches["batches_dir"], batches["folders"], MODELS_ONLY, rebuild=False,
            full_args=EVERYTHING,
        )
    return {"engine": engine, "target_dir": work / "target", **result}


def test_batches_carry_late_data(batches: dict) -> None:
    batches_dir = batches["batches_dir"]
    assert len(batches["batches"]) == DAILY_BATCHES + 1
    con = duckdb.connect()
    later = [batches_dir / b["folder"] for b in batches["batches"][1:]]
    first = batches_dir / batches["batches"][0]["folder"]
    files = ", ".join(f"'{folder / 'conversations.parquet'}'" for folder in [first, *later])
    # the same conversation arrives twice: open first, final later (an upsert)
    versions = con.execute(
        f"select count(*) from (select conversation_id from read_parquet([{files}]) "
        "group by 1 having count(distinct status) > 1)"
    ).fetchone()[0]
    assert versions > 0
    for table, ts in [("messages", "sent_at"), ("surveys", "responded_at")]:
        late = con.execute(
            f"select count(*) from read_parquet('{later[-1] / (table + '.parquet')}') "
            f"where try_cast({ts} as timestamptz) at time zone 'UTC' "
            f"< cast(_loaded_at as timestamp) - interval 2 day"
        ).fetchone()[0]
        assert late > 0, f"no late {table} in the last batch"


def test_incremental_runs_touch_a_subset(engine_replay: dict) -> None:
    touched = engine_replay["touched"]
    assert len(touched) == DAILY_BATCHES + 1
    if engine_replay["engine"] == "spark":
        # Spark rebuilds every table in full (no delete on Parquet): every conversation
        # held so far is touched, and the count only grows
        assert touched == sorted(touched) and touched[0] > 0, touched
        return
    assert touched[0] > 0
    # the daily runs re-process some conversations, not the whole history
    assert all(0 < n < touched[0] for n in touched[1:]), touched


def test_daily_batches_equal_full_refresh(engine_replay: dict) -> None:
    problems = _differences(engine_replay["full"], engine_replay["after_batches"])
    assert not problems, "\n".join(problems)
    assert any(name.startswith("marts.") for name in engine_replay["full"])
    assert "staging.base_support__messages" in engine_replay["full"]


def test_second_build_changes_nothing(engine_replay: dict) -> None:
    if engine_replay["rebuilt"] is None:
        pytest.skip(f"not repeated on {engine_replay['engine']}: every model is a full table")
    problems = _differences(engine_replay["after_batches"], engine_replay["rebuilt"])
    assert not problems, "\n".join(problems)


# --- the engines against DuckDB: same marts, and the BI role reads marts only ---------------


@pytest.fixture(scope="module")
def duckdb_reference(batches: dict) -> dict:
    """The same batches loaded into DuckDB and built once: every mart, as comparable rows."""
    engine = DuckDBEngine(batches["work"] / "duckdb_reference")
    for number, folder in enumerate(batches["folders"]):
        engine.load(batches["batches_dir"] / folder, first=number == 0)
    engine.build(*MODELS_ONLY)
    marts = _marts(engine.work / "target")
    return {"marts": marts, "tables": _duckdb_marts(engine.path, marts)}


def test_marts_equal_duckdb(engine_replay: dict, request: pytest.FixtureRequest) -> None:
    """Every mart of the engine's `--full-refresh` build equals DuckDB's build of the same raw
    data: same columns, same rows, floats to 1e-9 (test_engines._assert_same)."""
    if engine_replay["engine"] == "duckdb":
        pytest.skip("DuckDB is the reference: the engine suites compare Postgres and Spark to it")
    reference = request.getfixturevalue("duckdb_reference")
    assert len(reference["marts"]) >= 10, reference["marts"]
    for schema, table in reference["marts"]:
        name = f"{schema}.{table}"
        assert name in engine_replay["full"], f"{name} missing on {engine_replay['engine']}"
        header, *rows = engine_replay["full"][name]
        _assert_same(name, engine_replay["engine"], reference["tables"][name],
                     _table(list(header), rows))


def test_postgres_bi_role_reads_marts_only(engine_replay: dict) -> None:
    """As the BI role: every mart is readable; raw, staging, intermediate, seeds are not."""
    if engine_replay["engine"] != "postgres":
        pytest.skip("grants are checked on Postgres (DuckDB and local Spark have no roles)")
    import psycopg2
    from psycopg2 import errors

    from seam.warehouse import postgres_dsn

    layers = _relations_by_layer(engine_replay["target_dir"])
    raw_schema = os.environ.get("SEAM_RAW_SCHEMA", "raw")
    denied = [(raw_schema, "conversations"), (raw_schema, "messages")]
    for layer in ("staging", "intermediate", "seeds"):
        denied += sorted(layers.get(layer, []))[:3]
    assert any(s == "staging" for s, _ in denied) and any(s == "intermediate" for s, _ in denied)

    bi = {
        **postgres_dsn("postgres"),
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


def test_postgres_plans_without_nested_loops_only_where_configured(engine_replay: dict) -> None:
    """A model configured `postgres_no_nested_loops` sends `set local enable_nestloop = off`
    with its session options (macro set_planner_options), in its own transaction; no other
    model does. Read from dbt's log of the replay's builds."""
    if engine_replay["engine"] != "postgres":
        pytest.skip("a Postgres planner option: nothing is sent on DuckDB or Spark")
    import re

    target_dir = engine_replay["target_dir"]
    manifest = json.loads((target_dir / "manifest.json").read_text())
    configured = {
        node["name"] for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"].get("postgres_no_nested_loops")
    }
    assert "int_text_customer_followups_classified" in configured
    sent = set()
    for log in sorted((target_dir.parent / "logs").glob("dbt.log*")):
        sent |= set(re.findall(
            r"On model\.seam\.(\w+): /\*[^\n]*\*/\s*set jit = off;\s*"
            r"set local enable_nestloop = off",
            log.read_text(errors="replace"),
        ))
    assert sent == configured


def test_batches_manifest(batches: dict) -> None:
    listed = json.loads((batches["batches_dir"] / "batches.json").read_text())
    assert [b["folder"] for b in listed] == [b["folder"] for b in batches["batches"]]


# --- the nightly guards: touched rows every night, whole tables weekly and in CI ------------

TOUCHED_TESTS = {
    "touched_rows_valid_int_text_tokens_split",
    "touched_rows_valid_int_text_message_languages",
    "touched_rows_valid_int_surveys_attributed",
}


def _guard_run(kept: Path, tmp_path: Path, args: list[str],
               plant: list[str]) -> dict[str, tuple[str, list[str]]]:
    """Copy the warehouse of the last daily build, run `plant` in it, then `dbt test <args>`
    storing failures; returns each test's status and the kinds of failure it stored."""
    db = tmp_path / "seam.duckdb"
    shutil.copy(kept, db)
    con = duckdb.connect(str(db))
    try:
        for statement in plant:
            con.execute(statement)
    finally:
        con.close()
    engine = DuckDBEngine(tmp_path)
    result = subprocess.run(
        [DBT, "test", "--quiet", "--store-failures", *args], cwd=ROOT, env=engine.env,
        capture_output=True, text=True,
    )
    results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    assert results, result.stdout[-3000:] + result.stderr[-3000:]
    outcome = {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        for row in results:
            if not row["unique_id"].startswith("test."):
                continue
            name = row["unique_id"].split(".")[2]
            failures = []
            if name.startswith("touched_rows_valid") and row["status"] == "fail":
                schema = con.execute(
                    "select table_schema from information_schema.tables where table_name = ?",
                    [name],
                ).fetchone()[0]
                failures = sorted({
                    f for (f,) in con.execute(f'select failure from "{schema}"."{name}"').fetchall()
                })
            outcome[name] = (row["status"], failures)
    finally:
        con.close()
    return outcome


def _one(kept: Path, sql: str) -> tuple:
    con = duckdb.connect(str(kept), read_only=True)
    try:
        row = con.execute(sql).fetchone()
    finally:
        con.close()
    assert row is not None, sql
    return row


TOUCHED = "(select conversation_id from control.ctl_touched_conversations)"


def _untouched_token_duplicate(kept: Path) -> list[str]:
    """The statement that duplicates one token row of a conversation the last run left
    untouched (a key the nightly guard of an incremental run does not read)."""
    message = _one(kept, "select message_id from intermediate.int_text_tokens_split "
                         f"where conversation_id not in {TOUCHED} order by 1 limit 1")[0]
    return [
        "insert into intermediate.int_text_tokens_split select * from "
        f"intermediate.int_text_tokens_split where message_id = '{message}' "
        "and sentence_number = 1 and token_number = 1",
    ]


def test_nightly_selector_runs_the_touched_guards(duckdb_replay: dict, tmp_path: Path) -> None:
    """The nightly selector runs every touched_rows_valid test and no whole-table test, and
    all pass on a real incremental state."""
    outcome = _guard_run(duckdb_replay["kept"], tmp_path, ["--selector", "nightly"], [])
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    tags = {node["name"]: node["config"]["tags"] for node in manifest["nodes"].values()
            if node["resource_type"] == "test"}
    touched_guards = {name for name in tags if name.startswith("touched_rows_valid")}
    assert len(touched_guards) >= 10, touched_guards
    assert touched_guards <= set(outcome), touched_guards - set(outcome)
    assert not [name for name in outcome if "whole_table" in tags[name]]
    assert any("whole_table" in t for t in tags.values())
    assert all(status == "pass" for status, _ in outcome.values()), {
        name: status for name, (status, _) in outcome.items() if status != "pass"
    }
    weekly = subprocess.run(
        [DBT, "ls", "--quiet", "--selector", "weekly", "--resource-type", "test",
         "--output", "name"], cwd=ROOT, env=DuckDBEngine(tmp_path).env, capture_output=True,
        text=True,
    ).stdout.split()
    whole_table = {name for name, tag_list in tags.items() if "whole_table" in tag_list}
    assert whole_table <= set(weekly) and touched_guards <= set(weekly), weekly[:20]


def test_touched_guard_finds_each_fault_in_a_rebuilt_conversation(
    duckdb_replay: dict, tmp_path: Path
) -> None:
    """A duplicated key, a null, a value outside the accepted list and a lost parent, each
    planted in a conversation the last run rebuilt, fail the nightly guard with its reason."""
    kept = duckdb_replay["kept"]
    token_message = _one(kept, "select message_id from intermediate.int_text_tokens_split "
                               f"where conversation_id in {TOUCHED} order by 1 limit 1")[0]
    language_message = _one(kept, "select message_id from intermediate.int_text_message_languages "
                                  f"where conversation_id in {TOUCHED} order by 1 limit 1")[0]
    surveyed = _one(kept, "select conversation_id from intermediate.int_surveys_attributed "
                          f"where conversation_id in {TOUCHED} order by 1 limit 1")[0]
    plant = [
        # a token row twice, and another token of the same message null
        "insert into intermediate.int_text_tokens_split select * from "
        f"intermediate.int_text_tokens_split where message_id = '{token_message}' "
        "and sentence_number = 1 and token_number = 1",
        "update intermediate.int_text_tokens_split set token = null "
        f"where message_id = '{token_message}' and sentence_number = 1 and token_number = 2",
        "update intermediate.int_text_message_languages set language = 'xx' "
        f"where message_id = '{language_message}'",
        f"delete from intermediate.int_conversations_pathed where conversation_id = '{surveyed}'",
    ]
    selected = ["--select", *sorted(TOUCHED_TESTS)]
    outcome = _guard_run(kept, tmp_path, selected, plant)
    assert outcome["touched_rows_valid_int_text_tokens_split"] == (
        "fail", ["duplicate key", "null token"]
    ), outcome
    assert outcome["touched_rows_valid_int_text_message_languages"] == (
        "fail", ["value not accepted in language"]
    ), outcome
    assert outcome["touched_rows_valid_int_surveys_attributed"] == (
        "fail", ["conversation not in int_conversations_pathed"]
    ), outcome


def test_a_fault_outside_the_touched_rows_is_left_to_the_weekly_guard(
    duckdb_replay: dict, tmp_path: Path
) -> None:
    """A duplicate in a conversation no run has rebuilt since passes the nightly guard (it
    reads the rebuilt conversations only) and fails the whole-table test of the weekly
    selector and CI: the trade the nightly selector makes, tested."""
    kept = duckdb_replay["kept"]
    outcome = _guard_run(kept, tmp_path, ["--select", "int_text_tokens_split",
                                          "--exclude-resource-type", "unit_test"],
                         _untouched_token_duplicate(kept))
    assert outcome["touched_rows_valid_int_text_tokens_split"] == ("pass", []), outcome
    whole = [name for name in outcome if name.startswith("unique_combination_int_text_tokens")]
    assert len(whole) == 1, outcome
    assert outcome[whole[0]][0] == "fail", outcome


def test_after_a_full_run_the_guard_reads_the_whole_table(
    duckdb_replay: dict, warehouse: Warehouse, tmp_path: Path
) -> None:
    """ctl_touched_conversations marks a full build (is_full_run) and an incremental run
    (not); when the last run was full, the nightly guard reads every row without the touched
    filter, so the duplicate that passes it in an incremental state (the test above) fails
    it here."""
    kept = duckdb_replay["kept"]
    assert warehouse.query(
        "select is_full_run, count(*) > 0 from control.ctl_touched_conversations group by 1"
    ) == [(True, True)]
    assert _one(kept, "select count(*), count(*) filter (where is_full_run) "
                      "from control.ctl_touched_conversations")[1] == 0
    plant = [
        *_untouched_token_duplicate(kept),
        "update control.ctl_touched_conversations set is_full_run = true",
    ]
    outcome = _guard_run(kept, tmp_path, ["--select", "touched_rows_valid_int_text_tokens_split"],
                         plant)
    assert outcome["touched_rows_valid_int_text_tokens_split"] == (
        "fail", ["duplicate key"]
    ), outcome

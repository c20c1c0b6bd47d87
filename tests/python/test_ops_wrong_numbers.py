"""Builds that used to pass with wrong numbers: corrected rows re-delivered with the same key,
deletions (full sync, soft-delete columns, erasure requests), a failed reconciliation, and a
load that dies half-way or leaves a stale optional table behind.

One generated history (2,000 conversations over 4 weeks, 2% dirty rows, the issue's size) is
loaded and built, then changed the way a real source changes it, each step followed by a
scheduled (incremental) build, as a nightly run would meet it:
1. 20 NPS responses re-delivered with a corrected score (`--append`);
2. a full re-sync without 100 conversations (their rows in every table gone from the export);
3. 50 conversations flagged `_fivetran_deleted` and 30 messages given a `deleted_at`
   (re-delivered, `--append`);
4. erasure requests for 5 customers;
5. one raw message removed behind the loader's back (an ELT hard delete).
Everything expected is computed in Python from the generator's planted truth and the Parquet
files written here (which rows, which scores, which weeks); the SQL is never re-run. The
incremental warehouse is also compared, mart for mart, with a --full-refresh build of the
same raw data.

The loader cases need no dbt build: a load killed half-way, files that do not validate, and a
full reload without an optional table.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[2]
DBT = str(Path(sys.executable).with_name("dbt"))
PY = sys.executable
TABLES = ("conversations", "messages", "surveys", "handoffs", "ai_actions", "agent_actions",
          "agents", "message_labels")
CONVERSATION_TABLES = ("messages", "surveys", "handoffs", "ai_actions", "agent_actions")
N_CORRECTED, N_REMOVED, N_SOFT_DELETED, N_DELETED_MESSAGES, N_ERASED = 20, 100, 50, 30, 5
# Load times of the steps, further apart than var incremental_lookback_days (3), so each
# nightly run re-processes only what the step touched, as in production.
LOADED_AT = {"history": "2026-10-01 02:00:00", "corrections": "2026-10-10 02:00:00",
             "full_sync": "2026-10-20 02:00:00", "soft_deletes": "2026-10-30 02:00:00"}


# --- helpers --------------------------------------------------------------------------------

def _env(db: Path, work: Path) -> dict[str, str]:
    return {
        **os.environ,
        "SEAM_DUCKDB_PATH": str(db),
        "SEAM_TARGET_PATH": str(work / f"target_{db.stem}"),
        "DBT_LOG_PATH": str(work / f"logs_{db.stem}"),
        "DBT_PROFILES_DIR": str(ROOT),
    }


def _build(db: Path, work: Path, *args: str) -> subprocess.CompletedProcess:
    """A scheduled build: every model and data test; unit tests run in the main build."""
    return subprocess.run(
        [DBT, "build", "--quiet", "--exclude-resource-type", "unit_test", *args],
        cwd=ROOT, env=_env(db, work), capture_output=True, text=True,
    )


def _built(db: Path, work: Path, builds: dict, step: str, *args: str) -> None:
    """A build that should pass; its outcome is kept for test_every_nightly_build_passes."""
    result = _build(db, work, *args)
    builds[step] = (result.returncode, result.stdout[-3000:] + result.stderr[-1000:])


def _load(folder: Path, db: Path, **kwargs) -> dict[str, int]:
    from seam.loader import load

    os.environ["SEAM_DUCKDB_PATH"] = str(db)
    try:
        return load(folder, **kwargs)
    finally:
        del os.environ["SEAM_DUCKDB_PATH"]


def _query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _read(folder: Path, table: str) -> pa.Table:
    return pq.read_table(folder / f"{table}.parquet")


def _trimmed(table: pa.Table, column: str) -> list[str | None]:
    return [None if v is None else (v.strip() or None) for v in table.column(column).to_pylist()]


def _write(folder: Path, tables: dict[str, pa.Table]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        pq.write_table(table, folder / f"{name}.parquet")
    return folder


def _without_conversations(raw: dict[str, pa.Table], gone: set[str]) -> dict[str, pa.Table]:
    """The raw tables as an export without these conversations (and everything in them)."""
    out = {}
    removed_messages = {
        m for m, c in zip(_trimmed(raw["messages"], "message_id"),
                          _trimmed(raw["messages"], "conversation_id"), strict=True)
        if c in gone
    }
    for name, table in raw.items():
        if name == "conversations" or name in CONVERSATION_TABLES:
            keep = [c not in gone for c in _trimmed(table, "conversation_id")]
        elif name == "message_labels":
            keep = [m not in removed_messages for m in _trimmed(table, "message_id")]
        else:
            keep = [True] * table.num_rows
        out[name] = table.filter(pa.array(keep))
    return out


def _nps_by_week(scores: dict[str, int], weeks: dict[str, date]) -> dict[date, tuple[int, float]]:
    """(n, NPS) per week from attributed NPS scores by conversation (Python, not SQL)."""
    cells: dict[date, list[int]] = defaultdict(list)
    for conversation_id, score in scores.items():
        cells[weeks[conversation_id]].append(score)
    return {
        week: (len(s), 100 * (sum(x >= 9 for x in s) - sum(x <= 6 for x in s)) / len(s))
        for week, s in cells.items()
    }


def _mart_nps(db: Path) -> dict[date, tuple[int, float]]:
    return {
        week: (n, nps) for week, n, nps in _query(
            db, "select period_start, n_nps_responses, nps from marts.rpt_nps_by_path "
                "where period_type = 'week' and path = 'all'")
        if n
    }


def _assert_nps_equal(got: dict, want: dict) -> None:
    assert sorted(got) == sorted(want)
    for week, (n, nps) in want.items():
        assert got[week][0] == n, week
        assert got[week][1] == pytest.approx(nps, abs=1e-9), week


def _same(left: object, right: object) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return (math.isnan(left) and math.isnan(right)) or math.isclose(
            left, right, rel_tol=1e-9, abs_tol=1e-9)
    return left == right


def _differing_marts(expected: dict, actual: dict) -> list[str]:
    return sorted(
        name for name in set(expected) | set(actual)
        if name not in expected or name not in actual
        or len(expected[name]) != len(actual[name])
        or not all(len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
                   for a, b in zip(expected[name], actual[name], strict=True))
    )


def _conversation_ids(db: Path) -> set[str]:
    return {c for (c,) in _query(db, "select conversation_id from marts.fct_conversations")}


def _recon(db: Path) -> dict[str, tuple]:
    return {
        row[0]: row[1:] for row in _query(
            db, "select table_name, raw_rows, kept_rows, rejected_rows, exact_duplicate_rows, "
                "deleted_rows, unreconciled_rows from audit.audit_staging_reconciliation")
    }


def _relations_with(db: Path, column: str) -> list[str]:
    return [
        f"{schema}.{name}" for schema, name in _query(
            db, "select table_schema, table_name from information_schema.columns "
                "where column_name = ? and table_schema in "
                "('staging', 'intermediate', 'marts', 'audit') order by 1, 2", [column])
    ]


def _holding(db: Path, column: str, values: set[str]) -> dict[str, int]:
    """Relations (tables and views of staging, intermediate, marts) holding any of values."""
    found = {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        for relation in _relations_with(db, column):
            n = con.execute(
                f"select count(*) from {relation} where {column} in "
                f"(select unnest(?::varchar[]))", [sorted(values)]
            ).fetchone()[0]
            if n:
                found[relation] = n
    finally:
        con.close()
    return found


def _marts(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [n for (n,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' "
            "order by 1").fetchall()]
        out = {}
        for name in names:
            columns = [r[0] for r in con.execute(f"describe marts.{name}").fetchall()]
            order = ", ".join(f'"{c}"' for c in columns)
            out[name] = con.execute(f"select {order} from marts.{name} order by {order}").fetchall()
        return out
    finally:
        con.close()


def _run_results(db: Path, work: Path) -> dict[str, str]:
    results = json.loads((work / f"target_{db.stem}" / "run_results.json").read_text())
    return {r["unique_id"].split(".")[-1]: r["status"] for r in results["results"]}


# --- the scenario ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from seam.loader import erase
    from seam.synth import generate

    work = tmp_path_factory.mktemp("wrong_numbers")
    raw_dir, db = work / "raw", work / "nightly.duckdb"
    generate(out_dir=raw_dir, conversations=2_000, seed=23, start=date(2026, 8, 31), weeks=4,
             dirty_rate=0.02, progress=False)
    truth = {r["conversation_id"]: r for r in pq.read_table(
        raw_dir / "truth" / "truth_conversations.parquet").to_pylist()}
    weeks = {c: r["week_start"] for c, r in truth.items()}
    surveys_truth = pq.read_table(raw_dir / "truth" / "truth_surveys.parquet").to_pylist()
    attributed = {r["response_id"]: r for r in surveys_truth
                  if r["is_attributed"] and r["survey_type"] == "nps"}
    nps = {r["conversation_id"]: r["score"] for r in attributed.values()}
    raw = {t: _read(raw_dir, t) for t in TABLES}
    builds: dict[str, tuple[int, str]] = {}
    out: dict = {"work": work, "db": db, "truth": truth, "weeks": weeks, "raw": raw,
                 "builds": builds}

    _load(raw_dir, db, loaded_at=LOADED_AT["history"])
    _built(db, work, builds, "history")
    out["baseline_nps"] = _mart_nps(db)
    out["expected_baseline_nps"] = _nps_by_week(nps, weeks)

    # 1. corrections: 20 attributed NPS responses of one week re-delivered, score changed
    week = sorted(set(weeks.values()))[2]
    corrected = sorted(r for r, row in attributed.items() if weeks[row["conversation_id"]] == week)
    corrected = corrected[:N_CORRECTED]
    new_score = {r: (attributed[r]["score"] + 6) % 11 for r in corrected}
    surveys = raw["surveys"]
    ids = _trimmed(surveys, "response_id")
    first = [i for i, r in enumerate(ids) if r in new_score and ids.index(r) == i]
    batch = surveys.take(first)
    batch = batch.set_column(
        batch.schema.get_field_index("score"), "score",
        pa.array([str(new_score[r.strip()]) for r in batch.column("response_id").to_pylist()]),
    )
    _load(_write(work / "corrections", {"surveys": batch}), db, tables=["surveys"],
          replace=False, loaded_at=LOADED_AT["corrections"])
    _built(db, work, builds, "corrections")
    for r in corrected:
        nps[attributed[r]["conversation_id"]] = new_score[r]
    out.update(week=week, corrected=corrected, new_score=new_score,
               corrected_nps=_mart_nps(db), expected_corrected_nps=_nps_by_week(nps, weeks),
               superseded=_query(db, "select response_id, score from "
                                     "staging.stg_support__surveys_rejected "
                                     "where rejection_reason = 'superseded'"),
               kept_scores=dict(_query(db, "select response_id, score from "
                                           "staging.stg_support__surveys")))

    # 2. a full re-sync of the current state without 100 conversations; the export now
    #    carries the soft-delete columns, nothing marked yet
    removed = set(sorted(truth)[::20][:N_REMOVED])
    current = dict(raw)
    surveys = current["surveys"]
    scores = [
        str(new_score[r]) if r in new_score else s
        for r, s in zip(_trimmed(surveys, "response_id"),
                        surveys.column("score").to_pylist(), strict=True)
    ]
    current["surveys"] = surveys.set_column(
        surveys.schema.get_field_index("score"), "score", pa.array(scores))
    synced = _without_conversations(current, removed)
    synced["conversations"] = synced["conversations"].append_column(
        "_fivetran_deleted", pa.array([False] * synced["conversations"].num_rows))
    synced["messages"] = synced["messages"].append_column(
        "deleted_at", pa.nulls(synced["messages"].num_rows, pa.string()))
    sync_dir = _write(work / "full_sync", synced)
    _load(sync_dir, db, loaded_at=LOADED_AT["full_sync"])
    _built(db, work, builds, "full_sync")
    out.update(removed=removed, after_sync=_conversation_ids(db), sync_recon=_recon(db),
               removed_staged=_holding(db, "conversation_id", removed))

    # 3. soft deletes re-delivered by the source: 50 conversations flagged, 30 messages
    #    (of other conversations) stamped deleted_at
    alive = sorted(set(truth) - removed)
    conversations = synced["conversations"]
    conversation_ids = _trimmed(conversations, "conversation_id")
    rows_of = Counter(conversation_ids)
    soft = set([c for c in alive if rows_of[c] == 1][5::37][:N_SOFT_DELETED])
    assert len(soft) == N_SOFT_DELETED
    flagged = conversations.filter(pa.array([c in soft for c in conversation_ids]))
    flagged = flagged.set_column(flagged.schema.get_field_index("_fivetran_deleted"),
                                 "_fivetran_deleted", pa.array([True] * flagged.num_rows))
    messages = synced["messages"]
    message_conversations = _trimmed(messages, "conversation_id")
    message_ids = _trimmed(messages, "message_id")
    copies = Counter(message_ids)
    candidates = [i for i, (m, c) in enumerate(zip(message_ids, message_conversations,
                                                     strict=True))
                  if c in truth and c not in soft and m and copies[m] == 1]
    chosen = candidates[::97][:N_DELETED_MESSAGES]
    stamped = messages.take(chosen)
    stamped = stamped.set_column(stamped.schema.get_field_index("deleted_at"), "deleted_at",
                                 pa.array(["2026-10-01 09:00:00"] * stamped.num_rows))
    soft_dir = _write(work / "soft_deletes", {"conversations": flagged, "messages": stamped})
    _load(soft_dir, db, tables=["conversations", "messages"], replace=False,
          loaded_at=LOADED_AT["soft_deletes"])
    _built(db, work, builds, "soft_deletes")
    deleted_messages = {message_ids[i] for i in chosen}
    out.update(soft=soft, deleted_messages=deleted_messages, after_soft=_conversation_ids(db),
               soft_recon=_recon(db), synced=synced,
               soft_staged=_holding(db, "conversation_id", soft),
               deleted_messages_staged=_holding(db, "message_id", deleted_messages))

    # 4. erasure requests for 5 customers with several conversations, one of them escalated
    by_customer: dict[str, list[str]] = defaultdict(list)
    for c in sorted(set(alive) - soft):
        by_customer[truth[c]["customer_id"]].append(c)
    several = sorted(k for k, v in by_customer.items() if len(v) >= 2)
    escalated = [k for k in several
                 if any(truth[c]["path"] == "ai_escalated" for c in by_customer[k])]
    customers = [escalated[0], *[k for k in several if k != escalated[0]][:N_ERASED - 1]]
    os.environ["SEAM_DUCKDB_PATH"] = str(db)
    try:
        erase(customers)
    finally:
        del os.environ["SEAM_DUCKDB_PATH"]
    _built(db, work, builds, "erasure")
    erased = {c for k in customers for c in by_customer[k]}
    # message ids whose every raw row is in an erased conversation (a planted duplicate key
    # may put the same id in another customer's conversation, which stays)
    owners: dict[str, set[str]] = defaultdict(set)
    for m, c in zip(message_ids, message_conversations, strict=True):
        if m:
            owners[m].add(c)
    erased_messages = {m for m, cs in owners.items() if cs <= erased}
    out.update(customers=customers, erased=erased, after_erasure=_conversation_ids(db),
               erasure_recon=_recon(db), erased_staged=_holding(db, "conversation_id", erased),
               erased_messages_staged=_holding(db, "message_id", erased_messages),
               erased_customers_staged=_holding(db, "customer_id", set(customers)),
               erased_raw=_query(db, "select count(*) from raw.conversations where "
                                     "list_contains(?, trim(customer_id))", [customers])[0][0])

    # the nightly warehouse equals a full rebuild of the same raw data
    full = work / "full.duckdb"
    shutil.copyfile(db, full)
    _built(full, work, builds, "full_refresh", "--full-refresh")
    out.update(incremental_marts=_marts(db), full_marts=_marts(full))

    # 5. a raw message removed behind the loader's back, in a conversation no load touches
    #    any more: staging no longer reconciles
    before = _marts(db)
    recent = soft | {message_conversations[i] for i in chosen}
    (gone,) = _query(db, "select min(message_id) from staging.stg_support__messages "
                         "where not list_contains(?, conversation_id)", [sorted(recent)])[0]
    con = duckdb.connect(str(db))
    con.execute("delete from raw.messages where trim(message_id) = ?", [gone])
    con.close()
    failed = _build(db, work)
    out.update(unreconciled_rc=failed.returncode, unreconciled_status=_run_results(db, work),
               marts_before=before, marts_after_failure=_marts(db))
    out["repair_rc"] = _build(db, work, "--full-refresh").returncode
    return out


def test_every_nightly_build_passes(history):
    failed = {step: log for step, (rc, log) in history["builds"].items() if rc != 0}
    assert not failed, failed


# --- 1. corrections -------------------------------------------------------------------------

def test_the_history_matches_planted_truth_before_any_change(history):
    _assert_nps_equal(history["baseline_nps"], history["expected_baseline_nps"])


def test_corrected_surveys_supersede_the_first_version(history):
    corrected, new_score = history["corrected"], history["new_score"]
    assert len(corrected) == N_CORRECTED
    assert sorted(r for r, _ in history["superseded"]) == corrected
    for response_id in corrected:
        assert history["kept_scores"][response_id] == new_score[response_id], response_id


def test_week_nps_after_corrections_equals_truth_with_the_new_scores(history):
    week = history["week"]
    before_n, _ = history["baseline_nps"][week]
    got_n, got = history["corrected_nps"][week]
    want_n, want = history["expected_corrected_nps"][week]
    assert got_n == want_n == before_n, "a correction must not cost the week any response"
    assert got == pytest.approx(want)
    _assert_nps_equal(history["corrected_nps"], history["expected_corrected_nps"])


# --- 2. full sync ---------------------------------------------------------------------------

def _same_set(got: set[str], want: set[str]) -> None:
    assert got == want, (f"{len(got)} conversations in fct_conversations, {len(want)} expected: "
                         f"{len(got - want)} extra, {len(want - got)} missing")


def test_conversations_gone_from_a_full_sync_leave_every_model(history):
    _same_set(history["after_sync"], set(history["truth"]) - history["removed"])
    assert history["removed_staged"] == {}


def test_staging_reconciles_after_a_full_sync(history):
    recon = history["sync_recon"]
    for table, (raw, *_rest, deleted, unreconciled) in recon.items():
        assert unreconciled == 0, table
        assert deleted == 0, table
        if table in history["synced"]:
            assert raw == history["synced"][table].num_rows, table


# --- 3. soft deletes ------------------------------------------------------------------------

def test_soft_deleted_conversations_and_messages_leave_every_model(history):
    _same_set(history["after_soft"], history["after_sync"] - history["soft"])
    assert history["soft_staged"] == {}
    assert history["deleted_messages_staged"] == {}


def test_deleted_rows_are_counted_as_python_counts_them(history):
    synced, soft, gone = history["synced"], history["soft"], history["deleted_messages"]
    recon = history["soft_recon"]
    message_conversations = _trimmed(synced["messages"], "conversation_id")
    message_ids = _trimmed(synced["messages"], "message_id")
    in_soft = {m for m, c in zip(message_ids, message_conversations, strict=True) if c in soft}
    expected = {
        "conversations": N_SOFT_DELETED,  # upserted: one flagged row each
        # the soft-deleted conversations' messages, and both versions of each deleted message
        "messages": sum(c in soft for c in message_conversations) + 2 * len(gone),
        "surveys": sum(c in soft for c in _trimmed(synced["surveys"], "conversation_id")),
        "message_labels": sum(m in in_soft | gone
                              for m in _trimmed(synced["message_labels"], "message_id")),
    }
    for table, want in expected.items():
        assert recon[table][4] == want, table
        assert recon[table][5] == 0, table
    assert expected["messages"] > 2 * N_DELETED_MESSAGES and expected["surveys"] > 0


# --- 4. erasure -----------------------------------------------------------------------------

def test_an_erasure_request_removes_the_customer_from_every_table(history):
    erased = history["erased"]
    assert len(erased) >= 2 * N_ERASED
    _same_set(history["after_erasure"], history["after_soft"] - erased)
    assert history["erased_staged"] == {}, "conversation ids left behind"
    assert history["erased_messages_staged"] == {}, "message ids left behind"
    assert history["erased_customers_staged"] == {}, "customer ids left behind"
    assert all(row[5] == 0 for row in history["erasure_recon"].values())
    assert history["erased_raw"] >= len(erased), "raw keeps what the source sent"


def test_the_nightly_warehouse_equals_a_full_rebuild(history):
    incremental, full = history["incremental_marts"], history["full_marts"]
    assert "fct_conversations" in full and "rpt_nps_by_path" in full
    assert _differing_marts(full, incremental) == []


# --- 5. a failed reconciliation -------------------------------------------------------------

def test_a_failed_reconciliation_stops_the_marts(history):
    status = history["unreconciled_status"]
    assert history["unreconciled_rc"] != 0
    assert status["assert_staging_reconciles"] == "fail"
    for mart in ("fct_conversations", "fct_escalations", "rpt_nps_by_path",
                 "rpt_support_health_weekly"):
        assert status[mart] == "skipped", mart
    assert _differing_marts(history["marts_before"], history["marts_after_failure"]) == []
    assert history["repair_rc"] == 0, "--full-refresh repairs it"


# --- 6. the loader --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def loader_raw(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from seam.synth import generate

    base = tmp_path_factory.mktemp("loader")
    old, new = base / "old", base / "new"
    generate(out_dir=old, conversations=300, seed=5, start=date(2026, 8, 31), weeks=2,
             dirty_rate=0.0, progress=False)
    generate(out_dir=new, conversations=400, seed=6, start=date(2026, 9, 14), weeks=2,
             dirty_rate=0.0, progress=False)
    return {"base": base, "old": old, "new": new}


def _raw_counts(db: Path) -> dict[str, tuple]:
    return {
        t: _query(db, f"select count(*), min(conversation_id) from raw.{t}")[0]
        for t in CONVERSATION_TABLES + ("conversations",)
    }


KILL_MID_LOAD = """
import os, signal, sys
from seam import loader
load_table = loader.DuckDBLoader.load_table
def dying(self, table, *args, **kwargs):
    if table == "messages":  # conversations are already written, inside the transaction
        os.kill(os.getpid(), signal.SIGKILL)
    return load_table(self, table, *args, **kwargs)
loader.DuckDBLoader.load_table = dying
loader.load(sys.argv[1])
"""


def test_a_load_killed_half_way_changes_nothing(loader_raw, tmp_path):
    db = tmp_path / "killed.duckdb"
    _load(loader_raw["old"], db)
    before = _raw_counts(db)
    killed = subprocess.run(
        [PY, "-c", KILL_MID_LOAD, str(loader_raw["new"])], cwd=ROOT,
        env={**os.environ, "SEAM_DUCKDB_PATH": str(db)}, capture_output=True, text=True,
    )
    assert killed.returncode == -9, killed.stderr[-2000:]
    assert _raw_counts(db) == before
    _load(loader_raw["new"], db)  # the retry loads everything
    assert _raw_counts(db)["conversations"][0] == pq.ParquetFile(
        loader_raw["new"] / "conversations.parquet").metadata.num_rows


def test_files_are_validated_before_anything_is_written(loader_raw, tmp_path):
    from seam.loader import LoadError

    db = tmp_path / "validated.duckdb"
    _load(loader_raw["old"], db)
    before = _raw_counts(db)
    bad = tmp_path / "bad"
    shutil.copytree(loader_raw["new"], bad)
    messages = _read(bad, "messages").drop_columns(["body"])
    pq.write_table(messages, bad / "messages.parquet")
    (bad / "surveys.parquet").write_bytes(b"PAR1 not really parquet")
    with pytest.raises(LoadError) as error:
        _load(bad, db)
    text = str(error.value)
    assert "nothing was loaded" in text
    assert "messages.parquet: missing column(s) body" in text
    assert "surveys.parquet: not a readable Parquet file" in text
    assert _raw_counts(db) == before
    cli = subprocess.run([PY, "-m", "seam", "load", "--from", str(bad)], cwd=ROOT,
                         env={**os.environ, "SEAM_DUCKDB_PATH": str(db)},
                         capture_output=True, text=True)
    assert cli.returncode == 1 and "Traceback" not in cli.stderr
    assert "missing column(s) body" in cli.stderr


def test_a_full_reload_without_an_optional_table_drops_it_and_says_so(loader_raw, tmp_path):
    db = tmp_path / "optional.duckdb"
    _load(loader_raw["old"], db)
    assert _query(db, "select count(*) from raw.handoffs")[0][0] > 0
    without = tmp_path / "without_handoffs"
    shutil.copytree(loader_raw["new"], without)
    (without / "handoffs.parquet").unlink()
    cli = subprocess.run([PY, "-m", "seam", "load", "--from", str(without)], cwd=ROOT,
                         env={**os.environ, "SEAM_DUCKDB_PATH": str(db)},
                         capture_output=True, text=True)
    assert cli.returncode == 0, cli.stderr
    assert "dropped raw.handoffs" in cli.stderr and "has_handoffs: false" in cli.stderr
    tables = {t for (t,) in _query(
        db, "select table_name from information_schema.tables where table_schema = 'raw'")}
    assert "handoffs" not in tables
    assert _query(db, "select count(*) from raw.conversations")[0][0] == pq.ParquetFile(
        without / "conversations.parquet").metadata.num_rows


def test_an_append_batch_without_an_optional_table_keeps_it(loader_raw, tmp_path):
    db = tmp_path / "append.duckdb"
    _load(loader_raw["old"], db)
    handoffs = _query(db, "select count(*) from raw.handoffs")[0][0]
    batch = _write(tmp_path / "batch", {
        "surveys": _read(loader_raw["new"], "surveys").slice(0, 5),
    })
    _load(batch, db, replace=False)
    assert _query(db, "select count(*) from raw.handoffs")[0][0] == handoffs


def test_corrections_keep_their_load_time_apart(loader_raw, tmp_path):
    """The loader stamps each batch: a correction is a later version, not a conflict."""
    db = tmp_path / "stamped.duckdb"
    _load(loader_raw["old"], db)
    surveys = _read(loader_raw["old"], "surveys").slice(0, 3)
    _load(_write(tmp_path / "again", {"surveys": surveys}), db, tables=["surveys"],
          replace=False, loaded_at="2030-01-01 02:00:00")
    stamps = _query(db, "select count(distinct _loaded_at) from raw.surveys where response_id "
                        "in (select unnest(?::varchar[]))",
                    [pc.utf8_trim_whitespace(surveys.column("response_id")).to_pylist()])
    assert stamps[0][0] == 2

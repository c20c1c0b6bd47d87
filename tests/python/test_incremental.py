"""Scheduled runs: a history loaded in daily batches and built after each batch gives, mart
for mart and row for row, what one full refresh of the same raw data gives; a second build on
unchanged data changes nothing.

Small on purpose (3k conversations over two weeks, the last five days as daily batches, 2%
dirty rows) so `make test` stays within budget. The batches carry the late data a scheduled
run meets: conversations first seen open and closed a day later (upserted by key), surveys
days after close, messages of long conversations on later days, and a planted share of
messages and surveys 1-3 days late.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
DBT = str(Path(sys.executable).with_name("dbt"))
DAILY_BATCHES = 5
# compared: every table in marts, staging and intermediate (the incremental ones among them),
# and the reconciliation view; not the touched set, which differs by design
EXTRA_RELATIONS = ["audit.audit_staging_reconciliation"]
NOT_COMPARED = {"control.ctl_touched_conversations"}


def _dbt(db: Path, work: Path, *args: str) -> None:
    env = {
        **os.environ,
        "SEAM_DUCKDB_PATH": str(db),
        "SEAM_TARGET_PATH": str(work / f"target_{db.stem}"),
        "DBT_LOG_PATH": str(work / f"logs_{db.stem}"),
        "DBT_PROFILES_DIR": str(ROOT),
    }
    result = subprocess.run(
        [DBT, "build", "--quiet", "--exclude-resource-type", "unit_test", *args],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def _relations(db: Path) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        found = con.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_schema in ('marts', 'staging', 'intermediate') "
            "and table_type = 'BASE TABLE' order by 1"
        ).fetchall()
    finally:
        con.close()
    tables = [name for (name,) in found if name not in NOT_COMPARED]
    assert "staging.base_support__messages" in tables and "marts.fct_escalations" in tables
    return tables + EXTRA_RELATIONS


def _snapshot(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        snapshot = {}
        for relation in _relations(db):
            columns = [row[0] for row in con.execute(f"describe {relation}").fetchall()]
            order = ", ".join(f'"{c}"' for c in columns)
            rows = con.execute(f"select {order} from {relation} order by {order}").fetchall()
            snapshot[relation] = [tuple(columns), *rows]
        return snapshot
    finally:
        con.close()


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
def replay(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from seam.batches import split
    from seam.loader import load
    from seam.synth import generate

    work = tmp_path_factory.mktemp("incremental")
    raw, batches_dir = work / "raw", work / "batches"
    generate(out_dir=raw, conversations=3_000, seed=23, start=date(2026, 8, 31), weeks=2,
             dirty_rate=0.02, progress=False)
    batches = split(raw, batches_dir, days=DAILY_BATCHES, late_share=0.05, seed=5)
    incremental = work / "incremental.duckdb"
    touched = []
    for number, batch in enumerate(batches):
        os.environ["SEAM_DUCKDB_PATH"] = str(incremental)
        load(batches_dir / batch["folder"], replace=number == 0)
        _dbt(incremental, work)
        con = duckdb.connect(str(incremental), read_only=True)
        touched.append(
            con.execute(
                "select count(*) from control.ctl_touched_conversations"
            ).fetchone()[0]
        )
        con.close()
    after_batches = _snapshot(incremental)
    _dbt(incremental, work)  # same raw data again
    rebuilt = _snapshot(incremental)
    full = work / "full.duckdb"
    shutil.copyfile(incremental, full)
    _dbt(full, work, "--full-refresh")
    return {
        "work": work, "raw": raw, "batches_dir": batches_dir, "batches": batches,
        "touched": touched, "after_batches": after_batches, "rebuilt": rebuilt,
        "full": _snapshot(full),
    }


def test_batches_carry_late_data(replay: dict) -> None:
    batches_dir = replay["batches_dir"]
    assert len(replay["batches"]) == DAILY_BATCHES + 1
    con = duckdb.connect()
    later = [batches_dir / b["folder"] for b in replay["batches"][1:]]
    first = batches_dir / replay["batches"][0]["folder"]
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


def test_incremental_runs_touch_a_subset(replay: dict) -> None:
    touched = replay["touched"]
    assert touched[0] > 0
    # the daily runs re-process some conversations, not the whole history
    assert all(0 < n < touched[0] for n in touched[1:]), touched


def test_daily_batches_equal_full_refresh(replay: dict) -> None:
    problems = _differences(replay["full"], replay["after_batches"])
    assert not problems, "\n".join(problems)
    assert any(name.startswith("marts.") for name in replay["full"])


def test_second_build_changes_nothing(replay: dict) -> None:
    problems = _differences(replay["after_batches"], replay["rebuilt"])
    assert not problems, "\n".join(problems)


def test_batches_manifest(replay: dict) -> None:
    listed = json.loads((replay["batches_dir"] / "batches.json").read_text())
    assert [b["folder"] for b in listed] == [b["folder"] for b in replay["batches"]]

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
test after each batch, as `--selector nightly` does; Spark builds models and seeds only (its
data tests run in test_engines.py; a Spark build pays about a second per node), in one
process so its session starts once. Every table of marts, staging and intermediate and the
reconciliation view is compared with a `--full-refresh` build of the same raw data.
"""

from __future__ import annotations

import json
import math
from datetime import date

import duckdb
import pytest
from _engines import postgres_ready, require_selected, spark_ready
from _replay import DuckDBEngine, PostgresEngine, replay, replay_in_subprocess

DAILY_BATCHES = 5
NIGHTLY = ["--exclude-resource-type", "unit_test"]
MODELS_ONLY = [*NIGHTLY, "--exclude-resource-type", "test"]


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
        result = replay(DuckDBEngine(work), batches["batches_dir"], batches["folders"], NIGHTLY)
    elif engine == "postgres":
        require_selected("postgres")
        postgres_ready()
        result = replay(
            PostgresEngine(work), batches["batches_dir"], batches["folders"], NIGHTLY
        )
    else:
        require_selected("spark")
        spark_ready()
        # every Spark model is a full table: a second build on the same data is not repeated
        result = replay_in_subprocess(
            "spark", work, batches["batches_dir"], batches["folders"], MODELS_ONLY, rebuild=False
        )
    return {"engine": engine, **result}


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


def test_batches_manifest(batches: dict) -> None:
    listed = json.loads((batches["batches_dir"] / "batches.json").read_text())
    assert [b["folder"] for b in listed] == [b["folder"] for b in batches["batches"]]

"""Empty or implausible input must not build green with wrong numbers.

- The input guards (audit_input_guards) measure what Python measures on the raw files and the
  generator's truth: rejected share, kept rows, conversations without messages, and the last
  complete day's volume against the same weekday a week earlier.
- 0 messages and 0 surveys: the build fails, names the guards, and the marts keep the last
  good build instead of "everyone unanswered".
- A rejected share or a volume drop past the error threshold fails the guard; raising the
  threshold var turns it into a warning.
- Implausible input planted in a nightly batch: a conversation dated 2100-01-01 is rejected
  (implausible_timestamp) and does not become the latest week; `... 10:00:00 Europe/Berlin`
  is staged as 08:00 UTC (computed here with zoneinfo); an unknown zone is unparsable; NPS 7.5
  and 6.5 are rejected (score_out_of_range) while 7.0 counts as 7.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[2]
DBT = str(Path(sys.executable).with_name("dbt"))
REQUIRED = ("conversations", "messages", "surveys")


def _dbt(args: list[str], db: Path, work: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "SEAM_DUCKDB_PATH": str(db),
        "DBT_PROFILES_DIR": str(ROOT),
        "SEAM_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "SEAM_TARGET": "dev",
    }
    return subprocess.run([DBT, *args], cwd=ROOT, env=env, capture_output=True, text=True)


def _query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _guards(db: Path) -> dict[tuple[str, str], tuple[float | None, str]]:
    rows = _query(db, "select guard_name, table_name, measured_value, status "
                      "from audit.audit_input_guards")
    return {(g, t): (v, s) for g, t, v, s in rows}


def _utc(text: str) -> datetime:
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def _compared_day(last_created: date, loaded: datetime) -> date:
    """The last complete day: the day before the last load, or the data's last day when the
    data ends before the load's date."""
    loaded_day = loaded.date()
    return last_created if last_created < loaded_day else loaded_day - timedelta(days=1)


# --- the guard figures, recomputed from the raw files and the planted truth ----------------


def test_guard_figures_equal_an_independent_count(warehouse) -> None:
    raw_dir = warehouse.raw_dir
    planted = Counter((r["table_name"], r["reason"])
                      for r in pq.read_table(raw_dir / "truth" / "truth_rejections.parquet")
                      .to_pylist())
    guards = _guards(warehouse.duckdb_path)
    for table in ("conversations", "messages", "surveys", "handoffs", "ai_actions",
                  "agent_actions", "agents", "message_labels"):
        raw_rows = pq.ParquetFile(raw_dir / f"{table}.parquet").metadata.num_rows
        rejected = sum(n for (t, reason), n in planted.items()
                       if t == table and reason != "exact_duplicate")
        removed = sum(n for (t, _), n in planted.items() if t == table)
        if raw_rows >= 100:
            value, status = guards[("rejected_share", table)]
            assert value == pytest.approx(rejected / raw_rows, abs=1e-12), table
            assert status == "ok", table
        else:
            assert ("rejected_share", table) not in guards
        if table in REQUIRED:
            assert guards[("min_kept_rows", table)] == (raw_rows - removed, "ok"), table

    conversations = pq.read_table(raw_dir / "truth" / "truth_conversations.parquet")
    kept_ids = set(conversations.column("conversation_id").to_pylist())
    messaged = set(pq.read_table(raw_dir / "truth" / "truth_messages.parquet",
                                 columns=["conversation_id"]).column(0).to_pylist())
    value, status = guards[("conversations_without_messages_share", "messages")]
    assert value == pytest.approx(1 - len(messaged & kept_ids) / len(kept_ids), abs=1e-12)
    assert status == "ok"

    created = [value.date() if isinstance(value, datetime) else _utc(value).date()
               for value in conversations.column("created_at").to_pylist()]
    per_day = Counter(created)
    (loaded,) = warehouse.query("select max(_loaded_at) from raw.conversations")[0]
    day = _compared_day(max(per_day), loaded)
    expected = per_day[day] / per_day[day - timedelta(days=7)] - 1
    value, status = guards[("daily_volume_change", "conversations")]
    assert value == pytest.approx(expected, abs=1e-12)
    assert abs(expected) < 0.5 and status == "ok"


# --- a small warehouse to break --------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean 2-week dataset, loaded and built (copied by each test)."""
    from seam.loader import load
    from seam.synth import generate

    work = tmp_path_factory.mktemp("guards")
    generate(out_dir=work / "raw", conversations=1500, seed=19, start=date(2026, 8, 31),
             weeks=2, dirty_rate=0.0, progress=False)
    db = work / "built.duckdb"
    os.environ["SEAM_DUCKDB_PATH"] = str(db)
    try:
        load(src=work / "raw")
    finally:
        del os.environ["SEAM_DUCKDB_PATH"]
    result = _dbt(["build"], db, work)
    assert result.returncode == 0, result.stdout[-4000:]
    return db


def _copy(db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "w.duckdb"
    shutil.copy(db, target)
    return target


def test_empty_messages_and_surveys_fail_and_keep_the_marts(built: Path, tmp_path: Path) -> None:
    db = _copy(built, tmp_path)
    before = _query(db, "select path, count(*) from marts.fct_conversations group by path")
    assert len(before) >= 4
    con = duckdb.connect(str(db))
    for table in ("messages", "surveys", "message_labels"):
        con.execute(f"delete from raw.{table}")
    con.close()

    result = _dbt(["build", "--full-refresh"], db, tmp_path)
    assert result.returncode != 0
    out = result.stdout
    assert "input guard ERROR: min_kept_rows on messages = 0" in out
    assert "input guard ERROR: min_kept_rows on surveys = 0" in out
    assert "input guard ERROR: conversations_without_messages_share on messages = 1" in out
    assert "input_guards_below_error_threshold" in out
    guards = _guards(db)
    assert guards[("min_kept_rows", "messages")] == (0.0, "error")
    assert guards[("min_kept_rows", "surveys")] == (0.0, "error")
    # The marts were not rebuilt from the empty input: still the last good build.
    after = _query(db, "select path, count(*) from marts.fct_conversations group by path")
    assert sorted(after) == sorted(before)
    assert ("unanswered", 1500) not in after


def test_share_and_volume_guards_follow_their_vars(built: Path, tmp_path: Path) -> None:
    db = _copy(built, tmp_path)
    con = duckdb.connect(str(db))
    con.execute("set TimeZone = 'UTC'")
    # About 60% of the messages become unparsable; 95% of the last complete day's
    # conversations vanish (with their messages). The data ends before its load date, so the
    # last complete day is the data's last day.
    con.execute("update raw.messages set sent_at = 'not-a-date' where hash(message_id) % 10 < 6")
    last_created, loaded = con.execute(
        "select max(cast(try_cast(created_at as timestamptz) at time zone 'UTC' as date)), "
        "max(_loaded_at) from raw.conversations").fetchone()
    last_day = _compared_day(last_created, loaded)
    doomed = [r[0] for r in con.execute(
        "select conversation_id from raw.conversations where "
        "cast(try_cast(created_at as timestamptz) at time zone 'UTC' as date) = ? "
        "order by conversation_id", [last_day]).fetchall()]
    keep = len(doomed) // 20
    removed = doomed[keep:]
    con.execute("delete from raw.messages where conversation_id in (select unnest(?))", [removed])
    con.execute("delete from raw.conversations where conversation_id in (select unnest(?))",
                [removed])
    raw_messages, bad_messages = con.execute(
        "select count(*), count(*) filter (where sent_at = 'not-a-date') from raw.messages"
    ).fetchone()
    week_before = con.execute(
        "select count(*) from raw.conversations where "
        "cast(try_cast(created_at as timestamptz) at time zone 'UTC' as date) = ?",
        [last_day - timedelta(days=7)]).fetchone()[0]
    con.close()

    run = ["run", "--full-refresh", "--select", "+audit_input_guards"]
    result = _dbt(run, db, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    guards = _guards(db)
    share, status = guards[("rejected_share", "messages")]
    assert share == pytest.approx(bad_messages / raw_messages, abs=1e-12) and share > 0.5
    assert status == "error"
    change, status = guards[("daily_volume_change", "conversations")]
    assert change == pytest.approx(keep / week_before - 1, abs=1e-12) and change < -0.9
    assert status == "error"
    assert "input guard ERROR: rejected_share on messages" in result.stdout
    assert "input guard ERROR: daily_volume_change on conversations" in result.stdout

    relaxed = _dbt([*run, "--vars", "{guard_rejected_share_error: 0.99, "
                    "guard_daily_volume_drop_error: 0.99}"], db, tmp_path)
    assert relaxed.returncode == 0, relaxed.stdout[-3000:]
    guards = _guards(db)
    assert guards[("rejected_share", "messages")][1] == "warn"
    assert guards[("daily_volume_change", "conversations")][1] == "warn"


# --- implausible values arriving in a nightly batch ------------------------------------------


PLANTED_CONVERSATIONS = {
    # conversation_id: created_at as the source wrote it
    "czone_berlin": "2026-09-09 10:00:00 Europe/Berlin",
    "czone_winter": "2026-03-02T10:00:00 Europe/Berlin",
    "czone_mars": "2026-09-09 10:00:00 Mars/Olympus",
    "czone_abbrev": "2026-09-09 10:00:00 CET",
    "cfuture_2100": "2100-01-01 00:00:00",
    "cpast_1970": "1970-01-01 00:00:00+00:00",
}


def _expected_created(text: str) -> datetime | None:
    """Independent reading: Python's zoneinfo for names; None where seam must reject."""
    stamp, _, zone = text.replace("T", " ").rpartition(" ")
    if "/" in zone:
        try:
            local = datetime.fromisoformat(stamp).replace(tzinfo=ZoneInfo(zone))
        except Exception:  # noqa: BLE001 - unknown zone
            return None
        return local.astimezone(UTC).replace(tzinfo=None)
    return None


def test_implausible_timestamps_zones_and_fractional_nps(built: Path, tmp_path: Path) -> None:
    db = _copy(built, tmp_path)
    nps_before = _query(db, "select count(*), sum(nps_score) from marts.fct_conversations "
                            "where nps_score is not null")[0]
    weeks_before = _query(db, "select max(week_start) from marts.rpt_support_health_weekly")[0]
    con = duckdb.connect(str(db))
    loaded = datetime.now(UTC).replace(tzinfo=None)  # after the last run's watermark
    for conversation_id, created_at in PLANTED_CONVERSATIONS.items():
        con.execute(
            "insert into raw.conversations (conversation_id, customer_id, channel, created_at, "
            "status, _loaded_at) values (?, ?, 'chat', ?, 'open', ?)",
            [conversation_id, "u_" + conversation_id, created_at, loaded])
        con.execute(
            "insert into raw.messages (message_id, conversation_id, sent_at, author_role, "
            "is_internal, body, _loaded_at) values (?, ?, ?, 'customer', 'false', 'hello', ?)",
            ["m_" + conversation_id, conversation_id,
             created_at if "2100" not in created_at and "1970" not in created_at
             else "2026-09-09 12:00:00", loaded])
    # Three conversations without an NPS response get one each: 7.5, 6.5 and 7.0.
    targets = [r[0] for r in con.execute(
        "select conversation_id from raw.conversations where conversation_id not in "
        "(select conversation_id from raw.surveys where lower(trim(survey_type)) = 'nps') "
        "and closed_at is not null and conversation_id not like 'c%\\_%' escape '\\' "
        "order by conversation_id limit 3").fetchall()]
    scores = ["7.5", "6.5", "7.0"]
    for n, (conversation_id, score) in enumerate(zip(targets, scores, strict=True)):
        closed = con.execute("select closed_at from raw.conversations where conversation_id = ?",
                             [conversation_id]).fetchone()[0]
        responded = (_utc(closed) + timedelta(days=1)).isoformat(sep=" ")
        con.execute(
            "insert into raw.surveys (response_id, conversation_id, responded_at, survey_type, "
            "score, _loaded_at) values (?, ?, ?, 'nps', ?, ?)",
            [f"rfraction_{n}", conversation_id, responded, score, loaded])
    con.close()

    result = _dbt(["build"], db, tmp_path)  # an incremental nightly run picks the batch up
    assert result.returncode == 0, result.stdout[-4000:]

    staged = dict(_query(db, "select conversation_id, rejection_reason from "
                             "staging.base_support__conversations where conversation_id in ("
                             + ", ".join(f"'{c}'" for c in PLANTED_CONVERSATIONS) + ")"))
    assert staged == {
        "czone_berlin": None, "czone_winter": None, "czone_mars": "unparsable_value",
        "czone_abbrev": "unparsable_value", "cfuture_2100": "implausible_timestamp",
        "cpast_1970": "implausible_timestamp",
    }
    for conversation_id in ("czone_berlin", "czone_winter"):
        expected = _expected_created(PLANTED_CONVERSATIONS[conversation_id])
        (created,) = _query(db, "select created_at from marts.fct_conversations "
                                f"where conversation_id = '{conversation_id}'")[0]
        assert created == expected, conversation_id
    assert _expected_created(PLANTED_CONVERSATIONS["czone_mars"]) is None
    assert _query(db, "select count(*) from marts.fct_conversations where conversation_id in "
                      "('cfuture_2100', 'cpast_1970', 'czone_mars', 'czone_abbrev')")[0][0] == 0
    assert _query(db, "select max(week_start) from marts.rpt_support_health_weekly")[0] \
        == weeks_before
    assert _query(db, "select max(created_at) < timestamp '2027-01-01' "
                      "from marts.fct_conversations")[0][0]

    reasons = dict(_query(db, "select response_id, rejection_reason from "
                              "staging.base_support__surveys where response_id like 'rfraction_%'"))
    assert reasons == {"rfraction_0": "score_out_of_range", "rfraction_1": "score_out_of_range",
                       "rfraction_2": None}
    scored = dict(_query(db, "select conversation_id, nps_score from marts.fct_conversations "
                             "where conversation_id in ("
                             + ", ".join(f"'{c}'" for c in targets) + ")"))
    assert scored == {targets[0]: None, targets[1]: None, targets[2]: 7}
    count, total = _query(db, "select count(*), sum(nps_score) from marts.fct_conversations "
                              "where nps_score is not null")[0]
    assert (count, total) == (nps_before[0] + 1, nps_before[1] + 7)

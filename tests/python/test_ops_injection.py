"""SQL injection through vars: refused with a clear message, before any SQL runs.

- Every var of dbt_project.yml (and bi_role) has a declared format in macro var_kinds.
- A crafted business_calendar_start_date that closes the string and drops raw.agents (it did,
  on DuckDB, with a green build) is refused when the project is parsed; raw.agents survives.
- Malformed vars of every kind are named in one message, with the value and the format.
- On Postgres, `bi_role: "seam_bi; create table public.pwned ..."` creates nothing; a valid
  role is still granted select on a mart, quoted.
- A legitimate regex var containing a quote works: an email pattern that allows `'` in the
  local part redacts `o'brien@example.com` whole (checked against Python's re).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DBT = str(Path(sys.executable).with_name("dbt"))
VALIDATE = ROOT / "macros" / "configuration" / "validate_vars.sql"
REQUIRE_POSTGRES = os.environ.get("SEAM_REQUIRE_ENGINES", "") == "1"

# Closes the date literal, ends the model's statement, drops a raw table, then reopens a
# statement the rest of the compiled model completes (built against the model's SQL).
CALENDAR_PAYLOAD = (
    "2020-01-01' as date)) as date) as local_date from day_numbers) "
    "select * from calendar_days); drop table raw.agents; "
    "create table main.pwn as (with day_numbers as (select 1 as generated_number), "
    "teams as (select 'x' as team, 'UTC' as time_zone), "
    "hours_parsed as (select 'x' as team, 1 as open_weekday, 0 as open_minute, "
    "60 as close_minute), holidays as (select current_date as holiday_date, 'x' as team), "
    "calendar_days as (select cast((cast('2020-01-01"
)
ROLE_PAYLOAD = "seam_bi; create table public.pwned as select current_user"


def _env(work: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(ROOT),
        "SEAM_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **extra,
    }


def _dbt(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([DBT, *args], cwd=ROOT, env=env, capture_output=True, text=True)


def _vars(values: dict) -> str:
    return yaml.safe_dump(values, default_flow_style=True, width=10_000).strip()


def test_every_var_has_a_declared_format() -> None:
    declared = set(re.findall(r"^\s*'(\w+)': '[^']+',$", VALIDATE.read_text(), re.MULTILINE))
    project = set(yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"])
    assert project | {"bi_role"} == declared, (
        "add the var and its format to var_kinds (macros/configuration/validate_vars.sql)"
    )


@pytest.fixture(scope="module")
def raw_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small dataset loaded into DuckDB, nothing built."""
    from seam.loader import load
    from seam.synth import generate

    work = tmp_path_factory.mktemp("injection")
    generate(out_dir=work / "raw", conversations=300, seed=3, start=date(2026, 8, 31), weeks=1,
             dirty_rate=0.0, progress=False)
    db = work / "loaded.duckdb"
    os.environ["SEAM_DUCKDB_PATH"] = str(db)
    try:
        load(src=work / "raw")
    finally:
        del os.environ["SEAM_DUCKDB_PATH"]
    return db


def _tables(db: Path, schema: str) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = ?",
            [schema]).fetchall()}
    finally:
        con.close()


def test_crafted_calendar_date_is_refused_and_raw_survives(raw_only: Path, tmp_path: Path):
    db = tmp_path / "w.duckdb"
    shutil.copy(raw_only, db)
    env = _env(tmp_path, SEAM_DUCKDB_PATH=str(db), SEAM_TARGET="dev")
    seeded = _dbt(["seed", "--quiet"], env)
    assert seeded.returncode == 0, seeded.stdout[-3000:]
    result = _dbt(["run", "--select", "int_business_hours_calendar",
                   "--vars", _vars({"business_calendar_start_date": CALENDAR_PAYLOAD})], env)
    assert result.returncode != 0
    assert "Invalid vars" in result.stdout
    assert "business_calendar_start_date" in result.stdout
    assert "expected a date written YYYY-MM-DD" in result.stdout
    assert "agents" in _tables(db, "raw")
    assert "pwn" not in _tables(db, "main")
    # The legitimate value still builds the calendar.
    fine = _dbt(["run", "--select", "int_business_hours_calendar",
                 "--vars", _vars({"business_calendar_start_date": "2026-01-01"})], env)
    assert fine.returncode == 0, fine.stdout[-3000:]


def test_malformed_vars_are_all_named(tmp_path: Path) -> None:
    bad = {
        "bi_role": ROLE_PAYLOAD,
        "raw_schema": "raw; drop schema marts cascade",
        "raw_loaded_at_column": "_loaded_at) or (1=1",
        "review_sample_per_week": "10; select 1",
        "survey_attribution_days": 14.5,
        "re_explanation_overlap_threshold": 1.5,
        "has_agents": "yes",
        "timestamp_plausible_until": "2100-02-30",
        "handoff_required_packet_elements": ["transcript", "reason; drop"],
        "text_html_quote_starts": ["<div[^>]*gmail_quote", "<blockquote\\b"],
        # not a tag: a body without a < would skip the markup steps and miss it
        "text_html_signature_starts": ["[-]{2} $"],
    }
    env = _env(tmp_path, SEAM_TARGET="lint")
    result = _dbt(["parse", "--vars", _vars(bad)], env)
    assert result.returncode != 0
    out = result.stdout
    assert "Invalid vars (see docs/configuration.md); nothing was run" in out
    for name in bad:
        assert f"- {name} = " in out, name
    assert "expected a plain SQL name" in out
    assert "expected a whole number >= 0" in out
    assert "expected a number from 0 to 1" in out
    assert "expected true or false" in out
    assert "expected a date written YYYY-MM-DD" in out
    assert "expected a list of packet elements" in out
    assert "expected a non-empty list of regexes in the subset shared" in out
    assert "each opening with < (a tag)" in out
    # Lawful values of the same vars parse.
    good = _dbt(["parse", "--vars", _vars({
        "bi_role": "analytics_reader", "raw_schema": "fivetran_zendesk",
        "business_calendar_start_date": date(2021, 1, 1), "survey_attribution_days": 30,
        "timestamp_plausible_until": "2028-02-29",
    })], env)
    assert good.returncode == 0, good.stdout[-3000:]


def _postgres_dsn() -> dict:
    try:
        import dbt.adapters.postgres  # noqa: F401
        import psycopg2
    except ImportError:
        reason = "dbt-postgres / psycopg2 not installed (requirements-postgres.txt)"
    else:
        from seam.warehouse import postgres_dsn

        dsn = postgres_dsn()
        try:
            psycopg2.connect(**dsn, connect_timeout=5).close()
            return dsn
        except psycopg2.Error as error:
            reason = f"cannot connect to Postgres: {str(error).strip()}"
    if REQUIRE_POSTGRES:
        pytest.fail(reason + " (SEAM_REQUIRE_ENGINES=1)")
    pytest.skip(reason)


def test_bi_role_injection_on_postgres_creates_nothing(tmp_path: Path) -> None:
    import psycopg2

    dsn = _postgres_dsn()
    env = _env(tmp_path, SEAM_TARGET="postgres")
    build = ["build", "--target", "postgres", "--select", "metricflow_time_spine"]
    con = psycopg2.connect(**dsn)
    con.autocommit = True
    try:
        with con.cursor() as cursor:
            cursor.execute("select to_regclass('public.pwned')")
            assert cursor.fetchone()[0] is None, "public.pwned exists before the test"
        attack = _dbt([*build, "--vars", _vars({"bi_role": ROLE_PAYLOAD})], env)
        assert attack.returncode != 0
        assert "bi_role" in attack.stdout and "expected a plain SQL name" in attack.stdout
        with con.cursor() as cursor:
            cursor.execute("select to_regclass('public.pwned')")
            assert cursor.fetchone()[0] is None

        lawful = _dbt(build, env)
        assert lawful.returncode == 0, lawful.stdout[-3000:]
        with con.cursor() as cursor:
            cursor.execute(
                "select count(*) from information_schema.role_table_grants "
                "where table_name = 'metricflow_time_spine' and grantee = 'seam_bi' "
                "and privilege_type = 'SELECT'")
            assert cursor.fetchone()[0] == 1
    finally:
        con.close()
    log = (tmp_path / "logs" / "dbt.log").read_text()
    assert 'to "seam_bi"' in log  # the grantee is quoted by the adapter


EMAIL_WITH_APOSTROPHE = r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+[.][A-Za-z]{2,}"


def test_regex_var_with_a_quote_works(raw_only: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    shutil.copy(raw_only, db)
    body = "Please write to o'brien@example.com or d'arcy.jones@example.org, thanks"
    con = duckdb.connect(str(db))
    conversation_id = con.execute(
        "select conversation_id from raw.conversations order by 1 limit 1").fetchone()[0]
    con.execute(
        "insert into raw.messages (message_id, conversation_id, sent_at, author_role, "
        "is_internal, body, _loaded_at) values ('m_quote', ?, '2026-09-06 12:00:00', "
        "'customer', 'false', ?, ?)", [conversation_id, body, datetime.now(UTC)])
    con.close()
    expected = re.sub(EMAIL_WITH_APOSTROPHE, "<email>", body)
    assert expected == "Please write to <email> or <email>, thanks"

    env = _env(tmp_path, SEAM_DUCKDB_PATH=str(db), SEAM_TARGET="dev")
    pattern = _vars({"pii_email_pattern": EMAIL_WITH_APOSTROPHE})
    seeded = _dbt(["seed", "--quiet", "--vars", pattern], env)
    assert seeded.returncode == 0, seeded.stdout[-3000:]
    result = _dbt(["run", "--select", "+stg_support__messages", "audit_configuration",
                   "--vars", pattern], env)
    assert result.returncode == 0, result.stdout[-4000:]
    con = duckdb.connect(str(db), read_only=True)
    try:
        (staged,) = con.execute(
            "select body from staging.stg_support__messages where message_id = 'm_quote'"
        ).fetchone()
        (recorded,) = con.execute(
            "select var_value from audit.audit_configuration where var_name = 'pii_email_pattern'"
        ).fetchone()
    finally:
        con.close()
    assert staged == expected
    assert recorded == EMAIL_WITH_APOSTROPHE

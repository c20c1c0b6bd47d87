"""Operations: the DuckDB file lock, and what readers see while the nightly build runs; the
Postgres loader and a NUL byte in a message body.

DuckDB lets one process write a file and any open connection, even read-only, blocks it. The
project's answer (seam.publish, docs/operations.md "BI access"): dbt writes the working file,
readers open the published copy, which is swapped in atomically after a build succeeds.
These tests hold real connections in other processes, the way a BI tool does, and run the
real `python -m seam build`, `summary` and `report` commands.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
SCHEDULED = ["--quiet", "--exclude-resource-type", "unit_test"]

# A BI tool: opens a file read-only, answers "when was this published" on each line of stdin.
READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print("open", flush=True)
for _ in sys.stdin:
    print(con.execute("select max(published_at) from audit.published_build").fetchone()[0],
          con.execute("select count(*) from marts.fct_conversations").fetchone()[0], flush=True)
"""
# The same, holding the working file (what a BI tool must not do).
HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print("open", flush=True)
sys.stdin.read()
"""


def _env(db: Path) -> dict[str, str]:
    return {
        **os.environ,
        "SEAM_DUCKDB_PATH": str(db),
        "SEAM_TARGET_PATH": str(db.parent / "target"),
        "DBT_LOG_PATH": str(db.parent / "logs"),
        "DBT_PROFILES_DIR": str(ROOT),
    }


def _seam(db: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "seam", *args], cwd=ROOT, env=_env(db),
                          capture_output=True, text=True, **kwargs)


def _published_at(path: Path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select max(published_at) from audit.published_build").fetchone()[0]
    finally:
        con.close()


class _Process:
    """A long-lived helper process speaking line by line."""

    def __init__(self, code: str, path: Path) -> None:
        self.proc = subprocess.Popen([PY, "-c", code, str(path)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        assert line == "open", self.proc.stderr.read()

    def ask(self) -> str:
        self.proc.stdin.write("?\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def warehouse_files(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from seam.synth import generate

    work = tmp_path_factory.mktemp("operations")
    raw, db = work / "raw", work / "seam.duckdb"
    generate(out_dir=raw, conversations=1_000, seed=31, start=date(2026, 8, 31), weeks=2,
             dirty_rate=0.02, progress=False)
    loaded = _seam(db, "load", "--from", str(raw))
    assert loaded.returncode == 0, loaded.stderr
    unpublished = _seam(db, "summary")
    built = _seam(db, "build", *SCHEDULED)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return {"work": work, "raw": raw, "db": db, "published": work / "seam.published.duckdb",
            "unpublished_summary": unpublished}


def _describe(path: Path) -> tuple[set[str], list[tuple], int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        schemas = {s for (s,) in con.execute(
            "select distinct table_schema from information_schema.tables").fetchall()}
        columns = con.execute(
            "select table_name, column_name, data_type, is_nullable "
            "from information_schema.columns where table_schema = 'marts' order by all"
        ).fetchall()
        rows = con.execute("select count(*) from marts.fct_conversations").fetchone()[0]
        return schemas, columns, rows
    finally:
        con.close()


def test_build_publishes_marts_and_audit_for_readers(warehouse_files):
    schemas, columns, rows = _describe(warehouse_files["published"])
    _, built_columns, built_rows = _describe(warehouse_files["db"])
    assert schemas == {"marts", "audit"}, "no raw, staging or message text for readers"
    assert columns == built_columns, "every mart with its contract's columns and types"
    assert rows == built_rows > 0


def test_summary_and_report_read_the_published_build(warehouse_files, tmp_path):
    summary = _seam(warehouse_files["db"], "summary")
    assert summary.returncode == 0, summary.stderr
    assert "Published build of" in summary.stdout and "rejected by reason" in summary.stdout
    report = _seam(warehouse_files["db"], "report", "--out", str(tmp_path / "r.html"))
    assert report.returncode == 0, report.stderr
    assert (tmp_path / "r.html").stat().st_size > 10_000


def test_without_a_published_build_summary_and_report_say_why(warehouse_files, tmp_path):
    unpublished = warehouse_files["unpublished_summary"]  # loaded, never built
    assert unpublished.returncode == 1
    assert "no published build" in unpublished.stderr and "seam publish" in unpublished.stderr
    nowhere = tmp_path / "never.duckdb"
    for command in (["summary"], ["report", "--out", str(tmp_path / "r.html")]):
        result = _seam(nowhere, *command)
        assert result.returncode == 1, command
        assert "no published build" in result.stderr, command
        assert "Traceback" not in result.stderr, command


def test_an_open_reader_does_not_block_the_nightly_build(warehouse_files):
    published = warehouse_files["published"]
    reader = _Process(READER, published)  # a BI tool with the published file open
    try:
        before_time, before_rows = reader.ask().rsplit(" ", 1)
        built = _seam(warehouse_files["db"], "build", *SCHEDULED)
        assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
        # the open connection still reads the complete build it opened ...
        assert reader.ask() == f"{before_time} {before_rows}"
    finally:
        reader.close()
    # ... and a new one reads the new build
    assert str(_published_at(published)) > before_time


def test_readers_during_a_build_read_the_last_complete_build(warehouse_files, tmp_path):
    db, published = warehouse_files["db"], warehouse_files["published"]
    before = _published_at(published)
    build = subprocess.Popen([PY, "-m", "seam", "build", *SCHEDULED], cwd=ROOT, env=_env(db),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    during = []
    try:
        while build.poll() is None:
            summary = _seam(db, "summary")
            report = _seam(db, "report", "--out", str(tmp_path / "during.html"))
            if build.poll() is None:
                during.append((summary, report))
            time.sleep(0.5)
    finally:
        out, err = build.communicate(timeout=600)
    assert build.returncode == 0, out[-3000:] + err[-3000:]
    assert during, "the build finished before any reader ran: nothing was checked"
    for summary, report in during:
        assert summary.returncode == 0 and "Traceback" not in summary.stderr, summary.stderr
        assert report.returncode == 0 and "Traceback" not in report.stderr, report.stderr
        assert f"Published build of {before:%Y-%m-%d %H:%M}" in summary.stdout
    assert _published_at(published) > before


def test_a_failed_build_leaves_the_last_complete_build_published(warehouse_files):
    db, published = warehouse_files["db"], warehouse_files["published"]
    before, inode = _published_at(published), published.stat().st_ino
    failed = _seam(db, "build", *SCHEDULED, "--vars", "{raw_schema: no_such_schema}")
    assert failed.returncode != 0
    assert "readers keep the last complete build" in failed.stderr
    assert published.stat().st_ino == inode and _published_at(published) == before
    refused = _seam(db, "publish")
    assert refused.returncode == 1 and "did not complete" in refused.stderr
    assert _published_at(published) == before


def test_a_reader_on_the_working_file_is_told_where_to_read(warehouse_files):
    holder = _Process(HOLDER, warehouse_files["db"])
    try:
        blocked = _seam(warehouse_files["db"], "build", *SCHEDULED)
    finally:
        holder.close()
    assert blocked.returncode == 2
    assert str(warehouse_files["published"]) in blocked.stderr
    assert "Traceback" not in blocked.stderr


# --- Postgres loader ------------------------------------------------------------------------

@pytest.fixture
def postgres_schema():
    """A throwaway raw schema on the `postgres` target, or a skip saying why."""
    try:
        import psycopg2

        from seam.warehouse import postgres_dsn

        con = psycopg2.connect(**postgres_dsn("postgres"), connect_timeout=3)
    except Exception as error:  # noqa: BLE001 - any reason Postgres is unreachable
        message = f"Postgres not reachable ({error.__class__.__name__}: {error})".strip()
        if os.environ.get("SEAM_REQUIRE_ENGINES") == "1":
            pytest.fail(message + " (SEAM_REQUIRE_ENGINES=1)")
        pytest.skip(message)
    schema = f"raw_nul_{os.getpid()}"
    yield con, schema
    with con, con.cursor() as cur:
        cur.execute(f'drop schema if exists "{schema}" cascade')
    con.close()


def test_postgres_loader_survives_a_nul_byte_in_a_body(postgres_schema, tmp_path):
    from seam.loader import load_files

    con, schema = postgres_schema
    bodies = ["hello", "broken\x00body from a C client", None, "\x00\x00"]
    messages = pa.table({
        "message_id": [f"m{i}" for i in range(len(bodies))],
        "conversation_id": ["c1"] * len(bodies),
        "sent_at": ["2026-09-01 10:00:00"] * len(bodies),
        "author_role": ["customer"] * len(bodies),
        "author_id": ["u1"] * len(bodies),
        "is_internal": ["false"] * len(bodies),
        "body": bodies,
    })
    pq.write_table(messages, tmp_path / "messages.parquet")
    result = load_files(tmp_path, target="postgres", schema=schema, tables=["messages"])
    assert result.rows == {"messages": len(bodies)}
    assert result.notes == [
        "messages: 3 NUL byte(s) in text replaced by U+FFFD (Postgres text cannot hold NUL)"
    ]
    with con, con.cursor() as cur:
        cur.execute(f'select message_id, body from "{schema}".messages order by message_id')
        loaded = dict(cur.fetchall())
    assert loaded == {"m0": "hello", "m1": "broken\ufffdbody from a C client", "m2": None,
                      "m3": "\ufffd\ufffd"}

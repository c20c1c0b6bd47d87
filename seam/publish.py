"""The published build: what readers of a DuckDB warehouse open instead of the working file.

DuckDB lets one process write a file, and a process that holds it read-only still blocks that
writer, so a BI tool left open on the warehouse makes the nightly `dbt build` fail, and a
reader that opens it mid-build sees some marts rebuilt and others not. So dbt builds the
working file (``SEAM_DUCKDB_PATH``) and nobody else opens it; after a build that succeeded,
``publish`` copies the schemas readers need (``marts``, and ``audit`` for the run summary;
views there become tables) into a new file beside it and renames that file over the
published one (``<working>.published.duckdb``, or ``SEAM_DUCKDB_PUBLISHED_PATH``). The rename
is atomic: a reader opens either the previous complete build or the new one, never a mix,
and one that already has the old file open keeps reading it undisturbed (POSIX). Readers
never touch the working file, so they cannot block the build.

``build`` runs ``dbt build`` (any arguments) and publishes only when it succeeded; a failed
build leaves the last complete build published. ``publish`` on its own refuses when the
last dbt run recorded errors or skips (``run_results.json``), or when the last ``build`` failed
before dbt recorded any node (a failed pre-flight check writes no ``run_results.json``, so the
previous run's results would look current: ``build`` notes its outcome in
``seam_build.json`` beside them), unless forced.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from seam.warehouse import AUDIT_SCHEMA, MARTS_SCHEMA, duckdb_path

PUBLISHED_SCHEMAS = (MARTS_SCHEMA, AUDIT_SCHEMA)
RECORD_TABLE = f'"{AUDIT_SCHEMA}".published_build'
FAILED_STATUSES = {"error", "fail", "runtime error", "skipped"}


class NotPublished(Exception):
    """There is no complete build to read, with the reason and what to run."""


def published_path(target: str = "dev") -> Path:
    """Where readers find the last complete build of a DuckDB target."""
    override = os.environ.get("SEAM_DUCKDB_PUBLISHED_PATH")
    if override:
        return Path(override)
    working = duckdb_path(target)
    return working.with_name(f"{working.stem}.published{working.suffix or '.duckdb'}")


def _target_path() -> Path:
    return Path(os.environ.get("SEAM_TARGET_PATH", "target"))


def _last_run() -> dict:
    path = _target_path() / "run_results.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text())


def _outcome_path() -> Path:
    return _target_path() / "seam_build.json"


def _record_outcome(returncode: int) -> None:
    """Note how the last `seam build` ended, beside dbt's run_results.json."""
    path = _outcome_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "returncode": returncode, "finished_at": datetime.now(UTC).isoformat(),
    }))


def _failed_build_after_last_run() -> int | None:
    """Exit code of a failed `seam build` newer than the last run_results.json, or None."""
    outcome, results = _outcome_path(), _target_path() / "run_results.json"
    if not outcome.exists():
        return None
    returncode = json.loads(outcome.read_text()).get("returncode", 0)
    if returncode == 0:
        return None
    if results.exists() and results.stat().st_mtime_ns > outcome.stat().st_mtime_ns:
        return None  # a later dbt run (outside `seam build`) recorded its own results
    return returncode


def run_problems(run: dict) -> list[str]:
    """Nodes of a dbt run (run_results.json) that failed, errored or were skipped."""
    return sorted(
        f"{result['unique_id']}: {result['status']}"
        for result in run.get("results", [])
        if str(result.get("status", "")).lower() in FAILED_STATUSES
    )


def _working_file_in_use(working: Path) -> str | None:
    """Why the working file cannot be opened for writing right now, or None."""
    import duckdb

    try:
        duckdb.connect(str(working)).close()
    except duckdb.IOException as error:
        return str(error).splitlines()[0]
    return None


def publish(target: str = "dev", force: bool = False) -> Path:
    """Copy the readers' schemas of the working file into a new file, then swap it in."""
    import duckdb

    working = duckdb_path(target)
    if not working.exists():
        raise NotPublished(f"no warehouse at {working}: load and build first")
    failed_build = _failed_build_after_last_run()
    if failed_build is not None and not force:
        raise NotPublished(
            f"the last `seam build` did not complete: dbt exited {failed_build} before "
            f"recording its nodes ({_outcome_path()}); the published build is unchanged "
            "(fix and rebuild, or --force)"
        )
    run = _last_run()
    problems = run_problems(run)
    if problems and not force:
        raise NotPublished(
            f"the last dbt run ({_target_path() / 'run_results.json'}) did not complete: "
            f"{len(problems)} node(s) failed or were skipped, first {problems[0]}; the "
            "published build is unchanged (fix and rebuild, or --force)"
        )
    target_file = published_path(target)
    staging_file = target_file.with_name(f"{target_file.name}.{os.getpid()}.tmp")
    staging_file.unlink(missing_ok=True)
    con = duckdb.connect(str(staging_file))
    try:
        con.execute("set TimeZone = 'UTC'")
        con.execute(f"attach '{working.as_posix()}' as built (read_only)")
        relations = con.execute(
            "select schema_name, table_name, sql, 'table' from duckdb_tables() "
            "where database_name = 'built' and list_contains(?, schema_name) "
            "union all "
            "select schema_name, view_name, null, 'view' from duckdb_views() "
            "where database_name = 'built' and list_contains(?, schema_name) "
            "and not internal order by 1, 2",
            [list(PUBLISHED_SCHEMAS), list(PUBLISHED_SCHEMAS)],
        ).fetchall()
        if not any(schema == MARTS_SCHEMA for schema, *_ in relations):
            raise NotPublished(f"{working} holds no marts: run dbt build first")
        for schema in PUBLISHED_SCHEMAS:
            con.execute(f'create schema if not exists "{schema}"')
        for schema, name, ddl, kind in relations:
            if kind == "table":
                con.execute(ddl)  # keeps the contract: types, not null
                con.execute(
                    f'insert into "{schema}"."{name}" select * from built."{schema}"."{name}"'
                )
            else:
                con.execute(
                    f'create table "{schema}"."{name}" as '
                    f'select * from built."{schema}"."{name}"'
                )
        metadata = run.get("metadata", {})
        con.execute(
            f"create table {RECORD_TABLE} (published_at timestamp, built_at timestamp, "
            "dbt_invocation_id varchar, source_path varchar, n_relations integer)"
        )
        built_at = metadata.get("generated_at")
        con.execute(
            f"insert into {RECORD_TABLE} values (?, ?, ?, ?, ?)",
            [
                datetime.now(UTC).replace(tzinfo=None),
                datetime.fromisoformat(built_at.replace("Z", "+00:00")).replace(tzinfo=None)
                if built_at else None,
                metadata.get("invocation_id"),
                str(working),
                len(relations),
            ],
        )
        con.execute("detach built")
        con.execute("checkpoint")
    except BaseException:
        con.close()
        staging_file.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(staging_file, target_file)
    return target_file


@contextmanager
def open_published(target: str = "dev", database: str | Path | None = None) -> Iterator:
    """A read-only connection to the last complete build (or to ``database`` as given).

    Raises NotPublished, saying why and what to run, when there is nothing complete to read.
    """
    import duckdb

    path = Path(database) if database else published_path(target)
    if not path.exists():
        working = None if database else duckdb_path(target)
        hint = (
            f" (the working warehouse {working} exists: publish it with "
            "`python -m seam publish` after a successful `dbt build`, or build with "
            "`python -m seam build`)"
            if working is not None and working.exists()
            else " (run `make run`, or `python -m seam build` after loading data)"
        )
        raise NotPublished(f"no published build at {path}{hint}")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as error:
        raise NotPublished(f"cannot open {path}: {str(error).splitlines()[0]}") from error
    try:
        yield con
    finally:
        con.close()


def published_at(con) -> datetime | None:
    """When the build a connection reads was published (None for an unpublished file)."""
    try:
        row = con.execute(f"select max(published_at) from {RECORD_TABLE}").fetchone()
    except Exception:  # noqa: BLE001 - a working file has no record table
        return None
    return row[0] if row else None


def build(dbt_args: list[str], target: str = "dev") -> int:
    """`dbt build` with ``dbt_args``, then publish when it succeeded; dbt's exit code."""
    working = duckdb_path(target)
    if working.exists():
        busy = _working_file_in_use(working)
        if busy:
            print(
                f"seam build: {working} is open in another process, so dbt cannot write it: "
                f"{busy}\nReaders (BI tools, notebooks, the dashboard) must open "
                f"{published_path(target)} instead (docs/operations.md, BI access).",
                file=sys.stderr,
            )
            return 2
    dbt = str(Path(sys.executable).with_name("dbt"))
    completed = subprocess.run([dbt, "build", "--target", target, *dbt_args], check=False)
    _record_outcome(completed.returncode)
    if completed.returncode != 0:
        print(
            f"seam build: dbt build failed (exit {completed.returncode}); readers keep the "
            f"last complete build, {published_path(target)}",
            file=sys.stderr,
        )
        return completed.returncode
    print(f"published {publish(target)}")
    return 0

"""The replay of test_incremental.py on one engine: load a history in daily batches with a
build after each (a scheduled deployment), then read every table back, build again on the
same data, and rebuild with `--full-refresh`.

DuckDB and Postgres run each step as its own process, as a scheduler does. Spark runs the
whole replay in one process (this file as a script): the loader and dbt (`dbtRunner`, dbt-spark
`method: session`) share one Spark session, so the ~25 s JVM start and warm-up are paid once
instead of at every load and build, which keeps the Spark suite within its CI budget.
"""

from __future__ import annotations

import json
import math
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
DBT = str(Path(sys.executable).with_name("dbt"))
# compared: every table in marts, staging and intermediate (the incremental ones among them),
# and the reconciliation table; not the touched set, which differs by design
SCHEMAS = ("marts", "staging", "intermediate")
EXTRA_RELATIONS = ("audit.audit_staging_reconciliation",)
NOT_COMPARED = {"control.ctl_touched_conversations"}
# every schema a build writes (dropped before a Postgres replay: a clean warehouse)
PROJECT_SCHEMAS = ("raw", "seeds", "staging", "control", "audit", "intermediate", "marts", "main")


def sort_key(row: tuple) -> tuple:
    """Rows ordered by every column; floats rounded so 1e-12 noise cannot reorder them."""
    key = []
    for value in row:
        if value is None:
            key.append((0, ""))
        elif isinstance(value, float):
            key.append((1, "nan" if math.isnan(value) else f"{value:.6e}"))
        else:
            key.append((1, repr(value)))
    return tuple(key)


def table_rows(columns: list[str], rows: list[tuple]) -> list[tuple]:
    """[column names, *rows in a stable order] of one relation."""
    return [tuple(c.lower() for c in columns), *sorted((tuple(r) for r in rows), key=sort_key)]


class Engine:
    """One warehouse of one engine: load a raw batch, build, query, read every table."""

    target = "dev"

    def __init__(self, work: Path, **extra_env: str) -> None:
        self.work = work
        work.mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "DBT_PROFILES_DIR": str(ROOT),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "SEAM_TARGET_PATH": str(work / "target"),
            "DBT_LOG_PATH": str(work / "logs"),
            "TZ": "UTC",
            **extra_env,
        }

    def _run(self, args: list[str], what: str) -> None:
        result = subprocess.run(args, cwd=ROOT, env=self.env, capture_output=True, text=True)
        assert result.returncode == 0, (
            f"{what} failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}"
        )

    def reset(self) -> None:
        """Start from an empty warehouse."""

    def load(self, folder: Path, first: bool) -> None:
        append = [] if first else ["--append"]
        self._run(
            [PY, "-m", "seam", "load", "--from", str(folder), "--target", self.target, *append],
            f"load {folder.name} ({self.target})",
        )

    def build(self, *args: str) -> None:
        self._run(
            [DBT, "build", "--quiet", "--target", self.target, *args],
            f"dbt build {' '.join(args)} ({self.target})",
        )

    def query(self, sql: str) -> tuple[list[str], list[tuple]]:
        raise NotImplementedError

    def tables(self) -> list[str]:
        raise NotImplementedError

    def touched(self) -> int:
        return int(self.query("select count(*) from control.ctl_touched_conversations")[1][0][0])

    def snapshot(self) -> dict[str, list[tuple]]:
        relations = [t for t in self.tables() if t not in NOT_COMPARED]
        assert "staging.base_support__messages" in relations, relations
        assert "marts.fct_escalations" in relations, relations
        return {
            name: table_rows(*self.query(f"select * from {name}"))
            for name in [*relations, *EXTRA_RELATIONS]
        }

    def close(self) -> None:
        """Release what the engine holds."""


class DuckDBEngine(Engine):
    target = "dev"

    def __init__(self, work: Path) -> None:
        self.path = work / "seam.duckdb"
        super().__init__(work, SEAM_DUCKDB_PATH=str(self.path))

    def query(self, sql: str) -> tuple[list[str], list[tuple]]:
        import duckdb

        con = duckdb.connect(str(self.path), read_only=True)
        try:
            cursor = con.execute(sql)
            return [d[0] for d in cursor.description], cursor.fetchall()
        finally:
            con.close()

    def tables(self) -> list[str]:
        listed = ", ".join(f"'{s}'" for s in SCHEMAS)
        _, rows = self.query(
            "select table_schema || '.' || table_name from information_schema.tables "
            f"where table_schema in ({listed}) and table_type = 'BASE TABLE' order by 1"
        )
        return [name for (name,) in rows]


class PostgresEngine(Engine):
    """The `postgres` target (SEAM_PG_*): the replay drops and rebuilds the project's schemas."""

    target = "postgres"

    def _connect(self):
        import psycopg2

        from seam.warehouse import postgres_dsn

        return psycopg2.connect(**postgres_dsn(self.target))

    def reset(self) -> None:
        con = self._connect()
        try:
            with con, con.cursor() as cursor:
                for schema in PROJECT_SCHEMAS:
                    cursor.execute(f'drop schema if exists "{schema}" cascade')
        finally:
            con.close()

    def query(self, sql: str) -> tuple[list[str], list[tuple]]:
        con = self._connect()
        try:
            with con.cursor() as cursor:
                cursor.execute(sql)
                return [d[0] for d in cursor.description], cursor.fetchall()
        finally:
            con.close()

    def tables(self) -> list[str]:
        listed = ", ".join(f"'{s}'" for s in SCHEMAS)
        _, rows = self.query(
            "select table_schema || '.' || table_name from information_schema.tables "
            f"where table_schema in ({listed}) and table_type = 'BASE TABLE' order by 1"
        )
        return [name for (name,) in rows]


class SparkEngine(Engine):
    """The `spark` target in this process: one Spark session for the loader and for dbt.

    Only usable in a process of its own (run this file as a script): the embedded Derby
    metastore admits one JVM at a time.
    """

    target = "spark"

    def __init__(self, work: Path) -> None:
        super().__init__(work, SEAM_SPARK_DIR=str(work / "spark"))
        os.environ.update(self.env)  # dbtRunner and the loader read the environment
        from dbt.cli.main import dbtRunner

        from seam.loader import SparkLoader

        self.loader = SparkLoader("raw", target=self.target)  # holds the session and load lock
        self.spark = self.loader.spark
        self.dbt = dbtRunner()

    def load(self, folder: Path, first: bool) -> None:
        # the loader's own path (validate every file, then load them all), in this session
        from seam.loader import validate

        self.loader.load_tables(validate(folder, None, first), replace=first)

    def build(self, *args: str) -> None:
        result = self.dbt.invoke(
            ["build", "--quiet", "--target", self.target, "--project-dir", str(ROOT), *args]
        )
        assert result.success, f"dbt build {' '.join(args)} (spark) failed: {result.exception}"

    def query(self, sql: str) -> tuple[list[str], list[tuple]]:
        frame = self.spark.sql(sql)
        return frame.columns, [tuple(row) for row in frame.collect()]

    def tables(self) -> list[str]:
        self.spark.catalog.clearCache()
        return sorted(
            f"{schema}.{table.name}"
            for schema in SCHEMAS
            for table in self.spark.catalog.listTables(schema)
            if table.tableType != "VIEW"
        )

    def close(self) -> None:
        self.loader.close()


ENGINES = {"duckdb": DuckDBEngine, "postgres": PostgresEngine, "spark": SparkEngine}


def replay(
    engine: Engine, batches_dir: Path, folders: list[str], build_args: list[str],
    rebuild: bool = True, keep: Path | None = None, full_args: list[str] | None = None,
) -> dict:
    """Load batch_000 and build, then each daily batch (append) and build; then the same
    build once more on unchanged data (rebuild), and a `--full-refresh` build in place (with
    `full_args` instead of `build_args` when given: the engine suites run every test there).
    Returns the touched count per build and a snapshot of every table at each stage.
    `keep` (DuckDB): a copy of the warehouse as the last daily build left it."""
    engine.reset()
    touched = []
    for number, folder in enumerate(folders):
        engine.load(batches_dir / folder, first=number == 0)
        engine.build(*build_args)
        touched.append(engine.touched())
    if keep is not None:
        shutil.copy(engine.path, keep)
    result = {"touched": touched, "after_batches": engine.snapshot(), "rebuilt": None}
    if rebuild:
        engine.build(*build_args)
        result["rebuilt"] = engine.snapshot()
    engine.build(*(build_args if full_args is None else full_args), "--full-refresh")
    result["full"] = engine.snapshot()
    return result


def replay_in_subprocess(engine: str, work: Path, batches_dir: Path, folders: list[str],
                         build_args: list[str], rebuild: bool,
                         full_args: list[str] | None = None) -> dict:
    """The replay in a process of its own (Spark: one JVM for the loader and dbt)."""
    work.mkdir(parents=True, exist_ok=True)
    out = work / "replay.pickle"
    spec = {
        "engine": engine, "work": str(work), "batches_dir": str(batches_dir),
        "folders": folders, "build_args": build_args, "rebuild": rebuild, "full_args": full_args,
        "out": str(out),
    }
    path = os.pathsep.join([str(ROOT), str(Path(__file__).parent)])
    environment = {**os.environ, "PYTHONPATH": path}
    result = subprocess.run(
        [PY, __file__, json.dumps(spec)], cwd=work, env=environment, capture_output=True,
        text=True, stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, (
        f"{engine} replay failed:\n{result.stdout[-6000:]}\n{result.stderr[-6000:]}"
    )
    with open(out, "rb") as handle:
        return pickle.load(handle)  # noqa: S301 - our own file, written by the child


def _main(spec: dict) -> None:
    engine = ENGINES[spec["engine"]](Path(spec["work"]))
    try:
        result = replay(
            engine, Path(spec["batches_dir"]), spec["folders"], spec["build_args"],
            spec["rebuild"], full_args=spec.get("full_args"),
        )
    finally:
        engine.close()
    with open(spec["out"], "wb") as handle:
        pickle.dump(result, handle)


if __name__ == "__main__":
    _main(json.loads(sys.argv[1]))

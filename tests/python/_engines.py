"""Which engines a test session builds on, and whether each is there (shared by
test_incremental.py and the other engine tests).

    SEAM_ENGINES=postgres (or spark, or postgres,spark)  engines to build on besides DuckDB
    SEAM_REQUIRE_ENGINES=1                               a missing engine fails, not skips

`make test-postgres` / `make test-spark` set both. Without SEAM_ENGINES, or on a machine
without the engine, the engine tests skip and say why; `make test` stays DuckDB only.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGINES = tuple(e.strip() for e in os.environ.get("SEAM_ENGINES", "").split(",") if e.strip())
REQUIRE = os.environ.get("SEAM_REQUIRE_ENGINES", "") == "1"


def unavailable(engine: str, reason: str) -> None:
    message = f"{engine} suite not run: {reason}"
    if REQUIRE:
        pytest.fail(message + " (SEAM_REQUIRE_ENGINES=1)")
    pytest.skip(message)


def require_selected(engine: str) -> None:
    if engine not in ENGINES:
        pytest.skip(
            f"{engine} suite not selected: set SEAM_ENGINES={engine} "
            f"(make test-{engine}) on a machine with {engine} (.ci/engines.sh installs it)"
        )


def env(workdir: Path, **extra: str) -> dict[str, str]:
    """The environment of a dbt / loader process whose target dir and logs are in workdir."""
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(ROOT),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "SEAM_TARGET_PATH": str(workdir / "target"),
        "DBT_LOG_PATH": str(workdir / "logs"),
        "TZ": "UTC",
        **extra,
    }


def run(args: list[str], environment: dict[str, str], what: str) -> None:
    result = subprocess.run(args, cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, (
        f"{what} failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}"
    )


def postgres_ready() -> dict:
    """psycopg2 connection keywords of the `postgres` target, once it answers."""
    try:
        import psycopg2
    except ImportError:
        unavailable("postgres", "psycopg2 not installed (pip install -r requirements-postgres.txt)")
    try:
        import dbt.adapters.postgres  # noqa: F401
    except ImportError:
        unavailable(
            "postgres", "dbt-postgres not installed (pip install -r requirements-postgres.txt)"
        )
    from seam.warehouse import postgres_dsn

    dsn = postgres_dsn()
    try:
        psycopg2.connect(**dsn, connect_timeout=5).close()
    except psycopg2.Error as error:
        unavailable(
            "postgres",
            f"cannot connect to {dsn['host']}:{dsn['port']}/{dsn['dbname']} "
            f"as {dsn['user']}: {str(error).strip()}",
        )
    return dsn


def _which(program: str) -> bool:
    return any((Path(p) / program).exists() for p in os.environ.get("PATH", "").split(os.pathsep))


def spark_ready() -> None:
    try:
        import dbt.adapters.spark  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as error:
        unavailable("spark", f"{error.name} not installed (pip install -r requirements-spark.txt)")
    java = (
        subprocess.run(["java", "-version"], capture_output=True, text=True, check=False)
        if _which("java")
        else None
    )
    if java is None or java.returncode != 0:
        unavailable("spark", "no Java runtime on PATH (Spark 4 needs Java 17+)")

"""Where the warehouse for a profiles.yml target lives.

Mirrors profiles.yml so the loader writes where dbt reads: the DuckDB file (SEAM_DUCKDB_PATH),
the Postgres connection (SEAM_PG_*), and the local Spark warehouse + Derby metastore
(SEAM_SPARK_DIR). Keep the defaults here and in profiles.yml in step.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DUCKDB_PATH = "data/seam.duckdb"


def duckdb_path(target: str = "dev") -> Path:
    """Path of the DuckDB file for ``target``, honouring SEAM_DUCKDB_PATH like profiles.yml."""
    if target not in ("dev",):
        raise ValueError(f"target {target!r} is not a DuckDB file target")
    return Path(os.environ.get("SEAM_DUCKDB_PATH", DEFAULT_DUCKDB_PATH))


POSTGRES_TARGETS = ("postgres",)
SPARK_TARGETS = ("spark",)
DEFAULT_SPARK_DIR = "data/spark"


def engine_of(target: str) -> str:
    """The adapter type behind a profiles.yml target name: duckdb, postgres or spark."""
    if target in POSTGRES_TARGETS:
        return "postgres"
    if target in SPARK_TARGETS:
        return "spark"
    if target in ("dev",):
        return "duckdb"
    raise ValueError(f"unknown target {target!r}: expected dev, postgres or spark")


def postgres_dsn() -> dict[str, str | int]:
    """psycopg2 connection keywords for the ``postgres`` target (same env vars and defaults)."""
    return {
        "host": os.environ.get("SEAM_PG_HOST", "localhost"),
        "port": int(os.environ.get("SEAM_PG_PORT", "5432")),
        "user": os.environ.get("SEAM_PG_USER", "seam"),
        "password": os.environ.get("SEAM_PG_PASSWORD", "seam"),
        "dbname": os.environ.get("SEAM_PG_DATABASE", "seam"),
    }


def spark_dir() -> Path:
    """Folder holding the Spark warehouse, the Derby metastore and derby.log (gitignored)."""
    return Path(os.environ.get("SEAM_SPARK_DIR", DEFAULT_SPARK_DIR))


def spark_conf() -> dict[str, str]:
    """Spark settings of the ``spark`` target's server_side_parameters, for other processes.

    dbt-spark also forces spark.sql.ansi.enabled=false in its session; the same is set here.
    Relative paths resolve against the working directory, as they do for dbt.
    """
    base = spark_dir()
    return {
        "spark.sql.warehouse.dir": f"{base}/warehouse",
        "spark.hadoop.javax.jdo.option.ConnectionURL": (
            "jdbc:derby:;databaseName=metastore_db;create=true"
        ),
        "spark.driver.extraJavaOptions": f"-Dderby.system.home={base}",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.shuffle.partitions": os.environ.get("SEAM_SPARK_SHUFFLE_PARTITIONS", "4"),
        "spark.driver.memory": os.environ.get("SEAM_SPARK_DRIVER_MEMORY", "2g"),
        "spark.ui.enabled": "false",
        "spark.sql.ansi.enabled": "false",
    }


def spark_session():
    """A local Hive-enabled SparkSession sharing the dbt target's warehouse and metastore."""
    from pyspark.sql import SparkSession

    spark_dir().mkdir(parents=True, exist_ok=True)
    builder = SparkSession.builder.appName("seam").enableHiveSupport()
    for key, value in spark_conf().items():
        builder = builder.config(key, value)
    return builder.getOrCreate()

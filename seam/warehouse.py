"""Where the warehouse for a profiles.yml target lives.

profiles.yml is the one place the targets are defined. This module reads it the way dbt does
(the same file, the same ``env_var()`` rendering, through dbt's own profile loader), so the
loader writes where dbt reads and the summary and report read what dbt built: the DuckDB file
(SEAM_DUCKDB_PATH), the Postgres connection (SEAM_PG_*) and the local Spark warehouse and
Derby metastore (SEAM_SPARK_DIR), with the defaults written in profiles.yml only.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

PROFILE = "seam"  # the `profile:` of dbt_project.yml
# Where the marts and the audit models land: `marts` and `audit` as the root project; set
# SEAM_MARTS_SCHEMA / SEAM_AUDIT_SCHEMA where seam is a package (e.g. analytics_marts,
# docs/package.md). Readers (summary, report, the published build) use these.
MARTS_SCHEMA = os.environ.get("SEAM_MARTS_SCHEMA", "marts")
AUDIT_SCHEMA = os.environ.get("SEAM_AUDIT_SCHEMA", "audit")


def profiles_dir() -> Path:
    """The folder dbt reads profiles.yml from: DBT_PROFILES_DIR, else the working directory
    if it holds a profiles.yml, else ~/.dbt."""
    from dbt.cli.resolvers import default_profiles_dir

    folder = os.environ.get("DBT_PROFILES_DIR")
    return Path(folder) if folder else default_profiles_dir()


def target_config(target: str) -> dict[str, Any]:
    """The output ``target`` of the seam profile, rendered with the current environment.

    Raises dbt's DbtProfileError (naming the valid targets) for an unknown target.
    """
    from dbt.config.profile import Profile, read_profile
    from dbt.config.renderer import ProfileRenderer
    from dbt_common.context import set_invocation_context

    folder = profiles_dir()
    profile = read_profile(str(folder)).get(PROFILE)
    if profile is None:
        raise ValueError(f"no {PROFILE!r} profile in {folder / 'profiles.yml'}")
    set_invocation_context(os.environ)  # dbt's env_var() reads the environment through it
    _name, config = Profile.render_profile(profile, PROFILE, target, ProfileRenderer({}))
    return config


def engine_of(target: str) -> str:
    """The adapter type behind a profiles.yml target name: duckdb, postgres or spark."""
    return target_config(target)["type"]


def duckdb_path(target: str = "dev") -> Path:
    """Path of the DuckDB file of ``target`` (relative paths resolve as they do for dbt)."""
    config = target_config(target)
    if config["type"] != "duckdb" or config["path"] == ":memory:":
        raise ValueError(f"target {target!r} is not a DuckDB file target")
    return Path(config["path"])


def postgres_dsn(target: str = "postgres") -> dict[str, str | int]:
    """psycopg2 connection keywords for a Postgres target."""
    config = target_config(target)
    if config["type"] != "postgres":
        raise ValueError(f"target {target!r} is not a Postgres target")
    return {key: config[key] for key in ("host", "port", "user", "password", "dbname")}


def spark_conf(target: str = "spark") -> dict[str, str]:
    """The Spark target's server_side_parameters, for other processes (the loader, tests).

    dbt-spark also forces spark.sql.ansi.enabled=false in its session; the same is set here.
    """
    config = target_config(target)
    if config["type"] != "spark":
        raise ValueError(f"target {target!r} is not a Spark target")
    conf = {key: str(value) for key, value in config["server_side_parameters"].items()}
    return {**conf, "spark.sql.ansi.enabled": "false"}


def spark_dir(target: str = "spark") -> Path:
    """Folder holding the Spark warehouse, the Derby metastore and derby.log (gitignored):
    the parent of the target's spark.sql.warehouse.dir."""
    return Path(spark_conf(target)["spark.sql.warehouse.dir"]).parent


def spark_session(target: str = "spark"):
    """A local Hive-enabled SparkSession sharing the dbt target's warehouse and metastore."""
    from pyspark.sql import SparkSession

    spark_dir(target).mkdir(parents=True, exist_ok=True)
    builder = SparkSession.builder.appName("seam").enableHiveSupport()
    for key, value in spark_conf(target).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()

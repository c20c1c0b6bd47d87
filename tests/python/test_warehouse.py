"""seam.warehouse reads the targets from profiles.yml, rendered the way dbt renders them.

No warehouse is needed: these tests only read profiles.yml (the project's, or a scratch one).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from dbt.clients.yaml_helper import load_yaml_text

from seam import warehouse

ROOT = Path(__file__).resolve().parents[2]
PROFILE_ENV = ("SEAM_DUCKDB_PATH", "SEAM_DUCKDB_MEMORY_LIMIT", "SEAM_PG_HOST", "SEAM_PG_PORT",
               "SEAM_PG_USER", "SEAM_PG_PASSWORD", "SEAM_PG_DATABASE", "SEAM_SPARK_DIR",
               "SEAM_SPARK_SHUFFLE_PARTITIONS", "SEAM_SPARK_DRIVER_MEMORY", "SEAM_TARGET")


@pytest.fixture
def project_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    """The project's profiles.yml with every SEAM_* variable unset (its defaults apply)."""
    monkeypatch.setenv("DBT_PROFILES_DIR", str(ROOT))
    for name in PROFILE_ENV:
        monkeypatch.delenv(name, raising=False)


def test_profile_name_is_the_projects() -> None:
    project = load_yaml_text((ROOT / "dbt_project.yml").read_text())
    assert project["profile"] == warehouse.PROFILE


def test_defaults_come_from_profiles_yml(project_profile) -> None:
    assert warehouse.duckdb_path() == Path("data/seam.duckdb")
    assert warehouse.postgres_dsn() == {"host": "localhost", "port": 5432, "user": "seam",
                                        "password": "seam", "dbname": "seam"}
    conf = warehouse.spark_conf()
    assert conf["spark.driver.memory"] == "6g"
    assert conf["spark.sql.warehouse.dir"] == "data/spark/warehouse"
    assert conf["spark.driver.extraJavaOptions"] == "-Dderby.system.home=data/spark"
    assert conf["spark.sql.ansi.enabled"] == "false"
    assert warehouse.spark_dir() == Path("data/spark")
    assert [warehouse.engine_of(t) for t in ("dev", "postgres", "spark", "lint")] == [
        "duckdb", "postgres", "spark", "duckdb"]


def test_spark_conf_is_every_server_side_parameter(project_profile) -> None:
    raw = load_yaml_text((ROOT / "profiles.yml").read_text())
    declared = raw["seam"]["outputs"]["spark"]["server_side_parameters"]
    assert set(warehouse.spark_conf()) == set(declared) | {"spark.sql.ansi.enabled"}


def test_environment_overrides_apply(project_profile, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEAM_DUCKDB_PATH", "/tmp/elsewhere/w.duckdb")
    monkeypatch.setenv("SEAM_PG_PORT", "6543")
    monkeypatch.setenv("SEAM_SPARK_DIR", "/tmp/spark-here")
    monkeypatch.setenv("SEAM_SPARK_DRIVER_MEMORY", "3g")
    assert warehouse.duckdb_path() == Path("/tmp/elsewhere/w.duckdb")
    assert warehouse.postgres_dsn()["port"] == 6543
    assert warehouse.spark_conf()["spark.driver.memory"] == "3g"
    assert warehouse.spark_dir() == Path("/tmp/spark-here")
    monkeypatch.setenv("SEAM_DUCKDB_PATH", "/tmp/changed.duckdb")  # read at each call
    assert warehouse.duckdb_path() == Path("/tmp/changed.duckdb")


def test_duckdb_loader_takes_the_targets_memory_cap(project_profile, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The raw load runs under the same memory_limit as the build (profiles.yml settings)."""
    from seam.loader import make_loader

    monkeypatch.setenv("SEAM_DUCKDB_PATH", str(tmp_path / "w.duckdb"))
    caps = {}
    for value in (None, "1GB", "2GB"):
        if value:
            monkeypatch.setenv("SEAM_DUCKDB_MEMORY_LIMIT", value)
        loader = make_loader("dev", "raw")
        try:
            caps[value] = loader.con.execute(
                "select current_setting('memory_limit')").fetchone()[0]
        finally:
            loader.close()
    # DuckDB reports the cap in binary units: 3GB (the profiles.yml default) is 2.7 GiB
    assert caps == {None: "2.7 GiB", "1GB": "953.6 MiB", "2GB": "1.8 GiB"}


def test_not_a_file_target_or_unknown_target_is_refused(project_profile) -> None:
    with pytest.raises(ValueError, match="not a DuckDB file target"):
        warehouse.duckdb_path("lint")
    with pytest.raises(ValueError, match="not a Postgres target"):
        warehouse.postgres_dsn("dev")
    with pytest.raises(Exception, match="does not have a target named 'nope'"):
        warehouse.engine_of("nope")


def test_dbt_profiles_dir_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "profiles.yml").write_text(
        "seam:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n"
        "      path: \"{{ env_var('OTHER_DB', 'other.duckdb') }}\"\n      schema: main\n"
    )
    monkeypatch.setenv("DBT_PROFILES_DIR", str(tmp_path))
    monkeypatch.delenv("OTHER_DB", raising=False)
    assert warehouse.duckdb_path() == Path("other.duckdb")

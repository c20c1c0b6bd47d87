"""The vendor shapes on PostgreSQL: marts equal the DuckDB build of the same shape row for row.

One small planted scenario (300 conversations, 2 weeks, seed 23, no bad rows) is generated in
each vendor shape checked here, loaded with the project's loader (typed tables; on Postgres
the Airbyte streams' JSON objects and arrays as jsonb, as Airbyte's typed destination lands
them) and built once on DuckDB (the reference) and once on Postgres with the shape's vars
(`seam_source`, `seam_elt`). Every model under models/marts is then compared with DuckDB's
by the comparison of test_engines.py: same columns, same rows, floats equal to 1e-9.

Shapes: by default one Fivetran and one Airbyte shape of different vendors (zendesk-fivetran,
intercom-airbyte: the Airbyte one reads every JSON macro and the deepest chain of
`latest row` filters); SEAM_VENDOR_SHAPES=all (or a comma list) checks others. Both builds
run seeds and models only: the data tests of each shape run on DuckDB in
test_vendor_shapes.py, the unit tests on each engine in test_incremental.py (the replay's
`--full-refresh` build), and marts equal row
for row to a build that passes them are the check here.

Opt-in as every engine suite (SEAM_ENGINES, SEAM_REQUIRE_ENGINES: see _engines.py); under
`make test` these tests skip and say why. Spark is not checked here: one shape built on
Spark and matched, but its build alone took 6 min 15 s (docs/vendor-sources.md, Engines).
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import pytest
from _engines import env, postgres_ready, require_selected, run
from test_engines import _assert_same, _duckdb_marts, _marts, _table

from seam.synth.vendor_shapes import VENDOR_TABLES

PY = sys.executable
DBT = str(Path(sys.executable).with_name("dbt"))
DEFAULT_SHAPES = ("zendesk-fivetran", "intercom-airbyte")


def _selected_shapes() -> tuple[str, ...]:
    given = os.environ.get("SEAM_VENDOR_SHAPES", "").strip()
    if not given:
        return DEFAULT_SHAPES
    if given == "all":
        return tuple(VENDOR_TABLES)
    shapes = tuple(s.strip() for s in given.split(",") if s.strip())
    unknown = [s for s in shapes if s not in VENDOR_TABLES]
    assert not unknown, f"SEAM_VENDOR_SHAPES: unknown shapes {unknown}"
    return shapes


def _vars(shape: str) -> str:
    vendor, elt = shape.split("-")
    return f"{{seam_source: {vendor}, seam_elt: {elt}}}"


def _raw(folder: Path, shape: str) -> Path:
    from seam.synth import generate

    raw = folder / "raw"
    if not (raw / "manifest.json").exists():
        generate(out_dir=raw, conversations=300, seed=23, start=date(2026, 8, 31), weeks=2,
                 dirty_rate=0.0, progress=False, shape=shape)
    return raw


def _load_and_build(raw: Path, workdir: Path, target: str, shape: str, **extra: str) -> Path:
    """The project's loader (in this process: dbt is imported once), then one `dbt build` of
    the shape's seeds and models, no tests; returns the build's target dir."""
    from seam.loader import load

    workdir.mkdir(parents=True, exist_ok=True)
    environment = env(workdir, **extra)
    saved = dict(os.environ)
    os.environ.update(environment)
    try:
        load(src=raw, target=target)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    run([DBT, "build", "--full-refresh", "--target", target, "--vars", _vars(shape),
         "--exclude-resource-type", "test", "unit_test"],
        environment, f"dbt build {shape} ({target})")
    return workdir / "target"


_references: dict[str, dict] = {}


def _duckdb_reference(shape: str, folder: Path) -> dict:
    """Seeds and models of the shape on DuckDB (no tests), every mart read back."""
    if shape in _references:
        return _references[shape]
    work = folder / "duckdb"
    db = work / "seam.duckdb"
    target_dir = _load_and_build(_raw(folder, shape), work, "dev", shape,
                                 SEAM_DUCKDB_PATH=str(db))
    marts = _marts(target_dir)
    _references[shape] = {"marts": marts, "tables": _duckdb_marts(db, marts)}
    return _references[shape]


@pytest.fixture(scope="module")
def vendor_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("vendor_engines")


def _assert_marts_equal(engine: str, reference: dict, actual: dict) -> None:
    assert reference["tables"], "no marts read from the DuckDB build"
    for name, expected in reference["tables"].items():
        _assert_same(name, engine, expected, actual[name])


@pytest.mark.engines
@pytest.mark.parametrize("shape", _selected_shapes())
def test_vendor_shape_marts_equal_duckdb_on_postgres(shape: str, vendor_folder: Path) -> None:
    require_selected("postgres")
    dsn = postgres_ready()
    import psycopg2

    folder = vendor_folder / shape
    reference = _duckdb_reference(shape, folder)
    _load_and_build(_raw(folder, shape), folder / "postgres", "postgres", shape)
    actual = {}
    con = psycopg2.connect(**dsn)
    try:
        with con.cursor() as cursor:
            for schema, table in reference["marts"]:
                cursor.execute(f'select * from "{schema}"."{table}"')
                actual[f"{schema}.{table}"] = _table(
                    [d[0] for d in cursor.description], cursor.fetchall())
    finally:
        con.close()
    _assert_marts_equal("postgres", reference, actual)


def test_vendor_shape_selection() -> None:
    """The default is one Fivetran and one Airbyte shape, of different vendors."""
    assert {s.split("-")[1] for s in DEFAULT_SHAPES} == {"fivetran", "airbyte"}
    assert len({s.split("-")[0] for s in DEFAULT_SHAPES}) == 2
    assert set(DEFAULT_SHAPES) <= set(VENDOR_TABLES)

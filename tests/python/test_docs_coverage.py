"""Documentation coverage: every column the warehouse holds is described in dbt docs.

The real columns come from the catalog: `dbt docs generate` against the shared test
warehouse (fixture `warehouse`, SEAM_TEST_DUCKDB under `make test`) lists every column of
every model and every raw-contract source table as the engine sees it. The descriptions come
from the manifest that `dbt parse` writes into the same temporary target path (`{{ doc() }}`
blocks already resolved). Every model (staging, control, audit, intermediate, marts) and
every enabled source table is covered; the failure message lists the offenders by file.

Neither command writes to the warehouse or to the shared target/ folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DBT = str(Path(sys.executable).with_name("dbt"))


def _dbt(target: Path, duckdb_path: Path, *args: str) -> None:
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(ROOT),
        "SEAM_TARGET": "dev",
        "SEAM_DUCKDB_PATH": str(duckdb_path),
        "SEAM_TARGET_PATH": str(target),
        "DBT_LOG_PATH": str(target / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    result = subprocess.run(
        [DBT, *args, "--quiet", "--target-path", str(target)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


@pytest.fixture(scope="module")
def artifacts(warehouse, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    """(manifest, catalog) for the test warehouse."""
    target = tmp_path_factory.mktemp("docs_target")
    _dbt(target, warehouse.duckdb_path, "parse")
    _dbt(target, warehouse.duckdb_path, "docs", "generate", "--no-compile")
    manifest = json.loads((target / "manifest.json").read_text())
    catalog = json.loads((target / "catalog.json").read_text())
    return manifest, catalog


def _documented(manifest: dict) -> dict[str, dict]:
    """unique_id -> manifest entry, for this project's models and sources."""
    models = {uid: node for uid, node in manifest["nodes"].items()
              if node["resource_type"] == "model" and node["package_name"] == "seam"}
    sources = {uid: src for uid, src in manifest["sources"].items()
               if src["package_name"] == "seam"}
    return {**models, **sources}


def _label(entry: dict) -> str:
    if entry["resource_type"] == "source":
        return f"{entry['original_file_path']} (source {entry['source_name']}.{entry['name']})"
    return (entry.get("patch_path") or "").removeprefix("seam://") or entry["original_file_path"]


def _report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"  {where}: {', '.join(columns)}" for where, columns in sorted(found.items()))


def undocumented_columns(manifest: dict, catalog: dict) -> dict[str, list[str]]:
    """file -> warehouse columns of its model / source with no (or a blank) description."""
    documented = _documented(manifest)
    found: dict[str, list[str]] = defaultdict(list)
    for uid, entry in {**catalog["nodes"], **catalog["sources"]}.items():
        if uid not in documented:
            continue  # seeds, and other packages' nodes
        described = {
            name.lower(): (column.get("description") or "").strip()
            for name, column in documented[uid]["columns"].items()
        }
        for name in entry["columns"]:
            if not described.get(name.lower()):
                found[_label(documented[uid])].append(name.lower())
    return dict(found)


def documented_columns_not_in_warehouse(manifest: dict, catalog: dict) -> dict[str, list[str]]:
    """file -> columns its YAML describes that the built relation does not have (stale docs)."""
    relations = {**catalog["nodes"], **catalog["sources"]}
    found: dict[str, list[str]] = defaultdict(list)
    for uid, entry in _documented(manifest).items():
        if uid not in relations:
            continue
        actual = {name.lower() for name in relations[uid]["columns"]}
        for name in entry["columns"]:
            if name.lower() not in actual:
                found[_label(entry)].append(name)
    return dict(found)


def test_catalog_covers_every_model_and_source(artifacts):
    manifest, catalog = artifacts
    relations = {**catalog["nodes"], **catalog["sources"]}
    missing = sorted(
        _label(entry) for uid, entry in _documented(manifest).items()
        if uid not in relations and entry.get("config", {}).get("materialized") != "ephemeral"
    )
    assert not missing, (
        "models / sources with no relation in the warehouse (not built?), so their columns "
        "cannot be checked:\n  " + "\n  ".join(missing)
    )


def test_every_column_has_a_description(artifacts):
    manifest, catalog = artifacts
    found = undocumented_columns(manifest, catalog)
    total = sum(len(columns) for columns in found.values())
    assert not found, (
        f"{total} warehouse columns have no description in dbt docs (add them to the .yml "
        f"beside the model, or to the sources YAML):\n{_report(found)}"
    )


def test_no_description_of_a_column_that_does_not_exist(artifacts):
    manifest, catalog = artifacts
    found = documented_columns_not_in_warehouse(manifest, catalog)
    assert not found, (
        f"described columns the built relation does not have (renamed or dropped?):\n"
        f"{_report(found)}"
    )


def test_coverage_check_can_fail():
    """The check must flag a column with no entry, an empty and a blank description, match
    names case-insensitively, cover sources, and skip seeds."""
    manifest = {
        "nodes": {
            "model.seam.m": {
                "resource_type": "model", "package_name": "seam", "name": "m",
                "original_file_path": "models/m.sql",
                "columns": {"ID": {"description": "Key."}, "b": {"description": ""},
                            "c": {"description": "  "}, "gone": {"description": "Old."}},
            },
            "seed.seam.s": {"resource_type": "seed", "package_name": "seam", "name": "s",
                            "original_file_path": "seeds/s.csv", "columns": {}},
        },
        "sources": {
            "source.seam.raw.t": {
                "resource_type": "source", "package_name": "seam", "source_name": "raw",
                "name": "t", "original_file_path": "models/_sources.yml",
                "columns": {"x": {"description": "X."}},
            },
        },
    }
    catalog = {
        "nodes": {
            "model.seam.m": {"columns": {"id": {}, "b": {}, "c": {}, "d": {}}},
            "seed.seam.s": {"columns": {"undocumented_seed_column": {}}},
        },
        "sources": {"source.seam.raw.t": {"columns": {"x": {}, "_loaded_at": {}}}},
    }
    assert undocumented_columns(manifest, catalog) == {
        "models/m.sql": ["b", "c", "d"],
        "models/_sources.yml (source raw.t)": ["_loaded_at"],
    }
    assert documented_columns_not_in_warehouse(manifest, catalog) == {"models/m.sql": ["gone"]}

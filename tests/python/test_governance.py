"""Governance over the parsed manifest: what BI tools and other teams may rely on.

- every mart (models/marts/**) is `access: public`, has an enforced contract, a description,
  and a description + data_type on every column;
- no model outside models/staging/ reads a source directly;
- every model (staging, intermediate and marts alike) has a primary key that is tested:
  one column carrying both a `unique` and a `not_null` test, or a `unique_combination` test;
- the dashboard exposure depends on marts only.

The manifest comes from `dbt parse` into a temporary target path on the in-memory `lint`
target, so the test never touches the warehouse file or the shared target/ folder.
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
PK_PAIR_TESTS = {"unique", "not_null"}
COMPOSITE_KEY_TESTS = {"unique_combination"}


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    target = tmp_path_factory.mktemp("governance_target")
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(ROOT),
        "SEAM_TARGET": "lint",
        "SEAM_TARGET_PATH": str(target),
        "DBT_LOG_PATH": str(target / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    result = subprocess.run(
        [DBT, "parse", "--quiet", "--target-path", str(target)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return json.loads((target / "manifest.json").read_text())


def _models(manifest: dict) -> dict[str, dict]:
    return {
        uid: node for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["package_name"] == "seam"
    }


def _marts(manifest: dict) -> dict[str, dict]:
    return {
        uid: node for uid, node in _models(manifest).items()
        if node["original_file_path"].startswith("models/marts/")
    }


def primary_key_tests(manifest: dict) -> dict[str, set[str]]:
    """model unique_id -> its tested keys: a column name, or 'cols(a,b)' for a combination."""
    by_column: dict[tuple[str, str], set[str]] = defaultdict(set)
    keys: dict[str, set[str]] = defaultdict(set)
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test" or not node.get("test_metadata"):
            continue
        name = node["test_metadata"]["name"]
        model = node.get("attached_node")
        if not model:
            continue
        kwargs = node["test_metadata"].get("kwargs", {})
        if name in PK_PAIR_TESTS and node.get("column_name"):
            by_column[(model, node["column_name"])].add(name)
        elif name in COMPOSITE_KEY_TESTS:
            columns = kwargs.get("columns") or []
            keys[model].add(f"cols({','.join(columns)})")
    for (model, column), names in by_column.items():
        if PK_PAIR_TESTS <= names:
            keys[model].add(column)
    return keys


def test_manifest_has_models(manifest):
    assert _models(manifest), "dbt parse produced no models"


def test_every_mart_is_public_with_an_enforced_contract(manifest):
    problems = []
    for node in _marts(manifest).values():
        if node.get("access") != "public":
            problems.append(f"{node['name']}: access is {node.get('access')!r}, want 'public'")
        if not node["config"].get("contract", {}).get("enforced"):
            problems.append(f"{node['name']}: contract not enforced")
        if not (node.get("description") or "").strip():
            problems.append(f"{node['name']}: no model description")
    assert not problems, "\n".join(problems)


def test_every_mart_column_has_a_description_and_data_type(manifest):
    problems = []
    for node in _marts(manifest).values():
        if not node["columns"]:
            problems.append(f"{node['name']}: no columns documented")
        for column in node["columns"].values():
            if not (column.get("description") or "").strip():
                problems.append(f"{node['name']}.{column['name']}: no description")
            if not (column.get("data_type") or "").strip():
                problems.append(f"{node['name']}.{column['name']}: no data_type")
    assert not problems, "\n".join(problems)


def test_only_staging_reads_sources(manifest):
    problems = []
    for node in _models(manifest).values():
        if node["original_file_path"].startswith("models/staging/"):
            continue
        sources = [dep for dep in node["depends_on"]["nodes"] if dep.startswith("source.")]
        if sources:
            problems.append(f"{node['name']} ({node['original_file_path']}) reads {sources}")
    assert not problems, "\n".join(problems)


def test_every_model_has_a_tested_primary_key(manifest):
    keys = primary_key_tests(manifest)
    missing = sorted(
        f"{node['name']} ({node['original_file_path']})"
        for uid, node in _models(manifest).items() if not keys.get(uid)
    )
    assert not missing, (
        "models without a primary key tested unique + not_null (or unique_combination):\n  "
        + "\n  ".join(missing)
    )


def test_primary_key_detection_can_fail():
    """The detector must not accept a lone unique test or tests on two different columns."""
    fake = {"nodes": {
        "test.a": {"resource_type": "test", "attached_node": "model.m1", "column_name": "id",
                   "test_metadata": {"name": "unique", "kwargs": {}}},
        "test.b": {"resource_type": "test", "attached_node": "model.m2", "column_name": "id",
                   "test_metadata": {"name": "unique", "kwargs": {}}},
        "test.c": {"resource_type": "test", "attached_node": "model.m2", "column_name": "other",
                   "test_metadata": {"name": "not_null", "kwargs": {}}},
        "test.d": {"resource_type": "test", "attached_node": "model.m3", "column_name": None,
                   "test_metadata": {"name": "unique_combination",
                                     "kwargs": {"columns": ["a", "b"]}}},
        "test.e": {"resource_type": "test", "attached_node": "model.m4", "column_name": "id",
                   "test_metadata": {"name": "unique", "kwargs": {}}},
        "test.f": {"resource_type": "test", "attached_node": "model.m4", "column_name": "id",
                   "test_metadata": {"name": "not_null", "kwargs": {}}},
    }}
    keys = primary_key_tests(fake)
    assert not keys.get("model.m1")
    assert not keys.get("model.m2")
    assert keys["model.m3"] == {"cols(a,b)"}
    assert keys["model.m4"] == {"id"}


def test_exposures_depend_on_public_marts_only(manifest):
    exposures = {uid: exp for uid, exp in manifest.get("exposures", {}).items()
                 if exp["package_name"] == "seam"}
    marts = _marts(manifest)
    problems = []
    for exposure in exposures.values():
        deps = exposure["depends_on"]["nodes"]
        if not deps:
            problems.append(f"exposure {exposure['name']}: depends on nothing")
        problems += [f"exposure {exposure['name']}: depends on non-mart {dep}"
                     for dep in deps if dep not in marts]
    assert not problems, "\n".join(problems)


def test_docs_generate_works_offline(tmp_path):
    """`dbt docs generate` needs no network: the site is bundled with dbt-core. (Run here on
    the in-memory target with an empty catalog; `make` runs it against the warehouse.)"""
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(ROOT),
        "SEAM_TARGET": "lint",
        "SEAM_TARGET_PATH": str(tmp_path),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    result = subprocess.run(
        [DBT, "docs", "generate", "--quiet", "--no-compile", "--empty-catalog",
         "--target-path", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    site = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert len(site) > 100_000
    assert (tmp_path / "catalog.json").exists()

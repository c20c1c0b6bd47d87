"""Governance over the parsed manifest: what BI tools and other teams may rely on.

- every mart (models/marts/**) is `access: public`, has an enforced contract, a description,
  and a description + data_type on every column;
- no model outside models/staging/, models/control/ and models/audit/ reads a source directly;
- staging is one-to-one with its source (stg_ reads its own base; bases read their source);
- incremental models import conversation-keyed relations through touched_ref only;
- every model (staging, intermediate and marts alike) has a primary key that is tested:
  one column carrying both a `unique` and a `not_null` test, or a `unique_combination` test;
- the dashboard exposure depends on marts only.

The manifest comes from `dbt parse` into a temporary target path on the in-memory `lint`
target, so the test never touches the warehouse file or the shared target/ folder.
"""

from __future__ import annotations

import json
import os
import re
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



# Declared string types must be `text`: on Postgres a contracted table takes its declared types,
# every string a later incremental batch computes is `text`, and on_schema_change: fail stops
# a nightly run on `character varying` (DECISIONLOG.md).
VARCHAR_TYPE = re.compile(r"^\s*(varchar|character varying|string)\s*(\(|$)", re.IGNORECASE)


def _declared_varchar(manifest) -> list[str]:
    found = []
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model":
            for column in node["columns"].values():
                if VARCHAR_TYPE.match(column.get("data_type") or ""):
                    found.append(f"{node['name']}.{column['name']}: {column['data_type']}")
        if node["resource_type"] == "seed":
            for name, kind in (node["config"].get("column_types") or {}).items():
                if VARCHAR_TYPE.match(str(kind)):
                    found.append(f"seed {node['name']}.{name}: {kind}")
    return found


def test_string_types_are_declared_text(manifest):
    found = _declared_varchar(manifest)
    assert not found, "declare `text`, not varchar:\n" + "\n".join(found)


def test_string_type_check_can_fail():
    planted = {"nodes": {
        "model.seam.m": {"resource_type": "model", "name": "m",
                         "columns": {"c": {"name": "c", "data_type": "varchar"}}},
        "seed.seam.s": {"resource_type": "seed", "name": "s", "columns": {},
                        "config": {"column_types": {"k": "character varying(20)"}}},
    }}
    assert _declared_varchar(planted) == ["m.c: varchar", "seed s.k: character varying(20)"]

# The flow reads raw data only in staging; control (which conversations a run touches) and audit
# (reconciliation against raw counts) sit beside the flow and read raw counts too.
SOURCE_READERS = ("models/staging/", "models/control/", "models/audit/")


def test_only_staging_control_and_audit_read_sources(manifest):
    problems = []
    for node in _models(manifest).values():
        if node["original_file_path"].startswith(SOURCE_READERS):
            continue
        sources = [dep for dep in node["depends_on"]["nodes"] if dep.startswith("source.")]
        if sources:
            problems.append(f"{node['name']} ({node['original_file_path']}) reads {sources}")
    assert not problems, "\n".join(problems)


# Bases a child base reads for its orphan and timestamp checks (a message needs its
# conversation, a label its message).
PARENT_BASES = {"base_support__conversations", "base_support__messages"}


def _staging_problems(models: dict[str, dict]) -> list[str]:
    """Staging is one-to-one with a source. A stg_ / _rejected model reads only its own base; a
    base reads its source, seeds, its parent bases and the control plane (which conversations an
    incremental run re-reads)."""
    problems = []
    for node in models.values():
        if not node["original_file_path"].startswith("models/staging/"):
            continue
        name = node["name"]
        entity = name.removeprefix("stg_support__").removesuffix("_rejected")
        for dep in node["depends_on"]["nodes"]:
            kind, dep_name = dep.split(".")[0], dep.split(".")[-1]
            if kind in ("source", "seed"):
                ok = name.startswith("base_")
            elif kind == "model" and name.startswith("stg_"):
                ok = dep_name == f"base_support__{entity}"
            elif kind == "model" and name.startswith("base_"):
                dep_path = models[dep]["original_file_path"]
                # a vendor source: the contract's base reads the vendor mapping of its table
                ok = dep_name in PARENT_BASES or dep_path.startswith(
                    ("models/control/", "models/staging/zendesk/", "models/staging/intercom/"))
            else:
                ok = False
            if not ok:
                problems.append(f"{name} depends on {dep}")
    return problems


def test_staging_is_one_to_one_with_sources(manifest):
    assert not _staging_problems(_models(manifest))


def test_staging_check_can_fail(manifest):
    """The rule above rejects a stg_ model that reads another stg_ model or an intermediate."""
    models = {key: dict(node) for key, node in _models(manifest).items()}
    victim = models["model.seam.stg_support__messages"]
    victim["depends_on"] = {"nodes": [*victim["depends_on"]["nodes"],
                                      "model.seam.stg_support__conversations"]}
    assert _staging_problems(models) == [
        "stg_support__messages depends on model.seam.stg_support__conversations"
    ]


def _import_problems(paths: list[Path]) -> list[str]:
    # relations not keyed by conversation (seeds, the calendar, labels by message id)
    unkeyed = {"basics_markers", "text_stopwords", "reply_phrase_patterns", "survey_scales",
               "text_cleaning_rules",
               "int_business_hours_calendar", "int_text_message_labels"}
    # whole reads on purpose, per model
    whole = {("int_conversations_pathed", "stg_support__conversations"):
             "a recontact is any later conversation of the customer, touched or not"}
    problems = []
    for path in paths:
        sql = path.read_text()
        if "touched_where" in sql:
            problems.append(f"{path.name} calls touched_where")
        # staging bases filter raw rows in deduplicated_raw(touched_only=true) and read their
        # parent bases whole for orphan checks
        if "incremental_by_conversation()" not in sql or path.stem.startswith("base_"):
            continue
        # a `-- depends_on:` line orders the run (a gate such as the input guards); it imports
        # nothing
        imports = re.sub(r"(?m)^\s*-- depends_on:.*$", "", sql)
        for name in re.findall(r"\bref\('([a-z0-9_]+)'\)", imports):
            if name not in unkeyed and (path.stem, name) not in whole:
                problems.append(f"{path.name} imports {name} without touched_ref")
    return problems


def test_incremental_imports_go_through_touched_ref():
    """A model kept incrementally by conversation imports every relation kept by conversation
    through touched_ref (so an unfiltered import cannot be written by accident); touched_where
    is called only by the import macro and the staging bases' dedup macro, never by a model."""
    problems = _import_problems(sorted((ROOT / "models").rglob("*.sql")))
    assert not problems, "\n".join(problems)


def test_incremental_import_check_can_fail(tmp_path):
    model = tmp_path / "int_example.sql"
    model.write_text(
        "{{ config(**seam.incremental_by_conversation()) }}\n"
        "with a as (select * from {{ seam.touched_ref('stg_support__messages') }}),\n"
        "b as (select * from {{ ref('stg_support__handoffs') }})\n"
        "select * from a {{ seam.touched_where() }}\n"
    )
    assert _import_problems([model]) == [
        "int_example.sql calls touched_where",
        "int_example.sql imports stg_support__handoffs without touched_ref",
    ]


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


@pytest.mark.parametrize("vendor", ["zendesk", "intercom"])
def test_airbyte_models_are_keyed_staging(vendor, tmp_path):
    """Under a vendor source landed by Airbyte (disabled, so unchecked, in the default parse),
    the models that read Airbyte's streams have a tested key and keep the staging rule."""
    env = {**os.environ, "DBT_PROFILES_DIR": str(ROOT), "SEAM_TARGET": "lint",
           "SEAM_TARGET_PATH": str(tmp_path), "DBT_LOG_PATH": str(tmp_path / "logs"),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    result = subprocess.run(
        [DBT, "parse", "--quiet", "--target-path", str(tmp_path), "--vars",
         f"{{seam_source: {vendor}, seam_elt: airbyte}}"],
        cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    vendor_manifest = json.loads((tmp_path / "manifest.json").read_text())
    models = _models(vendor_manifest)
    airbyte = {uid: node for uid, node in models.items()
               if node["original_file_path"].startswith(f"models/staging/{vendor}/airbyte/")}
    assert len(airbyte) == {"zendesk": 5, "intercom": 5}[vendor]
    keys = primary_key_tests(vendor_manifest)
    assert not [node["name"] for uid, node in airbyte.items() if not keys.get(uid)]
    assert not _staging_problems(models)


def nightly_guard_gaps(manifest: dict) -> list[str]:
    """What a whole_table test checks that its model's touched_rows_valid tests do not: the
    nightly selector skips whole_table tests, so each must be covered by a nightly guard
    (unique -> key, not_null -> key or not_null, accepted_values -> the same list,
    relationships on conversation_id -> `to`), and a model with a guard tags every column test."""
    guards: dict[str, list[dict]] = defaultdict(list)
    tests: dict[str, list[dict]] = defaultdict(list)
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test" or not node.get("test_metadata"):
            continue
        model = node.get("attached_node")
        if not model:
            continue
        if node["test_metadata"]["name"] == "touched_rows_valid":
            guards[model].append(node["test_metadata"].get("kwargs", {}))
        else:
            tests[model].append(node)
    gaps = []
    for model, nodes in tests.items():
        kwargs_list = guards.get(model, [])
        for node in nodes:
            name, kwargs = node["test_metadata"]["name"], node["test_metadata"].get("kwargs", {})
            column, tagged = node.get("column_name"), "whole_table" in node["config"]["tags"]
            if not tagged:
                if kwargs_list and name in {"unique", "not_null", "accepted_values",
                                            "relationships", "unique_combination"}:
                    gaps.append(f"{model}: {name} {column or ''} is not tagged whole_table")
                continue
            if not kwargs_list:
                gaps.append(f"{model}: {name} tagged whole_table but no touched_rows_valid")
                continue

            def keys(guard: dict) -> list[str]:
                key = guard.get("key")
                return [key] if isinstance(key, str) else list(key or [])

            if name == "unique":
                covered = any(keys(g) == [column] for g in kwargs_list)
            elif name == "unique_combination":
                covered = any(keys(g) == list(kwargs.get("columns", [])) for g in kwargs_list)
            elif name == "not_null":
                covered = any(column in keys(g) + list(g.get("not_null", []))
                              for g in kwargs_list)
            elif name == "accepted_values":
                covered = any(
                    [str(v) for v in (g.get("accepted_values") or {}).get(column, [])]
                    == [str(v) for v in kwargs.get("values", [])]
                    for g in kwargs_list
                )
            elif name == "relationships":
                covered = column == "conversation_id" and any(
                    g.get("to") == kwargs.get("to") for g in kwargs_list
                )
            else:
                covered = False
            if not covered:
                gaps.append(f"{model}: whole_table {name} {column or ''} has no nightly guard")
    return sorted(gaps)


def test_whole_table_tests_have_a_nightly_guard(manifest):
    gaps = nightly_guard_gaps(manifest)
    assert not gaps, "\n".join(gaps)
    assert any(
        node["test_metadata"]["name"] == "touched_rows_valid"
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test" and node.get("test_metadata")
    )


def test_nightly_guard_check_can_fail():
    """An accepted_values list changed in one place only, an untagged test beside a guard,
    and an unguarded whole_table test are each reported."""
    def test(name, column, tags, **kwargs):
        return {"resource_type": "test", "attached_node": "model.m", "column_name": column,
                "config": {"tags": tags}, "test_metadata": {"name": name, "kwargs": kwargs}}

    guard = test("touched_rows_valid", None, [], key="id", not_null=["a"],
                 accepted_values={"kind": ["x", "y"]})
    fake = {"nodes": {
        "t1": guard,
        "t2": test("unique", "id", ["whole_table"]),
        "t3": test("not_null", "a", ["whole_table"]),
        "t4": test("accepted_values", "kind", ["whole_table"], values=["x", "y", "z"]),
        "t5": test("not_null", "b", []),
        "t6": {**test("not_null", "id", ["whole_table"]), "attached_node": "model.other"},
    }}
    gaps = nightly_guard_gaps(fake)
    assert gaps == sorted([
        "model.m: whole_table accepted_values kind has no nightly guard",
        "model.m: not_null b is not tagged whole_table",
        "model.other: not_null tagged whole_table but no touched_rows_valid",
    ]), gaps
    fake["nodes"]["t4"] = test("accepted_values", "kind", ["whole_table"], values=["x", "y"])
    del fake["nodes"]["t5"], fake["nodes"]["t6"]
    assert nightly_guard_gaps(fake) == []


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

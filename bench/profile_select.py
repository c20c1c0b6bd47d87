"""Operator profile of one compiled model select, run alone in plain DuckDB.

Usage: python bench/profile_select.py <warehouse.duckdb> <compiled.sql> [--catalog NAME]
           [--memory-limit 3GB] [--threads 2] [--min-seconds 0.3] [--set "SQL"]...

The warehouse is attached read-only under the catalog name the compiled SQL uses (default:
the file's stem, as dbt-duckdb names it), the select runs as `create table ... as` in memory,
and DuckDB's JSON profile is printed as a tree: each operator's time (summed over threads),
rows out and its main expressions, for operators at or above --min-seconds (and the first
levels). First line: wall seconds, rows, total CPU seconds. Get the compiled SQL with
`dbt compile -s <model>` against an empty warehouse path (a full-build select) or against the
built one (an incremental select); `--set` runs a statement first (e.g. a DuckDB setting).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import duckdb

SHOWN = ("Projections", "Expressions", "Aggregates", "Groups", "Conditions", "Table", "Join Type")


def print_tree(operator: dict, min_seconds: float, depth: int = 0) -> None:
    seconds = operator.get("timing", 0.0)
    if seconds >= min_seconds or depth < 3:
        extra = operator.get("extra_info", {})
        detail = " ".join(f"{k}={str(v)[:90]}" for k, v in extra.items() if k in SHOWN)
        print(f"{'  ' * depth}{operator['name']:<22} {seconds:6.2f} "
              f"rows={operator.get('intermediate_rows')} {detail[:200]}")
    for child in operator.get("children", []):
        print_tree(child, min_seconds, depth + 1)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse")
    parser.add_argument("compiled_sql")
    parser.add_argument("--catalog")
    parser.add_argument("--memory-limit", default="3GB")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--min-seconds", type=float, default=0.3)
    parser.add_argument("--set", action="append", default=[], dest="statements")
    args = parser.parse_args(argv)

    catalog = args.catalog or Path(args.warehouse).stem
    con = duckdb.connect()
    con.execute(f"set threads = {args.threads}")
    con.execute(f"set memory_limit = '{args.memory_limit}'")
    con.execute(f"attach '{args.warehouse}' as \"{catalog}\" (read_only)")
    for statement in args.statements:
        con.execute(statement)
    with tempfile.TemporaryDirectory() as work:
        profile_path = Path(work) / "profile.json"
        con.execute("pragma enable_profiling = 'json'")
        con.execute(f"pragma profiling_output = '{profile_path}'")
        start = time.perf_counter()
        con.execute("create table profiled as " + Path(args.compiled_sql).read_text())
        wall = time.perf_counter() - start
        con.execute("pragma disable_profiling")
        profile = json.loads(profile_path.read_text())
    rows = con.execute("select count(*) from profiled").fetchall()[0][0]
    print(f"wall {wall:.2f} s, rows {rows}, cpu {profile['query']['cpu_time']:.2f} s")
    for operator in profile["operator"]:
        print_tree(operator, args.min_seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Compare every mart of two DuckDB warehouses row for row.

    python bench/compare_marts.py OLD.duckdb NEW.duckdb [--renames renames.json]

Used when the project is restructured: build the same raw data on the old and the new commit,
then diff. `--renames` maps old names to new ones, {"tables": {old: new},
"columns": {table: {old: new}}, "values": {table: {column: {old: new}}}}; renamed tables and
columns are compared under their new names and listed in the output. Floats compare to 1e-9.
Exits 1 when any mart differs.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import duckdb


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [name for (name,) in con.execute(
        "select table_name from information_schema.tables where table_schema = 'marts' "
        "order by 1").fetchall()]


def _rows(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> list[tuple]:
    select = ", ".join(f'"{c}"' for c in columns)
    return sorted(con.execute(f"select {select} from marts.{table}").fetchall(),
                  key=lambda row: tuple((v is None, str(v)) for v in row))


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def compare(old_db: Path, new_db: Path, renames: dict) -> list[str]:
    old = duckdb.connect(str(old_db), read_only=True)
    new = duckdb.connect(str(new_db), read_only=True)
    report: list[str] = []
    table_map = renames.get("tables", {})
    new_tables = set(_tables(new))
    for old_table in _tables(old):
        table = table_map.get(old_table, old_table)
        if table not in new_tables:
            report.append(f"MISSING {old_table} -> {table}")
            continue
        new_tables.discard(table)
        column_map = renames.get("columns", {}).get(table, {})
        old_columns = [c for (c,) in old.execute(
            "select column_name from information_schema.columns where table_schema = 'marts' "
            "and table_name = ? order by ordinal_position", [old_table]).fetchall()]
        new_columns = {c for (c,) in new.execute(
            "select column_name from information_schema.columns where table_schema = 'marts' "
            "and table_name = ?", [table]).fetchall()}
        pairs = [(c, column_map.get(c, c)) for c in old_columns]
        missing = [f"{o}->{n}" for o, n in pairs if n not in new_columns]
        added = sorted(new_columns - {n for _, n in pairs})
        pairs = [(o, n) for o, n in pairs if n in new_columns]
        value_map = renames.get("values", {}).get(table, {})
        old_rows = []
        for row in _rows(old, old_table, [o for o, _ in pairs]):
            old_rows.append(tuple(value_map.get(n, {}).get(v, v) if isinstance(v, str) else v
                                  for v, (_, n) in zip(row, pairs, strict=True)))
        old_rows.sort(key=lambda row: tuple((v is None, str(v)) for v in row))
        new_rows = _rows(new, table, [n for _, n in pairs])
        differing = sum(1 for a, b in zip(old_rows, new_rows, strict=False)
                        if not all(_same(x, y) for x, y in zip(a, b, strict=True)))
        differing += abs(len(old_rows) - len(new_rows))
        by_column = {}
        for index, (_, name) in enumerate(pairs):
            count = sum(1 for a, b in zip(old_rows, new_rows, strict=False)
                        if not _same(a[index], b[index]))
            if count:
                gaps = [abs(float(a[index]) - float(b[index]))
                        for a, b in zip(old_rows, new_rows, strict=False)
                        if all(isinstance(v, (int, float)) for v in (a[index], b[index]))]
                by_column[name] = f"{count}" + (f", max |diff| {max(gaps):.4g}" if gaps else "")
        renamed = [f"{o}->{n}" for o, n in pairs if o != n]
        status = "EQUAL" if differing == 0 and not missing else "DIFF"
        line = f"{status} {old_table}" + (f" -> {table}" if table != old_table else "")
        line += f": {len(old_rows)} vs {len(new_rows)} rows, {len(pairs)} columns compared"
        if differing:
            line += f", {differing} rows differ"
            line += " (" + ", ".join(f"{k}: {v}" for k, v in by_column.items()) + ")"
        if renamed:
            line += f"; renamed {', '.join(renamed)}"
        if missing:
            line += f"; not in new: {', '.join(missing)}"
        if added:
            line += f"; new columns: {', '.join(added)}"
        report.append(line)
    for table in sorted(new_tables):
        report.append(f"NEW {table}")
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--renames", type=Path)
    args = parser.parse_args()
    renames = json.loads(args.renames.read_text()) if args.renames else {}
    report = compare(args.old, args.new, renames)
    print("\n".join(report))
    return 1 if any(line.startswith(("DIFF", "MISSING")) for line in report) else 0


if __name__ == "__main__":
    sys.exit(main())

"""The short summary `make run` prints after `dbt build`.

Each section is a function ``section(con) -> str`` over a read-only DuckDB connection.
"""

from __future__ import annotations

from seam import summary_handoffs, summary_paths
from seam.warehouse import duckdb_path

SECTIONS = (summary_paths.section, summary_handoffs.section)


def staging_section(con) -> str:
    rows = con.execute(
        "select table_name, raw_rows, kept_rows, rejected_rows, exact_duplicate_rows, "
        "unreconciled_rows from audit.audit_staging_reconciliation "
        "where is_enabled order by table_name"
    ).fetchall()
    lines = ["Raw rows, staged (kept + rejected with a reason + exact duplicates removed):",
             f"  {'table':<16}{'raw':>10}{'kept':>10}{'rejected':>10}{'dupes':>8}{'lost':>6}"]
    for table, raw, kept, rejected, dupes, lost in rows:
        lines.append(f"  {table:<16}{raw:>10,}{kept:>10,}{rejected:>10,}{dupes:>8,}{lost:>6,}")
    reasons = con.execute(
        "select rejection_reason, count(*) from ("
        + " union all ".join(
            f"select rejection_reason from staging.stg_support__{t[0]}_rejected" for t in rows
        )
        + ") group by 1 order by 2 desc"
    ).fetchall()
    if reasons:
        lines.append("  rejected by reason: " + ", ".join(f"{r} {n:,}" for r, n in reasons))
    return "\n".join(lines)


def print_summary(target: str = "dev") -> None:
    import duckdb

    con = duckdb.connect(str(duckdb_path(target)), read_only=True)
    try:
        print()
        print(staging_section(con))
        for section in SECTIONS:
            print()
            print(section(con))
    finally:
        con.close()

"""The short summary `make run` prints after the build.

Each section is a function ``section(con) -> str`` over a read-only DuckDB connection to the
last published build (seam.publish): never the working file a build may be writing.
"""

from __future__ import annotations

from pathlib import Path

from seam import summary_handoffs, summary_paths
from seam.publish import open_published, published_at
from seam.warehouse import AUDIT_SCHEMA

SECTIONS = (summary_paths.section, summary_handoffs.section)


def staging_section(con) -> str:
    rows = con.execute(
        "select table_name, raw_rows, kept_rows, rejected_rows, exact_duplicate_rows, "
        f"deleted_rows, unreconciled_rows from {AUDIT_SCHEMA}.audit_staging_reconciliation "
        "where is_enabled order by table_name"
    ).fetchall()
    lines = ["Raw rows, staged (kept + rejected with a reason + exact duplicates removed "
             "+ deleted upstream or erased):",
             f"  {'table':<16}{'raw':>10}{'kept':>10}{'rejected':>10}{'dupes':>8}"
             f"{'deleted':>9}{'lost':>6}"]
    for table, raw, kept, rejected, dupes, deleted, lost in rows:
        lines.append(f"  {table:<16}{raw:>10,}{kept:>10,}{rejected:>10,}{dupes:>8,}"
                     f"{deleted:>9,}{lost:>6,}")
    reasons = con.execute(
        f"select rejection_reason, sum(n_rows) from {AUDIT_SCHEMA}.audit_staging_rejections "
        "group by 1 order by 2 desc, 1"
    ).fetchall()
    if reasons:
        lines.append("  rejected by reason: " + ", ".join(f"{r} {n:,}" for r, n in reasons))
    return "\n".join(lines)


def print_summary(target: str = "dev", database: str | Path | None = None) -> None:
    """Print the summary of the last published build (or of ``database``); raises
    seam.publish.NotPublished, saying why, when there is none."""
    with open_published(target, database) as con:
        when = published_at(con)
        print()
        if when is not None:
            print(f"Published build of {when:%Y-%m-%d %H:%M} UTC")
        print(staging_section(con))
        for section in SECTIONS:
            print()
            print(section(con))

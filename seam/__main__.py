"""Command line: ``python -m seam <command> ...``."""

from __future__ import annotations

import argparse
import sys
from datetime import date


def _add_generate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "generate", help="write synthetic raw-contract Parquet files plus planted truth"
    )
    p.add_argument("--conversations", type=int, default=20_000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--start", type=date.fromisoformat, default=date(2026, 8, 31),
                   help="first day of the history (a Monday is best)")
    p.add_argument("--weeks", type=int, default=12, help="length of the history in weeks")
    p.add_argument("--out", default="data/raw", help="output folder")
    p.add_argument("--dirty-rate", type=float, default=0.0,
                   help="share of extra bad rows per table (0.02 = 2%%)")
    p.add_argument("--no-progress", action="store_true")
    p.add_argument("--shape", default="contract",
                   choices=("contract", "intercom-fivetran", "zendesk-fivetran", "intercom-airbyte",
                            "zendesk-airbyte"),
                   help="table layout: seam's raw contract, or a help desk's tables as an ELT "
                        "tool lands them (bad rows are planted in the contract shape only)")


def _add_load(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("load", help="load generated Parquet files into the warehouse's raw schema")
    p.add_argument("--from", dest="src", default="data/raw")
    p.add_argument(
        "--target", default="dev", help="profiles.yml target: dev (DuckDB), postgres or spark"
    )
    p.add_argument("--schema", default="raw")
    p.add_argument("--tables", default="all", help="comma list of raw tables, or 'all'")
    p.add_argument("--append", action="store_true",
                   help="scheduled batch: append event rows, upsert conversations and agents")
    p.add_argument("--loaded-at", default=None,
                   help="stamp _loaded_at with this UTC time (batch replays); default now")


def _add_split(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("split",
                       help="cut a generated history into daily arrival batches with late data")
    p.add_argument("--from", dest="src", default="data/raw")
    p.add_argument("--out", required=True, help="folder for batch_000, batch_001, ...")
    p.add_argument("--days", type=int, default=None,
                   help="batch_000 = the history before the last N days, then one batch per "
                        "day (the last also takes later arrivals); default: one batch per day")
    p.add_argument("--late-share", type=float, default=0.03,
                   help="share of messages and surveys that arrive 1-3 days late")
    p.add_argument("--seed", type=int, default=11)


def _add_summary(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("summary", help="print a short summary of the built warehouse")
    p.add_argument("--target", default="dev")


def _add_report(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="write the self-contained HTML dashboard from the marts")
    p.add_argument("--out", default="reports/seam_report.html", help="HTML file to write")
    p.add_argument("--target", default="dev")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m seam")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_generate(sub)
    _add_load(sub)
    _add_split(sub)
    _add_summary(sub)
    _add_report(sub)
    args = parser.parse_args(argv)

    if args.command == "generate":
        from seam.synth import generate

        counts = generate(
            out_dir=args.out,
            conversations=args.conversations,
            seed=args.seed,
            start=args.start,
            weeks=args.weeks,
            dirty_rate=args.dirty_rate,
            progress=not args.no_progress,
            shape=args.shape,
        )
        for table, n in counts.items():
            print(f"{table:>28}: {n:>10,}")
        return 0
    if args.command == "load":
        from seam.loader import load

        tables = None if args.tables == "all" else args.tables.split(",")
        counts = load(src=args.src, target=args.target, schema=args.schema, tables=tables,
                      replace=not args.append, loaded_at=args.loaded_at)
        for table, n in counts.items():
            name = table if "." in table else f"{args.schema}.{table}"
            print(f"loaded {name}: {n:,} rows")
        return 0
    if args.command == "split":
        from seam.batches import split

        for batch in split(args.src, args.out, days=args.days, late_share=args.late_share,
                           seed=args.seed):
            print(f"{batch['folder']}: day {batch['day']}, loaded_at {batch['loaded_at']}, "
                  f"{batch['rows']:,} rows")
        return 0
    if args.command == "summary":
        from seam.summary import print_summary

        print_summary(target=args.target)
        return 0
    if args.command == "report":
        from seam.report import write_report

        try:
            print(write_report(args.out, target=args.target).resolve())
        except FileNotFoundError as missing:
            print(missing, file=sys.stderr)
            return 1
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())

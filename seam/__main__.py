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


def _add_erase(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("erase", help="record erasure requests: the next dbt build removes every "
                                     "row of these customers from every model")
    p.add_argument("--customer-id", dest="customer_ids", action="append", default=[],
                   help="a customer id to erase (repeat for several)")
    p.add_argument("--from-file", default=None, help="a text file of customer ids, one a line")
    p.add_argument("--target", default="dev", help="profiles.yml target: dev, postgres or spark")
    p.add_argument("--schema", default="raw")


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


def _add_build(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "build", help="dbt build, then publish the result for readers if it succeeded (DuckDB)"
    )
    p.add_argument("--target", default="dev")
    # every other argument goes to dbt build as it is, e.g. --selector nightly --quiet


def _add_publish(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("publish", help="publish the last successful dbt build for readers "
                                       "(marts and audit, swapped in atomically; DuckDB)")
    p.add_argument("--target", default="dev")
    p.add_argument("--force", action="store_true",
                   help="publish even if the last dbt run recorded errors or skips")


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
    _add_erase(sub)
    _add_split(sub)
    _add_build(sub)
    _add_publish(sub)
    _add_summary(sub)
    _add_report(sub)
    args, dbt_args = parser.parse_known_args(argv)
    if dbt_args and args.command != "build":
        parser.error(f"unrecognized arguments: {' '.join(dbt_args)}")

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
        from seam.loader import OPTIONAL_TABLE_VARS, LoadError, load_files

        tables = None if args.tables == "all" else args.tables.split(",")
        try:
            result = load_files(src=args.src, target=args.target, schema=args.schema,
                                tables=tables, replace=not args.append,
                                loaded_at=args.loaded_at)
        except LoadError as error:
            print(f"seam load: {error}", file=sys.stderr)
            return 1
        for table, n in result.rows.items():
            name = table if "." in table else f"{args.schema}.{table}"
            print(f"loaded {name}: {n:,} rows")
        for table in result.dropped:
            print(f"dropped {args.schema}.{table}: no {table}.parquet in {args.src}, so the "
                  f"older load's rows are gone; build with --vars "
                  f"'{{{OPTIONAL_TABLE_VARS[table]}: false}}' (or load the file)",
                  file=sys.stderr)
        for note in result.notes:
            print(f"note: {note}", file=sys.stderr)
        return 0
    if args.command == "erase":
        from pathlib import Path

        from seam.loader import erase

        ids = list(args.customer_ids)
        if args.from_file:
            ids += Path(args.from_file).read_text(encoding="utf-8").splitlines()
        try:
            n = erase(ids, target=args.target, schema=args.schema)
        except ValueError as error:
            print(f"seam erase: {error}", file=sys.stderr)
            return 1
        print(f"recorded {n:,} erasure request(s) in {args.schema}.erasure_requests: the next "
              "dbt build removes every row of these customers from every model (raw still "
              "holds what the source sent: erase it there too)")
        return 0
    if args.command == "split":
        from seam.batches import split

        for batch in split(args.src, args.out, days=args.days, late_share=args.late_share,
                           seed=args.seed):
            print(f"{batch['folder']}: day {batch['day']}, loaded_at {batch['loaded_at']}, "
                  f"{batch['rows']:,} rows")
        return 0
    if args.command == "build":
        from seam.publish import build

        return build(dbt_args, target=args.target)
    if args.command == "publish":
        from seam.publish import NotPublished, publish

        try:
            print(f"published {publish(args.target, force=args.force)}")
        except NotPublished as reason:
            print(f"seam publish: {reason}", file=sys.stderr)
            return 1
        return 0
    if args.command == "summary":
        from seam.publish import NotPublished
        from seam.summary import print_summary

        try:
            print_summary(target=args.target)
        except NotPublished as reason:
            print(f"seam summary: {reason}", file=sys.stderr)
            return 1
        return 0
    if args.command == "report":
        from seam.publish import NotPublished
        from seam.report import write_report

        try:
            print(write_report(args.out, target=args.target).resolve())
        except NotPublished as reason:
            print(f"seam report: {reason}", file=sys.stderr)
            return 1
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark of a scheduled deployment on DuckDB, at two scales in one run.

For each scale (default 100k and 1M conversations, 12 weeks): generate, cut the history into
"all but the last day" and "the last day" (seam split --days 1), load the history, scan every
raw table once with plain DuckDB (the floor), full `dbt build`, load the last day (--append)
and run one incremental `dbt build`. Every step runs in its own bench/measure.py process
(wall seconds, peak RSS of the step and its children). Prints one table with the ratios
build / floor, incremental / full and 1M / 100k, and writes it to bench/results/<date>.md.

    python bench/bench.py [--scales 100000,1000000] [--work /tmp/seam-bench]

Both builds use `--selector nightly` (selectors.yml: everything but unit tests, which check
logic on fixtures, not data; CI runs them). The machine is shared: the load average is
recorded before and after, and only ratios measured side by side mean much.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
DBT = str(Path(sys.executable).with_name("dbt"))
RAW_TABLES = ("conversations", "messages", "surveys", "handoffs", "ai_actions",
              "agent_actions", "agents", "message_labels")


def floor_scan(db: str) -> None:
    """Read every column of every raw table once (min/max of each), the cost of any build."""
    import duckdb

    con = duckdb.connect(db, read_only=True)
    for table in RAW_TABLES:
        columns = [row[0] for row in con.execute(f"describe raw.{table}").fetchall()]
        parts = ", ".join(f'max("{c}"), min("{c}")' for c in columns)
        con.execute(f"select count(*), {parts} from raw.{table}").fetchall()
    con.close()


def measure(command: list[str], env: dict) -> dict:
    out = subprocess.run(
        [PY, str(ROOT / "bench" / "measure.py"), "--", *command],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    last = out.stdout.strip().splitlines()[-1]
    result = json.loads(last)
    if result["returncode"] != 0:
        sys.stderr.write(out.stdout[-3000:] + out.stderr[-3000:])
        raise SystemExit(f"step failed: {' '.join(command)}")
    return result


def run_scale(conversations: int, work: Path) -> dict:
    folder = work / f"c{conversations}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    db = folder / "seam.duckdb"
    env = {
        **os.environ,
        "SEAM_DUCKDB_PATH": str(db),
        "SEAM_TARGET_PATH": str(folder / "target"),
        "DBT_LOG_PATH": str(folder / "logs"),
        "DBT_PROFILES_DIR": str(ROOT),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    raw, batches = folder / "raw", folder / "batches"
    steps = {}
    steps["generate"] = measure(
        [PY, "-m", "seam", "generate", "--conversations", str(conversations), "--weeks", "12",
         "--seed", "42", "--out", str(raw), "--no-progress"], env)
    steps["split"] = measure(
        [PY, "-m", "seam", "split", "--from", str(raw), "--out", str(batches), "--days", "1"],
        env)
    steps["load history"] = measure(
        [PY, "-m", "seam", "load", "--from", str(batches / "batch_000")], env)
    steps["floor: scan raw"] = measure([PY, __file__, "--floor", str(db)], env)
    steps["full dbt build"] = measure([DBT, "build", "--quiet", "--selector", "nightly"], env)
    full_results = json.loads((folder / "target" / "run_results.json").read_text())
    steps["load last day"] = measure(
        [PY, "-m", "seam", "load", "--append", "--from", str(batches / "batch_001")], env)
    steps["incremental dbt build"] = measure(
        [DBT, "build", "--quiet", "--selector", "nightly"], env)
    incremental_results = json.loads((folder / "target" / "run_results.json").read_text())
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    touched = con.execute(
        "select count(*) from control.ctl_touched_conversations"
    ).fetchone()[0]
    messages = con.execute("select count(*) from raw.messages").fetchone()[0]
    con.close()
    slowest = {
        name: sorted(
            (
                (round(r["execution_time"], 1), r["unique_id"].split(".")[-1])
                for r in res["results"]
            ),
            reverse=True,
        )[:5]
        for name, res in (("full", full_results), ("incremental", incremental_results))
    }
    return {"steps": steps, "touched": touched, "messages": messages, "slowest": slowest}


def label(conversations: int) -> str:
    if conversations % 1_000_000 == 0:
        return f"{conversations // 1_000_000}M"
    return f"{conversations // 1000}k"


def table(results: dict[int, dict], load_before: tuple, load_after: tuple) -> str:
    scales = sorted(results)
    names = [label(s) for s in scales]
    head = "| step | " + " | ".join(f"{n} s | {n} peak MB" for n in names)
    if len(scales) > 1:
        head += f" | {names[-1]} ÷ {names[0]} (time)"
    lines = [head + " |", "|" + "---|" * (1 + 2 * len(scales) + (len(scales) > 1))]
    for step in results[scales[0]]["steps"]:
        cells = []
        for s in scales:
            m = results[s]["steps"][step]
            cells += [f"{m['seconds']:.1f}", f"{m['peak_rss_mb']:.0f}"]
        if len(scales) > 1:
            first, last = results[scales[0]]["steps"][step], results[scales[-1]]["steps"][step]
            cells.append(f"{last['seconds'] / first['seconds']:.1f}×")
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    for title, num, den in [("full build ÷ floor", "full dbt build", "floor: scan raw"),
                            ("incremental ÷ full", "incremental dbt build", "full dbt build")]:
        cells = []
        for s in scales:
            st = results[s]["steps"]
            cells += [f"{st[num]['seconds'] / st[den]['seconds']:.2f}", ""]
        if len(scales) > 1:
            cells.append("")
        lines.append(f"| **{title}** | " + " | ".join(cells) + " |")
    scale_note = "; ".join(
        f"{label(s)}: {results[s]['messages']:,} raw messages, incremental run re-processed "
        f"{results[s]['touched']:,} conversations" for s in scales)
    cpu = platform.processor() or platform.machine()
    return "\n".join([
        f"Benchmark {date.today()} — `make bench` (python bench/bench.py), DuckDB, "
        f"{os.cpu_count()} cores ({cpu}), {platform.system()}; load average before "
        f"{load_before[0]:.1f}, after {load_after[0]:.1f} (shared machine).",
        "",
        *lines,
        "",
        scale_note + ".",
        "Builds: `dbt build --selector nightly` "
        "(models, seeds, snapshots and data tests; no unit tests).",
    ])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="100000,1000000")
    parser.add_argument("--work", default="/tmp/seam-bench")
    parser.add_argument("--floor", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor:
        floor_scan(args.floor)
        return 0
    work = Path(args.work)
    load_before = os.getloadavg()
    results = {}
    for conversations in [int(s) for s in args.scales.split(",")]:
        print(f"benchmark: {conversations:,} conversations ...", flush=True)
        results[conversations] = run_scale(conversations, work)
        print(json.dumps(results[conversations]["slowest"]), flush=True)
    load_after = os.getloadavg()
    text = table(results, load_before, load_after)
    print(text)
    out = ROOT / "bench" / "results" / f"{date.today()}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%H:%M UTC")
    slowest = "\n".join(
        f"- {label(s)} slowest nodes: " + json.dumps(results[s]["slowest"])
        for s in sorted(results)
    )
    with out.open("a") as handle:
        handle.write(f"\n## Run at {stamp}\n\n{text}\n\n{slowest}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

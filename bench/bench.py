"""Benchmark of a scheduled deployment, at several scales and on several engines in one run.

For each scale (default 100k and 1M conversations, 12 weeks): generate, cut the history into
"all but the last day" and "the last day" (seam split --days 1). Then, on each engine (default
DuckDB only): load the history, full `dbt build`, load the last day (--append) and run one
incremental `dbt build`; on DuckDB also scan every raw table once (the floor). Once per engine,
the fixed cost of any nightly run: a nightly build of a tiny warehouse (500 conversations,
one week) right after its first build — dbt start, parse, the node graph and the per-node
round trips, with next to no data. Every step runs in its own bench/measure.py process (wall
seconds, peak RSS of the step and its children; a Postgres server's memory is not a child
and is not counted). Prints one table per scale and engine comparison, the slowest five
nodes of each build, and writes it all to bench/results/<date>.md.

    python bench/bench.py [--scales 100000,1000000] [--engines duckdb,postgres,spark]
                          [--work /tmp/seam-bench] [--duckdb-caps 3GB,8GB] [--full-only]

`--full-only` keeps only what a scale too large for the daily split needs (10M conversations,
120M messages: `make bench-10m`): generate, load the whole history at once, scan the raw
tables (the floor) and one full `dbt build`, on DuckDB under its default memory cap.

`--duckdb-caps` repeats the DuckDB full and incremental builds under each listed
SEAM_DUCKDB_MEMORY_LIMIT, from a copy of the same loaded history, right after the default's:
what the memory cap costs in time, side by side.

Postgres builds in the database of the `postgres` target (SEAM_PG_*): the project's schemas
there are dropped first. Spark keeps its warehouse under --work. Both builds use
`--selector nightly` (selectors.yml: everything but unit tests, which check logic on
fixtures, not data; CI runs them). The machine is shared: the load average is recorded
before and after, and only ratios measured side by side mean much.
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
TARGETS = {"duckdb": "dev", "postgres": "postgres", "spark": "spark"}
# every schema a build writes (dropped before a Postgres scale: a clean warehouse)
PROJECT_SCHEMAS = ("raw", "seeds", "staging", "control", "audit", "intermediate", "marts", "main")
FIXED_CONVERSATIONS = 500


def floor_scan(db: str) -> None:
    """Read every column of every raw table once (min/max of each), the cost of any build."""
    import duckdb

    con = duckdb.connect(db, read_only=True)
    for table in RAW_TABLES:
        columns = [row[0] for row in con.execute(f"describe raw.{table}").fetchall()]
        parts = ", ".join(f'max("{c}"), min("{c}")' for c in columns)
        con.execute(f"select count(*), {parts} from raw.{table}").fetchall()
    con.close()


def reset_postgres() -> None:
    """Drop the project's schemas in the `postgres` target's database."""
    import psycopg2

    sys.path.insert(0, str(ROOT))
    from seam.warehouse import postgres_dsn

    con = psycopg2.connect(**postgres_dsn("postgres"))
    try:
        with con, con.cursor() as cursor:
            for schema in PROJECT_SCHEMAS:
                cursor.execute(f'drop schema if exists "{schema}" cascade')
    finally:
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


def engine_env(engine: str, folder: Path) -> dict:
    """Environment of one engine's warehouse in `folder` (target dir and logs there too)."""
    env = {
        **os.environ,
        "SEAM_TARGET": TARGETS[engine],
        "SEAM_TARGET_PATH": str(folder / "target"),
        "DBT_LOG_PATH": str(folder / "logs"),
        "DBT_PROFILES_DIR": str(ROOT),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    if engine == "duckdb":
        env["SEAM_DUCKDB_PATH"] = str(folder / "seam.duckdb")
    if engine == "spark":
        env["SEAM_SPARK_DIR"] = str(folder / "spark")
    return env


def slowest(folder: Path, count: int = 5) -> list[tuple[float, str]]:
    results = json.loads((folder / "target" / "run_results.json").read_text())["results"]
    return sorted(
        ((round(r["execution_time"], 1), r["unique_id"].split(".")[2]) for r in results),
        reverse=True,
    )[:count]


def fresh_warehouse(engine: str, folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    if engine == "postgres":
        reset_postgres()


def run_engine(engine: str, folder: Path, batches: Path, caps: tuple[str, ...] = ()) -> dict:
    """Load the history, full build, load the last day, incremental build on one engine
    (on DuckDB, then again from the same history under each memory cap in `caps`)."""
    fresh_warehouse(engine, folder)
    env = engine_env(engine, folder)
    target = ["--target", TARGETS[engine]]
    build = [DBT, "build", "--quiet", "--selector", "nightly", *target]
    steps = {}
    steps["load history"] = measure(
        [PY, "-m", "seam", "load", "--from", str(batches / "batch_000"), *target], env)
    if engine == "duckdb":
        steps["floor: scan raw"] = measure([PY, __file__, "--floor", env["SEAM_DUCKDB_PATH"]],
                                           env)
        if caps:
            shutil.copy(env["SEAM_DUCKDB_PATH"], folder / "history.duckdb")
    steps["full dbt build"] = measure(build, env)
    full_slowest = slowest(folder)
    load_last_day = [PY, "-m", "seam", "load", "--append", "--from", str(batches / "batch_001"),
                     *target]
    steps["load last day"] = measure(load_last_day, env)
    steps["incremental dbt build"] = measure(build, env)
    incremental_slowest = slowest(folder)
    for cap in caps if engine == "duckdb" else ():
        db = Path(env["SEAM_DUCKDB_PATH"])
        shutil.rmtree(db.with_name(db.name + ".tmp"), ignore_errors=True)
        shutil.copy(folder / "history.duckdb", db)
        capped = {**env, "SEAM_DUCKDB_MEMORY_LIMIT": cap}
        steps[f"full dbt build, {cap} cap"] = measure(build, capped)
        measure(load_last_day, capped)
        steps[f"incremental dbt build, {cap} cap"] = measure(build, capped)
    return {
        "steps": steps,
        "slowest": {"full": full_slowest, "incremental": incremental_slowest},
    }


def run_full_only(folder: Path, raw: Path) -> dict:
    """DuckDB: load the whole generated history, the floor scan, one full build."""
    fresh_warehouse("duckdb", folder)
    env = engine_env("duckdb", folder)
    steps = {
        "load history": measure([PY, "-m", "seam", "load", "--from", str(raw)], env),
        "floor: scan raw": measure([PY, __file__, "--floor", env["SEAM_DUCKDB_PATH"]], env),
        "full dbt build": measure([DBT, "build", "--quiet", "--selector", "nightly"], env),
    }
    return {"steps": steps, "slowest": {"full": slowest(folder)}}


def fixed_cost(engine: str, work: Path) -> dict:
    """A nightly build of a tiny warehouse right after its first build."""
    folder = work / "fixed" / engine
    raw = work / "fixed" / "raw"
    if not raw.exists():
        subprocess.run(
            [PY, "-m", "seam", "generate", "--conversations", str(FIXED_CONVERSATIONS),
             "--weeks", "1", "--seed", "42", "--out", str(raw), "--no-progress"],
            cwd=ROOT, check=True, capture_output=True)
    fresh_warehouse(engine, folder)
    env = engine_env(engine, folder)
    target = ["--target", TARGETS[engine]]
    measure([PY, "-m", "seam", "load", "--from", str(raw), *target], env)
    measure([DBT, "build", "--quiet", "--selector", "nightly", *target], env)
    return measure([DBT, "build", "--quiet", "--selector", "nightly", *target], env)


def touched_and_messages(engine: str, folder: Path) -> tuple[int, int]:
    """Conversations the incremental run re-processed, and raw messages (DuckDB only)."""
    if engine != "duckdb":
        return -1, -1
    import duckdb

    con = duckdb.connect(str(folder / "seam.duckdb"), read_only=True)
    touched = con.execute("select count(*) from control.ctl_touched_conversations").fetchone()[0]
    messages = con.execute("select count(*) from raw.messages").fetchone()[0]
    con.close()
    return touched, messages


def run_scale(conversations: int, work: Path, engines: list[str],
              caps: tuple[str, ...] = (), full_only: bool = False) -> dict:
    folder = work / f"c{conversations}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    env = {**os.environ, "DBT_PROFILES_DIR": str(ROOT)}
    raw, batches = folder / "raw", folder / "batches"
    shared = {
        "generate": measure(
            [PY, "-m", "seam", "generate", "--conversations", str(conversations), "--weeks",
             "12", "--seed", "42", "--out", str(raw), "--no-progress"], env),
    }
    if full_only:
        result = run_full_only(folder / "duckdb", raw)
        print("  " + json.dumps(result["slowest"]), flush=True)
        return {"shared": shared, "engines": {"duckdb": result}, "touched": -1, "messages": -1}
    shared["split"] = measure(
        [PY, "-m", "seam", "split", "--from", str(raw), "--out", str(batches), "--days", "1"],
        env)
    per_engine = {}
    for engine in engines:
        print(f"  {engine} ...", flush=True)
        per_engine[engine] = run_engine(engine, folder / engine, batches, caps)
        print("  " + json.dumps(per_engine[engine]["slowest"]), flush=True)
    touched, messages = touched_and_messages(engines[0], folder / engines[0])
    return {"shared": shared, "engines": per_engine, "touched": touched, "messages": messages}


def label(conversations: int) -> str:
    if conversations % 1_000_000 == 0:
        return f"{conversations // 1_000_000}M"
    return f"{conversations // 1000}k"


def scale_table(results: dict[int, dict], engine: str) -> list[str]:
    """Steps x scales on one engine (DuckDB: with the floor), as markdown lines."""
    scales = sorted(results)
    names = [label(s) for s in scales]
    rows = {
        **{step: [results[s]["shared"][step] for s in scales]
           for step in results[scales[0]]["shared"]},
        **{
            step: [results[s]["engines"][engine]["steps"][step] for s in scales]
            for step in results[scales[0]]["engines"][engine]["steps"]
        },
    }
    head = "| step | " + " | ".join(f"{n} s | {n} peak MB" for n in names)
    if len(scales) > 1:
        head += f" | {names[-1]} ÷ {names[0]} (time)"
    lines = [head + " |", "|" + "---|" * (1 + 2 * len(scales) + (len(scales) > 1))]
    for step, measured in rows.items():
        cells = []
        for m in measured:
            cells += [f"{m['seconds']:.1f}", f"{m['peak_rss_mb']:.0f}"]
        if len(scales) > 1:
            cells.append(f"{measured[-1]['seconds'] / measured[0]['seconds']:.1f}×")
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    ratios = [("incremental ÷ full", "incremental dbt build", "full dbt build")]
    if "incremental dbt build" not in rows:  # --full-only
        ratios = []
    if engine == "duckdb":
        ratios.insert(0, ("full build ÷ floor", "full dbt build", "floor: scan raw"))
    for title, num, den in ratios:
        cells = []
        for s in scales:
            st = results[s]["engines"][engine]["steps"]
            cells += [f"{st[num]['seconds'] / st[den]['seconds']:.2f}", ""]
        if len(scales) > 1:
            cells.append("")
        lines.append(f"| **{title}** | " + " | ".join(cells) + " |")
    return lines


def engines_table(result: dict, fixed: dict[str, dict], engines: list[str]) -> list[str]:
    """One scale, engines side by side: seconds, the ratio to DuckDB and the nightly budget."""
    lines = ["| step | " + " | ".join(f"{e} s" for e in engines) + " |",
             "|" + "---|" * (1 + len(engines))]
    steps = ["load history", "full dbt build", "load last day", "incremental dbt build"]
    for step in steps:
        cells = [f"{result['engines'][e]['steps'][step]['seconds']:.1f}" for e in engines]
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    lines.append("| fixed cost: nightly build of a tiny warehouse | "
                 + " | ".join(f"{fixed[e]['seconds']:.1f}" for e in engines) + " |")

    def seconds(engine: str, step: str) -> float:
        return result["engines"][engine]["steps"][step]["seconds"]

    if "duckdb" in engines:
        lines.append("| **full build ÷ DuckDB's** | " + " | ".join(
            f"{seconds(e, 'full dbt build') / seconds('duckdb', 'full dbt build'):.1f}×"
            for e in engines) + " |")
    def over_fixed(engine: str) -> float:
        extra = seconds(engine, "incremental dbt build") - fixed[engine]["seconds"]
        return extra / seconds(engine, "full dbt build")

    lines.append("| **(incremental − fixed) ÷ full** | "
                 + " | ".join(f"{over_fixed(e):.0%}" for e in engines) + " |")
    return lines


def report(results: dict[int, dict], fixed: dict[str, dict], engines: list[str],
           load_before: tuple, load_after: tuple) -> str:
    scales = sorted(results)
    cpu = platform.processor() or platform.machine()
    parts = [
        f"Benchmark {date.today()} — "
        f"{'`make bench`' if fixed else '`make bench-10m` (--full-only)'} (bench/bench.py), "
        f"engines {', '.join(engines)}, {os.cpu_count()} cores ({cpu}), {platform.system()}, "
        f"DuckDB memory cap {os.environ.get('SEAM_DUCKDB_MEMORY_LIMIT', 'of profiles.yml')}; "
        f"load average before {load_before[0]:.1f}, after {load_after[0]:.1f} (shared machine).",
    ]
    for engine in engines:
        parts += ["", f"{engine}:", "", *scale_table(results, engine)]
    if len(engines) > 1:
        for s in scales:
            parts += ["", f"{label(s)} conversations, engines side by side:", "",
                      *engines_table(results[s], fixed, engines)]
    elif fixed:
        parts += ["", f"Fixed cost (nightly build of a tiny warehouse, {engines[0]}): "
                  f"{fixed[engines[0]]['seconds']:.1f} s."]
    notes = []
    for s in scales:
        if results[s]["touched"] >= 0:
            notes.append(f"{label(s)}: {results[s]['messages']:,} raw messages, incremental run "
                         f"re-processed {results[s]['touched']:,} conversations")
    if notes:
        parts += ["", "; ".join(notes) + "."]
    if not fixed:
        parts += ["", "Full builds only (--full-only): the whole history loaded at once."]
    parts += ["Builds: `dbt build --selector nightly` "
              "(models, seeds, snapshots and data tests; no unit tests)."]
    return "\n".join(parts)


def slowest_lines(results: dict[int, dict], engines: list[str]) -> str:
    return "\n".join(
        f"- {label(s)} {e}, slowest nodes: "
        + json.dumps(results[s]["engines"][e]["slowest"])
        for s in sorted(results) for e in engines
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="100000,1000000")
    parser.add_argument("--engines", default="duckdb",
                        help="comma list of duckdb, postgres, spark (the first is the reference)")
    parser.add_argument("--work", default="/tmp/seam-bench")
    parser.add_argument("--duckdb-caps", default="",
                        help="comma list of extra SEAM_DUCKDB_MEMORY_LIMIT values (e.g. 8GB) "
                             "to rebuild the same DuckDB history under")
    parser.add_argument("--full-only", action="store_true",
                        help="DuckDB only: generate, load the whole history, floor scan and "
                             "one full build (no daily split, no incremental run)")
    parser.add_argument("--floor", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor:
        floor_scan(args.floor)
        return 0
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = sorted(set(engines) - set(TARGETS))
    if unknown:
        parser.error(f"unknown engines {unknown}: choose from {sorted(TARGETS)}")
    if args.full_only and engines != ["duckdb"]:
        parser.error("--full-only runs on DuckDB only")
    work = Path(args.work)
    caps = tuple(c.strip() for c in args.duckdb_caps.split(",") if c.strip())
    load_before = os.getloadavg()
    fixed = {}
    for engine in engines if not args.full_only else ():
        print(f"fixed cost: {engine} ...", flush=True)
        fixed[engine] = fixed_cost(engine, work)
    results = {}
    for conversations in [int(s) for s in args.scales.split(",")]:
        print(f"benchmark: {conversations:,} conversations ...", flush=True)
        results[conversations] = run_scale(conversations, work, engines, caps, args.full_only)
    load_after = os.getloadavg()
    text = report(results, fixed, engines, load_before, load_after)
    print(text)
    print(slowest_lines(results, engines))
    out = ROOT / "bench" / "results" / f"{date.today()}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%H:%M UTC")
    with out.open("a") as handle:
        handle.write(f"\n## Run at {stamp}\n\n{text}\n\n{slowest_lines(results, engines)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

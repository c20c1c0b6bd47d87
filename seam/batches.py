"""Cut a generated raw history into daily arrival batches, as a scheduled ELT sync lands it.

A row arrives on the day of its event time (UTC): messages by ``sent_at``, surveys by
``responded_at``, AI and agent actions by ``performed_at``, handoffs by ``handed_off_at``,
message labels with their message. A conversation arrives twice when it closes on a later
day than it opened: in the batch of its ``created_at`` in an open state (status ``open``, no
``closed_at`` / ``ai_resolution_state``, ``updated_at`` = ``created_at``), and again, as the
final row, in the batch of its last change (latest of created, closed, updated) — the
loader's append mode upserts it by key. Surveys arrive days after close and long
conversations spread their messages over several days by construction; on top of that a
share of messages and surveys (``late_share``, chosen by a stable hash) arrive 1–3 days
late, so the incremental lookback has work to do. Agents arrive in the first batch.

Rows whose arrival time does not parse (dirty data) and conversations whose key is not
unique arrive in the first batch, whole, so the final raw tables equal the source's.

``days=None`` writes one batch per day. ``days=N`` writes the history up to N days before
the last creation day as ``batch_000`` and each of the last N days as its own batch; rows
that arrive after the last day (late surveys) go into the last batch. Each batch folder
holds the raw-contract Parquet files with a ``_loaded_at`` column: the time a nightly sync
would have loaded the row (the day after its arrival, 02:00 UTC), which ``seam load`` keeps,
so a history loaded in one go still looks to the incremental models as if it had arrived
day by day. ``batches.json`` lists folder, last day and its load time.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

EVENT_TIME = {
    "messages": "sent_at",
    "surveys": "responded_at",
    "ai_actions": "performed_at",
    "agent_actions": "performed_at",
    "handoffs": "handed_off_at",
}
LATE_TABLES = {"messages": "message_id", "surveys": "response_id"}


def _utc(column: str) -> str:
    """A raw timestamp (text with or without offset, or typed) as naive UTC, or null."""
    text = f"nullif(trim(cast({column} as varchar)), '')"
    return (
        f"case when regexp_matches({text}, '([+-][0-9]{{2}}(:?[0-9]{{2}})?|Z)$') "
        f"and regexp_matches({text}, '[0-9]{{2}}:[0-9]{{2}}') "
        f"then try_cast({text} as timestamptz) at time zone 'UTC' "
        f"else try_cast({text} as timestamp) end"
    )


def split(
    src: str | Path,
    out: str | Path,
    days: int | None = None,
    late_share: float = 0.03,
    seed: int = 11,
) -> list[dict]:
    import duckdb

    src, out = Path(src), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")

    def parquet(table: str) -> str:
        return f"read_parquet('{(src / f'{table}.parquet').as_posix()}')"

    present = [
        t
        for t in ("conversations", *EVENT_TIME, "agents", "message_labels")
        if (src / f"{t}.parquet").exists()
    ]
    first_day, last_day = con.execute(
        f"select min(cast({_utc('created_at')} as date)), max(cast({_utc('created_at')} as date)) "
        f"from {parquet('conversations')}"
    ).fetchone()
    # day index of an arrival timestamp; null (unparsable) arrives in the first batch
    def day_of(ts: str) -> str:
        return f"coalesce(date_diff('day', date '{first_day}', cast({ts} as date)), 0)"

    late = (
        "case when (hash({key} || '{seed}') % 10000) < {cut} "
        "then 1 + cast(hash({key} || 'late{seed}') % 3 as integer) else 0 end"
    )
    cut = int(late_share * 10000)
    for table, ts in EVENT_TIME.items():
        if table not in present:
            continue
        extra = (
            late.format(key=LATE_TABLES[table], seed=seed, cut=cut)
            if table in LATE_TABLES
            else "0"
        )
        con.execute(
            f"create table {table} as select *, greatest({day_of(_utc(ts))}, 0) + {extra} "
            f"as _arrival_day from {parquet(table)}"
        )
    con.execute(
        f"""
        create table conversations_source as
        select
            *,
            {_utc('created_at')} as _created,
            greatest(
                {_utc('created_at')},
                coalesce({_utc('closed_at')}, {_utc('created_at')}),
                coalesce({_utc('updated_at')}, {_utc('created_at')})
            ) as _final,
            count(*) over (partition by conversation_id) as _versions
        from {parquet('conversations')}
        """
    )
    columns = [
        row[0]
        for row in con.execute(f"describe select * from {parquet('conversations')}").fetchall()
    ]
    open_values = {
        "status": "'open'",
        "closed_at": "null",
        "ai_resolution_state": "null",
        "updated_at": "created_at",
    }
    open_select = ", ".join(
        f"{open_values.get(c, c)} as {c}" if c in open_values else c for c in columns
    )
    plain = ", ".join(columns)
    unsplittable = "(conversation_id is null or _versions > 1 or _created is null)"
    con.execute(
        f"""
        create table conversations as
        select {plain}, 0 as _arrival_day, -1 as _version
        from conversations_source where {unsplittable}
        union all
        select {open_select}, {day_of('_created')} as _arrival_day, 0 as _version
        from conversations_source
        where not {unsplittable} and cast(_final as date) > cast(_created as date)
        union all
        select {plain}, {day_of('_final')} as _arrival_day, 1 as _version
        from conversations_source where not {unsplittable}
        """
    )
    if "message_labels" in present:
        arrival = (
            "(select min(_arrival_day) from messages "
            "where messages.message_id = labels.message_id)"
        )
        con.execute(
            "create table message_labels as select labels.*, "
            f"coalesce({arrival}, 0) as _arrival_day "
            f"from {parquet('message_labels')} as labels"
        )
    if "agents" in present:
        con.execute(f"create table agents as select *, 0 as _arrival_day from {parquet('agents')}")

    total_days = (last_day - first_day).days + 1
    last_index = total_days - 1
    if days is None:
        starts = list(range(total_days))
    else:
        history = max(total_days - days, 1)
        starts = [0, *range(history, total_days)]
    bounds = [*starts[1:], None]
    batches = []
    for number, (start, end) in enumerate(zip(starts, bounds, strict=True)):
        folder = out / f"batch_{number:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        condition = f"_arrival_day >= {start}" if number else "true"
        if end is not None:
            condition += f" and _arrival_day < {end}"
        rows = 0
        for table in present:
            target = (folder / f"{table}.parquet").as_posix()
            rows_in_batch = f"select * from {table} where {condition}"
            if table == "conversations":
                # a batch carries the latest version of a conversation it holds twice
                rows_in_batch = (
                    f"select * exclude (_version) from ({rows_in_batch}) as batch "
                    "qualify _version < 0 or row_number() over "
                    "(partition by conversation_id, _version < 0 order by _version desc) = 1"
                )
            # each row carries the time a nightly sync would have loaded it (day after arrival)
            stamp = (
                f"cast(date '{first_day}' + cast(least(_arrival_day, {last_index}) + 1 as integer) "
                "as timestamp) + interval 2 hour"
            )
            con.execute(
                f"copy (select * exclude (_arrival_day), {stamp} as _loaded_at "
                f"from ({rows_in_batch}) as batch) "
                f"to '{target}' (format parquet)"
            )
            rows += con.execute(f"select count(*) from ({rows_in_batch}) as batch").fetchone()[0]
        day = first_day + timedelta(days=(end - 1) if end is not None else total_days - 1)
        loaded_at = f"{day + timedelta(days=1)} 02:00:00"
        batches.append(
            {"folder": folder.name, "day": str(day), "loaded_at": loaded_at, "rows": rows}
        )
    (out / "batches.json").write_text(json.dumps(batches, indent=2))
    con.close()
    return batches

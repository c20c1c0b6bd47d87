"""The planted scenario as a help desk's tables land in a warehouse (Zendesk, Intercom; Fivetran).

``write_shape`` reads the clean raw-contract Parquet files that ``generate`` has just written
and rewrites them as the vendor's typed tables, as the ELT tool would land them, so that the
same conversations, messages, handoffs and ratings (and the same truth tables) reach seam
through its vendor adapters. What a vendor has no place for is left out, as it would be in a
real export, and listed in ``VENDOR_GAPS`` (also in docs/vendor-sources.md):

* every shape: no system-authored messages, AI actions, agent actions or QA labels; the
  handoff packet, reason and AI confidence; NPS and CES stay in the contract's ``surveys``
  table (a survey tool's export), loaded beside the vendor tables;
* Intercom: one teammate rating and one Fin rating per conversation (the latest CSAT);
  Fin's rating carries no time of its own (the conversation's last update stands in);
  priority is ``priority`` / ``not_priority``; no topic; ``solved`` reads as ``closed``;
* Zendesk: CSAT is good / bad (4-5 good); no AI resolution state, no ``abandoned`` status (an
  abandoned ticket is closed by an automation); no topic.

Ids: Intercom ids are text and keep the contract's values; Zendesk ids are integers
(``zendesk_id``: the contract id's number plus an offset per id space).
"""

from __future__ import annotations

import json
from pathlib import Path

SHAPES = ("contract", "intercom-fivetran", "zendesk-fivetran")

# Zendesk users share one id space: customers, agents and the bots get disjoint ranges.
ZENDESK_ID_OFFSETS = {"u": 10_000_000, "a": 20_000_000}
ZENDESK_BOTS = {"fin-bot": (30_000_001, "Answer Bot"), "ai-assistant-2": (30_000_002, "AI Agent")}
# Teams become Intercom teams / Zendesk groups with these ids (index in simulation.TEAMS).
GROUP_ID_BASE = 360_000_000

# Contract tables each vendor shape replaces; `surveys` is rewritten with NPS and CES only.
CONTRACT_TABLES = ("conversations", "messages", "surveys", "handoffs", "ai_actions",
                   "agent_actions", "agents", "message_labels")

VENDOR_TABLES = {
    "intercom-fivetran": ("conversation_history", "conversation_part_history", "admin", "team",
                          "team_admin", "contact_history"),
    "zendesk-fivetran": ("ticket", "ticket_comment", "user", "group", "ticket_field_history"),
}
VENDOR_SCHEMA = {"intercom-fivetran": "intercom", "zendesk-fivetran": "zendesk"}


def zendesk_id(contract_id: str | None) -> str | None:
    """The integer id (as text) a Zendesk shape gives a contract id (``c0000042`` -> ``42``)."""
    if contract_id is None:
        return None
    if contract_id in ZENDESK_BOTS:
        return str(ZENDESK_BOTS[contract_id][0])
    digits = contract_id.lstrip("abcdefghijklmnopqrstuvwxyz")
    return str(int(digits) + ZENDESK_ID_OFFSETS.get(contract_id[:1], 0))


def _utc(column: str) -> str:
    """Contract timestamp text (naive = UTC, or with an offset) -> naive UTC timestamp."""
    return f"cast(cast(nullif(trim({column}), '') as timestamptz) as timestamp)"


def _views(con, folder: Path) -> None:
    """Clean contract rows with canonical vocabulary and UTC timestamps."""
    def read(name: str) -> str:
        return f"read_parquet('{(folder / f'{name}.parquet').as_posix()}')"

    con.execute("set TimeZone = 'UTC'")
    con.execute(f"""
        create or replace temp table conversations as
        select trim(conversation_id) as conversation_id, trim(customer_id) as customer_id,
               lower(trim(channel)) as channel, {_utc('created_at')} as created_at,
               {_utc('closed_at')} as closed_at, lower(trim(status)) as status,
               lower(trim(ai_resolution_state)) as ai_resolution_state, topic, priority,
               trim(team) as team, {_utc('updated_at')} as updated_at
        from {read('conversations')}""")
    con.execute(f"""
        create or replace temp table messages as
        select trim(message_id) as message_id, trim(conversation_id) as conversation_id,
               {_utc('sent_at')} as sent_at,
               case when lower(trim(author_role)) in ('customer', 'end-user', 'user', 'lead')
                        then 'customer'
                    when lower(trim(author_role)) in ('ai', 'bot', 'fin', 'assistant') then 'ai'
                    when lower(trim(author_role)) in ('agent', 'admin', 'teammate') then 'agent'
                    else 'system' end as author_role,
               author_id, lower(is_internal) = 'true' as is_internal, body,
               -- the contract's own spelling of a customer role, kept as user vs lead
               lower(trim(author_role)) = 'lead' as is_lead
        from {read('messages')}""")
    con.execute(f"""
        create or replace temp table surveys as
        select trim(response_id) as response_id, trim(conversation_id) as conversation_id,
               {_utc('responded_at')} as responded_at, lower(trim(survey_type)) as survey_type,
               cast(score as integer) as score, comment
        from {read('surveys')}""")
    con.execute(f"""
        create or replace temp table handoffs as
        select trim(handoff_id) as handoff_id, trim(conversation_id) as conversation_id,
               {_utc('handed_off_at')} as handed_off_at, trim(to_queue) as to_queue
        from {read('handoffs')}""")
    con.execute(f"create or replace temp table agents as select * from {read('agents')}")
    # the latest CSAT of each conversation: the one rating a help desk keeps
    con.execute("""
        create or replace temp table ratings as
        select * from surveys where survey_type = 'csat'
        qualify row_number() over (
            partition by conversation_id order by responded_at desc, response_id desc) = 1""")
    con.execute("""
        create or replace temp table teams as
        select team, 360000000 + row_number() over (order by team) as team_number
        from (select distinct team from agents where team is not null)""")


def _write(con, sql: str, path: Path) -> int:
    con.execute(f"copy ({sql}) to '{path.as_posix()}' (format parquet, compression zstd)")
    return int(con.execute(f"select count(*) from read_parquet('{path.as_posix()}')").fetchone()[0])


_SYNCED = "(greatest({t}, timestamp '2000-01-01') + interval 2 hour)"


def _intercom(con, out: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    synced = _SYNCED.format(t="c.updated_at")
    # Resolution state in both API vocabularies (2.11-2.14 routed_to_team, 2.15+ escalated),
    # alternating by conversation; Fin's `abandoned` where the customer walked away.
    latest = f"""
        select
            c.conversation_id as id, c.created_at, c.updated_at,
            case when c.status in ('solved', 'closed', 'abandoned') then 'closed'
                 when c.status = 'on-hold' then 'snoozed' else 'open' end as state,
            case when c.team is not null then cast(t.team_number as varchar) end
                as team_assignee_id,
            case when c.team is not null then 'team' end as assignee_type,
            c.customer_id as source_author_id,
            case when coalesce(first_customer.is_lead, false) then 'lead' else 'user' end
                as source_author_type,
            case c.channel when 'chat' then 'conversation' when 'email' then 'email'
                 when 'messaging' then 'whatsapp' when 'voice' then 'phone_call'
                 else c.channel end as source_type,
            'customer_initiated' as source_delivered_as,
            case when c.priority in ('high', 'urgent') then 'priority' else 'not_priority' end
                as priority,
            ai.conversation_id is not null as ai_agent_participated,
            case when ai.conversation_id is not null then 'workflow' end as ai_agent_source_type,
            case c.ai_resolution_state
                when 'confirmed' then 'confirmed_resolution'
                when 'assumed' then 'assumed_resolution'
                when 'escalated' then case when hash(c.conversation_id) % 2 = 0
                    then 'routed_to_team' else 'escalated' end
                else case when c.status = 'abandoned' and ai.conversation_id is not null
                    then 'abandoned' end
            end as ai_agent_resolution_state,
            case when ai.conversation_id is not null then 'ai_answer' end
                as ai_agent_last_answer_type,
            case when human.conversation_id is not null then r.score end
                as conversation_rating_value,
            case when human.conversation_id is not null then r.comment end
                as conversation_rating_remark,
            case when human.conversation_id is not null then r.responded_at end
                as conversation_rating_created_at,
            case when human.conversation_id is null then r.score end as ai_agent_rating,
            case when human.conversation_id is null then r.comment end
                as ai_agent_rating_remark,
            c.created_at as _fivetran_start,
            timestamp '9999-12-31 23:59:59' as _fivetran_end,
            true as _fivetran_active,
            {synced} as _fivetran_synced
        from conversations as c
        left join teams as t on c.team = t.team
        left join ratings as r on c.conversation_id = r.conversation_id
        left join (select distinct conversation_id from messages where author_role = 'ai')
            as ai on c.conversation_id = ai.conversation_id
        left join (select distinct conversation_id from messages where author_role = 'agent')
            as human on c.conversation_id = human.conversation_id
        left join (
            select conversation_id, arg_min(is_lead, sent_at) as is_lead from messages
            where author_role = 'customer' group by conversation_id
        ) as first_customer on c.conversation_id = first_customer.conversation_id
    """
    con.execute(f"create or replace temp table latest as {latest}")
    # type-2 history: an earlier, open version of every conversation that changed; and Fin
    # previews (a teammate testing Fin), which no report counts
    history = """
        select * from latest
        union all
        select * replace (
            'open' as state, created_at as updated_at, null as team_assignee_id,
            null as assignee_type, null as ai_agent_resolution_state,
            null as conversation_rating_value, null as conversation_rating_remark,
            null as conversation_rating_created_at, null as ai_agent_rating,
            null as ai_agent_rating_remark, created_at as _fivetran_start,
            updated_at as _fivetran_end, false as _fivetran_active,
            created_at + interval 1 hour as _fivetran_synced)
        from latest where updated_at > created_at
        union all
        select * replace (
            'preview-' || id as id, 'fin_preview' as ai_agent_source_type,
            true as ai_agent_participated)
        from latest where hash(id) % 50 = 0
        order by id, _fivetran_start
    """
    counts["conversation_history"] = _write(con, history, out / "conversation_history.parquet")
    body = ("'<p>' || replace(replace(replace(replace(m.body, '&', '&amp;'), '<', '&lt;'), "
            "'>', '&gt;'), chr(10), '<br>') || '</p>'")
    parts = f"""
        select m.message_id as id, m.conversation_id,
               case when m.is_internal then 'note' else 'comment' end as part_type,
               m.author_id,
               case m.author_role when 'ai' then 'bot' when 'agent' then 'admin'
                    else case when m.is_lead then 'lead' else 'user' end end as author_type,
               {body} as body, m.sent_at as created_at, m.sent_at as updated_at,
               null as assigned_to_id, null as assigned_to_type,
               {_SYNCED.format(t='m.sent_at')} as _fivetran_synced
        from messages as m where m.author_role != 'system'
        union all
        -- the bot hands the conversation to a team
        select h.handoff_id, h.conversation_id, 'assignment', 'fin-bot', 'bot', null,
               h.handed_off_at, h.handed_off_at, cast(t.team_number as varchar), 'team',
               {_SYNCED.format(t='h.handed_off_at')}
        from handoffs as h left join teams as t on h.to_queue = t.team
        union all
        -- a teammate passes a conversation to a colleague: not a handoff from the AI
        select 'reassign-' || m.message_id, m.conversation_id, 'assignment', m.author_id,
               'admin', null, m.sent_at, m.sent_at, m.author_id, 'admin',
               {_SYNCED.format(t='m.sent_at')}
        from messages as m
        where m.author_role = 'agent' and not m.is_internal and hash(m.message_id) % 7 = 0
        union all
        -- closed by a teammate, or by the bot's inactivity timer when the customer left
        select 'close-' || c.conversation_id, c.conversation_id, 'close',
               case when c.status = 'abandoned' then 'fin-bot' end,
               case when c.status = 'abandoned' then 'bot' else 'admin' end, null,
               c.closed_at, c.closed_at,
               null, null, {_SYNCED.format(t='c.closed_at')}
        from conversations as c where c.closed_at is not null
        order by conversation_id, created_at, id
    """
    counts["conversation_part_history"] = _write(con, parts,
                                                 out / "conversation_part_history.parquet")
    counts["admin"] = _write(con, """
        select agent_id as id, agent_name as name, lower(replace(agent_name, ' ', '.'))
               || '@example.com' as email, false as _fivetran_deleted,
               timestamp '2026-01-01' as _fivetran_synced
        from agents""", out / "admin.parquet")
    counts["team"] = _write(con, """
        select cast(team_number as varchar) as id, team as name,
               timestamp '2026-01-01' as _fivetran_synced from teams""", out / "team.parquet")
    counts["team_admin"] = _write(con, """
        select cast(t.team_number as varchar) as team_id, a.agent_id as admin_id,
               timestamp '2026-01-01' as _fivetran_synced
        from agents as a inner join teams as t on a.team = t.team""",
                                  out / "team_admin.parquet")
    counts["contact_history"] = _write(con, """
        select customer_id as id, 'user' as role, min(created_at) as created_at,
               max(updated_at) as updated_at, true as _fivetran_active,
               max(updated_at) + interval 2 hour as _fivetran_synced
        from conversations where customer_id is not null group by customer_id""",
                                       out / "contact_history.parquet")
    return counts


def _zid(column: str, offset: int = 0) -> str:
    return f"(cast(regexp_extract({column}, '[0-9]+$') as bigint) + {offset})"


def _zendesk(con, out: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    bots = " ".join(f"when '{k}' then {v[0]}" for k, v in ZENDESK_BOTS.items())
    user_id = (f"case when m.author_role = 'customer' then {_zid('m.author_id', 10_000_000)} "
               f"when m.author_role = 'agent' then {_zid('m.author_id', 20_000_000)} "
               f"else case m.author_id {bots} end end")
    counts["ticket"] = _write(con, f"""
        select {_zid('c.conversation_id')} as id, c.created_at, c.updated_at,
               case c.status when 'on-hold' then 'hold' when 'abandoned' then 'closed'
                    when 'waiting_on_vendor' then 'open' else c.status end as status,
               c.priority, 'question' as type,
               {_zid('c.customer_id', 10_000_000)} as requester_id,
               t.team_number as group_id,
               case c.channel when 'messaging' then 'native_messaging' else c.channel end
                   as via_channel,
               false as _fivetran_deleted,
               {_SYNCED.format(t='c.updated_at')} as _fivetran_synced
        from conversations as c left join teams as t on c.team = t.team
        union all
        -- a ticket deleted in Zendesk stays in the warehouse, flagged
        select 990000000 + row_number() over (order by c.conversation_id), c.created_at,
               c.updated_at, 'deleted', null, 'question', null, null, 'web', true,
               {_SYNCED.format(t='c.updated_at')}
        from conversations as c where hash(c.conversation_id) % 100 = 0
        order by id""", out / "ticket.parquet")
    counts["ticket_comment"] = _write(con, f"""
        select {_zid('m.message_id')} as id, {_zid('m.conversation_id')} as ticket_id,
               {user_id} as user_id, m.body, m.sent_at as created, not m.is_internal as public,
               {_SYNCED.format(t='m.sent_at')} as _fivetran_synced
        from messages as m where m.author_role != 'system'
        order by ticket_id, created, id""", out / "ticket_comment.parquet")
    bot_rows = " union all ".join(
        f"select {v[0]} as id, '{v[1]}' as name, null as email, 'agent' as role"
        for v in ZENDESK_BOTS.values())
    counts["user"] = _write(con, f"""
        select id, name, email, role, true as active, false as suspended,
               timestamp '2026-01-01' as _fivetran_synced
        from (
            select distinct {_zid('customer_id', 10_000_000)} as id, 'Customer' as name,
                   null as email, 'end-user' as role
            from conversations where customer_id is not null
            union all
            select {_zid('agent_id', 20_000_000)}, agent_name, null, 'agent' from agents
            union all {bot_rows}
        ) order by id""", out / "user.parquet")
    counts["group"] = _write(con, """
        select team_number as id, team as name, false as _fivetran_deleted,
               timestamp '2026-01-01' as _fivetran_synced from teams""", out / "group.parquet")
    # Field history: the group at creation for tickets no bot touched first, the group the
    # bot hands to (the handoff), status changes (solved / closed time) and legacy CSAT.
    counts["ticket_field_history"] = _write(con, f"""
        with rows as (
            select {_zid('c.conversation_id')} as ticket_id, 'group_id' as field_name,
                   c.created_at as updated, cast(t.team_number as varchar) as value,
                   null::bigint as user_id
            from conversations as c inner join teams as t on c.team = t.team
            where c.conversation_id not in (select conversation_id from handoffs)
              and c.conversation_id not in (
                  select conversation_id from messages where author_role = 'ai')
            union all
            select {_zid('h.conversation_id')}, 'group_id', h.handed_off_at,
                   cast(t.team_number as varchar), {ZENDESK_BOTS['fin-bot'][0]}
            from handoffs as h left join teams as t on h.to_queue = t.team
            union all
            select {_zid('conversation_id')}, 'status', closed_at,
                   case when status = 'solved' then 'solved' else 'closed' end, null
            from conversations where closed_at is not null
            union all
            select {_zid('conversation_id')}, 'status', updated_at,
                   case status when 'on-hold' then 'hold' when 'waiting_on_vendor' then 'open'
                        else status end, null
            from conversations
            where closed_at is not null and status not in ('solved', 'closed', 'abandoned')
              and updated_at > closed_at
            union all
            select {_zid('conversation_id')}, 'satisfaction_score', responded_at,
                   case when score >= 4 then 'good' else 'bad' end, null
            from ratings
        )
        select *, updated + interval 2 hour as _fivetran_synced from rows
        order by ticket_id, updated, field_name""", out / "ticket_field_history.parquet")
    return counts


def write_shape(out: Path, shape: str) -> dict[str, int]:
    """Rewrite the contract tables in ``out`` as ``shape``'s vendor tables; return row counts."""
    import duckdb

    if shape == "contract":
        return {}
    if shape not in VENDOR_TABLES:
        raise ValueError(f"unknown shape {shape!r}; one of {', '.join(SHAPES)}")
    con = duckdb.connect()
    try:
        _views(con, out)
        counts = _intercom(con, out) if shape.startswith("intercom") else _zendesk(con, out)
        # the survey tool keys its responses by the help desk's conversation id
        conversation = (f"cast({_zid('conversation_id')} as varchar)"
                        if shape.startswith("zendesk") else "conversation_id")
        counts["surveys"] = _write(con, f"""
            select * replace ({conversation} as conversation_id)
            from read_parquet('{(out / 'surveys.parquet').as_posix()}')
            where lower(trim(survey_type)) in ('nps', 'ces')""", out / "surveys.next.parquet")
    finally:
        con.close()
    for table in CONTRACT_TABLES:
        (out / f"{table}.parquet").unlink(missing_ok=True)
    (out / "surveys.next.parquet").rename(out / "surveys.parquet")
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["shape"] = shape
    manifest["vendor_schema"] = VENDOR_SCHEMA[shape]
    manifest["vendor_rows"] = counts
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return counts

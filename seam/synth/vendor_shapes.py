"""The planted scenario as a help desk's tables land in a warehouse (Zendesk, Intercom; Fivetran
or Airbyte).

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

The Airbyte shapes carry the same rows as the Fivetran shapes, reshaped as Airbyte's streams
land (``_airbyte``): the same gaps apply, and Intercom's resolution state uses API 2.11's
vocabulary only (``routed_to_team``).

Ids: Intercom ids are text and keep the contract's values; Zendesk ids are integers
(``zendesk_id``: the contract id's number plus an offset per id space).
"""

from __future__ import annotations

import json
from pathlib import Path

SHAPES = ("contract", "intercom-fivetran", "zendesk-fivetran", "intercom-airbyte",
          "zendesk-airbyte")

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
    "intercom-airbyte": ("conversations", "conversation_parts", "admins", "teams"),
    "zendesk-airbyte": ("tickets", "ticket_comments", "users", "groups", "ticket_audits",
                        "satisfaction_ratings"),
}
VENDOR_SCHEMA = {"intercom-fivetran": "intercom", "zendesk-fivetran": "zendesk",
                 "intercom-airbyte": "intercom", "zendesk-airbyte": "zendesk"}
# Columns that hold a JSON object or array (written as JSON text): Airbyte's typed
# destinations land them in the engine's JSON type (jsonb on Postgres), and so does the loader.
JSON_COLUMNS = {
    "intercom-airbyte": {"conversations": ("source", "ai_agent", "conversation_rating"),
                         "conversation_parts": ("author", "assigned_to"),
                         "admins": ("team_ids",), "teams": ("admin_ids",)},
    "zendesk-airbyte": {"tickets": ("via",), "ticket_comments": ("via",),
                        "ticket_audits": ("via", "events")},
}


def json_columns(shape: str, table: str) -> tuple[str, ...]:
    """The JSON columns of one vendor table (every Airbyte stream also has ``_airbyte_meta``)."""
    extra = ("_airbyte_meta",) if shape.endswith("-airbyte") else ()
    return JSON_COLUMNS.get(shape, {}).get(table, ()) + extra


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


def _epoch(column: str) -> str:
    return f"cast(epoch({column}) as bigint)"


def _iso(column: str) -> str:
    return f"strftime({column}, '%Y-%m-%dT%H:%M:%SZ')"


def _airbyte_columns(key: str, synced: str = "_fivetran_synced") -> str:
    """Airbyte's bookkeeping columns (Destinations V2 typed tables); a stable raw id per row."""
    digest = f"md5({key} || '')"
    uuid = " || '-' || ".join(f"substr({digest}, {start}, {length})"
                              for start, length in ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12)))
    return (f"{uuid} as _airbyte_raw_id, cast({synced} as timestamptz) as _airbyte_extracted_at, "
            """'{"changes":[],"sync_id":1}' as _airbyte_meta, 1 as _airbyte_generation_id""")


def _airbyte(con, out: Path, shape: str) -> dict[str, int]:
    """The Fivetran shape's rows, written first to a scratch folder, as Airbyte's streams land:
    plural stream names, nested objects (author, via, source, ai_agent, conversation_rating)
    and arrays (team_ids, audit events) as JSON text, Intercom times as epoch seconds,
    Zendesk times as ISO-8601 text, no history columns (append sync: every synced version
    of a conversation is a row), Zendesk field changes as ticket_audits events."""
    import shutil

    scratch = out / ".fivetran"
    scratch.mkdir(exist_ok=True)
    try:
        if shape.startswith("intercom"):
            _intercom(con, scratch)
        else:
            _zendesk(con, scratch)

        def read(name: str) -> str:
            return f"read_parquet('{(scratch / f'{name}.parquet').as_posix()}')"

        tables = _intercom_airbyte(read) if shape.startswith("intercom") else _zendesk_airbyte(read)
        return {name: _write(con, _resynced(sql), out / f"{name}.parquet")
                for name, sql in tables.items()}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _resynced(sql: str) -> str:
    """An append sync lands a record again when it is read again: one row in 25 a second
    time, a day later, unchanged, under a new raw id (the adapter keeps one)."""
    key = "_airbyte_raw_id || 'resync'"
    digest = f"md5({key})"
    uuid = " || '-' || ".join(f"substr({digest}, {start}, {length})"
                              for start, length in ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12)))
    return f"""
        with landed as ({sql})
        select * from landed
        union all
        select * replace ({uuid} as _airbyte_raw_id,
                          _airbyte_extracted_at + interval 1 day as _airbyte_extracted_at)
        from landed where hash(_airbyte_raw_id) % 25 = 0"""


def _intercom_airbyte(read) -> dict[str, str]:
    # the connector pins API 2.11: `escalated` is spelt `routed_to_team`
    return {
        "conversations": f"""
            select id, {_epoch('created_at')} as created_at, {_epoch('updated_at')} as updated_at,
                   state, priority, cast(team_assignee_id as bigint) as team_assignee_id,
                   cast(null as bigint) as admin_assignee_id,
                   cast(to_json(struct_pack(type := source_type,
                        delivered_as := source_delivered_as,
                        author := struct_pack(id := source_author_id,
                                              type := source_author_type))) as varchar)
                       as source,
                   ai_agent_participated,
                   case when coalesce(ai_agent_source_type, ai_agent_resolution_state,
                                      cast(ai_agent_rating as varchar)) is not null
                       then cast(to_json(struct_pack(
                        source_type := ai_agent_source_type,
                        last_answer_type := ai_agent_last_answer_type,
                        resolution_state := replace(ai_agent_resolution_state, 'escalated',
                                                    'routed_to_team'),
                        rating := ai_agent_rating, rating_remark := ai_agent_rating_remark))
                        as varchar) end as ai_agent,
                   case when conversation_rating_value is not null then cast(to_json(struct_pack(
                        rating := conversation_rating_value, remark := conversation_rating_remark,
                        created_at := {_epoch('conversation_rating_created_at')})) as varchar)
                        end as conversation_rating,
                   {_airbyte_columns("id || cast(updated_at as varchar)")}
            from {read('conversation_history')}
            order by id, updated_at""",
        # assigned_to: an object {type, id}; a teammate's pass to a colleague carries the
        # bare admin id (a JSON string), as the connector's schema allows
        "conversation_parts": f"""
            select id, conversation_id, part_type, body,
                   {_epoch('created_at')} as created_at, {_epoch('updated_at')} as updated_at,
                   case when author_type is not null then cast(to_json(struct_pack(
                        id := author_id, type := author_type,
                        name := case when author_type = 'bot' then 'Fin' end,
                        email := cast(null as varchar))) as varchar) end as author,
                   case when assigned_to_type = 'team' then cast(to_json(struct_pack(
                            type := assigned_to_type, id := assigned_to_id)) as varchar)
                        when assigned_to_type = 'admin' then cast(to_json(assigned_to_id)
                            as varchar) end as assigned_to,
                   {_airbyte_columns('id')}
            from {read('conversation_part_history')}
            order by conversation_id, created_at, id""",
        "admins": f"""
            select a.id, a.name, a.email, 'admin' as type,
                   cast(to_json(coalesce(list(ta.team_id order by ta.team_id)
                       filter (where ta.team_id is not null), [])) as varchar) as team_ids,
                   {_airbyte_columns('a.id', 'a._fivetran_synced')}
            from {read('admin')} as a left join {read('team_admin')} as ta on a.id = ta.admin_id
            group by all order by a.id""",
        "teams": f"""
            select t.id, t.name,
                   cast(to_json(coalesce(list(ta.admin_id order by ta.admin_id)
                       filter (where ta.admin_id is not null), [])) as varchar) as admin_ids,
                   {_airbyte_columns('t.id', 't._fivetran_synced')}
            from {read('team')} as t left join {read('team_admin')} as ta on t.id = ta.team_id
            group by all order by t.id""",
    }


def _zendesk_airbyte(read) -> dict[str, str]:
    via = ("cast(to_json(struct_pack(channel := {channel}, source := struct_pack("
           "\"from\" := map(), \"to\" := map(), rel := cast(null as varchar)))) as varchar)")
    html = ("'<p>' || replace(replace(replace(replace(body, '&', '&amp;'), '<', '&lt;'), "
            "'>', '&gt;'), chr(10), '<br>') || '</p>'")
    return {
        # a deleted ticket is a row with status `deleted`
        "tickets": f"""
            select id, {_iso('created_at')} as created_at, {_iso('updated_at')} as updated_at,
                   case when _fivetran_deleted then 'deleted' else status end as status,
                   priority, type, requester_id, requester_id as submitter_id,
                   cast(null as bigint) as assignee_id, group_id,
                   {via.format(channel='via_channel')} as via,
                   {_airbyte_columns("cast(id as varchar)")}
            from {read('ticket')} order by id""",
        "ticket_comments": f"""
            select id, ticket_id, user_id as author_id, 'Comment' as type, body,
                   {html} as html_body, body as plain_body, public,
                   {_iso('created')} as created_at, {via.format(channel="'web'")} as via,
                   {_airbyte_columns("cast(id as varchar)")}
            from {read('ticket_comment')} order by ticket_id, created, id""",
        "users": f"""
            select id, name, email, role, active, suspended,
                   '2026-01-01T00:00:00Z' as created_at, '2026-01-01T00:00:00Z' as updated_at,
                   {_airbyte_columns("cast(id as varchar)")}
            from {read('user')} order by id""",
        "groups": f"""
            select id, name, false as deleted, '2026-01-01T00:00:00Z' as created_at,
                   {_airbyte_columns("cast(id as varchar)")}
            from {read('group')} order by id""",
        # one audit per ticket, time and author; its field changes as events (the group set at
        # creation is a Create event), and a notification beside every status change, which
        # is not a field change
        "ticket_audits": f"""
            with changes as (
                select ticket_id, updated, user_id,
                       list(struct_pack(
                           id := event_id,
                           type := case when field_name = 'group_id' and user_id is null
                                        then 'Create' else 'Change' end,
                           field_name := field_name, value := value,
                           previous_value := cast(null as varchar))
                           order by field_name) as events,
                       bool_or(field_name = 'status') as has_status,
                       max(_fivetran_synced) as _fivetran_synced
                from (
                    select *, 3000000000 + row_number() over (
                        order by ticket_id, updated, field_name) as event_id
                    from {read('ticket_field_history')}
                    where field_name != 'satisfaction_score'
                )
                group by ticket_id, updated, user_id
            )
            select 1000000000 + row_number() over (order by ticket_id, updated, user_id) as id,
                   ticket_id, {_iso('updated')} as created_at, coalesce(user_id, -1) as author_id,
                   {via.format(channel="case when user_id is null then 'rule' else 'api' end")}
                       as via,
                   cast(to_json(case when has_status then list_append(events, struct_pack(
                       id := 4000000000 + row_number() over (order by ticket_id, updated),
                       type := 'Notification', field_name := cast(null as varchar),
                       value := cast(null as varchar),
                       previous_value := cast(null as varchar))) else events end) as varchar)
                       as events,
                   {_airbyte_columns("cast(ticket_id as varchar) || cast(updated as varchar)")}
            from changes order by ticket_id, updated""",
        "satisfaction_ratings": f"""
            select 2000000000 + row_number() over (order by ticket_id, updated) as id,
                   ticket_id, value as score, cast(null as varchar) as comment,
                   {_iso('updated')} as created_at, {_iso('updated')} as updated_at,
                   {_airbyte_columns("cast(ticket_id as varchar) || cast(updated as varchar)")}
            from {read('ticket_field_history')}
            where field_name = 'satisfaction_score' order by ticket_id, updated""",
    }


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
        if shape.endswith("-airbyte"):
            counts = _airbyte(con, out, shape)
        else:
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
        if table not in VENDOR_TABLES[shape]:  # Airbyte's Intercom stream `conversations`
            (out / f"{table}.parquet").unlink(missing_ok=True)
    (out / "surveys.next.parquet").rename(out / "surveys.parquet")
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["shape"] = shape
    manifest["vendor_schema"] = VENDOR_SCHEMA[shape]
    manifest["vendor_rows"] = counts
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return counts

"""Raw tables: simulated rows rendered as the all-text raw contract (row indices -> table).

Every builder takes the row indices it should render, so a chunk of clean rows and a sample
of rows to damage (dirty_rows) come from the same code. ``table_specs`` lists the eight raw
tables with their key, id space and the columns their bad rows may damage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from seam.loader import CONTRACT_COLUMNS
from seam.synth import phrases, simulation
from seam.synth.context import BuildContext
from seam.synth.text_columns import compose, format_ids, format_timestamps, id_width, take_strings

# The raw contract's columns (seam.loader.CONTRACT_COLUMNS), plus the optional agent
# columns the generator also writes.
RAW_COLUMNS: dict[str, tuple[str, ...]] = {
    **CONTRACT_COLUMNS,
    "agents": (*CONTRACT_COLUMNS["agents"], "agent_name", "hired_at"),
}

_ROLE_VARIANTS = (
    ("customer", "end-user", "user", "lead", "Customer", "CUSTOMER"),
    ("ai", "bot", "fin", "assistant", "AI", "Bot"),
    ("agent", "admin", "teammate", "Agent", "ADMIN"),
    ("system", "System"),
)
_CHANNEL_VARIANTS = (("Chat", " chat"), ("EMAIL ", " email"), ("Messaging",), ("Voice",))
_PRIORITIES = ("low", "normal", "high", "urgent")
_ASCII = str.maketrans({"é": "e", "ü": "ue", "í": "i", "ç": "c", "á": "a", "ó": "o", "ñ": "n"})


def luhn_check_digit(payload: np.ndarray, digits: int) -> np.ndarray:
    """The digit that makes ``payload`` (``digits`` digits) followed by it pass the Luhn
    checksum, as card numbers do: from the right of the payload, every other digit doubled."""
    total = np.zeros(len(payload), np.int64)
    rest = payload.astype(np.int64)
    for position in range(digits):
        digit = rest % 10
        rest = rest // 10
        if position % 2 == 0:
            digit = digit * 2
            digit = digit // 10 + digit % 10
        total += digit
    return (10 - total % 10) % 10


def slot_values(rng: np.random.Generator, sim: simulation.Sim
                 ) -> tuple[pa.Array, pa.Array, pa.Array]:
    """Per-conversation slot strings stacked as ['', name*N, agent*N, ident*N, email*N, ...]."""
    n, nc = sim.n, sim.n_customers
    first = rng.integers(0, len(phrases.FIRST_NAMES), nc)
    last = rng.integers(0, len(phrases.LAST_NAMES), nc)
    lower_first = [x.lower().translate(_ASCII) for x in phrases.FIRST_NAMES]
    lower_last = [x.lower().translate(_ASCII) for x in phrases.LAST_NAMES]
    email = pc.binary_join_element_wise(
        take_strings(lower_first, first), pa.array(["."] * 1)[0], take_strings(lower_last, last),
        pc.cast(pa.array(rng.integers(1, 99, nc)), pa.string()), pa.array(["@"])[0],
        take_strings(phrases.EMAIL_DOMAINS, rng.integers(0, len(phrases.EMAIL_DOMAINS), nc)), "")
    cust = sim.conversations["customer"]
    c_email = email.take(pa.array(cust))
    topic = sim.conversations["topic"]
    idents = [
        format_ids("#", rng.integers(1_000_000, 9_999_999, n), 7),
        format_ids("INV-", rng.integers(10_000, 99_999, n), 5),
        c_email,
        format_ids("E-", rng.integers(1000, 9999, n), 4),
        format_ids("#", rng.integers(1_000_000, 9_999_999, n), 7),
        compose(n, "v5.", (rng.integers(10, 14, n), 2), ".", (rng.integers(0, 9, n), 1)),
    ]
    ident = pa.concat_arrays(idents).take(pa.array(topic.astype(np.int64) * n + np.arange(n)))
    phone = pa.concat_arrays([
        compose(n, "+1 ", (rng.integers(201, 989, n), 3), " 555 ",
                 (rng.integers(100, 9999, n), 4)),
        compose(n, "(", (rng.integers(201, 989, n), 3), ") 555-",
                 (rng.integers(100, 9999, n), 4)),
    ]).take(pa.array(rng.integers(0, 2, n) * n + np.arange(n)))
    card_head = rng.integers(0, 1000, n)
    card_groups = [rng.integers(0, 10_000, n) for _ in range(3)]
    card_groups[-1] = card_groups[-1] // 10 * 10 + luhn_check_digit(
        4 * 10**14 + card_head * 10**11 + card_groups[0] * 10**7 + card_groups[1] * 10**3
        + card_groups[2] // 10, 15)
    card = compose(n, "4", (card_head, 3), *[p for g in card_groups for p in (" ", (g, 4))])
    name = take_strings(phrases.FIRST_NAMES, first[cust])
    agent_first = take_strings(phrases.FIRST_NAMES, sim.agents["first"][sim.conversations["agent"]])
    slots = pa.concat_arrays([pa.array([""]), name, agent_first, ident, c_email, phone, card])
    customer_ids = format_ids("u", np.arange(nc), id_width(nc, 7))
    return slots, customer_ids, ident


def message_bodies(ctx: BuildContext, template: np.ndarray, conv: np.ndarray) -> pa.Array:
    n = ctx.sim.n

    def slot_idx(code: np.ndarray) -> pa.Array:
        code = code.astype(np.int64)
        return pa.array(np.where(code == 0, 0, 1 + (code - 1) * n + conv))

    s1, s2 = phrases.SLOT1[template], phrases.SLOT2[template]
    return pc.binary_join_element_wise(
        take_strings(_PIECE_A, template), ctx.slots.take(slot_idx(s1)),
        take_strings(_PIECE_B, template), ctx.slots.take(slot_idx(s2)),
        take_strings(_PIECE_C, template), "")


_PIECE_A = pa.array(phrases.PIECE_A, pa.string())
_PIECE_B = pa.array(phrases.PIECE_B, pa.string())
_PIECE_C = pa.array(phrases.PIECE_C, pa.string())


# --- raw table builders (row indices -> text table) -----------------------------------------

def _role_strings() -> tuple[pa.Array, np.ndarray]:
    flat = [v for vs in _ROLE_VARIANTS for v in vs]
    starts = np.cumsum([0] + [len(v) for v in _ROLE_VARIANTS])[:-1]
    return pa.array(flat), starts


_ROLE_FLAT, _ROLE_START = _role_strings()


def _messages_table(ctx: BuildContext, rows: np.ndarray) -> pa.Table:
    messages, sim = ctx.sim.messages, ctx.sim
    conv, role = messages["conversation"][rows], messages["role"][rows]
    agent = sim.conversations["agent"][conv]
    cust = sim.conversations["customer"][conv]
    nc = sim.n_customers
    author = np.select([role == simulation.CUSTOMER, role == simulation.AGENT,
                        role == simulation.AI],
                       [cust, nc + agent, nc + len(ctx.agent_ids) + (conv % 2)],
                       nc + len(ctx.agent_ids) + 2)
    author_pool = pa.concat_arrays([ctx.customer_ids, ctx.agent_ids,
                                    pa.array(["fin-bot", "ai-assistant-2"]),
                                    pa.array([None], pa.string())])
    cols = [
        ctx.ids("message", rows),
        ctx.conversation_ids(conv),
        format_timestamps(messages["time"][rows], ctx.message_has_offset[rows],
                          ctx.message_offset[rows]),
        _ROLE_FLAT.take(pa.array(_ROLE_START[role] + ctx.role_variant[rows])),
        author_pool.take(pa.array(author)),
        take_strings(("false", "true"), messages["internal"][rows].astype(np.int64)),
        message_bodies(ctx, messages["template"][rows], conv),
    ]
    return pa.table(cols, names=list(RAW_COLUMNS["messages"]))


def _conversations_table(ctx: BuildContext, rows: np.ndarray) -> pa.Table:
    conversations = ctx.sim.conversations
    ch = conversations["channel"][rows].astype(np.int64)
    ch_pool = list(simulation.CHANNELS) + [v for vs in _CHANNEL_VARIANTS for v in vs]
    var_start = np.cumsum([4] + [len(v) for v in _CHANNEL_VARIANTS])[:-1]
    var_len = np.array([len(v) for v in _CHANNEL_VARIANTS])
    use_var = ctx.uniform(rows, 11) < 0.04
    ch_idx = np.where(use_var, var_start[ch] + ctx.uniform_int(rows, 12, 10) % var_len[ch], ch)
    state = conversations["state"][rows]
    topic = conversations["topic"][rows].astype(np.int64)
    return pa.table([
        ctx.conversation_ids(rows),
        ctx.customer_ids.take(pa.array(conversations["customer"][rows])),
        take_strings(ch_pool, ch_idx),
        ctx.timestamps(conversations["created"][rows], rows, 13),
        ctx.timestamps(conversations["closed"][rows], rows, 15, conversations["has_closed"][rows]),
        take_strings(simulation.STATUS, conversations["status"][rows]),
        take_strings([None, "confirmed", "assumed", "escalated"], state),
        take_strings(list(phrases.TOPICS) + [None],
                     np.where(ctx.uniform(rows, 17) < 0.03, 6, topic)),
        take_strings(list(_PRIORITIES) + [None],
              np.where(ctx.uniform(rows, 18) < 0.1, 4, conversations["priority"][rows])),
        take_strings(list(simulation.TEAMS) + [None],
              np.where(ctx.uniform(rows, 19) < 0.05, 4, conversations["team"][rows])),
        ctx.timestamps(conversations["updated"][rows], rows, 20),
    ], names=list(RAW_COLUMNS["conversations"]))


def _surveys_table(ctx: BuildContext, rows: np.ndarray) -> pa.Table:
    surveys = ctx.sim.surveys
    ty = surveys["type"][rows].astype(np.int64)
    score = surveys["score"][rows]
    type_idx = np.where(ctx.uniform(rows, 31) < 0.05, ty + 3, ty)
    good = np.where(ty == 0, score >= 9, np.where(ty == 1, score >= 4, score >= 6))
    bad = np.where(ty == 0, score <= 6, np.where(ty == 1, score <= 2, score <= 3))
    pools = [phrases.COMMENTS_GOOD, phrases.COMMENTS_MID, phrases.COMMENTS_BAD]
    flat = [x for p in pools for x in p] + [None, ""]
    starts = np.cumsum([0] + [len(p) for p in pools])[:-1]
    lens = np.array([len(p) for p in pools])
    cat = np.where(good, 0, np.where(bad, 2, 1))
    comment = starts[cat] + ctx.uniform_int(rows, 32, 100) % lens[cat]
    u = ctx.uniform(rows, 33)
    comment = np.where(u < 0.5, len(flat) - 2, np.where(u < 0.55, len(flat) - 1, comment))
    return pa.table([
        ctx.ids("survey_response", rows),
        ctx.conversation_ids(surveys["conversation"][rows]),
        ctx.timestamps(surveys["time"][rows], rows, 34),
        take_strings(("nps", "csat", "ces", "NPS", "CSAT", "Ces"), type_idx),
        pc.cast(pa.array(score.astype(np.int64)), pa.string()),
        take_strings(flat, comment),
    ], names=list(RAW_COLUMNS["surveys"]))


_ABSENT = (None, "", "  ")
_IDENT_KEYS = pa.array(list(phrases.IDENT_KEY), pa.string())


def _either(present: np.ndarray, value: pa.Array, absent_pool: tuple, absent_idx: np.ndarray
            ) -> pa.Array:
    return pc.if_else(pa.array(present), value, take_strings(absent_pool, absent_idx))


def _packet_ai_actions(ctx: BuildContext, conv: np.ndarray) -> tuple[pa.Array, np.ndarray]:
    """JSON array of the AI action names of each conversation, and the counts."""
    ai_actions = ctx.sim.ai_actions
    lo = np.searchsorted(ai_actions["conversation"], conv)
    cnt = np.searchsorted(ai_actions["conversation"], conv, side="right") - lo
    offsets = np.zeros(conv.size + 1, np.int32)
    np.cumsum(cnt, out=offsets[1:])
    idx = np.repeat(lo - offsets[:-1], cnt) + np.arange(offsets[-1])
    names = take_strings(AI_ACTION_NAMES, ai_actions["name"][idx])
    joined = pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), names), '", "')
    return pc.binary_join_element_wise(pa.scalar('["'), joined, pa.scalar('"]'), ""), cnt


def _handoffs_table(ctx: BuildContext, rows: np.ndarray) -> pa.Table:
    conversations = ctx.sim.conversations
    conv = ctx.handoff_conversations[rows]
    pk = conversations["packet"][conv]
    u = [ctx.uniform_int(rows, 40 + j, 1_000_000) for j in range(8)]
    ident = ctx.identifiers.take(pa.array(conv))
    conf = u[1] < np.where(pk[:, 4], 900_000, 300_000)
    confidence = compose(rows.size, "0.", (5 + 90 * u[2] // 1_000_000, 2), valid=conf)
    summary = message_bodies(ctx, phrases.POOLS["summary"][conversations["problem"][conv], 0], conv)
    identifiers = pc.binary_join_element_wise(
        pa.scalar('{"'), _IDENT_KEYS.take(pa.array(conversations["topic"][conv].astype(np.int64))),
        pa.scalar('": "'), ident, pa.scalar('"}'), "")
    actions, n_actions = _packet_ai_actions(ctx, conv)
    evidence = take_strings([phrases.TEXTS[i] for i in phrases.POOLS["evidence"][:, 0]],
                     conversations["problem"][conv])
    cols = [
        ctx.ids("handoff", rows),
        ctx.conversation_ids(conv),
        ctx.timestamps(conversations["hand_t"][conv], rows, 41),
        take_strings(simulation.TEAMS, conversations["team"][conv]),
        _either(pk[:, 4], take_strings(phrases.REASON_CODES, u[0] % 6), _ABSENT, u[0] % 3),
        confidence,
        take_strings(("true", "false", None),
                     np.where(pk[:, 0], 0, np.where(u[3] < 700_000, 1, 2))),
        _either(pk[:, 1], summary, _ABSENT, u[4] % 3),
        _either(pk[:, 2], identifiers, ("{}", "", None), u[5] % 3),
        _either(pk[:, 3] & (n_actions > 0), actions, ("[]", "", None), u[6] % 3),
        _either(pk[:, 5], evidence, _ABSENT, u[7] % 3),
        _either(pk[:, 6], take_strings(phrases.SENTIMENTS, u[7] % 6), _ABSENT, u[6] % 3),
    ]
    return pa.table(cols, names=list(RAW_COLUMNS["handoffs"]))


AI_ACTION_NAMES = [n for t in phrases.AI_ACTIONS for n in t]


def _ai_actions_table(ctx: BuildContext, rows: np.ndarray) -> pa.Table:
    ai_actions = ctx.sim.ai_actions
    return pa.table([
        ctx.ids("ai_action", rows),
        ctx.conversation_ids(ai_actions["conversation"][rows]),
        ctx.timestamps(ai_actions["time"][rows], rows, 51),
        take_strings(AI_ACTION_NAMES, ai_actions["name"][rows]),
        take_strings(("succeeded", "failed", "unknown"), ai_actions["outcome"][rows]),
    ], names=list(RAW_COLUMNS["ai_actions"]))


def _agent_actions_table(ctx: BuildContext, rows: np.ndarray) -> pa.Table:
    agent_actions, conversations = ctx.sim.agent_actions, ctx.sim.conversations
    conv = agent_actions["conversation"][rows]
    name = agent_actions["name"][rows].astype(np.int64)
    pool = AI_ACTION_NAMES + list(phrases.AGENT_ONLY_ACTIONS)
    name_idx = np.where(name >= 1000, name - 1000 + len(AI_ACTION_NAMES), name)
    return pa.table([
        ctx.ids("agent_action", rows),
        ctx.conversation_ids(conv),
        ctx.agent_ids.take(pa.array(conversations["agent"][conv])),
        ctx.timestamps(agent_actions["time"][rows], rows, 61),
        take_strings(pool, name_idx),
    ], names=list(RAW_COLUMNS["agent_actions"]))


def _agents_table(ctx: BuildContext, rows: np.ndarray) -> pa.Table:
    agents = ctx.sim.agents
    names = [f"{phrases.FIRST_NAMES[first]} {chr(65 + last)}." for first, last in
             zip(agents["first"][rows].tolist(), agents["last"][rows].tolist(), strict=True)]
    return pa.table([
        ctx.agent_ids.take(pa.array(rows)),
        take_strings(simulation.TEAMS, agents["team"][rows]),
        pa.array(names, pa.string()),
        ctx.timestamps(agents["hired"][rows], rows, 71),
    ], names=list(RAW_COLUMNS["agents"]))


def _labels_table(ctx: BuildContext, rows: np.ndarray) -> pa.Table:
    labels = ctx.sim.labels
    return pa.table([
        ctx.ids("message", labels["message"][rows]),
        take_strings(("useful_reply", "re_explanation"), labels["label"][rows]),
        take_strings(("false", "true"), labels["value"][rows].astype(np.int64)),
        take_strings(("qa_review", "classifier_v2"), labels["source"][rows]),
    ], names=list(RAW_COLUMNS["message_labels"]))


@dataclass(frozen=True)
class TableSpec:
    name: str
    build: Callable[[BuildContext, np.ndarray], pa.Table]
    n_clean: int
    key: str
    space: str
    conversation_of: Callable[[np.ndarray], np.ndarray] | None = None
    time_column: str | None = None
    unparsable: tuple[tuple[str, tuple[str, ...]], ...] = ()
    vocabulary: tuple[str, tuple[str, ...]] | None = None


def table_specs(ctx: BuildContext) -> list[TableSpec]:
    """The eight raw tables in the order they are written."""
    sim = ctx.sim
    messages, surveys = sim.messages["conversation"], sim.surveys["conversation"]
    ai_actions, agent_actions = sim.ai_actions["conversation"], sim.agent_actions["conversation"]
    handoffs = ctx.handoff_conversations
    return [
        TableSpec("conversations", _conversations_table, sim.n, "conversation_id", "conversation",
                  unparsable=(("created_at", ("not-a-date", "2026-13-45 10:00:00")),)),
        TableSpec("messages", _messages_table, messages.size, "message_id", "message",
                  conversation_of=lambda r: messages[r], time_column="sent_at",
                  unparsable=(("sent_at", ("not-a-date", "2026-13-45 25:61:00")),
                              ("is_internal", ("maybe", "yes-ish"))),
                  vocabulary=("author_role", ("robot", "alien"))),
        TableSpec("surveys", _surveys_table, surveys.size, "response_id", "survey_response",
                  conversation_of=lambda r: surveys[r], time_column="responded_at",
                  unparsable=(("score", ("ten", "n/a")), ("responded_at", ("not-a-date",))),
                  vocabulary=("survey_type", ("nps2", "happiness"))),
        TableSpec("handoffs", _handoffs_table, handoffs.size, "handoff_id", "handoff",
                  conversation_of=lambda r: handoffs[r], time_column="handed_off_at",
                  unparsable=(("handed_off_at", ("not-a-date", "2026-13-45")),
                              ("ai_confidence", ("high", "n/a")))),
        TableSpec("ai_actions", _ai_actions_table, ai_actions.size, "action_id", "ai_action",
                  conversation_of=lambda r: ai_actions[r], time_column="performed_at",
                  unparsable=(("performed_at", ("not-a-date", "2026-02-30 10:00:00")),),
                  vocabulary=("outcome", ("exploded", "maybe"))),
        TableSpec("agent_actions", _agent_actions_table, agent_actions.size, "action_id",
                  "agent_action",
                  conversation_of=lambda r: agent_actions[r], time_column="performed_at",
                  unparsable=(("performed_at", ("not-a-date", "yesterday")),)),
        TableSpec("agents", _agents_table, sim.agents["team"].size, "agent_id", "agent"),
        TableSpec("message_labels", _labels_table, sim.labels["message"].size, "message_id",
                  "message", vocabulary=("label", ("helpful", "sarcasm"))),
    ]


def role_variants(rng: np.random.Generator, role: np.ndarray) -> np.ndarray:
    n_var = np.array([len(v) for v in _ROLE_VARIANTS])
    u = rng.random(role.size)
    alt = 1 + (rng.integers(0, 1000, role.size) % (n_var[role] - 1))
    return np.where(u < 0.13, alt, 0).astype(np.int64)



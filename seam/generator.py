"""Synthetic support data for seam: raw-contract Parquet files plus planted ground truth.

Scenario (deterministic for a seed, ``numpy.random.Generator(PCG64(seed))``):

* Conversations arrive over ``weeks`` weeks from ``start`` with a diurnal pattern (busy
  business hours, quiet nights) and quieter weekends. Customers come from a skewed pool, so
  some open several conversations; recontacts (a new conversation by the same customer
  within a few days) are planted, most often after an AI "assumed" resolution.
* Six topics (shipping, billing, account, api, refunds, app_bug), two problems each, with
  identifiers (order ids ``#4821337``, invoices ``INV-20931``, account emails, error codes
  ``E-4012`` with HTTP 502, app versions) and PII customers paste (emails, phone numbers,
  16-digit card numbers). Four teams with time zones; an agents table.
* AI rollout: AI involvement rises from ~40% to ~85% of conversations, containment rises,
  handoff packets thin out (fewer of transcript, summary, identifiers, AI actions, reason,
  evidence, sentiment) and failed AI actions that agents repeat become more common.
* Paths: ``ai_only_resolved``, ``ai_only_unresolved``, ``ai_escalated``, ``human_only``,
  ``unanswered`` plus rare odd cases (human then AI, handoff without a human reply, AI only
  after a human). Escalations carry typed agent replies (greeting, holding, apology,
  restate_request, basics_request, useful) and customer replies (re-explanations after a
  restate request / with a repetition marker / by paraphrase; follow-ups, basics answers,
  thanks, new information). Thin packets cause more unhelpful replies and longer delays.
* Surveys (NPS, CSAT, CES) whose NPS is planted by quota per (created week, path): the
  escalated path is flat except for planted break weeks (drop >= 10 points) while blended
  NPS stays flat (within 1 point), because the AI-only target absorbs the change.
* Dirty rows (``dirty_rate``): extra rows with exactly one defect each, listed in
  ``truth/truth_rejections.parquet``. They never change the truth of the clean rows.

Raw tables are all-text (nullable ``string`` columns); truth tables are typed.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from seam import _scenario as S
from seam import _text as T

DAY = S.DAY
CHUNK_ROWS = 1_000_000
COMPRESSION = "zstd"
COMPRESSION_LEVEL = 1

RAW_COLUMNS: dict[str, tuple[str, ...]] = {
    "conversations": ("conversation_id", "customer_id", "channel", "created_at", "closed_at",
                      "status", "ai_resolution_state", "topic", "priority", "team", "updated_at"),
    "messages": ("message_id", "conversation_id", "sent_at", "author_role", "author_id",
                 "is_internal", "body"),
    "surveys": ("response_id", "conversation_id", "responded_at", "survey_type", "score",
                "comment"),
    "handoffs": ("handoff_id", "conversation_id", "handed_off_at", "to_queue", "reason_code",
                 "ai_confidence", "packet_transcript_included", "packet_summary",
                 "packet_identifiers", "packet_ai_actions", "packet_evidence", "packet_sentiment"),
    "ai_actions": ("action_id", "conversation_id", "performed_at", "action_name", "outcome"),
    "agent_actions": ("action_id", "conversation_id", "agent_id", "performed_at", "action_name"),
    "agents": ("agent_id", "team", "agent_name", "hired_at"),
    "message_labels": ("message_id", "label", "value", "source"),
}

DIRTY_KINDS: dict[str, tuple[str, ...]] = {
    "conversations": ("null_key", "duplicate_key", "unparsable_value", "exact_duplicate"),
    "messages": ("null_key", "duplicate_key", "unparsable_value", "unknown_vocabulary", "orphan",
                 "timestamp_before_conversation", "exact_duplicate"),
    "surveys": ("null_key", "duplicate_key", "unparsable_value", "unknown_vocabulary",
                "score_out_of_range", "orphan", "timestamp_before_conversation",
                "exact_duplicate"),
    "handoffs": ("null_key", "duplicate_key", "unparsable_value", "score_out_of_range", "orphan",
                 "timestamp_before_conversation", "exact_duplicate"),
    "ai_actions": ("null_key", "duplicate_key", "unparsable_value", "unknown_vocabulary",
                   "orphan", "timestamp_before_conversation", "exact_duplicate"),
    "agent_actions": ("null_key", "duplicate_key", "unparsable_value", "orphan",
                      "timestamp_before_conversation", "exact_duplicate"),
    "agents": ("null_key", "duplicate_key", "exact_duplicate"),
    "message_labels": ("null_key", "duplicate_key", "unknown_vocabulary", "orphan",
                       "exact_duplicate"),
}

_OFFSETS_MIN = np.array([120, 60, -240, -300, -420, 330, 0, -180, 540, 60, 120, -240, 600, -360])
_ROLE_VARIANTS = (
    ("customer", "end-user", "user", "lead", "Customer", "CUSTOMER"),
    ("ai", "bot", "fin", "assistant", "AI", "Bot"),
    ("agent", "admin", "teammate", "Agent", "ADMIN"),
    ("system", "System"),
)
_CHANNEL_VARIANTS = (("Chat", " chat"), ("EMAIL ", " email"), ("Messaging",), ("Voice",))
_PRIORITIES = ("low", "normal", "high", "urgent")
_ASCII = str.maketrans({"é": "e", "ü": "ue", "í": "i", "ç": "c", "á": "a", "ó": "o", "ñ": "n"})


# --- fast text columns ----------------------------------------------------------------------

_DIGITS = {k: np.array([f"{i:0{k}d}".encode() for i in range(10**k)], f"S{k}")
           for k in (1, 2, 3, 4)}
_TIME_OF_DAY = np.array([f"{h:02d}:{m:02d}:{s:02d}".encode()
                         for h in range(24) for m in range(60) for s in range(60)], "S8")


def _fixed(n: int, *parts: str | tuple[np.ndarray, int]) -> np.ndarray:
    """(n, width) byte matrix from literals and zero-padded numbers, via a packed record."""
    fields: list[tuple[str, str]] = []
    values: list[bytes | np.ndarray] = []
    for p in parts:
        if isinstance(p, str):
            fields.append((f"f{len(fields)}", f"S{len(p.encode())}"))
            values.append(p.encode())
            continue
        v, width = np.asarray(p[0], np.int64), p[1]
        groups = [4] * (width // 4)
        if width % 4:
            groups.insert(0, width % 4)
        rest = width
        for g in groups:
            rest -= g
            fields.append((f"f{len(fields)}", f"S{g}"))
            values.append(_DIGITS[g][(v // 10**rest) % 10**g])
    rec = np.empty(n, np.dtype(fields))
    for (name, _), val in zip(fields, values, strict=True):
        rec[name] = val
    return rec.view(np.uint8).reshape(n, rec.dtype.itemsize)


def _compose(n: int, *parts: str | tuple[np.ndarray, int], valid: np.ndarray | None = None
             ) -> pa.Array:
    """Fixed-width strings from literals and zero-padded numbers: ("INV-", (ids, 5))."""
    return _from_matrix(_fixed(n, *parts), valid=valid)


def _from_matrix(mat: np.ndarray, lengths: np.ndarray | None = None,
                 valid: np.ndarray | None = None) -> pa.Array:
    """Build a string array from a byte matrix (rows cut to ``lengths``)."""
    n, width = mat.shape
    if lengths is None:
        data = np.ascontiguousarray(mat).reshape(-1)
        offsets = np.arange(0, (n + 1) * width, width, dtype=np.int64)
    else:
        data = mat[np.arange(width)[None, :] < lengths[:, None]]
        offsets = np.zeros(n + 1, np.int64)
        np.cumsum(lengths, out=offsets[1:])
    if offsets[-1] < 2**31 - 1:
        arr = pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets.astype(np.int32)),
                                                     pa.py_buffer(data)])
    else:
        arr = pa.Array.from_buffers(pa.large_string(), n, [None, pa.py_buffer(offsets),
                                                           pa.py_buffer(data)]).cast(pa.string())
    if valid is not None and not valid.all():
        arr = pc.if_else(pa.array(valid), arr, pa.scalar(None, pa.string()))
    return arr


def fmt_ids(prefix: str, values: np.ndarray, width: int) -> pa.Array:
    return _compose(len(values), prefix, (values, width))


_OFFSET_TEXT = np.array([f"{'-' if m < 0 else '+'}{abs(m) // 60:02d}:{abs(m) % 60:02d}".encode()
                         for m in _OFFSETS_MIN], "S6")
_TS_DTYPE = np.dtype([("date", "S10"), ("sep", "S1"), ("tod", "S8"), ("off", "S6")])


def fmt_ts(sec: np.ndarray, aware: np.ndarray, offset_idx: np.ndarray,
           valid: np.ndarray | None = None) -> pa.Array:
    """ISO-8601 text: naive UTC ``YYYY-MM-DD HH:MM:SS`` or local time with ``+HH:MM``.

    ``offset_idx`` indexes ``_OFFSETS_MIN`` and is used only where ``aware`` is true.
    """
    sec = np.asarray(sec, np.int64)
    n = sec.size
    if n == 0:
        return pa.array([], pa.string())
    local = sec + np.where(aware, _OFFSETS_MIN[offset_idx] * 60, 0)
    day, sod = np.divmod(local, DAY)
    d0 = int(day.min())
    dates = np.arange(d0, int(day.max()) + 1).astype("datetime64[D]").astype("S10")
    rec = np.empty(n, _TS_DTYPE)
    rec["date"] = dates[day - d0]
    rec["sep"] = np.where(aware, b"T", b" ")
    rec["tod"] = _TIME_OF_DAY[sod]
    rec["off"] = _OFFSET_TEXT[offset_idx]
    mat = rec.view(np.uint8).reshape(n, 25)
    return _from_matrix(mat, np.where(aware, 25, 19), valid)


def _take(pool: list[str] | tuple[str, ...] | pa.Array, idx: np.ndarray) -> pa.Array:
    arr = pool if isinstance(pool, pa.Array) else pa.array(list(pool), pa.string())
    return arr.take(pa.array(np.asarray(idx, np.int64)))


def _ts_micro(sec: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    mask = None if valid is None else ~valid
    return pa.array(np.asarray(sec, np.int64) * 1_000_000, pa.timestamp("us"), mask=mask)


# --- context ---------------------------------------------------------------------------------

@dataclass
class _Ctx:
    sim: S.Sim
    rng: np.random.Generator
    widths: dict[str, int]
    slots: pa.Array
    cust_ids: pa.Array
    agent_ids: pa.Array
    msg_aware: np.ndarray
    msg_off: np.ndarray
    role_var: np.ndarray
    salt: int = 0
    ident: pa.Array | None = None
    handoff_conv: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    next_id: dict[str, int] = field(default_factory=dict)
    rejections: list[tuple[str, pa.Array, str]] = field(default_factory=list)
    dirty_counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def u(self, rows: np.ndarray, salt: int) -> np.ndarray:
        """Uniform [0, 1) that depends only on (seed, row, salt): rebuilt rows are identical."""
        x = np.asarray(rows, np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        x += np.uint64((self.salt * 1_000_003 + salt * 7919) & 0xFFFFFFFFFFFF)
        x ^= x >> np.uint64(30)
        x *= np.uint64(0xBF58476D1CE4E5B9)
        x ^= x >> np.uint64(27)
        x *= np.uint64(0x94D049BB133111EB)
        x ^= x >> np.uint64(31)
        return (x >> np.uint64(11)).astype(np.float64) / float(1 << 53)

    def ui(self, rows: np.ndarray, salt: int, k: int) -> np.ndarray:
        return np.minimum((self.u(rows, salt) * k).astype(np.int64), k - 1)

    def ts(self, sec: np.ndarray, rows: np.ndarray, salt: int,
           valid: np.ndarray | None = None) -> pa.Array:
        aware = self.u(rows, salt) < 0.3
        return fmt_ts(sec, aware, self.ui(rows, salt + 1, _OFFSETS_MIN.size), valid)

    def ts_random(self, sec: np.ndarray) -> pa.Array:
        n = len(sec)
        aware = self.rng.random(n) < 0.3
        return fmt_ts(sec, aware, self.rng.integers(0, _OFFSETS_MIN.size, n))

    def conv_ids(self, conv: np.ndarray) -> pa.Array:
        return fmt_ids("c", conv, self.widths["c"])

    def fresh(self, space: str, n: int) -> np.ndarray:
        start = self.next_id[space]
        self.next_id[space] = start + n
        return np.arange(start, start + n)


def _slot_values(rng: np.random.Generator, sim: S.Sim) -> tuple[pa.Array, pa.Array, pa.Array]:
    """Per-conversation slot strings stacked as ['', name*N, agent*N, ident*N, email*N, ...]."""
    n, nc = sim.n, sim.n_customers
    first = rng.integers(0, len(T.FIRST_NAMES), nc)
    last = rng.integers(0, len(T.LAST_NAMES), nc)
    lower_first = [x.lower().translate(_ASCII) for x in T.FIRST_NAMES]
    lower_last = [x.lower().translate(_ASCII) for x in T.LAST_NAMES]
    email = pc.binary_join_element_wise(
        _take(lower_first, first), pa.array(["."] * 1)[0], _take(lower_last, last),
        pc.cast(pa.array(rng.integers(1, 99, nc)), pa.string()), pa.array(["@"])[0],
        _take(T.EMAIL_DOMAINS, rng.integers(0, len(T.EMAIL_DOMAINS), nc)), "")
    cust = sim.c["customer"]
    c_email = email.take(pa.array(cust))
    topic = sim.c["topic"]
    idents = [
        fmt_ids("#", rng.integers(1_000_000, 9_999_999, n), 7),
        fmt_ids("INV-", rng.integers(10_000, 99_999, n), 5),
        c_email,
        fmt_ids("E-", rng.integers(1000, 9999, n), 4),
        fmt_ids("#", rng.integers(1_000_000, 9_999_999, n), 7),
        _compose(n, "v5.", (rng.integers(10, 14, n), 2), ".", (rng.integers(0, 9, n), 1)),
    ]
    ident = pa.concat_arrays(idents).take(pa.array(topic.astype(np.int64) * n + np.arange(n)))
    phone = pa.concat_arrays([
        _compose(n, "+1 ", (rng.integers(201, 989, n), 3), " 555 ",
                 (rng.integers(100, 9999, n), 4)),
        _compose(n, "(", (rng.integers(201, 989, n), 3), ") 555-",
                 (rng.integers(100, 9999, n), 4)),
    ]).take(pa.array(rng.integers(0, 2, n) * n + np.arange(n)))
    card = _compose(n, "4", (rng.integers(0, 1000, n), 3),
                    *[p for _ in range(3) for p in (" ", (rng.integers(0, 10_000, n), 4))])
    name = _take(T.FIRST_NAMES, first[cust])
    agent_first = _take(T.FIRST_NAMES, sim.agents["first"][sim.c["agent"]])
    slots = pa.concat_arrays([pa.array([""]), name, agent_first, ident, c_email, phone, card])
    cust_ids = fmt_ids("u", np.arange(nc), _width(nc, 7))
    return slots, cust_ids, ident


def _bodies(ctx: _Ctx, tpl: np.ndarray, conv: np.ndarray) -> pa.Array:
    n = ctx.sim.n

    def slot_idx(code: np.ndarray) -> pa.Array:
        code = code.astype(np.int64)
        return pa.array(np.where(code == 0, 0, 1 + (code - 1) * n + conv))

    s1, s2 = T.SLOT1[tpl], T.SLOT2[tpl]
    return pc.binary_join_element_wise(
        _take(_PIECE_A, tpl), ctx.slots.take(slot_idx(s1)), _take(_PIECE_B, tpl),
        ctx.slots.take(slot_idx(s2)), _take(_PIECE_C, tpl), "")


_PIECE_A = pa.array(T.PIECE_A, pa.string())
_PIECE_B = pa.array(T.PIECE_B, pa.string())
_PIECE_C = pa.array(T.PIECE_C, pa.string())


# --- raw table builders (row indices -> text table) -----------------------------------------

def _role_strings() -> tuple[pa.Array, np.ndarray]:
    flat = [v for vs in _ROLE_VARIANTS for v in vs]
    starts = np.cumsum([0] + [len(v) for v in _ROLE_VARIANTS])[:-1]
    return pa.array(flat), starts


_ROLE_FLAT, _ROLE_START = _role_strings()


def _messages_table(ctx: _Ctx, rows: np.ndarray) -> pa.Table:
    m, sim = ctx.sim.m, ctx.sim
    conv, role = m["conv"][rows], m["role"][rows]
    agent = sim.c["agent"][conv]
    cust = sim.c["customer"][conv]
    nc = sim.n_customers
    author = np.select([role == S.CUSTOMER, role == S.AGENT, role == S.AI],
                       [cust, nc + agent, nc + len(ctx.agent_ids) + (conv % 2)],
                       nc + len(ctx.agent_ids) + 2)
    author_pool = pa.concat_arrays([ctx.cust_ids, ctx.agent_ids,
                                    pa.array(["fin-bot", "ai-assistant-2"]),
                                    pa.array([None], pa.string())])
    cols = [
        fmt_ids("m", rows, ctx.widths["m"]),
        ctx.conv_ids(conv),
        fmt_ts(m["t"][rows], ctx.msg_aware[rows], ctx.msg_off[rows]),
        _ROLE_FLAT.take(pa.array(_ROLE_START[role] + ctx.role_var[rows])),
        author_pool.take(pa.array(author)),
        _take(("false", "true"), m["internal"][rows].astype(np.int64)),
        _bodies(ctx, m["tpl"][rows], conv),
    ]
    return pa.table(cols, names=list(RAW_COLUMNS["messages"]))


def _conversations_table(ctx: _Ctx, rows: np.ndarray) -> pa.Table:
    c = ctx.sim.c
    ch = c["channel"][rows].astype(np.int64)
    ch_pool = list(S.CHANNELS) + [v for vs in _CHANNEL_VARIANTS for v in vs]
    var_start = np.cumsum([4] + [len(v) for v in _CHANNEL_VARIANTS])[:-1]
    var_len = np.array([len(v) for v in _CHANNEL_VARIANTS])
    use_var = ctx.u(rows, 11) < 0.04
    ch_idx = np.where(use_var, var_start[ch] + ctx.ui(rows, 12, 10) % var_len[ch], ch)
    state = c["state"][rows]
    topic = c["topic"][rows].astype(np.int64)
    return pa.table([
        ctx.conv_ids(rows),
        ctx.cust_ids.take(pa.array(c["customer"][rows])),
        _take(ch_pool, ch_idx),
        ctx.ts(c["created"][rows], rows, 13),
        ctx.ts(c["closed"][rows], rows, 15, c["has_closed"][rows]),
        _take(S.STATUS, c["status"][rows]),
        _take([None, "confirmed", "assumed", "escalated"], state),
        _take(list(T.TOPICS) + [None], np.where(ctx.u(rows, 17) < 0.03, 6, topic)),
        _take(list(_PRIORITIES) + [None],
              np.where(ctx.u(rows, 18) < 0.1, 4, c["priority"][rows])),
        _take(list(S.TEAMS) + [None], np.where(ctx.u(rows, 19) < 0.05, 4, c["team"][rows])),
        ctx.ts(c["updated"][rows], rows, 20),
    ], names=list(RAW_COLUMNS["conversations"]))


def _surveys_table(ctx: _Ctx, rows: np.ndarray) -> pa.Table:
    s = ctx.sim.srv
    ty = s["type"][rows].astype(np.int64)
    score = s["score"][rows]
    type_idx = np.where(ctx.u(rows, 31) < 0.05, ty + 3, ty)
    good = np.where(ty == 0, score >= 9, np.where(ty == 1, score >= 4, score >= 6))
    bad = np.where(ty == 0, score <= 6, np.where(ty == 1, score <= 2, score <= 3))
    pools = [T.COMMENTS_GOOD, T.COMMENTS_MID, T.COMMENTS_BAD]
    flat = [x for p in pools for x in p] + [None, ""]
    starts = np.cumsum([0] + [len(p) for p in pools])[:-1]
    lens = np.array([len(p) for p in pools])
    cat = np.where(good, 0, np.where(bad, 2, 1))
    comment = starts[cat] + ctx.ui(rows, 32, 100) % lens[cat]
    u = ctx.u(rows, 33)
    comment = np.where(u < 0.5, len(flat) - 2, np.where(u < 0.55, len(flat) - 1, comment))
    return pa.table([
        fmt_ids("r", rows, ctx.widths["r"]),
        ctx.conv_ids(s["conv"][rows]),
        ctx.ts(s["t"][rows], rows, 34),
        _take(("nps", "csat", "ces", "NPS", "CSAT", "Ces"), type_idx),
        pc.cast(pa.array(score.astype(np.int64)), pa.string()),
        _take(flat, comment),
    ], names=list(RAW_COLUMNS["surveys"]))


_ABSENT = (None, "", "  ")
_IDENT_KEYS = pa.array(list(T.IDENT_KEY), pa.string())


def _either(present: np.ndarray, value: pa.Array, absent_pool: tuple, absent_idx: np.ndarray
            ) -> pa.Array:
    return pc.if_else(pa.array(present), value, _take(absent_pool, absent_idx))


def _packet_ai_actions(ctx: _Ctx, conv: np.ndarray) -> tuple[pa.Array, np.ndarray]:
    """JSON array of the AI action names of each conversation, and the counts."""
    a = ctx.sim.ai_act
    lo = np.searchsorted(a["conv"], conv)
    cnt = np.searchsorted(a["conv"], conv, side="right") - lo
    offsets = np.zeros(conv.size + 1, np.int32)
    np.cumsum(cnt, out=offsets[1:])
    idx = np.repeat(lo - offsets[:-1], cnt) + np.arange(offsets[-1])
    names = _take(_AI_NAMES, a["name"][idx])
    joined = pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), names), '", "')
    return pc.binary_join_element_wise(pa.scalar('["'), joined, pa.scalar('"]'), ""), cnt


def _handoffs_table(ctx: _Ctx, rows: np.ndarray) -> pa.Table:
    c = ctx.sim.c
    conv = ctx.handoff_conv[rows]
    pk = c["packet"][conv]
    u = [ctx.ui(rows, 40 + j, 1_000_000) for j in range(8)]
    ident = ctx.ident.take(pa.array(conv))
    conf = u[1] < np.where(pk[:, 4], 900_000, 300_000)
    confidence = _compose(rows.size, "0.", (5 + 90 * u[2] // 1_000_000, 2), valid=conf)
    summary = _bodies(ctx, T.POOLS["summary"][c["problem"][conv], 0], conv)
    identifiers = pc.binary_join_element_wise(
        pa.scalar('{"'), _IDENT_KEYS.take(pa.array(c["topic"][conv].astype(np.int64))),
        pa.scalar('": "'), ident, pa.scalar('"}'), "")
    actions, n_actions = _packet_ai_actions(ctx, conv)
    evidence = _take([T.TEXTS[i] for i in T.POOLS["evidence"][:, 0]], c["problem"][conv])
    cols = [
        fmt_ids("h", rows, ctx.widths["h"]),
        ctx.conv_ids(conv),
        ctx.ts(c["hand_t"][conv], rows, 41),
        _take(S.TEAMS, c["team"][conv]),
        _either(pk[:, 4], _take(T.REASON_CODES, u[0] % 6), _ABSENT, u[0] % 3),
        confidence,
        _take(("true", "false", None), np.where(pk[:, 0], 0, np.where(u[3] < 700_000, 1, 2))),
        _either(pk[:, 1], summary, _ABSENT, u[4] % 3),
        _either(pk[:, 2], identifiers, ("{}", "", None), u[5] % 3),
        _either(pk[:, 3] & (n_actions > 0), actions, ("[]", "", None), u[6] % 3),
        _either(pk[:, 5], evidence, _ABSENT, u[7] % 3),
        _either(pk[:, 6], _take(T.SENTIMENTS, u[7] % 6), _ABSENT, u[6] % 3),
    ]
    return pa.table(cols, names=list(RAW_COLUMNS["handoffs"]))


_AI_NAMES = [n for t in T.AI_ACTIONS for n in t]


def _ai_actions_table(ctx: _Ctx, rows: np.ndarray) -> pa.Table:
    a = ctx.sim.ai_act
    return pa.table([
        fmt_ids("ai", rows, ctx.widths["ai"]),
        ctx.conv_ids(a["conv"][rows]),
        ctx.ts(a["t"][rows], rows, 51),
        _take(_AI_NAMES, a["name"][rows]),
        _take(("succeeded", "failed", "unknown"), a["outcome"][rows]),
    ], names=list(RAW_COLUMNS["ai_actions"]))


def _agent_actions_table(ctx: _Ctx, rows: np.ndarray) -> pa.Table:
    g, c = ctx.sim.ag_act, ctx.sim.c
    conv = g["conv"][rows]
    name = g["name"][rows].astype(np.int64)
    pool = _AI_NAMES + list(T.AGENT_ONLY_ACTIONS)
    name_idx = np.where(name >= 1000, name - 1000 + len(_AI_NAMES), name)
    return pa.table([
        fmt_ids("ag", rows, ctx.widths["ag"]),
        ctx.conv_ids(conv),
        ctx.agent_ids.take(pa.array(c["agent"][conv])),
        ctx.ts(g["t"][rows], rows, 61),
        _take(pool, name_idx),
    ], names=list(RAW_COLUMNS["agent_actions"]))


def _agents_table(ctx: _Ctx, rows: np.ndarray) -> pa.Table:
    ag = ctx.sim.agents
    names = [f"{T.FIRST_NAMES[first]} {chr(65 + last)}." for first, last in
             zip(ag["first"][rows].tolist(), ag["last"][rows].tolist(), strict=True)]
    return pa.table([
        ctx.agent_ids.take(pa.array(rows)),
        _take(S.TEAMS, ag["team"][rows]),
        pa.array(names, pa.string()),
        ctx.ts(ag["hired"][rows], rows, 71),
    ], names=list(RAW_COLUMNS["agents"]))


def _labels_table(ctx: _Ctx, rows: np.ndarray) -> pa.Table:
    lab = ctx.sim.lab
    return pa.table([
        fmt_ids("m", lab["msg"][rows], ctx.widths["m"]),
        _take(("useful_reply", "re_explanation"), lab["label"][rows]),
        _take(("false", "true"), lab["value"][rows].astype(np.int64)),
        _take(("qa_review", "classifier_v2"), lab["source"][rows]),
    ], names=list(RAW_COLUMNS["message_labels"]))


# --- dirty rows --------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Spec:
    name: str
    build: Callable[[_Ctx, np.ndarray], pa.Table]
    n_clean: int
    key: str
    space: str
    conv_of: Callable[[np.ndarray], np.ndarray] | None = None
    time_col: str | None = None
    unparsable: tuple[tuple[str, tuple[str, ...]], ...] = ()
    vocab: tuple[str, tuple[str, ...]] | None = None


def _set(tbl: pa.Table, col: str, arr: pa.Array | list) -> pa.Table:
    if not isinstance(arr, pa.Array):
        arr = pa.array(arr, pa.string())
    return tbl.set_column(tbl.schema.get_field_index(col), col, arr)


def _key_ids(ctx: _Ctx, spec: _Spec, ids: np.ndarray) -> pa.Array:
    return fmt_ids(spec.space, ids, ctx.widths[spec.space])


def _dirty_rows(ctx: _Ctx, spec: _Spec, rate: float) -> pa.Table | None:
    """Extra defective rows for one table; registers them in the rejection truth."""
    if rate <= 0 or spec.n_clean == 0:
        return None
    rng = ctx.rng
    kinds = DIRTY_KINDS[spec.name]
    per_kind = max(1, int(round(rate * spec.n_clean / len(kinds))))
    out: list[pa.Table] = []
    counts: dict[str, int] = {}
    for kind in kinds:
        n = max(2, per_kind) if kind == "duplicate_key" else per_kind
        n -= n % 2 if kind == "duplicate_key" else 0
        rows = rng.integers(0, spec.n_clean, n)
        if kind == "duplicate_key":
            rows = np.sort(rng.choice(spec.n_clean, n, replace=spec.n_clean < n))
        tbl = spec.build(ctx, rows)
        keys: pa.Array | None
        if kind == "null_key":
            tbl = _set(tbl, spec.key, [None if i % 2 else "" for i in range(n)])
            keys = pa.array([None] * n, pa.string())
        elif kind == "exact_duplicate":
            keys = tbl.column(spec.key).combine_chunks()
        elif spec.name == "message_labels":  # composite key: the defect itself makes it fresh
            tbl = _mutate(ctx, spec, kind, tbl, rows)
            keys = None
        else:
            fresh = ctx.fresh(spec.space, n // 2 if kind == "duplicate_key" else n)
            if kind == "duplicate_key":
                fresh = np.repeat(fresh, 2)
            keys = _key_ids(ctx, spec, fresh)
            tbl = _set(tbl, spec.key, keys)
            tbl = _mutate(ctx, spec, kind, tbl, rows)
        if spec.name == "message_labels" and kind != "null_key":
            keys = pc.binary_join_element_wise(tbl.column("message_id").combine_chunks(),
                                               tbl.column("label").combine_chunks(), ":")
        ctx.rejections.append((spec.name, keys, kind))
        counts[kind] = n
        out.append(tbl)
    ctx.dirty_counts[spec.name] = counts
    return pa.concat_tables(out)


def _mutate(ctx: _Ctx, spec: _Spec, kind: str, tbl: pa.Table, rows: np.ndarray) -> pa.Table:
    rng, n = ctx.rng, tbl.num_rows
    if kind == "unparsable_value":  # rotate over the candidate columns row by row
        k = len(spec.unparsable)
        for i, (col, bad) in enumerate(spec.unparsable):
            vals = tbl.column(col).to_pylist()
            for r in range(i, n, k):
                vals[r] = bad[(r // k) % len(bad)]
            tbl = _set(tbl, col, vals)
        return tbl
    if kind == "unknown_vocabulary":
        col, bad = spec.vocab
        return _set(tbl, col, [bad[r % len(bad)] for r in range(n)])
    if kind == "orphan":
        if spec.name == "message_labels":
            return _set(tbl, "message_id", fmt_ids("m", ctx.fresh("m", n), ctx.widths["m"]))
        return _set(tbl, "conversation_id", ctx.conv_ids(ctx.fresh("orphan_c", n)))
    if kind == "timestamp_before_conversation":
        created = ctx.sim.c["created"][spec.conv_of(rows)]
        return _set(tbl, spec.time_col, ctx.ts_random(created - rng.integers(120, 3 * DAY, n)))
    if kind == "score_out_of_range":
        if spec.name == "handoffs":
            return _set(tbl, "ai_confidence", [("1.7", "-0.2", "1.05")[r % 3] for r in range(n)])
        types = [t.strip().lower() for t in tbl.column("survey_type").to_pylist()]
        bad = {"nps": ("11", "-1"), "csat": ("7", "0"), "ces": ("0", "8")}
        return _set(tbl, "score", [bad[t][r % 2] for r, t in enumerate(types)])
    return tbl


def _label_dup_rows(ctx: _Ctx, n_pairs: int) -> tuple[pa.Table, pa.Array]:
    """Two conflicting labels for a message that has no clean label of that kind."""
    m, lab = ctx.sim.m, ctx.sim.lab
    elig = np.flatnonzero((m["phase"] == 2) & m["public"]
                          & np.isin(m["role"], [S.AGENT, S.CUSTOMER]))
    labelled = np.zeros(m["conv"].size, bool)
    labelled[lab["msg"]] = True
    elig = elig[~labelled[elig]]
    msgs = np.sort(ctx.rng.choice(elig, min(n_pairs, elig.size), replace=False))
    msgs = np.repeat(msgs, 2)
    label = (m["role"][msgs] == S.CUSTOMER).astype(np.int64)
    tbl = pa.table([
        fmt_ids("m", msgs, ctx.widths["m"]),
        _take(("useful_reply", "re_explanation"), label),
        _take(("true", "false"), np.arange(msgs.size) % 2),
        _take(("qa_review", "classifier_v2"), np.arange(msgs.size) % 2),
    ], names=list(RAW_COLUMNS["message_labels"]))
    keys = pc.binary_join_element_wise(tbl.column(0).combine_chunks(),
                                       tbl.column(1).combine_chunks(), ":")
    return tbl, keys


# --- truth tables ----------------------------------------------------------------------------

def _truth_conversations(ctx: _Ctx) -> pa.Table:
    c, n = ctx.sim.c, ctx.sim.n
    return pa.table({
        "conversation_id": ctx.conv_ids(np.arange(n)),
        "customer_id": ctx.cust_ids.take(pa.array(c["customer"])),
        "created_at": _ts_micro(c["created"]),
        "closed_at": _ts_micro(c["closed"], c["has_closed"]),
        "path": _take(S.PATHS, c["path"]),
        "is_resolved": pa.array(c["resolved"]),
        "ai_resolution_state": _take([None, "confirmed", "assumed", "escalated"], c["state"]),
        "odd_case": _take(S.ODD_CASES, c["odd"]),
        "has_recontact": pa.array(c["has_recontact"]),
        "week_start": pa.array(c["week_day"].astype(np.int32), pa.date32()),
    })


def _truth_escalations(ctx: _Ctx) -> pa.Table:
    c = ctx.sim.c
    esc = np.flatnonzero(c["path"] == S.ESC)
    row = c["has_handoff_row"][esc]
    hid = np.full(ctx.sim.n, -1, np.int64)
    hid[ctx.handoff_conv] = np.arange(ctx.handoff_conv.size)
    packet = c["packet"][esc]
    fh, fu = c["first_human_msg"][esc], c["first_useful_msg"][esc]
    cols = {
        "conversation_id": ctx.conv_ids(esc),
        "handoff_id": _from_or_null(ctx, "h", hid[esc], row),
        "is_inferred_handoff": pa.array(~row),
        "handed_off_at": _ts_micro(c["hand_eff"][esc]),
        "first_human_message_id": _from_or_null(ctx, "m", fh, fh >= 0),
        "first_useful_message_id": _from_or_null(ctx, "m", fu, fu >= 0),
    }
    for j, el in enumerate(S.PACKET):
        cols[f"packet_has_{el}"] = pa.array(packet[:, j], mask=~row)
    cols["failed_ai_action_names"] = _failed_names(ctx, esc)
    cols["repeated_failed_action_count"] = pa.array(c["repeats"][esc].astype(np.int32))
    cols["n_re_explanations"] = pa.array(c["n_re"][esc].astype(np.int32))
    return pa.table(cols)


def _failed_names(ctx: _Ctx, esc: np.ndarray) -> pa.Array:
    """Comma-separated, alphabetically sorted names of the failed AI actions ('' if none)."""
    a = ctx.sim.ai_act
    rank = np.argsort(np.argsort(np.array(_AI_NAMES)))
    keep = (a["outcome"] == 1) & (ctx.sim.c["path"][a["conv"]] == S.ESC)
    conv, name = a["conv"][keep], a["name"][keep]
    order = np.lexsort((rank[name], conv))
    cnt = np.bincount(conv, minlength=ctx.sim.n)[esc]
    offsets = np.zeros(esc.size + 1, np.int32)
    np.cumsum(cnt, out=offsets[1:])
    values = _take(_AI_NAMES, name[order])
    return pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), values), ",")


def _from_or_null(ctx: _Ctx, space: str, ids: np.ndarray, valid: np.ndarray) -> pa.Array:
    arr = fmt_ids(space, np.maximum(ids, 0), ctx.widths[space])
    return pc.if_else(pa.array(valid), arr, pa.scalar(None, pa.string()))


def _truth_messages(ctx: _Ctx, rows: np.ndarray) -> pa.Table:
    m = ctx.sim.m
    role, rk, phase = m["role"][rows], m["rk"][rows], m["phase"][rows]
    pub_post = m["public"][rows] & (phase == 2)
    agent_post = pub_post & (role == S.AGENT)
    cust_post = pub_post & (role == S.CUSTOMER)
    basics = rk == S.RK["basics_request"]
    return pa.table({
        "message_id": fmt_ids("m", rows, ctx.widths["m"]),
        "conversation_id": ctx.conv_ids(m["conv"][rows]),
        "author": _take(S.ROLES, role),
        "is_public": pa.array(m["public"][rows]),
        "phase": _take((None, "pre_handoff", "post_handoff"), phase),
        "reply_kind": _take(S.REPLY_KINDS, rk),
        "is_useful": pa.array(rk == S.RK["useful"], mask=~agent_post),
        "is_re_explanation": pa.array(np.isin(rk, S.RE_KINDS), mask=~cust_post),
        "basics_already_known": pa.array(m["known"][rows], mask=~basics),
    })


def _truth_surveys(ctx: _Ctx) -> pa.Table:
    s = ctx.sim.srv
    n = s["conv"].size
    return pa.table({
        "response_id": fmt_ids("r", np.arange(n), ctx.widths["r"]),
        "conversation_id": ctx.conv_ids(s["conv"]),
        "survey_type": _take(S.SURVEY_TYPES, s["type"]),
        "score": pa.array(s["score"].astype(np.int32)),
        "is_attributed": pa.array(s["attributed"]),
    })


def _truth_weeks(ctx: _Ctx) -> pa.Table:
    w = ctx.sim.weeks_truth
    return pa.table({
        "week_start": pa.array(w["week_day"].astype(np.int32), pa.date32()),
        "is_planted_break": pa.array(w["is_break"]),
        "planted_escalated_nps": pa.array(w["esc_nps"], mask=np.isnan(w["esc_nps"])),
        "planted_blended_nps": pa.array(w["blended_nps"], mask=np.isnan(w["blended_nps"])),
    })


# --- orchestration ---------------------------------------------------------------------------

class _Progress:
    def __init__(self, enabled: bool, total: int) -> None:
        self.enabled, self.total, self.i, self.t0 = enabled, total, 0, time.perf_counter()

    def __call__(self, label: str) -> None:
        self.i += 1
        if self.enabled:
            done = min(self.i, self.total) * 30 // self.total
            print(f"\r[{'#' * done}{' ' * (30 - done)}] {time.perf_counter() - self.t0:6.1f}s "
                  f"{label:<28}", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.enabled:
            print(file=sys.stderr)


def _write(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path, compression=COMPRESSION,
                   compression_level=COMPRESSION_LEVEL, row_group_size=CHUNK_ROWS)


def _width(n: int, minimum: int) -> int:
    return max(minimum, len(str(max(n, 1))))


def generate(out_dir: str | Path, conversations: int, seed: int, start: date, weeks: int,
             dirty_rate: float, progress: bool) -> dict[str, int]:
    """Write the raw tables, truth tables and manifest; return rows written per file."""
    if conversations < 1 or weeks < 1:
        raise ValueError("conversations and weeks must be positive")
    out = Path(out_dir)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    bar = _Progress(progress, 24)
    start_sec = int((start - date(1970, 1, 1)).days) * DAY
    sim = S.simulate(conversations, seed, start_sec, weeks, stage=bar)
    rng = np.random.Generator(np.random.PCG64([seed, 1]))
    bar("text slots")
    slots, cust_ids, ident = _slot_values(rng, sim)
    n_msg = sim.m["conv"].size
    spare = int(2 * conversations * max(dirty_rate, 0.0)) + 1000
    widths = {"c": _width(3 * conversations + spare, 7), "m": _width(n_msg + spare, 9),
              "r": _width(sim.srv["conv"].size + spare, 8), "h": _width(conversations + spare, 7),
              "ai": _width(sim.ai_act["conv"].size + spare, 8),
              "ag": _width(sim.ag_act["conv"].size + spare, 8), "a": 4}
    ctx = _Ctx(sim=sim, rng=rng, widths=widths, slots=slots, cust_ids=cust_ids, salt=seed,
               agent_ids=fmt_ids("a", np.arange(sim.agents["team"].size), 4),
               msg_aware=rng.random(n_msg) < 0.3,
               msg_off=rng.integers(0, _OFFSETS_MIN.size, n_msg).astype(np.int8),
               role_var=_role_variants(rng, sim.m["role"]))
    ctx.ident = ident
    ctx.handoff_conv = np.flatnonzero(sim.c["has_handoff_row"])
    n_surv, n_hand = sim.srv["conv"].size, ctx.handoff_conv.size
    ctx.next_id = {"c": conversations, "orphan_c": conversations + spare + conversations,
                   "m": n_msg, "r": n_surv, "h": n_hand, "ai": sim.ai_act["conv"].size,
                   "ag": sim.ag_act["conv"].size, "a": sim.agents["team"].size}
    specs = _specs(ctx)
    counts: dict[str, int] = {}
    clean_counts: dict[str, int] = {}
    for spec in specs:
        bar(f"write {spec.name}")
        counts[spec.name] = _write_raw(ctx, spec, out, dirty_rate)
        clean_counts[spec.name] = spec.n_clean
    bar("truth tables")
    counts.update(_write_truth(ctx, out))
    _write_manifest(ctx, out, counts, clean_counts, dict(
        conversations=conversations, seed=seed, start=start.isoformat(), weeks=weeks,
        dirty_rate=dirty_rate))
    bar("done")
    bar.close()
    return counts


def _role_variants(rng: np.random.Generator, role: np.ndarray) -> np.ndarray:
    n_var = np.array([len(v) for v in _ROLE_VARIANTS])
    u = rng.random(role.size)
    alt = 1 + (rng.integers(0, 1000, role.size) % (n_var[role] - 1))
    return np.where(u < 0.13, alt, 0).astype(np.int64)


def _specs(ctx: _Ctx) -> list[_Spec]:
    sim = ctx.sim
    hc = ctx.handoff_conv
    return [
        _Spec("conversations", _conversations_table, sim.n, "conversation_id", "c",
              unparsable=(("created_at", ("not-a-date", "2026-13-45 10:00:00")),)),
        _Spec("messages", _messages_table, sim.m["conv"].size, "message_id", "m",
              conv_of=lambda r: sim.m["conv"][r], time_col="sent_at",
              unparsable=(("sent_at", ("not-a-date", "2026-13-45 25:61:00")),
                          ("is_internal", ("maybe", "yes-ish"))),
              vocab=("author_role", ("robot", "alien"))),
        _Spec("surveys", _surveys_table, sim.srv["conv"].size, "response_id", "r",
              conv_of=lambda r: sim.srv["conv"][r], time_col="responded_at",
              unparsable=(("score", ("ten", "n/a")), ("responded_at", ("not-a-date",))),
              vocab=("survey_type", ("nps2", "happiness"))),
        _Spec("handoffs", _handoffs_table, hc.size, "handoff_id", "h",
              conv_of=lambda r: hc[r], time_col="handed_off_at",
              unparsable=(("handed_off_at", ("not-a-date", "2026-13-45")),
                          ("ai_confidence", ("high", "n/a")))),
        _Spec("ai_actions", _ai_actions_table, sim.ai_act["conv"].size, "action_id", "ai",
              conv_of=lambda r: sim.ai_act["conv"][r], time_col="performed_at",
              unparsable=(("performed_at", ("not-a-date", "2026-02-30 10:00:00")),),
              vocab=("outcome", ("exploded", "maybe"))),
        _Spec("agent_actions", _agent_actions_table, sim.ag_act["conv"].size, "action_id", "ag",
              conv_of=lambda r: sim.ag_act["conv"][r], time_col="performed_at",
              unparsable=(("performed_at", ("not-a-date", "yesterday")),)),
        _Spec("agents", _agents_table, sim.agents["team"].size, "agent_id", "a"),
        _Spec("message_labels", _labels_table, sim.lab["msg"].size, "message_id", "m",
              vocab=("label", ("helpful", "sarcasm"))),
    ]


def _write_raw(ctx: _Ctx, spec: _Spec, out: Path, rate: float) -> int:
    dirty = _dirty_rows(ctx, spec, rate)
    if spec.name == "message_labels" and dirty is not None:
        dirty = _fix_label_duplicates(ctx, dirty)
    schema = pa.schema([(c, pa.string()) for c in RAW_COLUMNS[spec.name]])

    def chunks() -> Iterator[pa.Table]:
        for lo in range(0, spec.n_clean, CHUNK_ROWS):
            yield spec.build(ctx, np.arange(lo, min(lo + CHUNK_ROWS, spec.n_clean))).cast(schema)
        if dirty is not None:
            yield dirty.cast(schema)

    return _write_chunks(out / f"{spec.name}.parquet", schema, chunks())


def _write_chunks(path: Path, schema: pa.Schema, tables: Iterable[pa.Table]) -> int:
    """Write row groups in a background thread while the next chunk is being built."""
    rows = 0
    with ThreadPoolExecutor(max_workers=1) as pool, \
            pq.ParquetWriter(path, schema, compression=COMPRESSION,
                             compression_level=COMPRESSION_LEVEL) as writer:
        pending = None
        for tbl in tables:
            if pending is not None:
                pending.result()
            pending = pool.submit(writer.write_table, tbl, row_group_size=CHUNK_ROWS)
            rows += tbl.num_rows
        if pending is not None:
            pending.result()
        if rows == 0:
            writer.write_table(schema.empty_table())
    return rows


def _fix_label_duplicates(ctx: _Ctx, dirty: pa.Table) -> pa.Table:
    """Replace the generic duplicate-key label rows by conflicting labels on real messages."""
    counts = ctx.dirty_counts["message_labels"]
    kinds = DIRTY_KINDS["message_labels"]
    offsets = np.cumsum([0] + [counts[k] for k in kinds])
    d = kinds.index("duplicate_key")
    lo, hi = int(offsets[d]), int(offsets[d + 1])
    tbl, keys = _label_dup_rows(ctx, (hi - lo) // 2)
    ctx.rejections = [(t, k, r) if not (t == "message_labels" and r == "duplicate_key")
                      else (t, keys, r) for t, k, r in ctx.rejections]
    counts["duplicate_key"] = tbl.num_rows
    return pa.concat_tables([dirty.slice(0, lo), tbl, dirty.slice(hi)])


def _write_truth(ctx: _Ctx, out: Path) -> dict[str, int]:
    t = out / "truth"
    counts: dict[str, int] = {}
    for name, table in (("truth_conversations", _truth_conversations(ctx)),
                        ("truth_escalations", _truth_escalations(ctx)),
                        ("truth_surveys", _truth_surveys(ctx)),
                        ("truth_weeks", _truth_weeks(ctx)),
                        ("truth_rejections", _truth_rejections(ctx))):
        _write(table, t / f"{name}.parquet")
        counts[f"truth/{name}"] = table.num_rows
    n_msg = ctx.sim.m["conv"].size
    chunks = (_truth_messages(ctx, np.arange(lo, min(lo + CHUNK_ROWS, n_msg)))
              for lo in range(0, n_msg, CHUNK_ROWS))
    schema = _truth_messages(ctx, np.arange(0)).schema
    counts["truth/truth_messages"] = _write_chunks(t / "truth_messages.parquet", schema, chunks)
    return counts


def _truth_rejections(ctx: _Ctx) -> pa.Table:
    parts = [pa.table({"table_name": pa.array([t] * len(k), pa.string()),
                       "key_value": k.cast(pa.string()),
                       "reason": pa.array([r] * len(k), pa.string())})
             for t, k, r in ctx.rejections]
    if not parts:
        return pa.table({"table_name": pa.array([], pa.string()),
                         "key_value": pa.array([], pa.string()),
                         "reason": pa.array([], pa.string())})
    return pa.concat_tables(parts)


def _write_manifest(ctx: _Ctx, out: Path, counts: dict[str, int], clean: dict[str, int],
                    params: dict) -> None:
    w = ctx.sim.weeks_truth
    weeks = [str(np.datetime64(int(d), "D")) for d in w["week_day"]]
    manifest = {
        "generator": "seam.generator",
        "parameters": params,
        "rows": counts,
        "clean_rows": clean,
        "dirty_rows": ctx.dirty_counts,
        "planted_break_weeks": [wk for wk, b in zip(weeks, w["is_break"].tolist(), strict=True)
                                if b],
        "planted_blended_nps_target": ctx.sim.blended_target,
        "repetition_markers": list(T.REPETITION_MARKERS),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")

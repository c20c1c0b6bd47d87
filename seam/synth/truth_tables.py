"""Truth tables: what the simulation planted, typed, for the tests to compare against."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from seam.synth import simulation
from seam.synth.context import BuildContext
from seam.synth.raw_tables import _AI_NAMES
from seam.synth.text_columns import _take, _ts_micro, fmt_ids


def _truth_conversations(ctx: BuildContext) -> pa.Table:
    c, n = ctx.sim.c, ctx.sim.n
    return pa.table({
        "conversation_id": ctx.conv_ids(np.arange(n)),
        "customer_id": ctx.cust_ids.take(pa.array(c["customer"])),
        "created_at": _ts_micro(c["created"]),
        "closed_at": _ts_micro(c["closed"], c["has_closed"]),
        "path": _take(simulation.PATHS, c["path"]),
        "is_resolved": pa.array(c["resolved"]),
        "ai_resolution_state": _take([None, "confirmed", "assumed", "escalated"], c["state"]),
        "odd_case": _take(simulation.ODD_CASES, c["odd"]),
        "has_recontact": pa.array(c["has_recontact"]),
        "week_start": pa.array(c["week_day"].astype(np.int32), pa.date32()),
    })


def _truth_escalations(ctx: BuildContext) -> pa.Table:
    c = ctx.sim.c
    esc = np.flatnonzero(c["path"] == simulation.ESC)
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
    for j, el in enumerate(simulation.PACKET):
        cols[f"packet_has_{el}"] = pa.array(packet[:, j], mask=~row)
    cols["failed_ai_action_names"] = _failed_names(ctx, esc)
    cols["repeated_failed_action_count"] = pa.array(c["repeats"][esc].astype(np.int32))
    cols["n_re_explanations"] = pa.array(c["n_re"][esc].astype(np.int32))
    return pa.table(cols)


def _failed_names(ctx: BuildContext, esc: np.ndarray) -> pa.Array:
    """Comma-separated, alphabetically sorted names of the failed AI actions ('' if none)."""
    a = ctx.sim.ai_act
    rank = np.argsort(np.argsort(np.array(_AI_NAMES)))
    keep = (a["outcome"] == 1) & (ctx.sim.c["path"][a["conv"]] == simulation.ESC)
    conv, name = a["conv"][keep], a["name"][keep]
    order = np.lexsort((rank[name], conv))
    cnt = np.bincount(conv, minlength=ctx.sim.n)[esc]
    offsets = np.zeros(esc.size + 1, np.int32)
    np.cumsum(cnt, out=offsets[1:])
    values = _take(_AI_NAMES, name[order])
    return pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), values), ",")


def _from_or_null(ctx: BuildContext, space: str, ids: np.ndarray, valid: np.ndarray) -> pa.Array:
    arr = fmt_ids(space, np.maximum(ids, 0), ctx.widths[space])
    return pc.if_else(pa.array(valid), arr, pa.scalar(None, pa.string()))


def _truth_messages(ctx: BuildContext, rows: np.ndarray) -> pa.Table:
    m = ctx.sim.m
    role, rk, phase = m["role"][rows], m["rk"][rows], m["phase"][rows]
    pub_post = m["public"][rows] & (phase == 2)
    agent_post = pub_post & (role == simulation.AGENT)
    cust_post = pub_post & (role == simulation.CUSTOMER)
    basics = rk == simulation.RK["basics_request"]
    return pa.table({
        "message_id": fmt_ids("m", rows, ctx.widths["m"]),
        "conversation_id": ctx.conv_ids(m["conv"][rows]),
        "author": _take(simulation.ROLES, role),
        "is_public": pa.array(m["public"][rows]),
        "phase": _take((None, "pre_handoff", "post_handoff"), phase),
        "reply_kind": _take(simulation.REPLY_KINDS, rk),
        "is_useful": pa.array(rk == simulation.RK["useful"], mask=~agent_post),
        "is_re_explanation": pa.array(np.isin(rk, simulation.RE_KINDS), mask=~cust_post),
        "basics_already_known": pa.array(m["known"][rows], mask=~basics),
    })


def _truth_surveys(ctx: BuildContext) -> pa.Table:
    s = ctx.sim.srv
    n = s["conv"].size
    return pa.table({
        "response_id": fmt_ids("r", np.arange(n), ctx.widths["r"]),
        "conversation_id": ctx.conv_ids(s["conv"]),
        "survey_type": _take(simulation.SURVEY_TYPES, s["type"]),
        "score": pa.array(s["score"].astype(np.int32)),
        "is_attributed": pa.array(s["attributed"]),
    })


def _truth_weeks(ctx: BuildContext) -> pa.Table:
    w = ctx.sim.weeks_truth
    return pa.table({
        "week_start": pa.array(w["week_day"].astype(np.int32), pa.date32()),
        "is_planted_break": pa.array(w["is_break"]),
        "planted_escalated_nps": pa.array(w["esc_nps"], mask=np.isnan(w["esc_nps"])),
        "planted_blended_nps": pa.array(w["blended_nps"], mask=np.isnan(w["blended_nps"])),
    })


def _truth_rejections(ctx: BuildContext) -> pa.Table:
    parts = [pa.table({"table_name": pa.array([t] * len(k), pa.string()),
                       "key_value": k.cast(pa.string()),
                       "reason": pa.array([r] * len(k), pa.string())})
             for t, k, r in ctx.rejections]
    if not parts:
        return pa.table({"table_name": pa.array([], pa.string()),
                         "key_value": pa.array([], pa.string()),
                         "reason": pa.array([], pa.string())})
    return pa.concat_tables(parts)



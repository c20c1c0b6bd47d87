"""Truth tables: what the simulation planted, typed, for the tests to compare against."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from seam.synth import simulation
from seam.synth.context import BuildContext
from seam.synth.raw_tables import AI_ACTION_NAMES
from seam.synth.text_columns import take_strings, timestamps_micro


def truth_conversations(ctx: BuildContext) -> pa.Table:
    conversations, n = ctx.sim.conversations, ctx.sim.n
    return pa.table({
        "conversation_id": ctx.conversation_ids(np.arange(n)),
        "customer_id": ctx.customer_ids.take(pa.array(conversations["customer"])),
        "created_at": timestamps_micro(conversations["created"]),
        "closed_at": timestamps_micro(conversations["closed"], conversations["has_closed"]),
        "path": take_strings(simulation.PATHS, conversations["path"]),
        "is_resolved": pa.array(conversations["resolved"]),
        "ai_resolution_state": take_strings([None, "confirmed", "assumed", "escalated"],
                                            conversations["state"]),
        "odd_case": take_strings(simulation.ODD_CASES, conversations["odd"]),
        "has_recontact": pa.array(conversations["has_recontact"]),
        "week_start": pa.array(conversations["week_day"].astype(np.int32), pa.date32()),
    })


def truth_escalations(ctx: BuildContext) -> pa.Table:
    conversations = ctx.sim.conversations
    esc = np.flatnonzero(conversations["path"] == simulation.ESC)
    row = conversations["has_handoff_row"][esc]
    hid = np.full(ctx.sim.n, -1, np.int64)
    hid[ctx.handoff_conversations] = np.arange(ctx.handoff_conversations.size)
    packet = conversations["packet"][esc]
    fh, fu = conversations["first_human_msg"][esc], conversations["first_useful_msg"][esc]
    cols = {
        "conversation_id": ctx.conversation_ids(esc),
        "handoff_id": _from_or_null(ctx, "handoff", hid[esc], row),
        "is_inferred_handoff": pa.array(~row),
        "handed_off_at": timestamps_micro(conversations["hand_eff"][esc]),
        "first_human_message_id": _from_or_null(ctx, "message", fh, fh >= 0),
        "first_useful_message_id": _from_or_null(ctx, "message", fu, fu >= 0),
    }
    for j, el in enumerate(simulation.PACKET):
        cols[f"packet_has_{el}"] = pa.array(packet[:, j], mask=~row)
    cols["failed_ai_action_names"] = _failed_names(ctx, esc)
    cols["repeated_failed_action_count"] = pa.array(conversations["repeats"][esc].astype(np.int32))
    cols["n_re_explanations"] = pa.array(conversations["n_re"][esc].astype(np.int32))
    return pa.table(cols)


def _failed_names(ctx: BuildContext, esc: np.ndarray) -> pa.Array:
    """Comma-separated, alphabetically sorted names of the failed AI actions ('' if none)."""
    ai_actions = ctx.sim.ai_actions
    rank = np.argsort(np.argsort(np.array(AI_ACTION_NAMES)))
    path = ctx.sim.conversations["path"][ai_actions["conversation"]]
    keep = (ai_actions["outcome"] == 1) & (path == simulation.ESC)
    conv, name = ai_actions["conversation"][keep], ai_actions["name"][keep]
    order = np.lexsort((rank[name], conv))
    cnt = np.bincount(conv, minlength=ctx.sim.n)[esc]
    offsets = np.zeros(esc.size + 1, np.int32)
    np.cumsum(cnt, out=offsets[1:])
    values = take_strings(AI_ACTION_NAMES, name[order])
    return pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), values), ",")


def _from_or_null(ctx: BuildContext, space: str, ids: np.ndarray, valid: np.ndarray) -> pa.Array:
    arr = ctx.ids(space, np.maximum(ids, 0))
    return pc.if_else(pa.array(valid), arr, pa.scalar(None, pa.string()))


def truth_messages(ctx: BuildContext, rows: np.ndarray) -> pa.Table:
    messages = ctx.sim.messages
    role, phase = messages["role"][rows], messages["phase"][rows]
    reply_kind = messages["reply_kind"][rows]
    pub_post = messages["public"][rows] & (phase == 2)
    agent_post = pub_post & (role == simulation.AGENT)
    cust_post = pub_post & (role == simulation.CUSTOMER)
    basics = reply_kind == simulation.REPLY_KIND["basics_request"]
    return pa.table({
        "message_id": ctx.ids("message", rows),
        "conversation_id": ctx.conversation_ids(messages["conversation"][rows]),
        "author": take_strings(simulation.ROLES, role),
        "is_public": pa.array(messages["public"][rows]),
        "phase": take_strings((None, "pre_handoff", "post_handoff"), phase),
        "reply_kind": take_strings(simulation.REPLY_KINDS, reply_kind),
        "is_useful": pa.array(reply_kind == simulation.REPLY_KIND["useful"], mask=~agent_post),
        "is_re_explanation": pa.array(np.isin(reply_kind, simulation.RE_KINDS), mask=~cust_post),
        "basics_already_known": pa.array(messages["known"][rows], mask=~basics),
    })


def truth_surveys(ctx: BuildContext) -> pa.Table:
    surveys = ctx.sim.surveys
    n = surveys["conversation"].size
    return pa.table({
        "response_id": ctx.ids("survey_response", np.arange(n)),
        "conversation_id": ctx.conversation_ids(surveys["conversation"]),
        "survey_type": take_strings(simulation.SURVEY_TYPES, surveys["type"]),
        "score": pa.array(surveys["score"].astype(np.int32)),
        "is_attributed": pa.array(surveys["attributed"]),
    })


def truth_weeks(ctx: BuildContext) -> pa.Table:
    weeks_truth = ctx.sim.weeks_truth
    escalated, blended = weeks_truth["esc_nps"], weeks_truth["blended_nps"]
    return pa.table({
        "week_start": pa.array(weeks_truth["week_day"].astype(np.int32), pa.date32()),
        "is_planted_break": pa.array(weeks_truth["is_break"]),
        "planted_escalated_nps": pa.array(escalated, mask=np.isnan(escalated)),
        "planted_blended_nps": pa.array(blended, mask=np.isnan(blended)),
    })


def truth_rejections(ctx: BuildContext) -> pa.Table:
    parts = [pa.table({"table_name": pa.array([t] * len(k), pa.string()),
                       "key_value": k.cast(pa.string()),
                       "reason": pa.array([r] * len(k), pa.string())})
             for t, k, r in ctx.rejections]
    if not parts:
        return pa.table({"table_name": pa.array([], pa.string()),
                         "key_value": pa.array([], pa.string()),
                         "reason": pa.array([], pa.string())})
    return pa.concat_tables(parts)



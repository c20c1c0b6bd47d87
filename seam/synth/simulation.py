"""Conversation-level simulation behind the synthetic data (numeric arrays, no strings).

The simulation decides, for every conversation: arrival time, topic/problem, channel, team,
path, statuses, customer (with planted recontacts), the handoff packet, every message
(role, template, reply kind, time), AI and agent actions, survey responses (with quota-
planted NPS) and QA labels. The other ``seam.synth`` modules turn these arrays into raw
text tables, dirty rows and truth tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from seam.synth import phrases

DAY = 86_400
HOUR = 3_600
PATHS = ("ai_only_resolved", "ai_only_unresolved", "ai_escalated", "human_only", "unanswered")
AOR, AOU, ESC, HUM, UNA = range(5)
CUSTOMER, AI, AGENT, SYSTEM = range(4)
ROLES = ("customer", "ai", "agent", "system")
REPLY_KINDS: tuple[str | None, ...] = (
    None, "greeting", "holding", "apology", "restate_request", "basics_request", "useful",
    "re_explanation_after_request", "re_explanation_marker", "re_explanation_paraphrase",
    "follow_up", "basics_answer", "thanks", "new_info",
)
REPLY_KIND = {name: i for i, name in enumerate(REPLY_KINDS) if name}
RE_KINDS = (REPLY_KIND["re_explanation_after_request"], REPLY_KIND["re_explanation_marker"],
            REPLY_KIND["re_explanation_paraphrase"])
ODD_CASES: tuple[str | None, ...] = (None, "human_then_ai", "handoff_no_human_reply",
                                     "ai_after_human_only")
STATUS = ("open", "pending", "solved", "closed", "abandoned", "on-hold", "waiting_on_vendor")
S_OPEN, S_PENDING, S_SOLVED, S_CLOSED, S_ABANDONED, S_ONHOLD, S_VENDOR = range(7)
AI_STATE: tuple[str | None, ...] = (None, "confirmed", "assumed", "escalated")
CHANNELS = ("chat", "email", "messaging", "voice")
CHANNEL_SPEED = np.array([1.0, 8.0, 3.0, 1.0])
TEAMS = ("tier1_emea", "tier1_amer", "billing", "tech_l2")
TEAM_TZ = ("Europe/Berlin", "America/New_York", "Europe/London", "America/Los_Angeles")
PACKET = ("transcript", "summary", "identifiers", "ai_actions", "reason", "evidence", "sentiment")
_PACKET_START = np.array([0.95, 0.90, 0.85, 0.80, 0.90, 0.70, 0.60])
_PACKET_END = np.array([0.55, 0.45, 0.35, 0.30, 0.50, 0.25, 0.20])
SURVEY_TYPES = ("nps", "csat", "ces")
SURVEY_RATES = (0.35, 0.30, 0.15)
# planted NPS levels per path (ai_only_resolved is solved so that blended NPS stays flat)
NPS_LEVEL = {AOU: -30.0, HUM: 30.0, UNA: -50.0}
ESC_BASE_NPS, ESC_BREAK_DROP = 15.0, 14.0


def break_positions(weeks: int) -> list[int]:
    """1-based week numbers of planted breaks: 5, 8, 11 of 12, scaled; none below 4 weeks."""
    if weeks < 4:
        return []
    k = min(3, (weeks - 1) // 3)
    fracs = {1: (8 / 12,), 2: (5 / 12, 11 / 12), 3: (5 / 12, 8 / 12, 11 / 12)}[k]
    return sorted({min(weeks, max(2, round(f * weeks))) for f in fracs})


@dataclass
class Sim:
    """All simulated arrays; conversation arrays have length ``n``."""

    n: int
    start_sec: int
    weeks: int
    conversations: dict[str, np.ndarray] = field(default_factory=dict)  # per conversation
    messages: dict[str, np.ndarray] = field(default_factory=dict)  # per message (sorted)
    ai_actions: dict[str, np.ndarray] = field(default_factory=dict)
    agent_actions: dict[str, np.ndarray] = field(default_factory=dict)
    surveys: dict[str, np.ndarray] = field(default_factory=dict)
    labels: dict[str, np.ndarray] = field(default_factory=dict)
    agents: dict[str, np.ndarray] = field(default_factory=dict)
    weeks_truth: dict[str, np.ndarray] = field(default_factory=dict)
    n_customers: int = 0
    blended_target: float = 0.0


def _choice(rng: np.random.Generator, n: int, p: list[float] | np.ndarray) -> np.ndarray:
    p = np.asarray(p, float)
    return np.searchsorted(np.cumsum(p / p.sum()), rng.random(n), side="right").astype(np.int8)


def _rowwise_choice(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    cum = np.cumsum(weights, axis=1)
    u = rng.random(weights.shape[0]) * cum[:, -1]
    return (cum <= u[:, None]).sum(axis=1).astype(np.int8)


# --- conversations --------------------------------------------------------------------------

def _arrivals(rng: np.random.Generator, sim: Sim) -> None:
    days = sim.weeks * 7
    first_dow = ((sim.start_sec // DAY) + 3) % 7  # Monday = 0
    dow = (first_dow + np.arange(days)) % 7
    day_w = np.where(dow == 5, 0.45, np.where(dow == 6, 0.4, 1.0)) * np.linspace(0.95, 1.05, days)
    hour_w = np.array([0.2, 0.15, 0.1, 0.1, 0.12, 0.2, 0.4, 0.7, 1.0, 1.2, 1.3, 1.3, 1.2, 1.25,
                       1.3, 1.3, 1.2, 1.1, 0.9, 0.8, 0.7, 0.6, 0.45, 0.3])
    day = np.searchsorted(np.cumsum(day_w / day_w.sum()), rng.random(sim.n), side="right")
    hour = _choice(rng, sim.n, hour_w).astype(np.int64)
    created = sim.start_sec + day * DAY + hour * HOUR + rng.integers(0, HOUR, sim.n)
    created.sort()
    sim.conversations["created"] = created
    sim.conversations["frac"] = (created - sim.start_sec) / (days * DAY)
    wk = (created // DAY) - ((created // DAY) + 3) % 7
    sim.conversations["week_day"] = wk  # days since epoch of the Monday
    sim.conversations["week_cell"] = np.searchsorted(np.unique(wk), wk).astype(np.int16)


def _attributes(rng: np.random.Generator, sim: Sim) -> None:
    n = sim.n
    topic = _choice(rng, n, phrases.TOPIC_WEIGHTS)
    sim.conversations["topic"] = topic
    sim.conversations["problem"] = (
        topic.astype(np.int16) * 2 + rng.integers(0, 2, n)).astype(np.int16)
    channel = _choice(rng, n, [0.45, 0.25, 0.2, 0.1])
    sim.conversations["channel"] = channel
    sim.conversations["speed"] = CHANNEL_SPEED[channel]
    amer = rng.random(n) < 0.45
    team = np.where(amer, 1, 0).astype(np.int8)
    team[topic == 1] = 2
    team[topic == 3] = 3
    team[(topic == 5) & (rng.random(n) < 0.5)] = 3
    sim.conversations["team"] = team
    sim.conversations["priority"] = _choice(rng, n, [0.25, 0.5, 0.18, 0.07])


def _paths(rng: np.random.Generator, sim: Sim) -> None:
    n, frac = sim.n, sim.conversations["frac"]
    u, v = rng.random(n), rng.random(n)
    p_ai = 0.40 + 0.45 * frac
    p_res = 0.48 + 0.22 * frac
    path = np.where(u < p_ai,
                    np.where(v < p_res, AOR, np.where(v < p_res + 0.08, AOU, ESC)),
                    np.where(v < 0.9, HUM, UNA)).astype(np.int8)
    odd = np.zeros(n, np.int8)
    w = rng.random(n)
    odd[(path == HUM) & (w < 0.03)] = 1
    odd[(path == HUM) & (w >= 0.03) & (w < 0.06)] = 3
    odd[(path == ESC) & (w < 0.035)] = 2
    sim.conversations["path"], sim.conversations["odd"] = path, odd
    sim.conversations["has_handoff_row"] = (path == ESC) & ((rng.random(n) < 0.9) | (odd == 2))


def _states(rng: np.random.Generator, sim: Sim) -> None:
    n, path, odd = sim.n, sim.conversations["path"], sim.conversations["odd"]
    state = np.zeros(n, np.int8)
    status = np.zeros(n, np.int8)

    def put(mask: np.ndarray, values: list[int], probs: list[float], into: np.ndarray) -> None:
        idx = np.flatnonzero(mask)
        into[idx] = np.asarray(values, np.int8)[_choice(rng, idx.size, probs)]

    put(path == AOR, [1, 2, 0], [0.45, 0.45, 0.10], state)
    put(path == AOU, [0, 3], [0.88, 0.12], state)
    put(path == ESC, [3, 0], [0.85, 0.15], state)
    put((path == AOR) & (state != 0), [S_SOLVED, S_CLOSED, S_OPEN, S_PENDING],
        [0.5, 0.38, 0.08, 0.04], status)
    put((path == AOR) & (state == 0), [S_SOLVED, S_CLOSED], [0.55, 0.45], status)
    put(path == AOU, [S_ABANDONED, S_OPEN, S_PENDING, S_ONHOLD, S_VENDOR],
        [0.55, 0.28, 0.12, 0.03, 0.02], status)
    put((path == ESC) & (odd != 2), [S_SOLVED, S_CLOSED, S_OPEN, S_PENDING, S_ONHOLD],
        [0.55, 0.30, 0.08, 0.05, 0.02], status)
    put(odd == 2, [S_ABANDONED, S_OPEN], [0.6, 0.4], status)
    put(path == HUM, [S_SOLVED, S_CLOSED, S_OPEN, S_PENDING, S_ONHOLD],
        [0.5, 0.35, 0.08, 0.05, 0.02], status)
    put(path == UNA, [S_ABANDONED, S_OPEN, S_CLOSED], [0.6, 0.25, 0.15], status)
    sim.conversations["state"], sim.conversations["status"] = state, status
    sim.conversations["resolved"] = np.isin(status, [S_SOLVED, S_CLOSED]) | np.isin(state, [1, 2])


def _customers(rng: np.random.Generator, sim: Sim) -> None:
    """Skewed customer pool, then recontacts planted more often after 'assumed' resolutions."""
    n = sim.n
    sim.n_customers = max(50, int(1.5 * n * 12 / sim.weeks))  # same weekly density
    cust = (sim.n_customers * rng.random(n) ** 1.6).astype(np.int64)
    conversations = sim.conversations
    state, path, created = (conversations["state"], conversations["path"],
                            conversations["created"])
    p_parent = np.full(n, 0.04)
    p_parent[path == AOR] = 0.06
    p_parent[(path == AOR) & (state == 2)] = 0.30
    p_parent[path == ESC] = 0.10
    p_parent[path == AOU] = 0.15
    parents = np.flatnonzero(rng.random(n) < p_parent)
    target = created[parents] + rng.integers(2 * HOUR, 4 * DAY, parents.size)
    child = np.searchsorted(created, target)
    ok = child < n
    parents, child = parents[ok], child[ok]
    ok = ~np.isin(child, parents)
    parents, child = parents[ok], child[ok]
    child, first = np.unique(child, return_index=True)
    cust[child] = cust[parents[first]]
    sim.conversations["customer"] = cust


def _packets(rng: np.random.Generator, sim: Sim) -> None:
    frac = sim.conversations["frac"]
    p = _PACKET_START[None, :] + (_PACKET_END - _PACKET_START)[None, :] * frac[:, None]
    z = rng.standard_normal(sim.n)[:, None]
    present = rng.random((sim.n, 7)) < np.clip(p + 0.12 * z, 0.02, 0.99)
    sim.conversations["packet"] = present
    sim.conversations["gaps"] = (7 - present.sum(axis=1)).astype(np.int8)


# --- messages -------------------------------------------------------------------------------

class _Thread:
    """Appends batches of messages, advancing one time cursor per conversation."""

    FIELDS = ("conversation", "time", "role", "internal", "template", "reply_kind", "known")

    def __init__(self, rng: np.random.Generator, sim: Sim) -> None:
        self.rng, self.sim = rng, sim
        self.clock = sim.conversations["created"].copy()
        self.columns: dict[str, list[np.ndarray]] = {f: [] for f in self.FIELDS}
        n = sim.n
        self.gave = {k: np.zeros(n, bool) for k in ("ident", "email", "platform")}
        self.ambiguous: list[np.ndarray] = []

    # delays (seconds)
    def customer_delay(self, idx: np.ndarray, scale: float = 75.0) -> np.ndarray:
        d = self.rng.lognormal(np.log(scale), 0.9, idx.size) * self.sim.conversations["speed"][idx]
        return np.clip(d, 4, 8 * HOUR)

    def ai_delay(self, idx: np.ndarray) -> np.ndarray:
        return self.rng.integers(2, 15, idx.size)

    def agent_delay(self, idx: np.ndarray, scale: float) -> np.ndarray:
        d = self.rng.lognormal(np.log(scale), 0.8, idx.size) * self.sim.conversations["speed"][idx]
        return np.clip(d, 10, 2 * DAY)

    def emit(self, idx: np.ndarray, role: int, kind: str, delay: np.ndarray | float, *,
             internal: bool = False, reply_kind: int = 0, known: np.ndarray | None = None,
             ambiguous: tuple[str, float] | None = None, pre: bool = False,
             min_delay: int = 1) -> np.ndarray:
        n = idx.size
        if n == 0:
            return np.empty(0, np.int64)
        d = np.broadcast_to(np.asarray(delay), (n,)).astype(np.int64)
        t = self.clock[idx] + np.maximum(d, min_delay)
        self.clock[idx] = t
        template = phrases.pick(kind, self.sim.conversations["problem"][idx], self.rng)
        is_ambiguous = np.zeros(n, bool)
        if ambiguous is not None:
            is_ambiguous = self.rng.random(n) < ambiguous[1]
            template[is_ambiguous] = phrases.pick(
                ambiguous[0], self.sim.conversations["problem"][idx[is_ambiguous]], self.rng)
        if pre and role == CUSTOMER:
            self.gave["ident"][idx] |= phrases.HAS_IDENT[template]
            self.gave["email"][idx] |= phrases.HAS_EMAIL[template]
            self.gave["platform"][idx] |= phrases.HAS_PLATFORM[template]
        columns = self.columns
        columns["conversation"].append(idx.astype(np.int32))
        columns["time"].append(t)
        columns["role"].append(np.full(n, role, np.int8))
        columns["internal"].append(np.full(n, internal))
        columns["template"].append(template.astype(np.int32))
        columns["reply_kind"].append(np.full(n, reply_kind, np.int8))
        columns["known"].append(np.zeros(n, bool) if known is None else known.astype(bool))
        self.ambiguous.append(is_ambiguous)
        return t

    def sample(self, idx: np.ndarray, p: float) -> np.ndarray:
        return idx[self.rng.random(idx.size) < p]


def _opening(thread: _Thread, sim: Sim) -> None:
    allc = np.arange(sim.n)
    thread.emit(thread.sample(allc, 0.3), SYSTEM, "system_start", 0, min_delay=0)
    thread.emit(allc, CUSTOMER, "open", thread.rng.integers(1, 20, sim.n), pre=True)
    more = thread.sample(allc, 0.6)
    thread.emit(more, CUSTOMER, "detail", thread.customer_delay(more, 40), pre=True)


def _ai_phase(thread: _Thread, sim: Sim) -> None:
    rng, path, state = thread.rng, sim.conversations["path"], sim.conversations["state"]
    ai = np.flatnonzero(np.isin(path, [AOR, AOU, ESC]))
    sim.conversations["t_ai_first"] = np.zeros(sim.n, np.int64)
    sim.conversations["t_ai_first"][ai] = thread.emit(ai, AI, "ai_first", thread.ai_delay(ai))
    rounds = np.zeros(sim.n, np.int8)
    for p, vals, probs in ((AOR, [1, 2, 3, 4, 5], [0.15, 0.3, 0.3, 0.15, 0.1]),
                           (AOU, [1, 2, 3, 4], [0.3, 0.3, 0.25, 0.15]),
                           (ESC, [2, 3, 4, 5, 6], [0.2, 0.3, 0.25, 0.15, 0.1])):
        idx = np.flatnonzero(path == p)
        rounds[idx] = np.asarray(vals, np.int8)[_choice(rng, idx.size, probs)]
    for r in range(int(rounds.max(initial=0))):
        act = ai[rounds[ai] > r]
        det = rng.random(act.size) < 0.35
        thread.emit(act[det], CUSTOMER, "detail", thread.customer_delay(act[det]), pre=True)
        thread.emit(act[~det], CUSTOMER, "cust_ai_reply", thread.customer_delay(act[~det]),
                    pre=True)
        thread.emit(act, AI, "ai_topic", thread.ai_delay(act))
    aor = np.flatnonzero(path == AOR)
    thread.emit(aor, AI, "ai_resolve", thread.ai_delay(aor))
    conf = aor[(state[aor] == 1) | ((state[aor] == 0) & (rng.random(aor.size) < 0.5))]
    thread.emit(conf, CUSTOMER, "cust_confirm", thread.customer_delay(conf))
    aou = np.flatnonzero(path == AOU)
    giveup = thread.sample(aou, 0.5)
    thread.emit(giveup, CUSTOMER, "cust_giveup", thread.customer_delay(giveup))
    esc = np.flatnonzero(path == ESC)
    please = thread.sample(esc, 0.5)
    thread.emit(please, CUSTOMER, "human_please", thread.customer_delay(please), pre=True)
    thread.emit(esc, AI, "ai_handoff", thread.ai_delay(esc))
    sim.conversations["t_ai_last"] = thread.clock.copy()
    aionly = np.concatenate([aor, aou])
    note = thread.sample(aionly, 0.03)
    thread.emit(note, AGENT, "internal", thread.agent_delay(note, 1200), internal=True)
    thread.emit(thread.sample(aionly, 0.4), SYSTEM, "system_close", 60)
    transfer = thread.sample(esc, 0.4)
    thread.emit(transfer, SYSTEM, "system_transfer", 1)
    hand = np.zeros(sim.n, np.int64)
    hand[esc] = thread.clock[esc] + rng.integers(1, 20, esc.size)
    thread.clock[esc] = hand[esc]
    sim.conversations["hand_t"] = hand


_BAD = ("greeting", "holding", "apology", "restate_request", "basics_request")


def _bad_reply_kinds(rng: np.random.Generator, packet: np.ndarray, j: int) -> np.ndarray:
    n = packet.shape[0]
    w = np.tile(np.array([0.30, 0.25, 0.12, 0.13, 0.20]), (n, 1))
    w[:, 3] += 0.25 * (~packet[:, 0] & ~packet[:, 1])
    w[:, 4] += 0.25 * ~packet[:, 2]
    w[:, 0] *= 1.5 if j == 0 else 0.15
    return _rowwise_choice(rng, w)


def _customer_reaction(thread: _Thread, sim: Sim, idx: np.ndarray) -> None:
    """Customer message (or silence) after a greeting/holding/apology reply."""
    gaps = sim.conversations["gaps"][idx]
    p_marker = 0.12 + 0.03 * gaps
    p_para = 0.10 + 0.02 * gaps
    u = thread.rng.random(idx.size)
    marker = idx[u < p_marker]
    para = idx[(u >= p_marker) & (u < p_marker + p_para)]
    follow = idx[(u >= p_marker + p_para) & (u < p_marker + p_para + 0.25)]
    thread.emit(marker, CUSTOMER, "marker", thread.customer_delay(marker),
                reply_kind=REPLY_KIND["re_explanation_marker"])
    thread.emit(para, CUSTOMER, "para", thread.customer_delay(para),
                reply_kind=REPLY_KIND["re_explanation_paraphrase"],
            ambiguous=("amb_para", 0.025))
    thread.emit(follow, CUSTOMER, "follow_up", thread.customer_delay(follow),
                reply_kind=REPLY_KIND["follow_up"],
            ambiguous=("amb_follow_up", 0.01))


def _post_handoff(thread: _Thread, sim: Sim, idx: np.ndarray) -> None:
    rng, conversations = thread.rng, sim.conversations
    gaps = conversations["gaps"][idx].astype(float)
    packet = conversations["packet"][idx]
    pk_ident = packet[:, 2] & conversations["has_handoff_row"][idx]
    no_useful = rng.random(idx.size) < 0.02 + 0.012 * gaps
    n_bad = np.minimum(rng.poisson(0.35 + 0.33 * gaps), 5)
    n_bad[no_useful] = np.maximum(n_bad[no_useful], 1)
    wait = np.clip(rng.lognormal(np.log(420 * (1 + 0.25 * gaps)), 0.9)
                   * conversations["speed"][idx], 20, 2 * DAY).astype(np.int64)
    note = rng.random(idx.size) < 0.3
    thread.emit(idx[note], AGENT, "internal", wait[note] // 3, internal=True)
    wait[note] -= wait[note] // 3
    first_h = np.zeros(sim.n, np.int64)
    for j in range(int(n_bad.max(initial=0))):
        act = np.flatnonzero(n_bad > j)
        kinds = _bad_reply_kinds(rng, packet[act], j)
        for k, name in enumerate(_BAD):
            sel = act[kinds == k]
            conv = idx[sel]
            delay = wait[sel] if j == 0 else thread.agent_delay(conv, 150 * (1 + 0.15 * gaps[sel]))
            if name == "basics_request":
                sub = _choice(rng, sel.size, [0.6, 0.25, 0.15])
                for s, (ask, answer) in enumerate((("basics_ident", "answer_ident"),
                                                   ("basics_email", "answer_email"),
                                                   ("basics_platform", "answer_platform"))):
                    cs, ss = conv[sub == s], sel[sub == s]
                    if s == 0:
                        known = pk_ident[ss] | thread.gave["ident"][cs]
                    elif s == 1:
                        known = ((pk_ident[ss] & (conversations["topic"][cs] == 2))
                                 | thread.gave["email"][cs])
                    else:
                        known = thread.gave["platform"][cs]
                    t = thread.emit(cs, AGENT, ask, delay[sub == s],
                                    reply_kind=REPLY_KIND["basics_request"],
                                known=known)
                    first_h[cs] = np.where(first_h[cs] == 0, t, first_h[cs])
                    ans = thread.sample(cs, 0.9)
                    thread.emit(ans, CUSTOMER, answer, thread.customer_delay(ans),
                                reply_kind=REPLY_KIND["basics_answer"])
                continue
            t = thread.emit(conv, AGENT, name, delay, reply_kind=REPLY_KIND[name],
                        ambiguous=("amb_holding", 0.02) if name == "holding" else None)
            first_h[conv] = np.where(first_h[conv] == 0, t, first_h[conv])
            if name == "restate_request":
                again = thread.sample(conv, 0.92)
                thread.emit(again, CUSTOMER, "after_request", thread.customer_delay(again),
                        reply_kind=REPLY_KIND["re_explanation_after_request"])
            else:
                _customer_reaction(thread, sim, conv)
        mid = thread.sample(idx[act], 0.12)
        thread.emit(mid, AGENT, "internal", thread.agent_delay(mid, 120), internal=True)
    useful = idx[~no_useful]
    ug = gaps[~no_useful]
    delay = np.where(n_bad[~no_useful] == 0, wait[~no_useful],
                     thread.agent_delay(useful, 600 * (1 + 0.3 * ug)))
    t = thread.emit(useful, AGENT, "useful", delay, reply_kind=REPLY_KIND["useful"],
                    ambiguous=("amb_useful", 0.008))
    first_h[useful] = np.where(first_h[useful] == 0, t, first_h[useful])
    conversations["t_useful"] = np.zeros(sim.n, np.int64)
    conversations["t_useful"][useful] = t
    conversations["t_first_human"] = first_h
    _after_useful(thread, useful)
    gone = idx[no_useful]
    thread.emit(thread.sample(gone, 0.5), CUSTOMER, "follow_up", 3 * HOUR,
                reply_kind=REPLY_KIND["follow_up"])


def _after_useful(thread: _Thread, useful: np.ndarray) -> None:
    u = thread.rng.random(useful.size)
    thanks, new = useful[u < 0.45], useful[(u >= 0.45) & (u < 0.7)]
    thread.emit(thanks, CUSTOMER, "thanks", thread.customer_delay(thanks),
                reply_kind=REPLY_KIND["thanks"],
            ambiguous=("amb_thanks", 0.012))
    thread.emit(new, CUSTOMER, "new_info", thread.customer_delay(new),
                reply_kind=REPLY_KIND["new_info"])
    thread.emit(new, AGENT, "useful", thread.agent_delay(new, 300), reply_kind=REPLY_KIND["useful"])
    more = thread.sample(new, 0.5)
    thread.emit(more, CUSTOMER, "thanks", thread.customer_delay(more),
                reply_kind=REPLY_KIND["thanks"])


def _escalations(thread: _Thread, sim: Sim) -> None:
    path, odd = sim.conversations["path"], sim.conversations["odd"]
    _post_handoff(thread, sim, np.flatnonzero((path == ESC) & (odd != 2)))
    silent = np.flatnonzero(odd == 2)
    thread.emit(thread.sample(silent, 0.3), AGENT, "internal", 900, internal=True)
    f1 = thread.sample(silent, 0.7)
    thread.emit(f1, CUSTOMER, "follow_up", thread.customer_delay(f1, 900),
                reply_kind=REPLY_KIND["follow_up"])
    f2 = thread.sample(f1, 0.3)
    thread.emit(f2, CUSTOMER, "follow_up", thread.customer_delay(f2, 1800),
                reply_kind=REPLY_KIND["follow_up"])
    esc = np.flatnonzero(path == ESC)
    thread.emit(thread.sample(esc, 0.3), SYSTEM, "system_close", 120)


def _human_only(thread: _Thread, sim: Sim) -> None:
    rng, conversations = thread.rng, sim.conversations
    odd = conversations["odd"]
    hum = np.flatnonzero(conversations["path"] == HUM)
    wait = np.clip(rng.lognormal(np.log(900), 1.0, hum.size) * conversations["speed"][hum],
                   30, 3 * DAY)
    t = thread.emit(hum, AGENT, "hum_first", wait)
    sim.conversations["t_first_human"][hum] = t
    thread.emit(hum[odd[hum] == 3], AI, "ai_after_human", 5)
    rounds = np.asarray([2, 3, 4, 5, 6, 7], np.int8)[
        _choice(rng, hum.size, [0.1, 0.2, 0.3, 0.2, 0.12, 0.08])]
    for r in range(int(rounds.max(initial=0))):
        act = hum[rounds > r]
        thread.emit(act, CUSTOMER, "hum_cust", thread.customer_delay(act))
        thread.emit(act, AGENT, "hum_agent", thread.agent_delay(act, 300))
    bye = thread.sample(hum, 0.5)
    thread.emit(bye, CUSTOMER, "thanks", thread.customer_delay(bye))
    late_ai = hum[odd[hum] == 1]
    thread.emit(late_ai, AI, "ai_after_human", 30)
    thread.emit(thread.sample(late_ai, 0.4), CUSTOMER, "thanks", 40)
    note = thread.sample(hum, 0.2)
    thread.emit(note, AGENT, "internal", 60, internal=True)
    thread.emit(thread.sample(hum, 0.3), SYSTEM, "system_close", 120)


def _unanswered(thread: _Thread, sim: Sim) -> None:
    una = np.flatnonzero(sim.conversations["path"] == UNA)
    f = thread.sample(una, 0.4)
    thread.emit(f, CUSTOMER, "follow_up", thread.customer_delay(f, 1800))
    thread.emit(thread.sample(una, 0.05), AGENT, "internal", 3600, internal=True)
    thread.emit(thread.sample(una, 0.4), SYSTEM, "system_close", 2 * DAY)


def _messages(rng: np.random.Generator, sim: Sim) -> None:
    thread = _Thread(rng, sim)
    sim.conversations["t_first_human"] = np.zeros(sim.n, np.int64)
    sim.conversations["t_useful"] = np.zeros(sim.n, np.int64)
    _opening(thread, sim)
    _ai_phase(thread, sim)
    _escalations(thread, sim)
    _human_only(thread, sim)
    _unanswered(thread, sim)
    cat = {f: np.concatenate(v) for f, v in thread.columns.items()}
    cat["ambiguous"] = np.concatenate(thread.ambiguous)
    # (conversation, time) is unique: every message is at least one second after the last
    order = np.argsort(cat["conversation"].astype(np.int64) << 32
                       | (cat["time"] - sim.start_sec + DAY))
    sim.messages = {f: v[order] for f, v in cat.items()}
    sim.conversations["t_last"] = thread.clock
    _phases(sim)


def _phases(sim: Sim) -> None:
    conversations, messages = sim.conversations, sim.messages
    esc = conversations["path"] == ESC
    inferred = esc & ~conversations["has_handoff_row"]
    hand_eff = np.where(inferred, conversations["t_first_human"], conversations["hand_t"])
    conversations["hand_eff"] = hand_eff
    conv = messages["conversation"]
    in_esc = esc[conv]
    post = in_esc & (messages["time"] >= hand_eff[conv])
    messages["phase"] = np.where(in_esc, np.where(post, 2, 1), 0).astype(np.int8)
    public = ~messages["internal"] & (messages["role"] != SYSTEM)
    messages["public"] = public
    messages["reply_kind"][~post | ~public] = 0


# --- actions --------------------------------------------------------------------------------

def _ai_actions(rng: np.random.Generator, sim: Sim) -> None:
    conversations = sim.conversations
    path = conversations["path"]
    n_act = np.zeros(sim.n, np.int8)
    for p, vals, probs in ((AOR, [0, 1, 2], [0.4, 0.4, 0.2]), (AOU, [0, 1, 2], [0.3, 0.4, 0.3]),
                           (ESC, [1, 2, 3], [0.45, 0.35, 0.2])):
        idx = np.flatnonzero(path == p)
        n_act[idx] = np.asarray(vals, np.int8)[_choice(rng, idx.size, probs)]
    conv = np.repeat(np.arange(sim.n), n_act)
    j = np.arange(conv.size) - np.repeat(np.cumsum(n_act) - n_act, n_act)
    startn = rng.integers(0, 3, sim.n)
    name = (conversations["topic"][conv].astype(np.int32) * 3
            + (startn[conv] + j) % 3).astype(np.int16)
    lo = conversations["t_ai_first"][conv]
    hi = np.maximum(conversations["t_ai_last"][conv] - 1, lo)
    t = rng.integers(lo, hi + 1)
    p_fail = np.select([path[conv] == ESC, path[conv] == AOU],
                       [0.35 + 0.30 * conversations["frac"][conv], 0.45], 0.06)
    u = rng.random(conv.size)
    outcome = np.where(u < p_fail, 1, np.where(u > 0.96, 2, 0)).astype(np.int8)  # 0 ok 1 fail 2 unk
    order = np.lexsort((t, conv))
    sim.ai_actions = {"conversation": conv[order].astype(np.int32), "time": t[order],
                      "name": name[order], "outcome": outcome[order]}


def _agents(rng: np.random.Generator, sim: Sim) -> None:
    per_team = np.array([0.32, 0.28, 0.18, 0.22])
    total = int(np.clip(sim.n // 2500, 24, 400))
    counts = np.maximum(3, np.round(per_team * total)).astype(int)
    team = np.repeat(np.arange(4), counts).astype(np.int8)
    sim.agents = {"team": team, "first": rng.integers(0, len(phrases.FIRST_NAMES), team.size),
                  "last": rng.integers(0, 26, team.size),
                  "hired": sim.start_sec - rng.integers(30, 1500, team.size) * DAY
                  - rng.integers(0, DAY, team.size)}
    starts = np.concatenate([[0], np.cumsum(counts)])
    ct = sim.conversations["team"]
    sim.conversations["agent"] = (
        starts[ct] + (rng.random(sim.n) * counts[ct]).astype(int)).astype(np.int32)


def _agent_actions(rng: np.random.Generator, sim: Sim) -> None:
    conversations, ai_actions = sim.conversations, sim.ai_actions
    path = conversations["path"]
    # repeats of failed AI actions, after the handoff and before the first useful reply
    failed = ai_actions["outcome"] == 1
    fconv = ai_actions["conversation"][failed]
    human = (path == ESC) & (conversations["t_first_human"] > 0)
    p_rep = 0.25 + 0.35 * conversations["frac"][fconv] + 0.25 * ~conversations["packet"][fconv, 3]
    rep = failed.copy()
    rep[failed] = human[fconv] & (rng.random(fconv.size) < p_rep)
    r_conv, r_name = ai_actions["conversation"][rep], ai_actions["name"][rep].astype(np.int16)
    # other agent actions (names never used by the AI)
    n_other = np.zeros(sim.n, np.int8)
    esc_h = np.flatnonzero(human)
    n_other[esc_h] = np.minimum(rng.poisson(0.6 + 0.2 * conversations["gaps"][esc_h]), 4)
    hum = np.flatnonzero(path == HUM)
    n_other[hum] = _choice(rng, hum.size, [0.5, 0.35, 0.15])
    o_conv = np.repeat(np.arange(sim.n), n_other)
    o_name = (1000 + rng.integers(0, len(phrases.AGENT_ONLY_ACTIONS), o_conv.size)).astype(np.int16)
    conv = np.concatenate([r_conv, o_conv]).astype(np.int32)
    name = np.concatenate([r_name, o_name])
    is_esc = path[conv] == ESC
    lo = np.where(is_esc, conversations["hand_t"][conv] + 1, conversations["t_first_human"][conv])
    end = np.where(conversations["t_useful"][conv] > 0, conversations["t_useful"][conv] - 1,
                   conversations["t_last"][conv])
    hi = np.where(is_esc, end, conversations["t_last"][conv])
    t = rng.integers(lo, np.maximum(hi, lo) + 1)
    order = np.lexsort((t, conv))
    sim.agent_actions = {"conversation": conv[order], "time": t[order], "name": name[order]}
    cnt = np.zeros(sim.n, np.int32)
    np.add.at(cnt, r_conv, 1)
    conversations["repeats"] = cnt


# --- closing, truth helpers -----------------------------------------------------------------

def _closing(rng: np.random.Generator, sim: Sim) -> None:
    conversations = sim.conversations
    closed_state = np.isin(conversations["status"], [S_SOLVED, S_CLOSED, S_ABANDONED])
    lag = np.clip(rng.lognormal(np.log(1800), 1.0, sim.n), 60, 2 * DAY).astype(np.int64)
    conversations["closed"] = np.where(closed_state, conversations["t_last"] + lag, 0)
    conversations["has_closed"] = closed_state
    conversations["updated"] = np.where(closed_state,
                                        conversations["closed"] + rng.integers(0, 600, sim.n),
                                        conversations["t_last"] + rng.integers(0, HOUR, sim.n))


def _recontacts(sim: Sim) -> None:
    conversations = sim.conversations
    created, cust = conversations["created"], conversations["customer"]
    bound = np.where(conversations["has_closed"], conversations["closed"], created) + 7 * DAY
    key = cust * (1 << 33) + (created - sim.start_sec + DAY)
    order = np.argsort(key, kind="stable")
    skey = key[order]
    nxt = np.searchsorted(skey, skey, side="right")
    ok = nxt < sim.n
    nxt_c = np.minimum(nxt, sim.n - 1)
    same = ok & (cust[order][nxt_c] == cust[order])
    has = np.zeros(sim.n, bool)
    has[order] = same & (created[order][nxt_c] <= bound[order])
    conversations["has_recontact"] = has


def _escalation_truth(sim: Sim) -> None:
    conversations, messages = sim.conversations, sim.messages
    conv = messages["conversation"]
    post_pub = (messages["phase"] == 2) & messages["public"]
    cust_re = post_pub & (messages["role"] == CUSTOMER) & np.isin(messages["reply_kind"], RE_KINDS)
    n_re = np.zeros(sim.n, np.int32)
    np.add.at(n_re, conv[cust_re], 1)
    conversations["n_re"] = n_re
    first_h = np.full(sim.n, -1, np.int64)
    useful = np.full(sim.n, -1, np.int64)
    agent_post = post_pub & (messages["role"] == AGENT)
    for mask, out in ((agent_post, first_h),
                      (agent_post & (messages["reply_kind"] == REPLY_KIND["useful"]), useful)):
        idx = np.flatnonzero(mask)
        u, first = np.unique(conv[idx], return_index=True)
        out[u] = idx[first]
    conversations["first_human_msg"], conversations["first_useful_msg"] = first_h, useful


# --- surveys --------------------------------------------------------------------------------

def _quality(rng: np.random.Generator, sim: Sim) -> np.ndarray:
    conversations = sim.conversations
    q = np.zeros(sim.n)
    esc = conversations["path"] == ESC
    useful_at = conversations["t_useful"]
    delay_min = np.where(useful_at > 0, (useful_at - conversations["hand_eff"]) / 60, 3000)
    q_esc = -(0.6 * conversations["n_re"] + 0.5 * np.log1p(np.maximum(delay_min, 0) / 30)
              + 0.25 * conversations["gaps"] + 1.5 * (useful_at == 0)
              + 0.3 * conversations["repeats"])
    q[esc] = (q_esc[esc] - q_esc[esc].mean()) / (q_esc[esc].std() + 1e-9) if esc.any() else 0
    hum = conversations["path"] == HUM
    q[hum] = -0.4 * np.log1p(
        np.maximum(conversations["t_first_human"][hum] - conversations["created"][hum], 0) / 3600)
    aor = conversations["path"] == AOR
    state = conversations["state"][aor]
    q[aor] = np.where(state == 1, 0.5, np.where(state == 2, -0.2, 0.0))
    return q + rng.normal(0, 0.5, sim.n)


def _survey_rows(rng: np.random.Generator, sim: Sim) -> dict[str, np.ndarray]:
    conversations = sim.conversations
    factor = np.array([1.0, 0.8, 1.1, 1.0, 0.5])[conversations["path"]]
    base = np.where(conversations["has_closed"], conversations["closed"], conversations["created"])
    parts: list[tuple[np.ndarray, ...]] = []
    for ty, rate in enumerate(SURVEY_RATES):
        conv = np.flatnonzero(rng.random(sim.n) < rate * factor)
        t = base[conv] + np.clip(rng.lognormal(np.log(8 * HOUR), 1.1, conv.size),
                                 HOUR, 13 * DAY).astype(np.int64)
        parts.append((conv, np.full(conv.size, ty), t, np.ones(conv.size, bool)))
        dup = conv[rng.random(conv.size) < 0.04]
        tdup = t[np.isin(conv, dup)] - rng.integers(60, 3000, dup.size)
        parts.append((dup, np.full(dup.size, ty), tdup, np.zeros(dup.size, bool)))
    late = np.flatnonzero(rng.random(sim.n) < 0.025)
    tl = base[late] + 14 * DAY + rng.integers(HOUR, 20 * DAY, late.size)
    parts.append((late, _choice(rng, late.size, SURVEY_RATES), tl, np.zeros(late.size, bool)))
    conv, ty, t, att = (np.concatenate([p[i] for p in parts]) for i in range(4))
    order = np.lexsort((conv, t))
    return {"conversation": conv[order].astype(np.int32), "type": ty[order].astype(np.int8),
            "time": t[order], "attributed": att[order]}


def _esc_quota(n_w: np.ndarray, breaks: set[int]) -> np.ndarray:
    ks = np.zeros(n_w.size, np.int64)
    prev: float | None = None
    level = ESC_BASE_NPS
    for w, n in enumerate(n_w):
        if w in breaks:
            level -= ESC_BREAK_DROP
        if n == 0:
            continue
        cand = np.arange(-n, n + 1)
        nps = 100.0 * cand / n
        if prev is None:
            ok = np.ones(cand.size, bool)
        elif w in breaks:
            ok = nps <= prev - 10.5
        else:
            ok = np.abs(nps - prev) <= 1.45
        if not ok.any():
            ok = np.ones(cand.size, bool)
        pick = np.flatnonzero(ok)[np.argmin(np.abs(nps[ok] - level))]
        ks[w] = cand[pick]
        prev = float(nps[pick])
    return ks


def _split(n: int, k: int, passive_share: float) -> tuple[int, int, int]:
    pa = min(int(round(passive_share * n)), n - abs(k))
    if (n - pa - k) % 2:
        pa = pa - 1 if pa > 0 else pa + 1
    rem = n - pa
    return (rem + k) // 2, pa, (rem - k) // 2


def _assign_cell(rng: np.random.Generator, q: np.ndarray, k: int,
                 passive_share: float) -> np.ndarray:
    n = q.size
    p, pa, d = _split(n, k, passive_share)
    order = np.argsort(-(q + rng.normal(0, 0.35, n)), kind="stable")
    score = np.empty(n, np.int8)
    score[order[:p]] = rng.choice([9, 10], p, p=[0.4, 0.6])
    score[order[p:p + pa]] = rng.choice([7, 8], pa)
    if d:
        rank = np.arange(d) / d  # 0 = best detractor
        score[order[p + pa:]] = np.clip(6 - np.floor(rank * 6 + rng.random(d) * 1.5), 0, 6)
    return score


def _surveys(rng: np.random.Generator, sim: Sim) -> None:
    conversations = sim.conversations
    surveys = _survey_rows(rng, sim)
    q = _quality(rng, sim)
    conv, ty, att = surveys["conversation"], surveys["type"], surveys["attributed"]
    score = np.zeros(conv.size, np.int8)
    path = conversations["path"][conv]
    path_mean = np.array([0.8, -0.9, -0.3, 0.3, -1.2])[path]
    latent = path_mean + 0.5 * q[conv] + rng.normal(0, 0.8, conv.size)
    score[ty == 1] = np.clip(np.round(3.7 + latent[ty == 1]), 1, 5)
    score[ty == 2] = np.clip(np.round(5.0 + 1.2 * latent[ty == 2]), 1, 7)
    nps_free = (ty == 0) & ~att
    score[nps_free] = np.clip(np.round(7 + 2 * latent[nps_free]), 0, 10)
    _plant_nps(rng, sim, conv, ty, att, q, score)
    surveys["score"] = score
    sim.surveys = surveys


def _plant_nps(rng: np.random.Generator, sim: Sim, conv: np.ndarray, ty: np.ndarray,
               att: np.ndarray, q: np.ndarray, score: np.ndarray) -> None:
    conversations = sim.conversations
    rows = np.flatnonzero((ty == 0) & att)
    cell = conversations["week_cell"][conv[rows]].astype(np.int64)
    path = conversations["path"][conv[rows]].astype(np.int64)
    n_cells = int(conversations["week_cell"].max()) + 1
    n = np.zeros((n_cells, 5), np.int64)
    np.add.at(n, (cell, path), 1)
    k = np.zeros_like(n)
    for p, level in NPS_LEVEL.items():
        k[:, p] = np.round(level * n[:, p] / 100).astype(np.int64)
    breaks = {b - 1 for b in break_positions(sim.weeks) if b - 1 < n_cells}
    k[:, ESC] = _esc_quota(n[:, ESC], breaks)
    others = k.sum(axis=1) - k[:, AOR]
    tot = n.sum(axis=1)
    has = (tot > 0) & (n[:, AOR] > 0)
    b_w = 100 * (others[has] + 0.72 * n[has, AOR]) / tot[has]
    target = float(np.floor(b_w.min() * 10) / 10) if has.any() else 0.0
    k[:, AOR] = np.clip(np.round(target * tot / 100 - others), -n[:, AOR], n[:, AOR])
    sim.blended_target = target
    passive = (0.25, 0.25, 0.3, 0.3, 0.25)
    for w in range(n_cells):
        for p in range(5):
            sel = rows[(cell == w) & (path == p)]
            if sel.size:
                score[sel] = _assign_cell(rng, q[conv[sel]], int(k[w, p]), passive[p])
    week_days = np.unique(conversations["week_day"])
    with np.errstate(invalid="ignore", divide="ignore"):
        sim.weeks_truth = {
            "week_day": week_days,
            "is_break": np.isin(np.arange(n_cells), sorted(breaks)),
            "esc_nps": np.where(n[:, ESC] > 0, 100 * k[:, ESC] / np.maximum(n[:, ESC], 1), np.nan),
            "blended_nps": np.where(tot > 0, 100 * k.sum(axis=1) / np.maximum(tot, 1), np.nan),
        }


# --- labels ---------------------------------------------------------------------------------

def _labels(rng: np.random.Generator, sim: Sim) -> None:
    messages = sim.messages
    elig = ((messages["phase"] == 2) & messages["public"]
            & np.isin(messages["role"], [AGENT, CUSTOMER]))
    chosen = elig & (messages["ambiguous"] | (rng.random(messages["conversation"].size) < 0.024))
    idx = np.flatnonzero(chosen)
    is_agent = messages["role"][idx] == AGENT
    kind = messages["reply_kind"][idx]
    value = np.where(is_agent, kind == REPLY_KIND["useful"], np.isin(kind, RE_KINDS))
    sim.labels = {"message": idx, "label": (~is_agent).astype(np.int8), "value": value,
                  "source": (rng.random(idx.size) < 0.3).astype(np.int8)}


def simulate(n: int, seed: int, start_sec: int, weeks: int, stage=lambda name: None) -> Sim:
    """Run the whole scenario; ``stage`` is called with a label before each step."""
    rng = np.random.Generator(np.random.PCG64(seed))
    sim = Sim(n=n, start_sec=start_sec, weeks=weeks)
    steps = (("arrivals", _arrivals), ("attributes", _attributes), ("paths", _paths),
             ("states", _states), ("customers", _customers), ("packets", _packets),
             ("messages", _messages), ("ai actions", _ai_actions), ("agents", _agents),
             ("agent actions", _agent_actions), ("closing", _closing))
    for name, fn in steps:
        stage(name)
        fn(rng, sim)
    _recontacts(sim)
    _escalation_truth(sim)
    stage("surveys")
    _surveys(rng, sim)
    _labels(rng, sim)
    return sim

"""Synthetic support data for seam: raw-contract Parquet files plus planted ground truth.

Scenario (deterministic for a seed, ``numpy.random.Generator(PCG64(seed))``):

* Conversations arrive over ``weeks`` weeks from ``start`` with a diurnal pattern (busy
  business hours, quiet nights) and quieter weekends. Customers come from a skewed pool, so
  some open several conversations; recontacts (a new conversation by the same customer
  within a few days) are planted, most often after an AI "assumed" resolution.
* Six topics (shipping, billing, account, api, refunds, app_bug), two problems each, with
  identifiers (order ids ``#4821337``, invoices ``INV-20931``, account emails, error codes
  ``E-4012`` with HTTP 502, app versions) and PII customers paste (emails, phone numbers,
  16-digit card numbers that pass the Luhn check). Four teams with time zones; an agents table.
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

from seam.synth.dirty_rows import DIRTY_KINDS
from seam.synth.raw_tables import RAW_COLUMNS
from seam.synth.writer import generate

__all__ = ["DIRTY_KINDS", "RAW_COLUMNS", "generate"]

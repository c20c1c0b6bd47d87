"""How often the 95% intervals of the marts cover the truth at small n.

Responses come from known shares: NPS from (promoter, detractor) shares, CSAT and the
escalation rates from a known proportion. For each sample the interval is computed with the
formulas of the docs block `nps_maths` (Wald and adjusted Wald for NPS, Wald and Wilson for a
proportion); coverage is the share of samples whose interval holds the true value. It is
computed exactly (every possible sample of n responses, weighted by its probability: what a
simulation converges to) and by a seeded simulation of DRAWS samples, which must agree with it
within its sampling error. The table is printed and copied into docs/querying.md.

Targets: the intervals the marts decide with (adjusted Wald, Wilson) cover 93-97% at n >= 30.
Met by the adjusted Wald interval on every scenario, and by Wilson at n = 100 and at most
shares at n = 30. Not met by Wilson at n = 30 for shares 0.3 / 0.7 (92.98%) and 0.1 / 0.9
(97.4%): the binomial's steps make every proportion interval's coverage oscillate with the
share; those four cells are pinned at their measured values (WILSON_MISSES). The Wald
intervals are shown under-covering at small n (the reason for the new columns).
`test_formulas_match_the_marts` ties these formulas to the SQL: it recomputes them from the
counts of every rpt_nps_by_path and rpt_escalation_quality row of the test
warehouse and compares with the mart columns.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import Warehouse

Z = 1.96
DRAWS = 20_000
SEED = 20_260_907
SIZES = (10, 30, 100)
# (promoter share, detractor share): mixed, polarised, negative, happy and lopsided paths
NPS_SCENARIOS = (
    (0.45, 0.25), (0.35, 0.35), (0.20, 0.55), (0.60, 0.10), (0.70, 0.05), (0.10, 0.70),
    (0.50, 0.40),
)
# CSAT satisfied shares and escalation rates (re-explanation, rework)
RATE_SCENARIOS = (0.10, 0.15, 0.20, 0.30, 0.50, 0.70, 0.80, 0.85, 0.90)
# (scenario, n) -> exact coverage, where Wilson misses the band (measured, not a target)
WILSON_MISSES = {
    ("rate p=0.10", 30): 0.974,
    ("rate p=0.30", 30): 0.930,
    ("rate p=0.70", 30): 0.930,
    ("rate p=0.90", 30): 0.974,
}
BAND = (0.93, 0.97)


def nps_wald(promoters: np.ndarray, detractors: np.ndarray, n: int) -> tuple:
    p, d = promoters / n, detractors / n
    nps = 100 * (p - d)
    se = 100 * np.sqrt(np.maximum(p + d - (p - d) ** 2, 0) / n)
    return nps - Z * se, nps + Z * se


def nps_adjusted_wald(promoters: np.ndarray, detractors: np.ndarray, n: int) -> tuple:
    p, d = (promoters + 0.75) / (n + 3), (detractors + 0.75) / (n + 3)
    nps = 100 * (promoters - detractors) / (n + 3)
    se = 100 * np.sqrt((p + d - (p - d) ** 2) / (n + 3))
    return np.maximum(nps - Z * se, -100), np.minimum(nps + Z * se, 100)


def rate_wald(successes: np.ndarray, n: int) -> tuple:
    p = successes / n
    se = np.sqrt(p * (1 - p) / n)
    return p - Z * se, p + Z * se


def rate_wilson(successes: np.ndarray, n: int) -> tuple:
    p = successes / n
    centre = p + Z * Z / (2 * n)
    half = Z * np.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    low = np.where(successes == 0, 0.0, (centre - half) / (1 + Z * Z / n))
    high = np.where(successes == n, 1.0, (centre + half) / (1 + Z * Z / n))
    return low, high


def _log_pmf(counts: tuple[int, ...], shares: tuple[float, ...]) -> float:
    n = sum(counts)
    out = math.lgamma(n + 1)
    for count, share in zip(counts, shares, strict=True):
        out += -math.lgamma(count + 1) + (count * math.log(share) if count else 0.0)
    return out


def _nps_outcomes(promoter: float, detractor: float, n: int) -> tuple:
    """Every (promoters, detractors) of n responses with its probability."""
    passive = 1 - promoter - detractor
    pairs = [(p, d) for p in range(n + 1) for d in range(n + 1 - p)]
    weights = [math.exp(_log_pmf((p, d, n - p - d), (promoter, detractor, passive)))
               for p, d in pairs]
    return np.array([p for p, _ in pairs]), np.array([d for _, d in pairs]), np.array(weights)


def _exact_nps(method, promoter: float, detractor: float, n: int) -> float:
    promoters, detractors, weights = _nps_outcomes(promoter, detractor, n)
    low, high = method(promoters, detractors, n)
    truth = 100 * (promoter - detractor)
    return float(weights[(low <= truth) & (truth <= high)].sum())


def _exact_rate(method, share: float, n: int) -> float:
    successes = np.arange(n + 1)
    weights = np.array([math.exp(_log_pmf((k, n - k), (share, 1 - share))) for k in successes])
    low, high = method(successes, n)
    return float(weights[(low <= share) & (share <= high)].sum())


def _simulated_nps(method, promoter: float, detractor: float, n: int, rng) -> float:
    draws = rng.multinomial(n, [promoter, detractor, 1 - promoter - detractor], size=DRAWS)
    low, high = method(draws[:, 0], draws[:, 1], n)
    truth = 100 * (promoter - detractor)
    return float(np.mean((low <= truth) & (truth <= high)))


def _simulated_rate(method, share: float, n: int, rng) -> float:
    low, high = method(rng.binomial(n, share, size=DRAWS), n)
    return float(np.mean((low <= share) & (share <= high)))


@pytest.fixture(scope="module")
def coverage() -> dict:
    """(interval, scenario, n) -> (exact, simulated) coverage; printed as a table."""
    rng = np.random.default_rng(SEED)
    table = {}
    for n in SIZES:
        for promoter, detractor in NPS_SCENARIOS:
            scenario = f"NPS p={promoter:.2f} d={detractor:.2f}"
            for name, method in (("Wald", nps_wald), ("adjusted Wald", nps_adjusted_wald)):
                table[(name, scenario, n)] = (
                    _exact_nps(method, promoter, detractor, n),
                    _simulated_nps(method, promoter, detractor, n, rng),
                )
        for share in RATE_SCENARIOS:
            scenario = f"rate p={share:.2f}"
            for name, method in (("Wald", rate_wald), ("Wilson", rate_wilson)):
                table[(name, scenario, n)] = (
                    _exact_rate(method, share, n),
                    _simulated_rate(method, share, n, rng),
                )
    print(f"\ncoverage of 95% intervals: exact (simulated, {DRAWS:,} draws)")
    print(f"{'interval':<15}{'scenario':<22}" + "".join(f"{'n=' + str(n):>16}" for n in SIZES))
    for name, scenario in sorted({(k[0], k[1]) for k in table}, key=lambda k: (k[1], k[0])):
        cells = "".join(
            f"{table[(name, scenario, n)][0]:>9.3f} ({table[(name, scenario, n)][1]:.3f})"
            for n in SIZES
        )
        print(f"{name:<15}{scenario:<22}{cells}")
    return table


def test_adjusted_wald_holds_its_level_from_n_30(coverage: dict) -> None:
    low, high = BAND
    cells = {k: v[0] for k, v in coverage.items() if k[0] == "adjusted Wald" and k[2] >= 30}
    outside = {k: round(v, 3) for k, v in cells.items() if not low <= v <= high}
    assert cells and not outside, f"adjusted Wald coverage outside {BAND}: {outside}"


def test_wilson_holds_its_level_from_n_30(coverage: dict) -> None:
    """In the band, except the measured misses of WILSON_MISSES, which must stay as measured."""
    low, high = BAND
    cells = {k: v[0] for k, v in coverage.items() if k[0] == "Wilson" and k[2] >= 30}
    assert cells
    for (_, scenario, n), value in cells.items():
        if (scenario, n) in WILSON_MISSES:
            assert round(value, 3) == WILSON_MISSES[(scenario, n)], (scenario, n, value)
            assert not low <= value <= high, f"{scenario} n={n} is in the band now: update"
        else:
            assert low <= value <= high, f"Wilson {scenario} n={n} outside {BAND}: {value:.3f}"


def test_simulation_agrees_with_exact_coverage(coverage: dict) -> None:
    for key, (exact, simulated) in coverage.items():
        error = math.sqrt(exact * (1 - exact) / DRAWS)
        assert abs(simulated - exact) <= 4 * error + 1e-12, (key, exact, simulated)


def test_wald_under_covers_at_small_n(coverage: dict) -> None:
    """The reason for the new columns: at n = 10 the Wald intervals miss their level."""
    for family in ("NPS", "rate"):
        cells = [v[0] for k, v in coverage.items() if k[0] == "Wald" and k[2] == 10
                 and k[1].startswith(family)]
        assert min(cells) < BAND[0], f"Wald {family} intervals did not under-cover: {cells}"


def test_coverage_measure_can_fail() -> None:
    """An interval too narrow or too wide leaves the band; the simulation is seeded."""

    def scaled(factor: float):
        def interval(promoters, detractors, n):
            low, high = nps_adjusted_wald(promoters, detractors, n)
            centre, half = (low + high) / 2, (high - low) / 2
            return centre - factor * half, centre + factor * half

        return interval

    assert _exact_nps(scaled(0.8), 0.45, 0.25, 100) < BAND[0]
    assert _exact_nps(scaled(1.3), 0.45, 0.25, 100) > BAND[1]
    first = _simulated_rate(rate_wilson, 0.3, 30, np.random.default_rng(1))
    assert first == _simulated_rate(rate_wilson, 0.3, 30, np.random.default_rng(1))


def _close(left: float | None, right: float | None) -> bool:
    if left is None or right is None:
        return left is None and right is None
    return math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-9)


def test_formulas_match_the_marts(warehouse: Warehouse) -> None:
    """The simulated formulas are the SQL's: recomputed from each mart row's counts."""
    rows = warehouse.query(
        "select n_nps_responses, n_promoters, n_detractors, nps_adjusted_ci_low, "
        "nps_adjusted_ci_high, n_csat_responses, csat_pct, csat_pct_ci_low, csat_pct_ci_high "
        "from marts.rpt_nps_by_path"
    )
    assert any(row[0] and row[0] < 30 for row in rows), "no small-n slice to check"
    for n, promoters, detractors, low, high, n_csat, csat_pct, csat_low, csat_high in rows:
        if n == 0:
            assert low is None and high is None
        else:
            want_low, want_high = nps_adjusted_wald(np.array(promoters), np.array(detractors), n)
            assert _close(low, float(want_low)) and _close(high, float(want_high))
        if n_csat == 0:
            assert csat_low is None and csat_high is None
        else:
            satisfied = round(csat_pct * n_csat / 100)
            want_low, want_high = rate_wilson(np.array(satisfied), n_csat)
            assert _close(csat_low, 100 * float(want_low))
            assert _close(csat_high, 100 * float(want_high))
    quality = warehouse.query(
        "select n_escalations, n_with_re_explanation, re_explanation_rate_ci_low, "
        "re_explanation_rate_ci_high, n_rework, rework_rate_ci_low, rework_rate_ci_high "
        "from marts.rpt_escalation_quality"
    )
    assert quality
    for n, k_re, re_low, re_high, k_rework, rw_low, rw_high in quality:
        for k, low, high in ((k_re, re_low, re_high), (k_rework, rw_low, rw_high)):
            want_low, want_high = rate_wilson(np.array(k), n)
            assert _close(low, float(want_low)) and _close(high, float(want_high))

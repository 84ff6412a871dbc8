"""numeric/gibbs.py: multipliers, the Gibbs form, entropy_of and the direct maximiser.

Expected values come from closed forms (the Bernoulli case), from a
one-dimensional root found here with mpmath's findroot at more than twice the
precision (Jaynes' die), or from the definitions (moments, -sum p ln p).
"""

from fractions import Fraction

import mpmath
import pytest

from symbolic_info.numeric.context import NumericError, new_context
from symbolic_info.numeric.gibbs import (
    entropy_of,
    gibbs,
    maximise_entropy,
    power_multipliers,
    solve_multipliers,
)


def reference_context(dps: int) -> mpmath.MPContext:
    c = mpmath.MPContext()
    c.dps = 2 * dps + 10
    return c


def close(a, b, dps: int, lost: int = 3, relative: bool = True) -> bool:
    """``a`` and ``b`` agree to ``dps - lost`` digits (relative, or absolute)."""
    c = reference_context(dps)
    a, b = c.mpf(a), c.mpf(b)
    scale = abs(b) if relative and b != 0 else 1
    return abs(a - b) <= scale * c.mpf(10) ** (lost - dps)


def features(ctx, support, powers):
    return [[ctx.mpf(x) ** j for j in range(1, powers + 1)] for x in support]


def moments(p, feats):
    return [sum(pi * row[j] for pi, row in zip(p, feats, strict=True))
            for j in range(len(feats[0]))]


# --- the known closed case: a mean on {0, 1} is a Bernoulli ------------------------------------

@pytest.mark.parametrize("dps", [15, 50, 200])
@pytest.mark.parametrize("mean", ["3/10", "1/2", "1e-20", "999999/1000000"])
def test_a_mean_on_zero_one_gives_the_bernoulli_with_that_mean(mean, dps):
    """p = (1 - m, m) and lambda = ln((1 - m)/m), since p_1 / p_0 = exp(-lambda)."""
    m = Fraction(mean)
    ctx, c = new_context(dps), reference_context(dps)
    m_ctx, m_ref = ctx.mpf(m.numerator) / m.denominator, c.mpf(m.numerator) / m.denominator
    feats = [[ctx.zero], [ctx.one]]
    lam = solve_multipliers(ctx, feats, [m_ctx])
    p, lnz = gibbs(ctx, lam, feats)
    # m rounded to dps digits moves lambda = ln((1-m)/m) and 1 - m by up to 1/(m(1-m)) times
    # its own relative error: that many digits are the problem's, not the solver's
    lost = 3 + int(mpmath.log10(1 / (m_ref * (1 - m_ref))))
    assert close(lam[0], c.log((1 - m_ref) / m_ref), dps, lost, relative=False)
    assert close(p[1], m_ref, dps) and close(p[0], 1 - m_ref, dps, lost)  # relative, even 1e-20
    q = maximise_entropy(ctx, feats, [m_ctx])
    assert close(q[1], m_ref, dps, relative=False) and close(q[0], 1 - m_ref, dps, relative=False)
    binary = -m_ref * c.log(m_ref) - (1 - m_ref) * c.log(1 - m_ref)
    for dist in (p, q):
        assert close(entropy_of(ctx, dist), binary, dps, relative=False)


# --- Jaynes' die and two-moment problems --------------------------------------------------------

def _die_by_root(c, mean):
    """p_k ~ r^k on 1..6 with sum (k - mean) r^k = 0: a 1-D root, no multiplier solver."""
    r = c.findroot(lambda r: sum((k - mean) * r**k for k in range(1, 7)), 1.4)
    z = sum(r**k for k in range(1, 7))
    return [r**k / z for k in range(1, 7)], -c.log(r)


@pytest.mark.parametrize("dps", [15, 50, 120])
def test_jaynes_die_multiplier_and_distribution(dps):
    ctx, c = new_context(dps), reference_context(dps)
    feats = features(ctx, range(1, 7), 1)
    lam = solve_multipliers(ctx, feats, [ctx.mpf(9) / 2])
    p, lnz = gibbs(ctx, lam, feats)
    want, lam_ref = _die_by_root(c, c.mpf(9) / 2)
    assert close(lam[0], lam_ref, dps)
    assert all(close(a, b, dps) for a, b in zip(p, want, strict=True))
    assert close(lnz, c.log(sum(c.exp(-lam_ref * k) for k in range(1, 7))), dps)


@pytest.mark.parametrize("dps", [15, 50, 120])
def test_multipliers_reproduce_the_targeted_moments(dps):
    """Mean and second moment on {0, 1/2, ..., 5}: the Gibbs p has exactly those moments."""
    ctx = new_context(dps)
    support = [ctx.mpf(k) / 2 for k in range(11)]
    feats = features(ctx, support, 2)
    targets = [ctx.mpf(17) / 10, ctx.mpf(49) / 10]
    lam = solve_multipliers(ctx, feats, targets)
    p, _ = gibbs(ctx, lam, feats)
    assert close(sum(p), 1, dps)
    for got, want in zip(moments(p, feats), targets, strict=True):
        assert close(got, want, dps)


def test_multipliers_for_other_moments_do_not_reproduce_these():
    """Negative control: the die's multiplier for mean 4.5 does not give mean 4.4."""
    ctx = new_context(30)
    feats = features(ctx, range(1, 7), 1)
    p, _ = gibbs(ctx, solve_multipliers(ctx, feats, [ctx.mpf(9) / 2]), feats)
    assert not close(moments(p, feats)[0], ctx.mpf(44) / 10, 30, lost=28)


def test_gibbs_normalises_and_its_log_partition_function_is_the_definition():
    ctx, c = new_context(40), reference_context(40)
    feats = features(ctx, [-2, 0, 1, 3], 2)
    lams = [ctx.mpf(3) / 10, ctx.mpf(-1) / 7]
    p, lnz = gibbs(ctx, lams, feats)
    weights = [c.exp(-(c.mpf(3) / 10 * x - c.mpf(1) / 7 * x * x)) for x in (-2, 0, 1, 3)]
    assert close(lnz, c.log(sum(weights)), 40)
    assert all(close(a, w / sum(weights), 40) for a, w in zip(p, weights, strict=True))


def test_gibbs_survives_huge_multipliers():
    """exp(-lambda f) far outside the exponent range of floats: still normalised, ln Z exact."""
    ctx = new_context(30)
    p, lnz = gibbs(ctx, [ctx.mpf(10) ** 6], [[ctx.zero], [ctx.one]])
    assert p[0] == 1 and 0 < p[1] < ctx.mpf(10) ** -400000
    assert close(lnz, 0, 30, relative=False)


# --- maximise_entropy: never uses the Gibbs form ------------------------------------------------

@pytest.mark.parametrize("dps", [15, 50])
def test_direct_maximiser_agrees_with_the_gibbs_solution(dps):
    ctx = new_context(dps)
    support = [ctx.mpf(k) / 2 for k in range(11)]
    feats = features(ctx, support, 2)
    targets = [ctx.mpf(17) / 10, ctx.mpf(49) / 10]
    p, _ = gibbs(ctx, solve_multipliers(ctx, feats, targets), feats)
    q = maximise_entropy(ctx, feats, targets)
    assert all(close(a, b, dps, relative=False) for a, b in zip(p, q, strict=True))
    assert close(entropy_of(ctx, q), entropy_of(ctx, p), dps)
    for got, want in zip(moments(q, feats), targets, strict=True):
        assert close(got, want, dps)


def test_any_other_feasible_distribution_has_less_entropy():
    """Negative control: move the optimum along a direction that keeps sum and mean fixed."""
    ctx = new_context(30)
    feats = features(ctx, range(1, 7), 1)
    q = maximise_entropy(ctx, feats, [ctx.mpf(9) / 2])
    # d = (1, -2, 1, 0, 0, 0) keeps sum(d) = 0 and sum(k d_k) = 0
    for step in (ctx.mpf(10) ** -3, -ctx.mpf(10) ** -3):
        moved = [qi + step * di for qi, di in zip(q, [1, -2, 1, 0, 0, 0], strict=True)]
        assert close(moments(moved, feats)[0], ctx.mpf(9) / 2, 30)
        assert entropy_of(ctx, moved) < entropy_of(ctx, q)


@pytest.mark.parametrize("mean", [0, 6, 7])
def test_infeasible_constraints_raise(mean):
    """A die's mean outside (1, 6) is refused before any Newton step (was: thousands of
    steps redone at up to 8192 extra bits, 30-40 s per case, then a vaguer message)."""
    ctx = new_context(30)
    feats = features(ctx, range(1, 7), 1)
    with pytest.raises(NumericError, match="infeasible: target 1 is outside"):
        solve_multipliers(ctx, feats, [ctx.mpf(mean)])
    with pytest.raises(NumericError, match="infeasible: target 1 is outside"):
        maximise_entropy(ctx, feats, [ctx.mpf(mean)])


def test_a_mean_just_inside_the_range_is_still_solved():
    """Control for the range check: 6 - 10^-20 is feasible, both routes agree on it."""
    ctx = new_context(30)
    feats = features(ctx, range(1, 7), 1)
    mean = 6 - ctx.mpf(10) ** -20
    p, _ = gibbs(ctx, solve_multipliers(ctx, feats, [mean]), feats)
    q = maximise_entropy(ctx, feats, [mean])
    assert close(moments(q, feats)[0], mean, 25) and close(moments(p, feats)[0], mean, 25)
    assert all(close(a, b, 20, relative=False) for a, b in zip(p, q, strict=True))


# --- entropy_of and power_multipliers -----------------------------------------------------------

@pytest.mark.parametrize("dps", [15, 60])
def test_entropy_of_is_minus_sum_p_ln_p_with_zero_terms_left_out(dps):
    ctx, c = new_context(dps), reference_context(dps)
    p = [ctx.mpf(1) / 2, ctx.mpf(1) / 3, ctx.zero, ctx.mpf(1) / 6]
    want = -(c.log(c.mpf(1) / 2) / 2 + c.log(c.mpf(1) / 3) / 3 + c.log(c.mpf(1) / 6) / 6)
    assert close(entropy_of(ctx, p), want, dps)
    assert entropy_of(ctx, [ctx.one, ctx.zero]) == 0


def test_power_multipliers_are_the_multipliers_of_power_moments():
    ctx = new_context(40)
    xs = [ctx.mpf(k) for k in range(5)]
    cs = [ctx.mpf(3) / 2, ctx.mpf(7) / 2]
    direct = solve_multipliers(ctx, features(ctx, range(5), 2), cs)
    cached = power_multipliers(ctx, xs, cs)
    assert all(close(a, b, 40) for a, b in zip(cached, direct, strict=True))
    assert power_multipliers(ctx, xs, cs) == cached  # the cached answer is the same
    low = new_context(15)
    assert all(close(a, b, 15) for a, b in zip(power_multipliers(low, xs, cs), direct, strict=True))
    assert all(v.context is low for v in power_multipliers(low, xs, cs))

"""The Clenshaw-Curtis pieces' third chain (rules of 3 * 2^j points, :mod:`.cc_piece`): taken
where it finishes with fewer points than doubling, and as right as doubling was."""

import pytest

import symbolic_info.numeric.cc_piece as cc
from symbolic_info.numeric.context import new_context


def _lorentzian(ctx, d, calls):
    """``1/((y - 1/2)^2 + d^2)`` on [0, 1]: poles ``d`` above the middle (Bernstein
    ``rho = 2d + sqrt(4d^2 + 1)``), integral ``2 atan(1/(2d))/d``."""
    half = ctx.mpf(1) / 2

    def f(y):
        calls.append(y)
        return 1 / ((y - half) ** 2 + d * d)
    return f, 2 * ctx.atan(1 / (2 * d)) / d


@pytest.mark.parametrize(("dps", "d", "third", "doubling"),
                         [(1000, "0.55", 3073, 4097), (1000, "1.3", 1537, 2049),
                          (300, "0.3", 1537, 2049), (1000, "0.8", 2049, 2049),
                          (1000, "0.35", 4097, 4097)])
def test_the_third_chain_takes_fewer_points_and_is_as_right(monkeypatch, dps, d, third,
                                                            doubling):
    """Where doubling overshoots (``rho`` about 2.6 at 1000 digits: 4,097 points where
    2,700 serve) the rules of 768, 1536, 3072 points finish at 3,073, right to the last
    digit; where doubling fits (``d = 0.8``) or the prediction has no margin (``0.35``)
    nothing changes.  Negative control: the exact value moved by ``10^-(dps - 100)`` is
    caught, and so is a rule of 768 points stopped at once (the prediction alone is not
    a value)."""
    ctx = new_context(dps)
    tolerance = ctx.mpf(10) ** -(dps - 3)
    counts = {}
    for chain, start in (("third", cc.THIRD_FROM), ("doubling", -1)):
        monkeypatch.setattr(cc, "THIRD_FROM", start)
        calls = []
        f, exact = _lorentzian(ctx, ctx.mpf(d), calls)
        value = cc.cc_piece(f, ctx.one, ctx)
        assert value is not None
        assert abs(value - exact) <= tolerance * exact, chain
        assert abs(value - exact * (1 + ctx.mpf(10) ** -(dps - 100))) > tolerance * exact
        counts[chain] = len(calls)
    assert counts == {"third": third, "doubling": doubling}


def test_a_768_point_rule_alone_is_caught_short():
    """The negative control of the chain's test: the 768-point rule (the chain's first) on the
    ``d = 0.55`` piece at 1000 digits is off by far more than the working precision, so the
    chain's convergence test, not the prediction, decides where it stops."""
    from symbolic_info.numeric.rule_nodes import cc_rule

    ctx = new_context(1000)
    calls = []
    f, exact = _lorentzian(ctx, ctx.mpf("0.55"), calls)
    rule = cc_rule(768, ctx)
    value = ctx.fsum(ctx.make_mpf(w) * f(ctx.make_mpf(y)) for _, y, w in rule)
    assert abs(value - exact) > ctx.mpf(10) ** -500 * exact

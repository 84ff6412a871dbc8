"""numeric/clenshaw_curtis.py: the rule's weights against exact integrals computed here.

Clenshaw-Curtis with ``n + 1`` points integrates polynomials of degree ``n`` exactly
(Trefethen, SIAM Rev. 50 (2008), section 2); on ``[0, 1]`` its weights are positive,
symmetric and sum to 1; for a function analytic near ``[0, 1]`` the error falls like
``rho^-n``.  Each truth is exact (``1/(j + 1)``) or computed here on a fresh context.
"""

import mpmath
import pytest

from symbolic_info.numeric.clenshaw_curtis import nodes_weights


def context(prec: int) -> mpmath.MPContext:
    ctx = mpmath.MPContext()
    ctx.prec = prec
    return ctx


@pytest.mark.parametrize("n", [2, 16, 64])
def test_polynomials_up_to_degree_n_are_exact(n):
    prec = 1000
    ctx = context(prec + 20)
    rule = [(ctx.make_mpf(y), ctx.make_mpf(w)) for _, y, w in nodes_weights(n, prec)]
    for j in range(n + 1):
        got = ctx.fsum(w * y**j for y, w in rule)
        assert abs(got - ctx.mpf(1) / (j + 1)) < ctx.mpf(2) ** -(prec - 12), (n, j)
    # negative control: degree n + 2 is not exact (n even: n + 1 is exact by symmetry)
    got = ctx.fsum(w * y ** (n + 2) for y, w in rule)
    assert abs(got - ctx.mpf(1) / (n + 3)) > ctx.mpf(2) ** -(prec // 2)


def test_weights_are_positive_symmetric_and_sum_to_one():
    ctx = context(600)
    rule = nodes_weights(256, 512)
    ys = [ctx.make_mpf(y) for _, y, _ in rule]
    ws = [ctx.make_mpf(w) for _, _, w in rule]
    assert all(w > 0 for w in ws)
    assert all(abs(ws[k] - ws[-1 - k]) < ctx.mpf(2) ** -505 for k in range(len(ws)))
    assert all(abs(ys[k] + ys[-1 - k] - 1) < ctx.mpf(2) ** -505 for k in range(len(ys)))
    assert ys[0] == 0 and ys[-1] == 1 and ys == sorted(ys)
    assert abs(ctx.fsum(ws) - 1) < ctx.mpf(2) ** -500


def test_an_analytic_integrand_converges_geometrically_at_300_digits():
    """``integral_0^1 dy/(1/4 + y) = ln 5``: a pole at ``-1/4`` (Bernstein ellipse
    ``rho = 3 + 2 sqrt 2`` of ``[0, 1]`` about it), so each doubling squares the error."""
    ctx = context(1040)
    truth = ctx.log(5)
    errors = []
    for n in (128, 256, 512, 1024):
        s = ctx.fsum(ctx.make_mpf(w) / (ctx.mpf(1) / 4 + ctx.make_mpf(y))
                     for _, y, w in nodes_weights(n, 1040))
        errors.append(abs(s - truth))
    assert errors[-1] < ctx.mpf(10) ** -300
    for a, b in zip(errors[:2], errors[1:3], strict=True):  # (the last: at the floor)
        assert b < a ** 1.8  # squares (up to the constant)


@pytest.mark.parametrize("n", [0, 1, 7])
def test_odd_or_tiny_n_is_refused(n):
    with pytest.raises(ValueError, match="even n"):
        nodes_weights(n, 100)

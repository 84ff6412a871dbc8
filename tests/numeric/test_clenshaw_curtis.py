"""numeric/clenshaw_curtis.py: the rule's weights against exact integrals computed here.

Clenshaw-Curtis with ``n + 1`` points integrates polynomials of degree ``n`` exactly
(Trefethen, SIAM Rev. 50 (2008), section 2); on ``[0, 1]`` its weights are positive,
symmetric and sum to 1; for a function analytic near ``[0, 1]`` the error falls like
``rho^-n``.  Each truth is exact (``1/(j + 1)``) or computed here on a fresh context.
"""

import mpmath
import pytest

from symbolic_info.numeric.clenshaw_curtis import cosine_sums, nodes_weights


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


@pytest.mark.parametrize(("n", "bits"), [(8, 80), (64, 600), (256, 3648), (96, 3648),
                                         (6, 80), (768, 600), (40, 200)])
def test_the_fast_cosine_sums_match_the_sums_taken_here(n, bits):
    """``S_k = sum_j c_j cos(pi j k/M)`` by the fast transform (``n`` a power of two, or three
    times one: 6, 96, 768) and by direct sums (``n = 40``), against the same sums on a fresh
    context 100 bits wider, with ``c_j`` the rule's own ``2/(4 j^2 - 1)`` (last
    ``1/(n^2 - 1)``).  Negative control: one coefficient changed by ``2^-8`` moves the sums
    far outside the tolerance."""
    from mpmath.libmp import MPZ

    half = n // 2
    ctx = context(bits + 100)
    one = MPZ(1) << bits
    coeffs = [(2 * one) // (4 * j * j - 1) for j in range(1, half)] + [one // (n * n - 1)]
    table = [MPZ(int(ctx.nint(ctx.cospi(ctx.mpf(m) / n) * one))) for m in range(2 * n)]

    def truth(cs):
        return [ctx.fsum(ctx.mpf(int(cs[j - 1])) / one * ctx.cospi(ctx.mpf(j * k) / half)
                         for j in range(1, half + 1)) for k in range(half + 1)]

    tolerance = ctx.mpf(2) ** -(bits - 40)
    got = [ctx.mpf(int(v)) / one for v in cosine_sums(coeffs, table, bits)]
    assert max(abs(a - b) for a, b in zip(got, truth(coeffs), strict=True)) < tolerance
    wrong = list(coeffs)
    wrong[half // 2] += one >> 8
    assert max(abs(a - b) for a, b in zip(got, truth(wrong), strict=True)) > tolerance * 2**20


def test_a_fast_rule_of_256_points_integrates_polynomials_of_degree_256_exactly():
    prec = 1000
    ctx = context(prec + 20)
    rule = [(ctx.make_mpf(y), ctx.make_mpf(w)) for _, y, w in nodes_weights(256, prec)]
    for j in (0, 1, 7, 100, 255, 256):
        got = ctx.fsum(w * y**j for y, w in rule)
        assert abs(got - ctx.mpf(1) / (j + 1)) < ctx.mpf(2) ** -(prec - 12), j

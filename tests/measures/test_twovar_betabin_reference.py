"""The beta-binomial pair at high precision: its references without digamma, right to every
digit at 300 digits, and a wrong closed form caught there (issue 15).

The expected values are worked here, independently of the package.  For integer a, b the
density times ``b_k`` is a polynomial in p, and ``int p^j ln p dp = -1/(j+1)^2``,
``int p^j ln(1-p) dp = -H_(j+1)/(j+1)`` (H the harmonic number), so every entropy is exact
rationals and logarithms of rationals (``exact_entropies``).  A prior with singular ends is
checked against mpmath's quad after ``p = sin^2 t``.
"""

from fractions import Fraction
from math import comb

import mpmath
import pytest
import sympy as sp
from negative_controls import every_digit_right

from symbolic_info.engine.reference_check import compare_at
from symbolic_info.engine.run import run
from symbolic_info.language import parse_model
from symbolic_info.measures.twovar import request_entry
from symbolic_info.measures.twovar_betabin import betabin_pieces
from symbolic_info.measures.twovar_betabin_reference import betabin_reference
from symbolic_info.numeric.context import new_context


def _poly(a: int, b: int, k: int, m: int) -> list:
    """Coefficients of ``p^(a-1+k) (1-p)^(b-1+m-k)`` by power of p."""
    out = [Fraction(0)] * (a + b + m - 1)
    d = b - 1 + m - k
    for i in range(d + 1):
        out[a - 1 + k + i] += comb(d, i) * (-1) ** i
    return out


def exact_entropies(a: int, b: int, m: int, dps: int) -> dict:
    """H(K), H(K|p), h(p) and I(p;K) of ``p ~ beta(a, b)``, ``K | p ~ binomial(m, p)`` at
    ``dps`` digits, from exact integrals of polynomials times ``ln p`` and ``ln(1 - p)``."""
    c = mpmath.MPContext()
    c.dps = dps + 20
    harmonic = [Fraction(0)]
    for j in range(1, a + b + m + 1):
        harmonic.append(harmonic[-1] + Fraction(1, j))
    z = Fraction(1, 1) / sum(v / (j + 1) for j, v in enumerate(_poly(a, b, 0, 0)))  # 1/B(a, b)

    def moments(poly):  # int poly, int poly ln p, int poly ln(1 - p)
        return (sum(v / (j + 1) for j, v in enumerate(poly)),
                sum(-v / (j + 1) ** 2 for j, v in enumerate(poly)),
                sum(-v * harmonic[j + 1] / (j + 1) for j, v in enumerate(poly)))

    def num(f):
        return c.mpf(f.numerator) / f.denominator

    hk = hkp = c.zero
    for k in range(m + 1):
        w, lp, lq = (z * x for x in moments(_poly(a, b, k, m)))
        q = comb(m, k) * w
        hk -= num(q) * c.log(num(q))
        hkp -= num(q) * c.log(comb(m, k)) + comb(m, k) * (k * num(lp) + (m - k) * num(lq))
    _one, lp, lq = (z * x for x in moments(_poly(a, b, 0, 0)))
    hp = c.log(num(1 / z)) - (a - 1) * num(lp) - (b - 1) * num(lq)
    return {"hy": hk, "hyx": hkp, "hx": hp, "mi": hk - hkp, "hxy": hp + hkp}


@pytest.mark.parametrize("a, b, m", [(2, 2, 10), (1, 1, 30), (20, 3, 7)])
def test_each_reference_is_right_at_300_digits(a, b, m):
    truth = exact_entropies(a, b, m, 300)
    ctx = new_context(300)
    for kind, want in truth.items():
        got = betabin_reference(kind, a, b, m, ctx)
        assert abs(got - want) <= mpmath.mpf(10) ** -298 * max(1, abs(want)), kind


def test_a_prior_with_singular_ends():
    """beta(1/2, 1/2): p = sin^2 t makes f(p) dp = 2/pi dt, the integrand bounded."""
    c = mpmath.MPContext()
    c.dps = 40
    m = 6
    q = [comb(m, k) * c.beta(c.mpf(1) / 2 + k, c.mpf(1) / 2 + m - k) / c.pi for k in range(m + 1)]

    def kl(t):
        p, r = c.sin(t) ** 2, c.cos(t) ** 2
        terms = [(comb(m, k) * p**k * r ** (m - k), q[k]) for k in range(m + 1)]
        return 2 / c.pi * c.fsum(b * c.log(b / qk) for b, qk in terms if b)

    truth = c.quad(kl, [0, c.pi / 4, c.pi / 2])
    half = sp.Rational(1, 2)
    got = betabin_reference("mi", half, half, m, new_context(35))
    assert abs(got - truth) < mpmath.mpf(10) ** -33


MODEL = "p ~ beta(2, 2); k | p ~ binomial(10, p)"


def test_mutual_information_every_digit_at_300_and_a_wrong_closed_form_caught():
    truth = exact_entropies(2, 2, 10, 320)["mi"]
    c = mpmath.MPContext()
    c.dps = 340
    e = request_entry("mutual-information", "model", MODEL, "", None, ())
    d = run(e, {"model": MODEL}, "nats", 300)
    assert d.verified and d.verification.agree_digits >= 300
    assert every_digit_right(d.value, truth)
    assert not every_digit_right(d.value, c.mpf(truth) * (1 + c.mpf(10) ** -295))
    # the closed form 1e-290 off fails against the reference (the engine's own comparison;
    # a corrupted entry would cost a step check of the wrong step, 13 s)
    pieces = betabin_pieces(parse_model(MODEL))
    closed = pieces.hy - pieces.hyx

    def reference(ctx):
        return pieces.reference("mi", {}, ctx)

    assert compare_at(closed, {}, reference, 300).ok
    wrong = compare_at(closed * (1 + sp.Integer(10) ** -290), {}, reference, 300)
    assert not wrong.ok and 280 <= wrong.digits < 300

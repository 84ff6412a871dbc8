"""The reference of a joint density on a region: exact inner integrals for polynomial densities.

Expected values are worked by hand in this file from the density (no SymPy integral, no
code of the package): for ``x + y`` on the unit square the sum ``s = x + y`` has the
triangular density ``s`` on (0, 1) and ``2 - s`` on (1, 2), so

    integral (x + y) ln(x + y) = int_0^1 s^2 ln s + int_1^2 (2 - s) s ln s
                               = -1/9 + (4/3) ln 2 - 13/18,

h(X, Y) = 5/6 - (4/3) ln 2; the marginal ``x + 1/2`` gives h(X) = 1/2 + ln 2 - (9/8) ln 3.
On the triangle 0 < y < x < 1 with ``x = r, y = r t`` (Duffy's map, Jacobian ``r``) the
density ``2(x + y) = 2 r (1 + t)`` separates, and h(X, Y) = 5/6 - (7/3) ln 2.  ``4 x y`` is
the product of two ``2x`` laws: h(X, Y) = 2 (1/2 - ln 2).  Others are checked against
mpmath's two-dimensional quad at low precision (a different rule on the whole square).
"""

import mpmath
import pytest
import sympy as sp
from negative_controls import corrupt_entry

from symbolic_info import derive
from symbolic_info.core import DerivationError
from symbolic_info.engine.run import run
from symbolic_info.measures.twovar import request_entry
from symbolic_info.measures.twovar_region_reference import (
    EXACT_METHOD,
    NESTED_METHOD,
    polynomial_degrees,
    region_reference,
)
from symbolic_info.numeric.context import new_context

X, Y = sp.symbols("x y", positive=True)
SQUARE = ((0, 1), (0, 1), ((0, 1), (0, 1)))
TRIANGLE = ((0, 1), (0, X), ((0, 1), (Y, 1)))  # 0 < y < x < 1, and the same for y first


def mp(dps):
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


def close(a, b, digits):
    ctx = mp(digits + 10)
    a, b = ctx.mpf(a), ctx.mpf(b)
    return abs(a - b) <= ctx.mpf(10) ** -digits * max(1, abs(b))


def exact_function(f, c):
    """``f(x, y)`` on the context ``c``, its rational coefficients kept exact (lambdify
    would round 18/29 to a double)."""
    terms = sp.Poly(f, X, Y).terms()
    coeffs = [(i, j, c.mpf(q.p) / q.q) for (i, j), q in terms]
    return lambda x, y: c.fsum(a * x**i * y**j for i, j, a in coeffs)


def values(f, region, dps):
    ref, method = region_reference(f, X, Y, *region)
    ctx = new_context(dps)
    return [ref(kind, {}, ctx) for kind in ("out", "in", "hxy")], method


def test_x_plus_y_on_the_square_by_hand():
    (hx, hy, hxy), method = values(X + Y, SQUARE, 50)
    c = mp(60)
    assert method == EXACT_METHOD
    assert close(hxy, c.mpf(5) / 6 - 4 * c.ln2 / 3, 50)
    marginal = c.mpf(1) / 2 + c.ln2 - 9 * c.log(3) / 8
    assert close(hx, marginal, 50) and close(hy, marginal, 50)


def test_an_unsymmetric_density_keeps_two_marginals():
    # 2(x + 2y)/3: marginals 2(x + 1)/3 and (1 + 4y)/3 by hand, entropies by mpmath's quad
    (hx, hy, _), _ = values(2 * (X + 2 * Y) / 3, SQUARE, 40)
    c = mp(50)
    assert close(hx, c.quad(lambda x: -2 * (x + 1) / 3 * c.log(2 * (x + 1) / 3), [0, 1]), 40)
    assert close(hy, c.quad(lambda y: -(1 + 4 * y) / 3 * c.log((1 + 4 * y) / 3), [0, 1]), 40)


def test_a_corner_zero_at_the_apex_of_a_triangle_by_hand():
    (hx, hy, hxy), _ = values(2 * (X + Y), TRIANGLE, 50)
    c = mp(60)
    assert close(hxy, c.mpf(5) / 6 - 7 * c.ln2 / 3, 50)
    # marginals 3x^2 and 1 + 2y - 3y^2, by hand; their entropies by mpmath's own quad
    assert close(hx, c.quad(lambda x: -3 * x**2 * c.log(3 * x**2), [0, 1]), 45)
    assert close(hy, c.quad(lambda y: -(1 + 2 * y - 3 * y**2) * c.log(1 + 2 * y - 3 * y**2),
                            [0, 1]), 45)


def test_a_density_that_vanishes_on_two_whole_edges():
    (hx, hy, hxy), _ = values(4 * X * Y, SQUARE, 50)
    c = mp(60)
    assert close(hx, c.mpf(1) / 2 - c.ln2, 50) and close(hxy, 1 - 2 * c.ln2, 50)


@pytest.mark.parametrize("f", [3 * X * Y * (X + Y),               # real roots 0 and -x
                               3 * (X**2 + Y**2 + 1) / 5,           # complex roots +-i sqrt(x^2+1)
                               sp.Rational(6, 5) * (X**2 + X * Y + Y / 2)])
def test_degree_two_against_a_two_dimensional_rule(f):
    (_, _, hxy), _ = values(f, SQUARE, 30)
    c = mp(20)
    fn = exact_function(f, c)
    truth = c.quad(lambda x, y: -fn(x, y) * c.log(fn(x, y)) if fn(x, y) > 0 else 0,
                   [0, 1], [0, 1])
    assert close(hxy, truth, 15)


def test_a_leading_coefficient_that_vanishes_inside():
    # at x = 1/2 the degree in y drops from 2 to 1: a root runs off to infinity there
    f = sp.Rational(18, 29) * ((2 * X - 1) ** 2 * Y**2 + Y + 1)
    (_, _, hxy), _ = values(f, SQUARE, 30)
    c = mp(25)
    fn = exact_function(f, c)
    truth = c.quad(lambda x, y: -fn(x, y) * c.log(fn(x, y)), [0, 0.5, 1], [0, 1])
    assert close(hxy, truth, 20)


def test_a_double_root_inside_the_square():
    # 6 (x - y)^2 vanishes on the diagonal; u = x - y has the density 1 - |u| on (-1, 1)
    (_, _, hxy), _ = values(6 * (X - Y) ** 2, SQUARE, 50)
    c = mp(60)
    truth = -2 * c.quad(lambda u: (1 - u) * 6 * u**2 * c.log(6 * u**2), [0, 1])
    assert close(hxy, truth, 50)


def test_the_roots_are_found_in_either_order():
    # degree 3 in y, 1 in x: the joint integral runs over x inside, y outside
    f = 4 * Y**3 * (X + sp.Rational(1, 2))
    (_, _, hxy), method = values(f, SQUARE, 40)
    c = mp(50)
    # a product of 4y^3 and x + 1/2: h = h(4y^3) + h(x + 1/2), each one-dimensional
    truth = c.quad(lambda y: -4 * y**3 * c.log(4 * y**3), [0, 1]) + \
        c.quad(lambda x: -(x + c.mpf(1) / 2) * c.log(x + c.mpf(1) / 2), [0, 1])
    assert method == EXACT_METHOD and close(hxy, truth, 40)


def test_a_polynomial_in_one_variable_only():
    # (3/2) sqrt(x) * 2y: h = h(3 sqrt(x)/2) + h(2y) = (1/3 - ln(3/2)) + (1/2 - ln 2) by hand
    f = 3 * sp.sqrt(X) * Y
    assert polynomial_degrees(f, X, Y) == (None, 1)
    (hx, hy, hxy), method = values(f, SQUARE, 50)
    c = mp(60)
    assert method == EXACT_METHOD
    assert close(hx, c.mpf(1) / 3 - c.log(c.mpf(3) / 2), 50)
    assert close(hy, c.mpf(1) / 2 - c.ln2, 50)
    assert close(hxy, c.mpf(5) / 6 - c.log(3), 50)
    # y as the outer variable: the roots are then taken in the outer one (the swapped order)
    ref, _ = region_reference(f, Y, X, (0, 1), (0, 1), ((0, 1), (0, 1)))
    assert close(ref("hxy", {}, new_context(50)), c.mpf(5) / 6 - c.log(3), 50)


def test_a_density_singular_at_a_corner_keeps_the_nested_rule():
    # k/sqrt(x + y), k = 3/(8 (sqrt 2 - 1)); s = x + y has the density s on (0, 1) and 2 - s
    # on (1, 2) under the uniform square, so h = -int phi(s) w(s) ds with phi = f ln f
    f = 3 / (8 * (sp.sqrt(2) - 1)) / sp.sqrt(X + Y)
    (_, _, hxy), method = values(f, SQUARE, 20)
    c = mp(30)
    k = c.mpf(3) / (8 * (c.sqrt(2) - 1))

    def phi(s):
        return k / c.sqrt(s) * c.log(k / c.sqrt(s))
    truth = -(c.quad(lambda s: s * phi(s), [0, 1]) + c.quad(lambda s: (2 - s) * phi(s), [1, 2]))
    assert method == NESTED_METHOD and close(hxy, truth, 19)


def test_other_densities_keep_the_nested_rule():
    f = sp.exp(-X - Y)
    assert polynomial_degrees(f, X, Y) == (None, None)
    assert region_reference(f, X, Y, (0, sp.oo), (0, sp.oo), ((0, sp.oo), (0, sp.oo)))[1] \
        == NESTED_METHOD
    assert region_reference(X + Y, X, Y, (0, sp.oo), (0, 1), ((0, 1), (0, sp.oo)))[1] \
        == NESTED_METHOD


def test_mutual_information_of_x_plus_y_at_100_and_300_digits():
    # fails on the old code: nested quad did not finish (stopped after 20 min at 100 digits)
    c = mp(320)
    hx = c.mpf(1) / 2 + c.ln2 - 9 * c.log(3) / 8
    truth = 2 * hx - (c.mpf(5) / 6 - 4 * c.ln2 / 3)
    for dps in (100, 300):
        d = derive("mutual-information", joint="x + y on [0,1]^2", dps=dps)
        assert d.verified and d.verification.agree_digits >= dps
        assert close(d.value, truth, dps - 2)


def test_a_corner_zero_on_a_triangle_verifies_at_100_digits():
    # the marginal of y, integral of 2(x + y) over y < x < 1, was not verified on the old
    # code (SymPy's simplify left 2y^2 + 2y(1 - y) - 2y); h(X,Y) = 5/6 - (7/3) ln 2 by hand
    d = derive("joint-entropy", joint="2*(x + y) on 0 < y < x < 1", dps=100)
    c = mp(110)
    assert d.verified and all(s.check.ok for s in d.steps)
    assert close(d.value, c.mpf(5) / 6 - 7 * c.ln2 / 3, 98)


def test_a_wrong_closed_form_is_caught_at_300_digits():
    text = "x + y on [0,1]^2"
    e = request_entry("joint-entropy", "joint", text, "", None, (), ())
    bad = corrupt_entry(e, lambda rhs: rhs + sp.Integer(10) ** -290)
    d = run(bad, {"joint": text}, "nats", 300)
    assert not d.verified and not d.verification.ok
    assert 280 <= d.verification.agree_digits < 300


def test_x_plus_y_is_right_to_1000_digits():
    """The right value to 1000 digits against the textbook's 5/6 - 4 ln 2 / 3; a wrong
    closed form is caught at 300 digits above (the same reference; at 1000 digits its
    failing step checks doubled this test's time)."""
    text = "x + y on [0,1]^2"
    e = request_entry("joint-entropy", "joint", text, "", None, (), ())
    good = run(e, {"joint": text}, "nats", 1000)
    c = mp(1010)
    assert good.verified and good.verification.agree_digits >= 1000
    assert close(good.value, c.mpf(5) / 6 - 4 * c.ln2 / 3, 999)


def test_a_wrong_marginal_step_is_caught():
    text = "2*(x + y) on 0 < y < x < 1"
    e = request_entry("joint-entropy", "joint", text, "", None, (), ())
    bad = corrupt_entry(e, lambda rhs: rhs * (1 + sp.Integer(10) ** -40), index=0)
    d = run(bad, {"joint": text}, "nats", 50)
    assert not d.steps[0].check.ok and not d.verified


def test_the_grammars_own_example_region_a_triangle_under_1_minus_x():
    """Uniform on 0 < x < 1, 0 < y < 1 - x (the docstring's example, refused before):
    h(X, Y) = -ln 2; the marginal 2(1 - x) has h(X) = 1/2 - ln 2 (u = 1 - x:
    -int 2u ln(2u) = -ln 2 + 1/2), the same for y, so I = 1 - ln 2."""
    d = derive("mutual-information", joint="2 on 0 < x < 1, 0 < y < 1 - x")
    c = mp(60)
    assert d.verified and close(d.value, 1 - c.ln2, 45)


def test_an_absolute_value_density_on_the_square_is_one_clear_line():
    """3|x - y| on the unit square: SymPy's integral of -f ln f is nan (it takes log(-x)
    branches), which was "cannot evaluate NaN numerically"; now it says what failed."""
    with pytest.raises(DerivationError) as err:
        derive("mutual-information", joint="3*abs(x - y) on [0,1]^2")
    assert "no closed form found" in str(err.value) and "\n" not in str(err.value)

"""A joint density with a parameter: ``--param theta=2`` is put in before the integrals.

Expected values by this file's own quadrature of -f ln f (one- and two-dimensional,
mpmath on a fresh context), from the density written out here.
"""

import mpmath
import sympy as sp
from negative_controls import corrupt_entry, refused_in_one_line

from symbolic_info import derive
from symbolic_info.engine.run import run
from symbolic_info.measures.twovar import request_entry

PRODUCT = "(theta + 1)*x^theta*2*y on [0,1]^2"
MIXED = "theta*x + (2 - theta)*y on [0,1]^2"


def ctx30():
    ctx = mpmath.MPContext()
    ctx.dps = 30
    return ctx


def neg_plogp(ctx, v):
    return -v * ctx.log(v) if v > 0 else ctx.zero


def agree(text, truth, digits):
    ctx = ctx30()
    return abs(ctx.mpf(text) - truth) <= ctx.mpf(10) ** -digits * max(1, abs(truth))


def test_a_product_density_with_theta_given():
    ctx = ctx30()
    h_x = ctx.quad(lambda x: neg_plogp(ctx, 3 * x**2), [0, 1])
    h_y = ctx.quad(lambda y: neg_plogp(ctx, 2 * y), [0, 1])
    d = derive("joint-entropy", joint=PRODUCT, theta="2")
    assert d.verified and agree(d.value, h_x + h_y, 25)
    assert "theta" in d.params
    mi = derive("mutual-information", joint=PRODUCT, theta="2")
    assert mi.verified and sp.simplify(mi.result) == 0


def test_a_dependent_density_with_theta_given():
    """theta = 1/2: f = x/2 + 3y/2; I by two-dimensional quadrature from the definition."""
    ctx = ctx30()
    half = ctx.mpf(1) / 2

    def f(x, y):
        return half * x + 3 * half * y

    h_xy = ctx.quad(lambda x, y: neg_plogp(ctx, f(x, y)), [0, 1], [0, 1])
    h_x = ctx.quad(lambda x: neg_plogp(ctx, half * x + 3 * half / 2), [0, 1])
    h_y = ctx.quad(lambda y: neg_plogp(ctx, half / 2 + 3 * half * y), [0, 1])
    d = derive("mutual-information", joint=MIXED, theta="1/2")
    assert d.verified and agree(d.value, h_x + h_y - h_xy, 20)


def test_bad_values_are_one_line():
    refused_in_one_line("negative", "joint-entropy", joint=PRODUCT, theta="-3")
    refused_in_one_line("is not a number", "joint-entropy", joint=PRODUCT, theta="abc")
    refused_in_one_line("negative", "joint-entropy", joint=MIXED, theta="3")
    refused_in_one_line("needs their values", "joint-entropy", joint=MIXED,
                        assume="0 < theta < 2")


def test_a_wrong_value_is_caught():
    e = request_entry("joint-entropy", "joint", PRODUCT, "", None, (), (("theta", "2"),))
    bad = corrupt_entry(e, lambda rhs: rhs + sp.Rational(1, 10**9))
    d = run(bad, {"joint": PRODUCT, "theta": "2"}, "nats", 30)
    assert not d.steps[-1].check.ok and not d.verified

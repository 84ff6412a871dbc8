"""The reference's cells of a density ``g(x) exp(quadratic)`` by recurrences of the exponential
(numeric/gauss_product.py), at 300 digits.

Every expected mass is computed here from an antiderivative in closed form in a fresh mpmath
context (``x^2 e^{-x}``: ``-(x^2 + 2x + 2) e^{-x}``; ``x e^{-x^2/2}``: ``-e^{-x^2/2}``), or
for the Gamma(5/2) law from mpmath's regularised incomplete gamma function: never from the
walk.  Negative controls: a walk whose step factor is off by 1e-280, and a reference whose
one cell mass is off by 1e-250, are caught at 300 digits.
"""

import mpmath
import pytest
import sympy as sp

from symbolic_info.numeric import gauss_cells, gauss_product
from symbolic_info.numeric.context import new_context
from symbolic_info.numeric.gauss_rules import gauss_legendre_points

X = sp.Symbol("x", positive=True)
DPS = 300


def _ctx(dps):
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


def _rule(m):
    return tuple(zip(*gauss_legendre_points(m, DPS + 20), strict=True))


def _walked(shape, delta, cells):
    g, form = gauss_product.product_form(shape, X)
    return gauss_product.product_cells(g, X, form, delta, cells, _rule, new_context(DPS))


@pytest.mark.parametrize("shape, antiderivative", [
    (X**2 * sp.exp(-X), lambda c, x: -(x * x + 2 * x + 2) * c.exp(-x)),  # C = 0
    (X * sp.exp(-X**2 / 2), lambda c, x: -c.exp(-x * x / 2)),  # C != 0: W_j and G walk too
])
def test_walked_masses_match_the_antiderivative_at_300_digits(shape, antiderivative):
    ctx = _ctx(DPS + 40)
    delta = sp.Rational(1, 100)
    # fewer digits away from the cell 285: walked both ways from it, restarted as they fall
    cells = [(i, 96, DPS - abs(i - 285) // 2) for i in range(150, 420)]
    got = _walked(shape, delta, cells)
    for (i, _n, digits), mass in zip(cells, got, strict=True):
        want = antiderivative(ctx, ctx.mpf(i + 1) / 100) - antiderivative(ctx, ctx.mpf(i) / 100)
        assert abs(ctx.mpf(mass) / want - 1) < ctx.mpf(10) ** -(digits - 2), i


def test_a_wrong_step_factor_is_caught(monkeypatch):
    """G off by a relative 1e-280 moves every cell after the first by as much."""
    real = gauss_product._Walk.__init__

    def spoilt(self, *args):
        real(self, *args)
        with gauss_product.gmpy2.context(precision=self.bits):
            self.g *= 1 + gauss_product.gmpy2.mpfr(10) ** -280

    monkeypatch.setattr(gauss_product._Walk, "__init__", spoilt)
    ctx = _ctx(DPS + 40)
    got = _walked(X**2 * sp.exp(-X), sp.Rational(1, 100), [(200, 96, DPS), (201, 96, DPS)])
    exact = lambda x: -(x * x + 2 * x + 2) * ctx.exp(-x)  # noqa: E731
    want = exact(ctx.mpf(202) / 100) - exact(ctx.mpf(201) / 100)
    assert abs(ctx.mpf(got[1]) / want - 1) > ctx.mpf(10) ** -(DPS - 2)


def test_product_form_takes_only_what_it_can_walk():
    assert gauss_product.product_form(X**sp.Rational(3, 2) * sp.exp(-X), X)[1] == (0, -1, 0)
    assert gauss_product.product_form(sp.exp(-X**2), X) is None  # gauss_quadratic's
    assert gauss_product.product_form(X**2, X) is None  # no exponential to walk
    assert gauss_product.product_form(sp.exp(-X**3) * X, X) is None
    assert gauss_product.product_form(sp.exp(-X) / (1 + sp.exp(-X)), X) is None


def _gamma3_entropy(ctx, delta, cells):
    """-sum p ln p of Gamma(3, 1) (density x^2 e^-x / 2) over the cells, each p from the
    antiderivative -(x^2 + 2x + 2) e^-x / 2."""
    edges = [-(x * x + 2 * x + 2) * ctx.exp(-x) / 2 for x in
             (ctx.mpf(i) * delta for i in range(cells + 1))]
    masses = [b - a for a, b in zip(edges, edges[1:], strict=False)]
    return -ctx.fsum(p * ctx.log(p) for p in masses)


def test_gamma_reference_walks_and_a_wrong_cell_is_caught(monkeypatch):
    """The Gamma(3, 1) reference at delta 1/5 and 300 digits: its smooth cells go by the
    walk (spied), the sum matches the antiderivative's; one cell off by 1e-250 is not."""
    delta = sp.Rational(1, 5)
    f = X**2 * sp.exp(-X) / 2
    cells = 3700  # out to x = 740: the mass beyond is below 1e-310
    ctx = _ctx(DPS + 20)
    want = _gamma3_entropy(ctx, ctx.mpf(1) / 5, cells)
    calls = []
    real = gauss_product.product_cells

    def spy(*args, **kwargs):
        out = real(*args, **kwargs)
        calls.append(sum(v is not None for v in out))
        return out

    monkeypatch.setattr(gauss_cells, "product_cells", spy)
    work = new_context(DPS)
    got = gauss_cells.quadrature_cells(f, X, sp.Integer(0), sp.oo, delta, 0, cells, work)
    assert calls and calls[0] > cells - 10
    assert abs(ctx.mpf(got) - want) < ctx.mpf(10) ** -(DPS - 1)

    def spoilt(*args, **kwargs):
        out = real(*args, **kwargs)
        out[40] *= 1 + work.mpf(10) ** -250
        return out

    monkeypatch.setattr(gauss_cells, "product_cells", spoilt)
    bad = gauss_cells.quadrature_cells(f, X, sp.Integer(0), sp.oo, delta, 0, cells, work)
    assert abs(ctx.mpf(bad) - want) > ctx.mpf(10) ** -(DPS - 1)

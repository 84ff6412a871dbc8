"""Gauss-Legendre cell masses of a density ``g(x) exp(A + B x + C x^2)`` (the Gamma, the
chi-squared, the Maxwell, the Rayleigh) with the exponential by recurrences and only ``g``
(a power, a polynomial) evaluated at each node: the reference side of
``quantised-entropy`` at 300 and 1000 digits (:func:`product_cells`).

On the cell ``[c - h, c + h]`` with ``q(x) = A + B x + C x^2`` and ``s = q'(c)``, the node
``x_j = c + h t_j`` of the m-point rule (weights ``w_j``) has

    e^{q(x_j)} = e^{q(c)} e^{s h t_j} e^{C h^2 t_j^2},

so the cell's mass is ``h e^{q(c)} sum_j W_j g(x_j)`` with ``W_j = w_j e^{s h t_j + C h^2
t_j^2}``.  From one cell to the next (``c -> c + D``, ``D = +-delta``) ``e^{q(c)}`` is
multiplied by ``G = e^{q(c + D) - q(c)}``, ``G`` itself by ``e^{2 C D^2}``, and each ``W_j``
by ``K_j = e^{2 C D h t_j}`` (nothing when ``C = 0``): exact identities of the exponential,
so no ``exp`` per node (an ``exp`` at 1000 bits costs about 9 us, a ``sqrt`` 0.7 us: the
Gamma(5/2) reference at 300 digits spent 17 of its 20 s in ``exp``).  The rule, its node
count and the nodes are those of :mod:`.gauss_cells`'s MPFR cells; only the exponential's
rounding differs.  Each operation is correctly rounded (MPFR): after ``n`` steps ``W_j``
carries at most ``n`` rounding errors, ``G`` ``n`` and ``e^{q(c)}`` about ``n^2 / 2``, and
``e^{q(c)}`` at the walk's start is off by ``|q(c)|`` units, so the walk carries ``2
log2(n) + log2(1 + |A| + |B| x + |C| x^2) + 16`` bits above a cell's digits
(:func:`product_guard`) and starts afresh every :data:`BLOCK` cells.  A density is never
replaced by its CDF here: this stays the reference, independent of the value.

>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> product_form(x**sp.Rational(3, 2) * sp.exp(-x), x)
(x**(3/2), (0, -1, 0))
>>> product_form(sp.exp(-x**2 / 2), x) is None  # exp(quadratic) alone: gauss_quadratic
True
"""

from __future__ import annotations

import math

import sympy as sp

from .gauss_quadratic import quadratic_form
from .mpfr_eval import compile_mpfr, gmpy2, to_mpfr, to_mpmath

__all__ = ["product_form", "product_cells", "product_guard", "exponential_factor", "BLOCK"]

BLOCK = 2048
"""Most cells one walk takes before it starts afresh from ``exp`` (the rounding errors of
``e^{q(c)}`` grow like the square of the steps; each block is also one job of
:func:`~.two_cores.run_jobs`)."""


def exponential_factor(g: sp.Expr) -> tuple:
    """``(L, r)`` with ``g = r * exp(L)``: the exponential factors of a product collected.

    The maximum-entropy quadrature then substitutes ``x = anchor + y`` into ``L`` (a
    polynomial, for the stationary densities) rather than into ``exp(L)``, whose automatic
    simplification queries SymPy's assumptions at every substitution
    (:mod:`symbolic_info.measures.maxent_continuous`), and :func:`product_form` reads ``L``
    as a quadratic; ``L = 0`` when ``g`` has none.

    >>> x = sp.Symbol("x", real=True)
    >>> exponential_factor(3 * x**2 * sp.exp(-x**2 / 2))
    (-x**2/2, 3*x**2)
    >>> exponential_factor(sp.log(x))
    (0, log(x))
    """
    exponent, rest = sp.Integer(0), []
    for factor in sp.Mul.make_args(g):
        if isinstance(factor, sp.exp):
            exponent += factor.args[0]
        else:
            rest.append(factor)
    return exponent, sp.Mul(*rest)


def product_form(shape, var):
    """``(g, (A, B, C))`` when ``shape`` is ``g(var) exp(A + B var + C var^2)`` with ``g``
    depending on ``var``, free of ``exp`` and compiled by MPFR, and ``B`` or ``C`` not 0;
    else None (a pure ``exp(quadratic)`` goes to :mod:`.gauss_quadratic`)."""
    if gmpy2 is None:
        return None
    exponent, g = exponential_factor(shape)
    if not g.has(var) or g.has(sp.exp) or compile_mpfr(g, var) is None:
        return None
    form = quadratic_form(sp.exp(exponent), var)
    if form is None or (form[1] == 0 and form[2] == 0):
        return None
    return g, form


def product_guard(form, size: float, steps: int) -> int:
    """Bits a walk of at most ``steps`` cells at ``|x| <= size`` carries above a cell's
    digits (module docstring), or None when the exponent is not finite in doubles.

    >>> product_guard((0, -1, 0), 740.0, 2048)
    50
    """
    try:
        a, b, c = (abs(float(v)) for v in form)
    except (OverflowError, TypeError, ValueError):
        return None
    spread = 1 + a + b * size + c * size * size
    if not math.isfinite(spread):
        return None
    return 2 * math.ceil(math.log2(steps + 1)) + math.ceil(math.log2(spread)) + 16


class _Walk:
    """The recurrences of one run of cells of ``delta`` walked in steps of ``direction``,
    started at the cell ``i`` with the rule ``pairs`` (MPFR ``(t, w)``) at ``bits``."""

    def __init__(self, form, delta, i: int, direction: int, bits: int, pairs):
        self.bits, self.i, self.direction, self.q2 = bits, i, direction, 2 * delta.q
        self.p = delta.p
        with gmpy2.context(precision=bits):
            A, B, C = (compile_mpfr(v, sp.Dummy())(gmpy2.mpfr(0)) for v in form)
            d = gmpy2.mpfr(delta.p) / delta.q
            h, D, c = d / 2, direction * d, self._centre()
            s = B + 2 * C * c
            self.h = h
            self.offsets = [h * t for t, _w in pairs]
            self.f = gmpy2.exp(A + B * c + C * c * c)
            self.g = gmpy2.exp(B * D + 2 * C * c * D + C * D * D)
            self.growth = gmpy2.exp(2 * C * D * D) if C != 0 else None
            self.w = [w * gmpy2.exp(s * h * t + C * h * h * t * t) for t, w in pairs]
            self.k = [gmpy2.exp(2 * C * D * h * t) for t, _w in pairs] if C != 0 else None

    def _centre(self):
        """The centre of the cell ``i``, ``(2 i + 1) p / (2 q)``, rounded once."""
        return gmpy2.mpfr((2 * self.i + 1) * self.p) / self.q2

    def mass(self, g):
        """The cell's integral of ``g e^q`` (MPFR), then one step on."""
        with gmpy2.context(precision=self.bits):
            c = self._centre()
            total = gmpy2.fsum([w * g(c + o) for w, o in zip(self.w, self.offsets,
                                                              strict=True)])
            out = self.h * self.f * total
            self.f *= self.g
            if self.growth is not None:
                self.g *= self.growth
                self.w = [w * k for w, k in zip(self.w, self.k, strict=True)]
        self.i += self.direction
        return out


def _walk(g_expr, var, form, delta, run, direction: int, rules, guard: int, ctx) -> list:
    """Raw masses (``_mpf_``, or None where a value is not finite or not positive) of the
    cells ``run`` (``(i, nodes, digits)``, consecutive in ``direction``), one walk started
    afresh where the count or the precision changes."""
    coeff, rest = g_expr.as_independent(var, as_Add=False)  # the constant once a cell:
    g, k = compile_mpfr(rest, var), compile_mpfr(coeff, var)  # 1/sqrt(pi) at each node was
    if k is None:  # half the square roots of the gamma's cells
        g = compile_mpfr(g_expr, var)
    out, walk, nodes_now = [], None, None
    for i, nodes, digits in run:
        bits = int(digits * 3.33) + 16 + guard
        if walk is None or nodes != nodes_now or walk.i != i or bits > walk.bits \
                or bits < walk.bits - 64:
            with gmpy2.context(precision=bits):
                pairs = [(gmpy2.mpfr(t), gmpy2.mpfr(w)) for t, w in rules[nodes]]
            walk, nodes_now = _Walk(form, delta, i, direction, bits, pairs), nodes
        try:
            v = walk.mass(g)
            if k is not None:
                with gmpy2.context(precision=walk.bits):
                    v = v * k(v)
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            out.append(None)
            walk = None
            continue
        out.append(to_mpmath(v, ctx)._mpf_ if gmpy2.is_finite(v) and v > 0 else None)
    return out


def product_cells(g_expr, var, form, delta, cells, rule, ctx) -> list:
    """The Gauss-Legendre integral of ``g_expr * exp(A + B var + C var^2)`` (``form =
    (A, B, C)``) over each cell of ``cells`` (``(i, nodes, digits)``, increasing ``i``; the
    cell ``i`` is ``[i delta, (i + 1) delta]``), on ``ctx``, with the rule ``rule(nodes)``
    (mpmath ``(t, w)`` pairs at the most digits of any cell); None for a cell left to the
    caller.  Walked outward from the cell with the most digits, in blocks of
    :data:`BLOCK` consecutive cells shared by both cores
    (:func:`~.two_cores.run_jobs`).

    >>> import sympy as sp
    >>> from symbolic_info.numeric.context import new_context
    >>> from symbolic_info.numeric.gauss_rules import gauss_legendre_points
    >>> x, ctx = sp.Symbol("x"), new_context(40)
    >>> rule = lambda m: tuple(zip(*gauss_legendre_points(m, 60)))
    >>> g, form = product_form(x**2 * sp.exp(-x), x)
    >>> v = product_cells(g, x, form, sp.Rational(1, 10), [(10, 24, 40), (11, 24, 40)], rule,
    ...                   ctx)
    >>> exact = lambda a: -(a * a + 2 * a + 2) * ctx.exp(-a)  # an antiderivative
    >>> [bool(abs(m / (exact(ctx.mpf(i + 1) / 10) - exact(ctx.mpf(i) / 10)) - 1) < 1e-38)
    ...  for m, i in zip(v, (10, 11))]
    [True, True]
    """
    from .two_cores import run_jobs

    if not cells:
        return []
    d = sp.Rational(delta)
    size = (max(abs(i) for i, _n, _dg in cells) + 1) * float(d)
    guard = product_guard(form, size, BLOCK)
    if guard is None:
        return [None] * len(cells)
    rules = {}
    for _i, nodes, _dg in cells:
        if nodes not in rules:  # exact MPFR copies, made before any fork
            rules[nodes] = tuple((to_mpfr(t), to_mpfr(w)) for t, w in rule(nodes))
    peak = max(range(len(cells)), key=lambda j: cells[j][2])
    runs = []  # (first position, direction, cells in walking order)
    for part, direction in ((cells[peak:], 1), (cells[:peak][::-1], -1)):
        pieces = [[part[0]]] if part else []
        for cell in part[1:]:
            previous = pieces[-1][-1]
            if cell[0] == previous[0] + direction and len(pieces[-1]) < BLOCK:
                pieces[-1].append(cell)
            else:
                pieces.append([cell])
        position = peak if direction > 0 else peak - 1
        for piece in pieces:
            runs.append((position, direction, piece))
            position += direction * len(piece)
    raws = run_jobs([lambda r=r: _walk(g_expr, var, form, d, r[2], r[1], rules, guard, ctx)
                     for r in runs])
    out = [None] * len(cells)
    for (position, direction, _piece), values in zip(runs, raws, strict=True):
        for k, raw in enumerate(values):
            out[position + direction * k] = None if raw is None else ctx.make_mpf(raw)
    return out

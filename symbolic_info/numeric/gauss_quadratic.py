"""Gauss-Legendre cell masses of a density ``exp(A + B x + C x^2)`` (the normal, the
exponential away from its end) without an ``exp`` per node: the reference side of
``quantised-entropy`` at 300 and 1000 digits (:func:`quadratic_masses`).

On a panel of half-width ``h`` centred at ``c`` the density is
``e^{q(c)} e^{s h t} e^{C h^2 t^2}`` with ``q(x) = A + B x + C x^2``, ``s = q'(c)`` and ``t`` in
[-1, 1], so the m-point rule (``m`` even, nodes ``+-t_j``, weights ``w_j``) gives

    mass = h e^{q(c)} sum_j W_j (E_j + 1/E_j),   W_j = w_j e^{C h^2 t_j^2},  E_j = e^{s h t_j},

and from one panel to the next (``c -> c + D``) ``s h t_j`` grows by ``phi_j = 2 C D h t_j``,
so ``H_j = E_j + 1/E_j = 2 cosh(s h t_j)`` follows the three-term recurrence
``H_j <- K_j H_j - H_j'`` (``H_j'`` the previous panel's, ``K_j = 2 cosh(phi_j)``:
``cosh(x + y) + cosh(x - y) = 2 cosh x cosh y``), one fused multiply-subtract per pair of
nodes, and ``e^{q(c)}`` is multiplied by ``e^{q(c + D) - q(c)}``, whose own factor is
multiplied by ``e^{2 C D^2}``: exact identities of the exponential, no ``exp`` per node
(about 200 times cheaper at 3400 bits).  The rule is the same Gauss-Legendre sum of the
density as in :mod:`.gauss_cells`, never a CDF.  Each operation is correctly rounded (MPFR);
a rounding error made k panels before the n-th grows by ``U_k(cosh phi) = sinh((k + 1)
phi) / sinh(phi) <= (k + 1) cosh(k phi)`` (Chebyshev polynomials of the second kind;
Mason & Handscomb, *Chebyshev Polynomials*, 2003, Sec. 1.2.2), while ``H`` itself grows by
``cosh(k phi)`` on a walk that moves away from the mode, so after n steps the relative
error is at most about ``n^2 2^-p``; the rounded ``K_j`` is exact for an angle off by at
most ``2^-p / phi_j``, a phase error of ``n 2^-p / phi_j``; so the precision carries
``2 log2(n) + log2(1 / phi_min)`` more bits (:func:`walk_guard`).

The node count is rigorous for this integrand: ``g(t) = e^{a t + b t^2}`` (``a = s h``,
``b = C h^2``) is entire, bounded on the Bernstein ellipse E_rho by
``M = exp(|a| alpha + |b| alpha^2)`` with ``alpha = (rho + 1/rho)/2``, and the m-point Gauss
rule errs by at most ``64 M / (15 (rho^2 - 1) rho^(2m))`` (Trefethen, *Approximation Theory
and Approximation Practice*, Theorem 19.3), while the integral is at least
``2 exp(-|a| - |b|)``.  A cell that needs more than the largest rule is split into 2, 4, ...
equal panels (:func:`panel_plan`), so the reference reaches the requested digits.

>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> quadratic_form(sp.exp(-x**2 / 2), x)
(0, 0, -1/2)
>>> panel_plan(0.0, 0.0, 50), panel_plan(40.0, 0.0, 1000)[0] > 1
((1, 4), True)
"""

from __future__ import annotations

import math
from functools import lru_cache

import sympy as sp

from .gauss_rules import NODE_COUNTS, gauss_legendre_points
from .mpfr_eval import compile_mpfr, gmpy2, to_mpfr

__all__ = ["quadratic_form", "panel_plan", "quadratic_masses", "quadratic_cells", "COUNTS",
           "walk_guard", "term_digits"]

COUNTS = (*NODE_COUNTS, 192, 256)
"""The rules in use here: those of :mod:`.gauss_cells` and two larger ones (at 1000 digits
one rule of 256 nodes serves a cell a tenth of the normal's scale wide, where 160 nodes
would need 8 panels)."""
MAX_PANELS = 64
"""Most panels one cell is split into here; a cell that needs more is left to the caller."""


def quadratic_form(shape, var):
    """``(A, B, C)`` (SymPy real numbers) when ``shape`` is ``exp(A + B var + C var^2)``
    (a product of exponentials and positive constants), else None."""
    exponent, constant = sp.Integer(0), sp.Integer(1)
    for factor in sp.Mul.make_args(shape):
        if isinstance(factor, sp.exp):
            exponent += factor.args[0]
        elif not factor.has(var) and factor.is_positive:
            constant *= factor
        else:
            return None
    try:
        poly = sp.Poly(sp.expand(exponent), var)
    except sp.PolynomialError:
        return None
    if poly.degree() > 2:
        return None
    coeffs = list(reversed(poly.all_coeffs())) + [sp.Integer(0)] * 2
    a, b, c = coeffs[:3]
    if not all(v.is_number and v.is_real for v in (a, b, c)) or not constant.is_number:
        return None
    out = (a + sp.log(constant), b, c)  # not simplified: MPFR evaluates it as it stands
    # (SymPy's first simplify cost 0.17 s, much of a 300-digit normal's fixed cost)
    if gmpy2 is None or any(compile_mpfr(v, var) is None for v in out):
        return None
    return out


def _log10_bound(a: float, b: float, m: int) -> float:
    """log10 of the relative error bound of the m-point rule on ``e^{a t + b t^2}``
    (``a, b >= 0``) at the ellipse parameter that about minimises it: for large rho,
    ``alpha ~ rho / 2`` and the log of the bound is ``a rho / 2 + b rho^2 / 4 - 2 (m + 1)
    ln rho`` plus constants, least where ``b rho^2 + a rho = 4 (m + 1)``.  Any rho > 1 gives
    a valid bound, so the approximate minimiser costs rigour nothing."""
    n = 4 * (m + 1)
    if b > 0:
        rho = (-a + math.sqrt(a * a + 4 * b * n)) / (2 * b)
    else:
        rho = n / a if a > 0 else 1e100
    rho = min(max(rho, 1.5), 1e100)
    alpha = (rho + 1 / rho) / 2
    return (math.log10(64 / 30) + (a * (alpha + 1) + b * (alpha * alpha + 1)) / math.log(10)
            - 2 * m * math.log10(rho) - math.log10(rho * rho - 1))


@lru_cache(maxsize=4096)
def _plan(a_step: int, b: float, digits: int) -> tuple | None:
    """The plan of :func:`panel_plan` with the fewest nodes in all (``k m``)."""
    a = 2.0 ** (a_step / 16) if a_step > -10**6 else 0.0
    best, k = None, 1
    while k <= MAX_PANELS and (best is None or k * COUNTS[0] < best[0] * best[1]):
        m = next((m for m in COUNTS if _log10_bound(a / k, b / (k * k), m) < -(digits + 2)),
                 None)
        if m is not None and (best is None or k * m < best[0] * best[1]):
            best = (k, m)
        k *= 2
    return best


def panel_plan(a: float, b: float, digits: int) -> tuple | None:
    """``(k, m)``: panels ``k`` (a power of 2) and nodes ``m`` (one of :data:`COUNTS`; the
    fewest nodes ``k m`` in all) whose bound is below ``10^-(digits + 2)`` for a cell
    whose integrand on [-1, 1] is ``e^{a t + b t^2}`` (``|a|``, ``|b|`` upper bounds over
    the cell; ``|a|`` rounded up to a step of 2^(1/16)); None beyond :data:`MAX_PANELS`
    panels or for a bound that is not finite."""
    a, b = abs(a), abs(b)
    if not (math.isfinite(a) and math.isfinite(b)):
        return None
    a_step = math.ceil(16 * math.log2(a)) if a > 0 else -10**7
    return _plan(a_step, b, digits)


def _exact(value, bits):
    """A SymPy real number as MPFR at ``bits`` bits."""
    with gmpy2.context(precision=bits):
        return compile_mpfr(value, sp.Dummy())(gmpy2.mpfr(0))


class _Walk:
    """The recurrences of one run of panels of width ``w`` walked in steps ``D = +-w``,
    started (anchored) at the panel centre ``c`` with an m-point rule at ``bits`` bits."""

    def __init__(self, form, w, c, step, bits: int, rule):
        A, B, C = form
        h = w / 2
        with gmpy2.context(precision=bits):
            A, B, C = (_exact(v, bits) for v in (A, B, C))
            hq, cq, dq = (gmpy2.mpfr(v.p) / v.q for v in (h, c, step))
            s = B + 2 * C * cq
            self.f = gmpy2.exp(A + B * cq + C * cq * cq)
            self.g = gmpy2.exp(B * dq + 2 * C * cq * dq + C * dq * dq)
            self.g_step = gmpy2.exp(2 * C * dq * dq)  # q(c + D) - q(c) grows by 2 C D^2
            pairs = [(t, wt) for t, wt in rule if t > 0]
            self.now = [2 * gmpy2.cosh(s * hq * t) for t, _w in pairs]
            self.before = [2 * gmpy2.cosh((s - 2 * C * dq) * hq * t) for t, _w in pairs]
            self.k = [2 * gmpy2.cosh(2 * C * dq * hq * t) for t, _w in pairs]
            self.w = [wt * gmpy2.exp(C * hq * hq * t * t) for t, wt in pairs]
            self.h = hq
        self.bits, self.plan = bits, None

    def mass(self):
        """This panel's mass (shape only), then one step on."""
        with gmpy2.context(precision=self.bits):
            total = gmpy2.fsum([wt * v for wt, v in zip(self.w, self.now, strict=True)])
            out = self.h * self.f * total
            self.now, self.before = [gmpy2.fms(k, v, u) for k, v, u in
                                     zip(self.k, self.now, self.before, strict=True)], self.now
            self.f *= self.g
            self.g *= self.g_step
        return out

    def round(self, bits: int) -> None:
        """The walk's numbers rounded to ``bits`` bits (one more rounding error each)."""
        with gmpy2.context(precision=bits):
            for name in ("now", "before", "k", "w"):
                setattr(self, name, [gmpy2.mpfr(v) for v in getattr(self, name)])
            self.f, self.g, self.g_step, self.h = (gmpy2.mpfr(v) for v in
                                                    (self.f, self.g, self.g_step, self.h))
        self.bits = bits


def walk_guard(C: float, delta: float, steps: int) -> int:
    """Bits a walk of at most ``steps`` panels (times :data:`MAX_PANELS`) carries above a
    cell's digits for its rounding errors (module docstring): ``2 log2(n)`` for the
    three-term recurrence, ``log2(1 / phi_min)`` for the rounded ``K_j`` (``phi_min =
    |C| delta^2 t_min / MAX_PANELS^2``, ``t_min`` the smallest positive node of the
    largest rule, about ``pi / (2 m + 1)``, taken at half that; nothing when ``C = 0``:
    ``K_j = 2`` exactly), and 16 more.

    >>> walk_guard(-0.5, 0.01, 7000), walk_guard(0.0, 0.01, 7000)
    (95, 60)
    """
    n = math.ceil(math.log2(8 * steps * MAX_PANELS + 8))
    if C == 0:
        return 2 * n + 16
    t_min = math.pi / (2 * COUNTS[-1] + 1) / 2
    phi = abs(C) * delta * delta * t_min / MAX_PANELS ** 2
    return 2 * n + 16 + max(0, math.ceil(math.log2(1 + 1 / phi)))


def quadratic_masses(form, delta, cells, direction: int, top: int, steps: int) -> list:
    """The shape's Gauss-Legendre integral over each cell ``i`` of ``cells`` (a list of
    ``(i, digits)`` walked in ``direction`` +1 or -1; a cell that is not the next one
    starts the walk afresh), as MPFR numbers at about ``digits`` digits, or None for a cell
    that needs more than :data:`MAX_PANELS` panels.  ``form``: :func:`quadratic_form`;
    ``top``: the most digits of any cell (the rules are computed at the cells' digits
    rounded up to a multiple of 100, at most ``top``);
    ``steps``: an upper bound on the cells of one walk (their rounding errors add up)."""
    try:
        A, B, C = (float(v) for v in form)
    except (OverflowError, TypeError, ValueError):
        return [None] * len(cells)
    d = sp.Rational(delta)
    df = float(d)
    size = max((abs(i) + 1 for i, _ in cells), default=1) * df
    spread = 1 + abs(A) + abs(B) * size + abs(C) * size * size  # q(c) loses these bits
    if not all(math.isfinite(v) for v in (A, B, C, spread)):
        return [None] * len(cells)
    guard = walk_guard(C, df, steps) + math.ceil(math.log2(spread))
    rules: dict = {}
    out, walk, previous = [], None, None
    for i, digits in cells:
        centre = (i + 0.5) * df
        a = (abs(B + 2 * C * centre) + abs(C) * df) * df / 2
        plan = panel_plan(a, abs(C) * df * df / 4, digits)
        if plan is None:
            out.append(None)
            walk, previous = None, None
            continue
        k, m = plan
        bits = int(digits * 3.33) + guard
        if walk is None or i != previous + direction or walk.plan != plan or bits > walk.bits:
            key = (m, min(top, 100 * -(-digits // 100)) + 10)  # a few precisions in all
            if key not in rules:
                rules[key] = tuple((to_mpfr(t), to_mpfr(w)) for t, w in
                                   zip(*gauss_legendre_points(*key), strict=True))
            w = d / k
            first = i * k if direction > 0 else i * k + k - 1
            walk = _Walk(form, w, (2 * first + 1) * w / 2, direction * w, bits, rules[key])
            walk.plan = plan
        elif bits < walk.bits - 64:  # fewer digits needed further out: round down
            walk.round(bits)
        total = [walk.mass() for _ in range(k)]
        with gmpy2.context(precision=walk.bits):
            out.append(gmpy2.fsum(total))
        previous = i
    return out


def quadratic_cells(form, delta, cells, top: int, ctx) -> list:
    """:func:`quadratic_masses` for the cells ``(i, digits)`` (increasing ``i``) on ``ctx``:
    walked outward from the cell that needs the most digits (the mode), the two sides on
    both cores (:func:`~.two_cores.run_jobs`); None where a cell is left to the caller."""
    from .mpfr_eval import to_mpmath
    from .two_cores import run_jobs

    if not cells:
        return []
    peak = max(range(len(cells)), key=lambda j: cells[j][1])
    right, left = cells[peak:], cells[:peak][::-1]

    def job(part, direction):
        return [None if v is None else to_mpmath(v, ctx)._mpf_
                for v in quadratic_masses(form, delta, part, direction, top, len(cells))]

    up, down = run_jobs([lambda: job(right, 1), lambda: job(left, -1)])
    raws = down[::-1] + up
    return [None if r is None else ctx.make_mpf(r) for r in raws]


def _log_range(form, a: float, b: float) -> tuple:
    """``(low, high)``: the least and the largest of ``q(x) = A + B x + C x^2`` on
    ``[a, b]`` (at the ends, or at the vertex when it lies inside), in doubles."""
    A, B, C = form
    points = [a, b]
    if C != 0 and a < -B / (2 * C) < b:
        points.append(-B / (2 * C))
    values = [A + B * x + C * x * x for x in points]
    return min(values), max(values)


def term_digits(forms, delta, cells) -> list:
    """Per term of a sum of ``exp(quadratic)`` shapes (``forms``, a mixture's components),
    the cells ``(i, digits)`` of ``cells`` it is integrated on, with fewer digits where it is
    small against the sum: on a cell where the term is at most ``e^hi`` and the sum at
    least ``e^lo`` (its largest term's least value there), an error of ``10^-(digits - k)``
    relative in the term, ``k = floor((lo - hi) / ln 10) - 2``, is below ``10^-(digits + 2)``
    of the cell's mass, and a term with ``k >= digits`` (at most ``10^-(digits + 2)`` of
    the mass) is left out (a normal component 30 scales from its centre beside a Laplace
    tail at 1000 digits: the mixture's reference took 27 s, nearly all of it there).
    The logs are taken in doubles, their rounding (``1e-12`` of their size) given away.

    >>> term_digits([(0.0, -1.0, 0.0), (0.0, 0.0, -0.5)], 1, [(0, 50), (60, 50)])
    [[(0, 50), (60, 50)], [(0, 50)]]
    """
    try:
        floats = [tuple(float(v) for v in form) for form in forms]
    except (OverflowError, TypeError, ValueError):
        return [list(cells) for _ in forms]
    d = float(sp.Rational(delta))
    out = [[] for _ in forms]
    for i, digits in cells:
        ranges = [_log_range(f, i * d, (i + 1) * d) for f in floats]
        lo = max(r[0] for r in ranges)
        for kept, (_low, high) in zip(out, ranges, strict=True):
            gap = (lo - high - 1e-12 * (abs(lo) + abs(high))) / math.log(10)
            k = math.floor(gap) - 2 if math.isfinite(gap) else 0
            if k >= digits:
                continue
            kept.append((i, digits - max(k, 0)))
    return out


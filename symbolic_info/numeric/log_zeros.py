"""Cuts for an integrand holding the logarithm of a sum: where the sum vanishes off the axis.

Gauss-Legendre and Clenshaw-Curtis rules on a piece ``[a, b]`` converge like ``rho^-n``,
``rho`` the parameter (sum of the semi-axes over the half-length) of the largest Bernstein
ellipse with foci ``a, b`` inside which the integrand is analytic (Trefethen, *Approximation
Theory and Approximation Practice*, 2013, Thms. 8.2 and 19.3); the double-exponential rules
like ``exp(-2 pi d / h)``, ``d`` the half-width of the strip of analyticity in their own
variable (Takahasi & Mori 1974).  The integrand ``-f ln f`` of an entropy is analytic
wherever ``f`` is, except where ``ln f`` branches: at the complex zeros of ``f``.

A density written as a sum of terms ``f = sum_k t_k`` (a mixture) vanishes where two
terms cancel, ``t_i(z) = -t_j(z)``, that is where ``g = ln t_i - ln t_j`` equals
``i pi (2m + 1)``.  Next to a real crossing ``x_c`` of the two terms (``g(x_c) = 0``) the
nearest such zero is ``z = x_c + i pi / |g'(x_c)|`` to first order, exactly so when ``g``
is linear (two normals of one variance ``s^2``: ``pi s^2 / |mu_1 - mu_2|`` off the axis,
above the point where they cross); it is refined by Newton's method on ``f`` itself.

For ``1/2 laplace(0, 1) + 1/2 normal(3, 1)`` the zeros sit at ``1.21 +- 1.12 i`` and
``6.79 +- 1.12 i``: cut only at the kink 0, the right tail's light-tail rule took 63,670
nodes at 1010 digits (19 s); cut at :func:`zero_cuts`' points each piece converged within
2,049 Clenshaw-Curtis points and each tail within the 7,400 nodes of a tail with no zero
near it.

The rule (:func:`zero_cuts`), for each zero ``s = sigma + i tau`` whose terms are not
negligible at the working precision and that slows the piece under it as the quadrature
would cut without it (a finite piece whose Bernstein parameter there is below
:data:`RHO_MIN`, or a tail whose strip there, :func:`tail_strip`, is narrower than
:data:`TAIL_STRIP`: two normals one apart, zeros ``pi`` off the axis, keep their two tails):

- cut at ``sigma - tau`` and ``sigma + tau`` (unless a cut the quadrature makes anyway is
  within ``tau / 2``: two normals' crossing is cut ``3/|g'| = 0.95 tau`` either side by
  :func:`.bumps.term_breaks`): the piece between sees ``s`` above its middle
  (``rho = 1 + sqrt 2``), a tail starting there sees it ``tau`` behind its start, where the
  light-tail rule keeps its strip (measured: starting ``0.8 tau`` short of ``sigma`` doubled
  its nodes);
- then a finite piece (between these cuts, the kinks and the support's ends) whose
  Bernstein parameter at some zero is below :data:`RHO_MIN` is cut, from its end ``c``
  nearer that zero, at ``c + 2 |s - c|``: a zero beside a piece's end then gives
  ``rho >= 3.4``, within 2,049 points at 1000 digits (Clenshaw-Curtis' error ``rho^-n``);
  repeated, the pieces grow about threefold away from the zero, so a few cuts reach any end;
- nothing below :data:`FROM_DPS` digits, where each piece takes a few hundred points and a
  cut costs about as many as it saves.

The cuts only choose where the rules work; how many digits a piece is good to is still
decided by each rule's own convergence test.  A zero not found (terms whose log-difference
is not a polynomial of degree at most :data:`MAX_DEGREE`) costs time, never digits.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> x = sp.Symbol("x", real=True)
>>> bumps = sp.exp(-x**2 / 2) + sp.exp(-(x - 3)**2 / 2)
>>> ctx = new_context(300)
>>> [complex(z) for z in sum_zeros(bumps, x, (-sp.oo, sp.oo), ctx)]  # pi/3 above 3/2
[(1.5+1.0471975511965979j)]
>>> f = bumps / (2 * sp.sqrt(2 * sp.pi))  # cut 0.95 tau either side by term_breaks already
>>> zero_cuts(-f * sp.log(f), x, (-sp.oo, sp.oo), ctx)
()
>>> f = sp.exp(-sp.Abs(x)) / 4 + sp.exp(-(x - 3)**2 / 2) / (2 * sp.sqrt(2 * sp.pi))
>>> [round(float(c), 2) for c in zero_cuts(-f * sp.log(f), x, (-sp.oo, sp.oo), ctx, (0,))]
[2.33, 5.67, 7.92]
"""

from __future__ import annotations

import cmath
import math

import mpmath
import sympy as sp

from .branches import SWITCHES, branch_between, kink_points
from .bumps import term_breaks
from .context import NumericError, compile_expr, new_context
from .peaks import default_cut

__all__ = ["sum_zeros", "zero_cuts", "rho", "tail_strip", "FROM_DPS", "MAX_TERMS", "MAX_DEGREE",
           "RHO_MIN", "TAIL_STRIP"]

FROM_DPS = 150
"""Digits from which :func:`zero_cuts` cuts at all."""
MAX_TERMS = 8
"""Terms of one sum whose pairwise crossings are examined, at most."""
MAX_DEGREE = 4
"""Highest degree of a log-difference of two terms solved for its real crossings."""
NEWTON_STEPS = 30
"""Complex Newton steps on the sum at most."""
MAX_GRADES = 12
"""Cuts added to one piece by :func:`_split` at most."""
RHO_MIN = 2.2
"""Smallest Bernstein parameter a finite piece keeps at every zero (the piece centred under a
zero, ``sigma +- tau``, has ``1 + sqrt 2``; splitting it in two costs as many points)."""
TAIL_STRIP = 1.0
"""Narrowest strip (in the light-tail rule's variable) a tail may keep at a zero without
cuts: at 0.14 (the right tail of ``1/2 laplace(0, 1) + 1/2 normal(3, 1)`` from the kink)
it took 8.6 times the nodes of a tail with no zero near, at 0.5 twice as many, at 1.3 as
many."""
LOW_DPS = 30
"""Digits at which the zeros are located (their place only guides the cuts)."""


def rho(a, b, s) -> float:
    """The Bernstein-ellipse parameter of the piece ``[a, b]`` at the point ``s``: the
    ellipse with foci ``a, b`` through ``s`` has semi-axes summing to ``rho (b - a) / 2``.

    >>> round(rho(-1, 1, 1j), 4)  # 1 + sqrt(2)
    2.4142
    """
    u = (2 * complex(s) - a - b) / (b - a)
    root = (u * u - 1) ** 0.5
    return max(abs(u + root), abs(u - root))


def _sums(expr, var) -> list:
    """The sums inside a logarithm of ``expr`` that depend on ``var``, and the sums among
    the factors of a product there (the product vanishes where a factor does)."""
    out = []
    for node in sp.preorder_traversal(sp.sympify(expr)):
        if isinstance(node, sp.log) and node.has(var):
            arg = node.args[0]
            factors = arg.args if isinstance(arg, sp.Mul) else (arg,)
            out.extend(f for f in factors if isinstance(f, sp.Add) and f.has(var))
    return list(dict.fromkeys(out))


def _crossings(ti, tj, var, lo: float, hi: float) -> list:
    """``(x_c, g'(x_c))`` for the real roots of ``g = ln ti - ln tj`` inside ``(lo, hi)``,
    when ``g`` is a polynomial of degree 1 to :data:`MAX_DEGREE`."""
    g = sp.expand(sp.expand_log(sp.log(ti), force=True) - sp.expand_log(sp.log(tj), force=True))
    if not g.is_polynomial(var):
        return []
    poly = sp.Poly(g, var)
    if not 1 <= poly.degree() <= MAX_DEGREE:
        return []
    slope = poly.diff(var)
    out = []
    try:
        roots = sp.Poly(poly.as_expr().evalf(LOW_DPS), var).nroots(n=LOW_DPS)
    except (sp.PolynomialError, ArithmeticError, ValueError, mpmath.libmp.NoConvergence):
        return []  # (huge or tiny coefficients): no cuts, only time lost
    for root in roots:
        if abs(sp.im(root)) > 1e-12 * (1 + abs(root)):
            continue
        x_c = float(sp.re(root))
        d = float(slope.eval(sp.re(root)))
        if lo < x_c < hi and d != 0:
            out.append((x_c, d))
    return out


def _newton(total, deriv, z, ctx):
    """A zero of ``total`` by Newton's method from ``z`` (complex), or ``None``."""
    for _ in range(NEWTON_STEPS):
        value, slope = total(z), deriv(z)
        if slope == 0:
            return None
        step = value / slope
        z = z - step
        if abs(step) <= 1e-12 * (1 + abs(z)):
            return z
    return None


def sum_zeros(sum_expr, var, support: tuple, ctx) -> list:
    """The zeros ``sigma + i tau`` (``tau > 0``, Python complex) of the sum ``sum_expr``
    next to the real crossings of two of its terms inside ``support`` (numeric SymPy ends),
    one per crossing, each between the sum's kinks, where its terms are not below
    ``2^-prec`` (``ctx``'s precision)."""
    lo, hi = (sp.sympify(e) for e in support)
    kinks = sorted(k for k in kink_points(sum_expr, var) if bool(lo < k < hi))
    ends = [lo, *kinks, hi]
    low = new_context(LOW_DPS)
    floor = -float(ctx.prec) * 0.6931471805599453  # ln 2^-prec
    out = []
    for a, b in zip(ends, ends[1:], strict=False):
        branch = branch_between(sum_expr, var, a, b)
        if branch.has(*SWITCHES) or not isinstance(branch, sp.Add):
            continue
        terms = [t for t in branch.args if t.has(var)][:MAX_TERMS]
        try:
            total = compile_expr(branch, [var], low)
            deriv = compile_expr(sp.diff(branch, var), [var], low)
            logs = [compile_expr(sp.expand_log(sp.log(t), force=True), [var], low)
                    for t in terms]
        except (NumericError, TypeError, ValueError):
            continue
        fa, fb = float(a), float(b)
        for i, ti in enumerate(terms):
            for j in range(i + 1, len(terms)):
                for x_c, d in _crossings(ti, terms[j], var, fa, fb):
                    try:
                        if float(low.re(logs[i](low.mpf(x_c)))) < floor:
                            continue  # both terms below the digits asked for there
                        start = low.mpc(x_c, float(low.pi) / abs(d))
                        z = _newton(total, deriv, start, low)
                    except (NumericError, ArithmeticError, ValueError, TypeError):
                        continue
                    if z is None or not 0 < z.imag < 2 * start.imag \
                            or abs(z.real - x_c) > 2 * start.imag:
                        z = start  # the two-term estimate
                    out.append(complex(z))
    return sorted(set(out), key=lambda z: (z.real, z.imag))


def _dyadic(v: float, height: float) -> sp.Rational:
    """``v`` rounded to a multiple of a power of two about ``2^-12 height`` (a short exact
    anchor for the quadrature, placed far closer than the zero's ``height`` needs)."""
    bits = 12 - math.frexp(height)[1]
    return sp.Rational(round(v * 2.0**bits)) / sp.Integer(2) ** bits


def tail_strip(s: complex, anchor: float, direction: int, scale: float) -> float:
    """``|Im t|`` of the zero ``s`` under the light-tail rule ``x = anchor + direction L
    exp(t - exp(-t))`` (``L = scale``; :mod:`.de_rules`): the half-width of the strip the
    trapezoidal sums keep in ``t``; ``inf`` when Newton's method does not settle.

    >>> [round(tail_strip(s, c, 1, 1.0), 2) for s, c in ((6.79 + 1.12j, 0.0), (0.5 + 3.14j, 1.0))]
    [0.14, 1.43]
    """
    w = (complex(s) - anchor) * direction / scale
    target = cmath.log(w)
    t = target if target.real > 0 else -cmath.log(-target)
    for _ in range(NEWTON_STEPS):
        step = (t - cmath.exp(-t) - target) / (1 + cmath.exp(-t))
        t -= step
        if abs(step) < 1e-12:
            return abs(t.imag)
    return float("inf")


def _split(a: float, b: float, zeros: list, cuts: list) -> None:
    """Cuts inside the finite piece ``[a, b]`` until every piece's Bernstein parameter at
    every zero is at least :data:`RHO_MIN`: from the end nearer the worst zero ``s``, a
    piece no longer than twice that end's distance to ``s``.  None when that takes more
    than :data:`MAX_GRADES` cuts (a zero ``10^-30`` from a piece of length 1: the pieces
    beyond the last cut would still see it, so the cuts would only cost points)."""
    made: list = []
    while len(made) < MAX_GRADES:
        worst = min(zeros, key=lambda z: rho(a, b, z))
        if rho(a, b, worst) >= RHO_MIN:
            break
        if abs(worst - a) <= abs(worst - b):
            c = a + 2 * abs(worst - a)
            if c >= b:
                break
            a = c
        else:
            c = b - 2 * abs(worst - b)
            if c <= a:
                break
            b = c
        made.append(c)
    else:
        return  # not done within MAX_GRADES cuts: the piece is left as it was
    cuts.extend(made)


def _constrains(s: complex, points: list) -> bool:
    """Whether the zero ``s`` slows the piece of the mesh ``points`` (sorted, both infinite
    ends included) that lies under it: a finite piece whose Bernstein parameter at ``s`` is
    below :data:`RHO_MIN`, or a tail whose strip at ``s`` (:func:`tail_strip`, the scale
    that of the finite piece beside it) is narrower than :data:`TAIL_STRIP`."""
    i = max(k for k, p in enumerate(points) if p <= s.real)
    a, b = points[i], points[min(i + 1, len(points) - 1)]
    inf = float("inf")
    if -inf < a and b < inf:
        return rho(a, b, s) < RHO_MIN
    if a == -inf and b == inf:
        return True
    anchor, direction = (b, -1) if a == -inf else (a, 1)
    near = points[i + 2] - b if a == -inf else a - points[i - 1]
    scale = near if near < inf else max(abs(anchor), 1.0)
    return tail_strip(s, anchor, direction, scale) < TAIL_STRIP


def zero_cuts(expr, var, support: tuple, ctx, breaks: tuple = ()) -> tuple:
    """Break points (exact SymPy numbers inside ``support``) for an integrand ``expr`` whose
    logarithms of sums branch at the sums' zeros (:func:`sum_zeros`), by the rule of the
    module's notes; ``()`` below :data:`FROM_DPS` digits.  The support's ends and the sums'
    kinks bound the pieces; the cuts the quadrature makes anyway (``breaks``, and the bumps
    and crossings of :func:`.bumps.term_breaks`) count as made: a cut of the rule within
    half a zero's height of one of them is left out (a piece that short costs as many points
    as it saves)."""
    if ctx.dps < FROM_DPS:
        return ()
    lo, hi = (sp.sympify(e) for e in support)
    flo, fhi = float(lo), float(hi)
    sums = _sums(expr, var)
    found = [(total, sum_zeros(total, var, (lo, hi), ctx)) for total in sums]
    if not any(zeros for _total, zeros in found):
        return ()
    low = new_context(LOW_DPS)
    made = {float(b) for b in (*breaks, *term_breaks(var, expr, support, low).points)}
    if not any(flo < m < fhi for m in made):
        made.add(float(default_cut(lo, hi)))  # where the quadrature cuts a bare support
    cuts: list = []
    for total, zeros in found:
        if not zeros:
            continue
        fences = {flo, fhi, *(float(k) for k in kink_points(total, var) if bool(lo < k < hi))}
        made |= fences
        mine = []
        for s in zeros:
            if not _constrains(s, sorted(made | set(mine))):
                continue
            mine.extend(c for c in (s.real - s.imag, s.real + s.imag)
                        if all(abs(c - m) > s.imag / 2 for m in made | set(mine)))
        points = sorted(made | set(mine))
        for a, b in zip(points, points[1:], strict=False):
            if -float("inf") < a and b < float("inf"):
                _split(a, b, zeros, mine)
        cuts.extend((c, min(z.imag for z in zeros)) for c in mine)
        made |= set(mine)
    return tuple(sorted({_dyadic(c, h) for c, h in cuts if flo < c < fhi}))

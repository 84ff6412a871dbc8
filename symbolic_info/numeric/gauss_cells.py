"""The reference side of ``quantised-entropy``: each cell's mass integrated from the density
by Gauss-Legendre, no CDF involved (:func:`quadrature_cells`).

``p_i`` is the integral of the density over the cell by an m-point Gauss-Legendre rule (exact
for polynomials of degree 2m - 1; Davis & Rabinowitz, *Methods of Numerical Integration*, 2nd
ed., Sec. 2.7), split at the density's kinks, tanh-sinh on the pieces that end at a possibly
singular point; a cell whose term needs few digits in doubles (:mod:`.cell_floats`), the
others by MPFR (:mod:`.mpfr_eval`) where the density compiles to it, else mpmath.

>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> x = sp.Symbol("x")
>>> s = quadrature_cells(sp.Integer(1), x, sp.Integer(0), sp.Integer(1), sp.Rational(1, 4),
...                      0, 4, new_context(30))
>>> s.context.nstr(s, 15)
'1.38629436111989'
"""

from __future__ import annotations

import sympy as sp

from .branches import SWITCHES, branch_between
from .cell_floats import cell_log_changes, float_cells
from .cell_grid import exact_mpf, position_digits
from .cell_terms import LOW_DIGITS, digits_for, entropy_terms
from .context import NumericError, compile_expr, new_context
from .gauss_product import product_cells, product_form
from .gauss_quadratic import quadratic_cells, quadratic_form, term_digits
from .gauss_rules import (
    NODE_COUNTS,
    gauss_legendre_points,
    nodes_needed,
    pole_nodes,
    rounded_count,
    slope_nodes,
)
from .mpfr_eval import compile_mpfr, integrate_rule, mpfr_rule
from .relative_quad import end_quad, outside_largest, scaled_quad
from .two_cores import run_jobs

__all__ = ["quadrature_cells", "nodes_needed", "slope_nodes", "gauss_legendre_points",
           "scaled_quad", "branch_forms", "NODE_COUNTS", "MAX_NODES"]


def _nodes_near(a, b, special, digits: int, base: int) -> int:
    """Gauss-Legendre nodes for ``[a, b]`` when the density may be singular at the points
    ``special``: the rule's error falls like rho^(-2m) with rho = z + sqrt(z^2 - 1) for a
    singularity at z half-widths from the centre (Bernstein ellipse; Trefethen, *Approximation
    Theory and Approximation Practice*, Theorem 19.3), so m = (digits + 5)/(2 log10 rho),
    at least ``base``, at most :data:`MAX_NODES`."""
    import math

    half, mid = (b - a) / 2, (b + a) / 2
    if not special:
        return base
    z = min(abs(s - mid) for s in special) / half
    if z <= 1:  # on the cell's edge, or past it in doubles (3 * 0.1 > 0.3: a kink at 3/10)
        return MAX_NODES
    rho = float(z + (z * z - 1) ** 0.5)
    if rho <= 1.5:
        return MAX_NODES
    return rounded_count(max(base, min(MAX_NODES, math.ceil((digits + 5) / (2 * math.log10(rho))))))


MAX_NODES = 80
"""Most Gauss-Legendre nodes on one piece of a cell (next to a singular end)."""


def _poles(shape, var, lo, hi) -> tuple:
    """The singular points of ``shape`` (complex) not inside the support: those off the
    real line (the Cauchy's ``+-i``) and real ones outside ``(lo, hi)`` (the Pareto's 0,
    the lognormal's 0 at the end of its support: the cell next to the one that holds it
    needs about 200 nodes at 300 digits, where :data:`MAX_NODES` gave it 129 digits and
    the masses did not add up to 1).  () when they are not known
    (:func:`~.tail_remainder.singular_points` refuses a base that is not a polynomial)."""
    from .tail_remainder import singular_points

    try:
        points = singular_points(shape, var)
    except (NumericError, sp.PolynomialError, TypeError, ValueError):
        return ()
    a = float(lo) if lo.is_finite else -float("inf")
    b = float(hi) if hi.is_finite else float("inf")
    return tuple(p for p in points if p.imag != 0 or not a < p.real < b)


def _pole_count(a: float, b: float, poles, digits: int, panels: int, nodes: int) -> tuple:
    """``(panels, nodes)`` raised to :func:`~.gauss_rules.pole_nodes`'s where the ``poles``
    of the density need more on ``[a, b]``."""
    if not poles:
        return panels, nodes
    k, m = pole_nodes(a, b, poles, digits)
    return max(panels, k), max(nodes, m)


FAST_JOBS = 8
"""Jobs the MPFR cells of one sum are dealt into, shared by both cores
(:func:`~symbolic_info.numeric.two_cores.run_jobs`)."""


def quadrature_cells(density, var, lo, hi, delta, i0: int, i1: int, ctx, m: int | None = None,
                     kinks: tuple = (), tail_mass=None, points: tuple = (), floor=None):
    """-sum p_i ln p_i over the cells ``i0 <= i < i1`` with each p_i the integral of
    ``density`` over the cell (clipped to the support, split at the ``kinks`` of the
    density).  A piece that ends at a finite end of the support or at a kink, where the
    density may be singular (Gamma with shape below 1, Beta with a parameter below 1) or
    not smooth, is integrated by tanh-sinh (``ctx.quad``: its nodes crowd at the ends);
    every other piece by ``m``-point Gauss-Legendre (default :func:`nodes_needed`, more
    next to those points: :func:`_nodes_near`), no CDF involved.  A cell with more than
    half the mass enters as ``1 - c`` with ``c`` integrated outside it.  With ``tail_mass``
    (the mass beyond the cells, :func:`tail_bound`), the masses must add up to 1
    (:func:`_check_mass`).  ``points``: where a law much narrower than a cell keeps its
    mass (its centre and centre +- 2^j scale, from the family); the cells that hold one,
    and their two neighbours (where the density falls by e^-1000 across the cell), are
    split there and integrated piece by piece by tanh-sinh (:func:`scaled_quad`, whose
    error estimate is relative), whose nodes crowd at the pieces' ends where such a density
    lives.  ``floor``: a lower bound on the sum (:func:`entropy_floor`); below 1, each cell
    is computed with as many more digits as the floor has leading zeros, so that the sum
    is right relative to its size (a narrow law's H of 1e-542), not only absolutely.  A
    smooth cell gets the grid's node count or more where ``ln f`` is steep
    (:func:`slope_nodes`); the cells MPFR integrates are shared by both cores
    (:data:`FAST_JOBS` jobs for :func:`~symbolic_info.numeric.two_cores.run_jobs`).  Between
    kinks, a shape ``exp(quadratic)`` (each term of a mixture) goes by
    :func:`~.gauss_quadratic.quadratic_cells` and ``g(x) exp(quadratic)`` by
    :func:`~.gauss_product.product_cells`: no ``exp`` per node."""
    import math

    extra = 0 if floor is None or floor >= 1 or floor <= 0 else \
        math.ceil(-float(floor.context.log10(floor)))
    dps = ctx.dps + 5 + extra  # each cell's term to 10^-dps: the sum to 10^-ctx.dps of it
    shift = position_digits(i0, i1)  # digits an edge far from 0 loses in x - mu
    coeff, shape = density.as_independent(var, as_Add=False)  # the constant factor once
    low = new_context(LOW_DIGITS + shift)
    f_compiled = compile_expr(shape, [var], low)

    def f_low(t):
        """The density's shape, +inf where it is singular or undefined (0/0 at an end)."""
        try:
            v = f_compiled(t)
        except (ZeroDivisionError, ValueError):
            return low.inf
        return v if low.isfinite(v) else low.inf
    c_low = abs(compile_expr(coeff, [], low)())
    edges = {}

    def edge_low(i):
        """``f_low`` at the edge ``i delta``, remembered: the walk asks for each edge twice
        (the end of one cell, the start of the next) for the rough mass and again for the
        slope's nodes; the mixture 1/2 laplace(0, 1) + 1/2 normal(3, 1) at delta 1/5 and 1000
        digits took five calls a cell for its 11,000 cells beyond doubles' range."""
        if i not in edges:
            if len(edges) > 4:  # the walk goes outward cell by cell: older edges are done
                edges.clear()
            edges[i] = f_low(low.mpf(i * d.p) / d.q)
        return edges[i]
    contexts = {}
    rules = {}
    special = [p for p in (lo, hi, *kinks) if p.is_finite]
    special_low = [exact_mpf(p, low) for p in special]
    poles = _poles(shape, var, lo, hi) if m is None else ()

    def context_at(digits):
        if digits not in contexts:
            w = new_context(digits)
            contexts[digits] = (w, compile_expr(shape, [var], w))
        return contexts[digits]

    top = shift + dps  # the most digits a cell works with (``cell_digits``)

    def rule(nodes, _digits):
        """The rule of ``nodes`` points, once per call at ``top`` digits (more digits serve
        fewer: one rule per count, not one per count and precision)."""
        if nodes not in rules:
            rules[nodes] = tuple(zip(*gauss_legendre_points(nodes, top), strict=True))
        return rules[nodes]

    def cell_digits(rough):
        """Working digits of a cell of about this mass: relative to the floor, but a
        cell with over half the mass enters through its outside (``outside_largest``)
        and its own integral only feeds the mass check: ``ctx.dps + 5`` there."""
        return shift + (ctx.dps + 5 if rough > 0.5 else digits_for(min(rough, 1.0), dps))

    d = sp.Rational(delta)
    marks = [p for p in points if p.is_finite and bool(lo < p) and bool(p < hi)]
    inner = sorted({*(k for k in kinks if k.is_finite), *marks}, key=float)
    # the cells that hold an end of the support or a kink (at an edge: both neighbours) go
    # the exact way below, and so do the cells around a narrow law's points (``steep``);
    # every other cell lies inside the support and is smooth
    near = {j for s in special for j in (int(sp.floor(s / d)) - 1, int(sp.floor(s / d)))}
    steep = {int(sp.floor(p / d)) + k for p in marks for k in (-1, 0, 1)}
    near |= steep
    first = int(sp.floor(lo / d)) + 1 if lo.is_finite else i0
    last = int(sp.ceiling(hi / d)) - 1 if hi.is_finite else i1
    masses = []
    fast = compile_mpfr(shape, var) if m is None else None
    d_float = float(sp.Rational(delta))
    special_float = [float(p) for p in special_low]
    fast_rules = {}

    def fast_rule(nodes, digits):
        key = (nodes, 20 * -(-digits // 20))
        if key not in fast_rules:
            fast_rules[key] = mpfr_rule(*zip(*rule(nodes, digits), strict=True),
                                        bits=int(key[1] * 3.33) + 16)
        return fast_rules[key]

    floats = float_cells(shape, var, c_low, d, max(first, i0), min(last, i1), dps,
                          i1 - i0) if m is None and not shift else None  # doubles: no x - mu
    changes = cell_log_changes(shape, var, d_float, i0, i1) if m is None and not shift else None

    def cell_nodes(i, digits):
        """``(panels, nodes)`` for the cell ``i``: the grid's count, more where ``ln f`` is
        steep, on one panel (the integrators take more: splitting by the grid model alone
        was tried and left out, see the branch's report)."""
        if m is not None:
            return 1, m
        step = changes[i - i0] if changes is not None else float("nan")
        if step != step:  # not known in doubles: from the shape at the cell's ends
            fa, fb = edge_low(i), edge_low(i + 1)
            step = float(abs(low.log(fb / fa))) if 0 < fa < low.inf and 0 < fb < low.inf \
                else 0.0
        return 1, max(nodes_needed(i1 - i0, digits), slope_nodes(step, digits))

    def panels_of(w, um, vm, k, nodes, digits, f):
        """The rule on each of ``k`` equal panels of ``[um, vm]``, summed."""
        width = (vm - um) / k
        total = w.zero
        for j in range(k):
            a, half = um + j * width, width / 2
            total += half * w.fsum(wt * f(a + half + half * t) for t, wt in rule(nodes, digits))
        return total

    def mpmath_cell(i, nodes, digits, k=1):
        w, f = context_at(digits)
        um, vm = w.mpf(i * d.p) / d.q, w.mpf((i + 1) * d.p) / d.q
        return ctx.convert(panels_of(w, um, vm, k, nodes, digits, f))

    def fast_cells(chunk):
        """Raw masses (``_mpf_``, plain data for :func:`run_jobs`) of MPFR cells, or None."""
        out = []
        for _k, i, nodes, digits, k in chunk:
            parts = [integrate_rule(fast, ((i * k + j) * d.p, d.q * k),
                                    ((i * k + j + 1) * d.p, d.q * k), fast_rule(nodes, digits),
                                    int(digits * 3.33) + 16, ctx) for j in range(k)]
            out.append(None if any(v is None for v in parts) else ctx.fsum(parts)._mpf_)
        return out

    quads = branch_forms(shape, var, lo, hi, kinks) if fast is not None and not shift else ()
    tasks = []
    entire = _entire_cells(near - steep, special, quads, d, lo, hi)
    for i in range(i0, i1):
        if (first <= i < last and i not in near) or i in entire:
            plain = floats is not None and i not in entire  # (floats: first..last only)
            if plain and floats.mass(i) is not None:
                masses.append(ctx.convert(floats.mass(i)))
                continue
            rough = floats.rough(i) if plain else None
            if rough is None:
                al, bl = low.mpf(i * d.p) / d.q, low.mpf((i + 1) * d.p) / d.q
                rough = c_low * (bl - al) * max(edge_low(i), edge_low(i + 1),
                                                f_low((al + bl) / 2))
            digits = cell_digits(rough)
            panels, base = cell_nodes(i, digits)
            nodes = _nodes_near(i * d_float, (i + 1) * d_float, special_float, digits, base) \
                if m is None else m
            panels, nodes = _pole_count(i * d_float, (i + 1) * d_float, poles, digits, panels,
                                        nodes)
            if fast is not None:  # MPFR, when gmpy2 takes the shape: after the loop
                if not any(forms is not None and a < (i + 0.5) * d_float < b
                           for a, b, forms in quads):
                    fast_rule(nodes, digits)  # made here, so that a forked child has it too
                tasks.append((len(masses), i, nodes, digits, panels))
                masses.append(None)
                continue
            masses.append(mpmath_cell(i, nodes, digits, panels))
            continue
        a, b = i * d, (i + 1) * d
        if lo.is_finite and a < lo:
            a = lo
        if hi.is_finite and b > hi:
            b = hi
        if (b - a).is_nonpositive:
            continue
        al, bl = exact_mpf(a, low), exact_mpf(b, low)
        rough = c_low * (bl - al) * max(f_low(al), f_low(bl), f_low((al + bl) / 2))
        digits = cell_digits(rough)
        w, f = context_at(digits)
        panels, base = cell_nodes(i, digits)
        cuts = [a, *[k for k in inner if a < k < b], b]
        total = w.zero
        for u, v in zip(cuts, cuts[1:], strict=False):
            um, vm = exact_mpf(u, w), exact_mpf(v, w)
            if i in steep:
                total += scaled_quad(w, f, [um, vm])
                continue
            if u in special or v in special:  # a power singularity there: substituted
                total += end_quad(context_at, digits, u, v, tuple(special))
                continue
            nodes = _nodes_near(exact_mpf(u, low), exact_mpf(v, low), special_low, digits, base) \
                if m is None else m
            k, nodes = _pole_count(float(u), float(v), poles, digits, panels, nodes)
            total += panels_of(w, um, vm, k, nodes, digits, f)
        masses.append(ctx.convert(total))
    for a, b, forms in quads:  # exp(quadratic) between kinks: recurrences, no exp per node
        inside = [t for t in tasks if a < (t[1] + 0.5) * d_float < b]
        if forms is None or not inside:
            continue
        wanted = [(i, dg) for _k, i, _n, dg, _p in inside]
        parts = []
        for form, needed in zip(forms, term_digits(forms, delta, wanted), strict=True):
            got = dict(zip((i for i, _dg in needed), quadratic_cells(form, delta, needed, top,
                                                                     ctx), strict=True))
            parts.append([got.get(i, ctx.zero) for i, _dg in wanted])  # 0: left out
        found = [None if None in ps else ctx.fsum(ps) for ps in zip(*parts, strict=True)]
        for (k, _i, nodes, digits, _p), v in zip(inside, found, strict=True):
            masses[k] = v
            if v is None:
                fast_rule(nodes, digits)
        done = {t[0] for t, v in zip(inside, found, strict=True) if v is not None}
        tasks = [t for t in tasks if t[0] not in done]
    for a, b, g in branches(shape, var, lo, hi, kinks) if quads else ():
        form = None if g is None else product_form(g, var)  # g(x) exp(quadratic): walks
        inside = [t for t in tasks if a < (t[1] + 0.5) * d_float < b and t[4] == 1]
        if form is None or not inside:
            continue
        found = product_cells(*form[:1], var, form[1], delta,
                              [(i, n, dg) for _k, i, n, dg, _p in inside],
                              lambda n: rule(n, top), ctx)
        for (k, *_rest), v in zip(inside, found, strict=True):
            masses[k] = v
        done = {t[0] for t, v in zip(inside, found, strict=True) if v is not None}
        tasks = [t for t in tasks if t[0] not in done]
    chunks = [tasks[k::FAST_JOBS] for k in range(FAST_JOBS)] if len(tasks) >= 2 * FAST_JOBS \
        else [tasks]  # interleaved: each job gets steep and flat, cheap and costly cells
    for chunk, raws in zip(chunks, run_jobs([lambda c=c: fast_cells(c) for c in chunks]),
                           strict=True):
        for (k, i, nodes, digits, panels), raw in zip(chunk, raws, strict=True):
            masses[k] = ctx.make_mpf(raw) if raw is not None else \
                mpmath_cell(i, nodes, digits, panels)
    c = compile_expr(coeff, [], ctx)()
    masses = [c * p for p in masses]
    big = outside_largest(density, var, lo, hi, delta, i0, masses, ctx, (*kinks, *marks))
    if tail_mass is not None:
        _check_mass(masses, big, tail_mass, ctx)
    return entropy_terms(masses, ctx, big)


def _entire_cells(cells, special, quads, d, lo, hi) -> set:
    """The ``cells`` beside an end or a kink with none of those ``special`` points inside,
    where every term of the density is ``exp(quadratic)`` (``quads``): entire there, so
    :mod:`.gauss_quadratic`'s proved walks serve them (tanh-sinh at 1000 digits took 0.74
    of Laplace's 1.14 s of reference, its two cells beside 0)."""
    out = set()
    for i in cells:
        a, b = i * d, (i + 1) * d
        if (lo.is_finite and a < lo) or (hi.is_finite and b > hi) \
                or any(bool(a < p) and bool(p < b) for p in special):
            continue
        mid = float((a + b) / 2)
        if any(forms is not None and u < mid < v for u, v, forms in quads):
            out.add(i)
    return out


def branch_forms(shape, var, lo, hi, kinks=()) -> tuple:
    """``(a, b, forms)`` per interval between the support's ends and the finite ``kinks``
    (``a``, ``b`` as floats): ``forms`` the :func:`~.gauss_quadratic.quadratic_form` of each
    term of ``shape`` there (one term, or a mixture's components: the mass of a cell is the
    sum of theirs), its switches replaced by the branch they take inside (Laplace:
    ``exp(-x)`` right of its location, ``exp(x)`` left; the kinks are where every switch
    changes branch), or None where a term is not ``exp(quadratic)``.

    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> [f for _a, _b, f in branch_forms(sp.exp(-sp.Abs(x)), x, -sp.oo, sp.oo, (sp.Integer(0),))]
    [((0, 1, 0),), ((0, -1, 0),)]
    """
    out = []
    for a, b, g in branches(shape, var, lo, hi, kinks):
        forms = None if g is None else tuple(quadratic_form(t, var) for t in sp.Add.make_args(g))
        if forms is not None and any(f is None for f in forms):
            forms = None
        out.append((a, b, forms))
    return tuple(out)


def branches(shape, var, lo, hi, kinks=()) -> tuple:
    """``(a, b, g)`` per interval between the support's ends and the finite ``kinks``
    (``a``, ``b`` as floats): ``g`` the branch of ``shape`` there (every switch replaced,
    :func:`~.branches.branch_between`), None where one is left (a ``Piecewise``)."""
    ends = [lo, *sorted((k for k in kinks if k.is_finite and bool(lo < k) and bool(k < hi)),
                        key=float), hi]
    out = []
    for a, b in zip(ends, ends[1:], strict=False):
        g = branch_between(shape, var, a, b)
        out.append((float(a), float(b), None if g.has(*SWITCHES, sp.Piecewise) else g))
    return tuple(out)


def _check_mass(masses, big, tail_mass, ctx) -> None:
    """Raise :class:`NumericError` unless the density's mass, integrated cell by cell and
    beyond the cells (``tail_mass``), adds up to 1 within 10^-(dps/2): a density that is not
    normalised, or cell integrals that miss part of a peak, are caught.  (Where the cells
    end is judged by the tail bound, not here: the tail mass is the integral beyond the
    last cell, wherever that is.)  With a cell of mass over 1/2 (``big = (k, c)``), its own
    integral plus ``c`` must give 1 as well as ``1 - c`` plus the rest.  Half the digits:
    this catches missing mass, not the last digits of one cell (tanh-sinh next to the
    singular end of Gamma(1/2) reaches about 35 of 60 digits); the comparison with the
    value judges those."""
    rest = ctx.fsum(p for j, p in enumerate(masses) if big is None or j != big[0])
    totals = [rest + tail_mass] if big is None else [1 - big[1] + rest + tail_mass,
                                                     masses[big[0]] + big[1]]
    for total in totals:
        if abs(total - 1) > ctx.mpf(10) ** -(ctx.dps // 2):
            raise NumericError(f"the cells and the tails integrate to {ctx.nstr(total, 10)}, "
                               "not 1")

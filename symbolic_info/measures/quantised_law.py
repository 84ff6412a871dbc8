"""A continuous law as quantised-entropy needs it: density, support, kinks and two tails.

The tails ``P(X > x)`` and ``P(X < x)`` place the cells and give the cell probabilities
(:mod:`symbolic_info.numeric.cells`).  They come from

- a catalog family: its special-function CDF (:func:`symbolic_info.families.tails.family_tails`:
  incomplete gamma and beta functions, erfc, ...), in pieces where it changes form (Laplace
  at its location);
- a mixture of families on one support: the weighted sum of its components' tails, piece by
  piece;
- a density the user writes: SymPy's antiderivative on each interval between the kinks of
  the density (the zeros of the arguments of ``Abs``, ``sign``, ``Heaviside``, ``Min`` and
  ``Max`` inside the support), where each switch keeps one sign and is replaced by its
  branch, so that ``exp(-|x|)/2`` integrates as ``exp(x)/2`` left of 0 and ``-exp(-x)/2``
  right of it; within :data:`CDF_SECONDS` of CPU time.

Example
-------
>>> law = QuantisedLaw("laplace(0, 1)", "X")
>>> [p[:2] for p in law.pieces], law.kinks
([(-oo, 0), (0, oo)], (0,))
>>> QuantisedLaw("exp(-abs(x - 1))/2 on (-oo, oo)", "X").kinks
(1,)
"""

from __future__ import annotations

import sympy as sp

from ..budget import OutOfTime, time_budget
from ..core import DerivationError
from ..families.tails import family_tails
from ..language import FamilyCall, Mixture, parse_distribution
from ..numeric.branches import branch_between
from ..numeric.cells import cdf_pieces
from ..numeric.context import NumericError, compile_expr, new_context
from ..numeric.density_cdf import DensityTail, grid_spacing
from ..output.render_latex import latex
from ..params import shorten
from .custom_build import as_formula

__all__ = ["QuantisedLaw", "CDF_SECONDS", "density_kinks", "MAX_CELL_DIGITS",
           "check_cell_count"]

CDF_SECONDS = 5.0
"""CPU seconds SymPy may spend on the antiderivatives of a user's density."""
MAX_CELL_DIGITS = 60
"""A law may fill at most about 10^60 cells (``e^h(X) / delta``): its far tails' series
works on cell masses that cancel about that many digits of the CDF (normal(0, 1) at delta
1e-50 took 16 s of CPU; at 1e-300 it ran past 100 s)."""
_SWITCHES = (sp.Abs, sp.sign, sp.Heaviside)


def check_cell_count(text: str, h, delta) -> None:
    """Refuse, in one line and before any cell is summed, a ``delta`` at which the law
    ``text`` of differential entropy ``h`` (nats, a closed form) fills more than about
    ``10^MAX_CELL_DIGITS`` cells: ``e^h / delta`` cells, the number a law of that entropy
    fills evenly (``H(X_delta) ~ h - ln delta``, Cover & Thomas, 2nd ed., Theorem 8.3.1).

    >>> check_cell_count("normal(0, 1)", sp.log(2 * sp.pi * sp.E) / 2, sp.Rational(1, 10**50))
    >>> check_cell_count("normal(0, 1)", sp.log(2 * sp.pi * sp.E) / 2, sp.Rational(1, 10**300))
    Traceback (most recent call last):
    ...
    symbolic_info.core.DerivationError: normal(0, 1) at delta = 1e-300 fills about 10^300 \
cells (e^h(X)/delta); at most 10^60 are summed (the cells' masses cancel about as many digits \
of the CDF): take delta >= 4.2e-60
    """
    c = new_context(30)
    hv = compile_expr(h, [], c)()
    d = c.mpf(delta.p) / delta.q
    digits = (hv - c.log(d)) / c.ln10
    if digits <= MAX_CELL_DIGITS:
        return
    fits = c.exp(hv) * c.mpf(10) ** -MAX_CELL_DIGITS
    raise DerivationError(
        f"{shorten(text, 40)} at delta = {shorten(delta, 30)} fills about "
        f"10^{int(c.floor(digits))} cells (e^h(X)/delta); at most 10^{MAX_CELL_DIGITS} are "
        "summed (the cells' masses cancel about as many digits of the CDF): take delta >= "
        f"{c.nstr(fits * (1 + c.mpf(10) ** -2), 2)}")


def _switches(expr) -> list:
    """The expressions whose sign picks a branch of ``expr``."""
    out = []
    for node in sp.preorder_traversal(expr):
        if isinstance(node, _SWITCHES):
            out.append(node.args[0])
        elif isinstance(node, (sp.Min, sp.Max)):
            first, *rest = node.args
            out.extend(r - first for r in rest)
    return out


def density_kinks(density, var, lo, hi) -> tuple:
    """The points strictly inside ``(lo, hi)`` where a switch of ``density`` changes sign
    (real roots SymPy finds, as exact numbers), sorted."""
    points = set()
    for g in _switches(density):
        if not g.has(var):
            continue
        roots = sp.solve(sp.Eq(g, 0), var)
        for r in roots:
            if r.is_real and r.is_number and bool(lo < r) and bool(r < hi):
                points.add(sp.nsimplify(r) if r.is_Float else r)
    return tuple(sorted(points, key=lambda r: float(r)))


def _mixture_pieces(parts, var) -> tuple | None:
    """``(pieces, kinks)`` of ``sum w_i component_i`` from its components' tails."""
    tails = []
    for w, c in parts:
        if not isinstance(c, FamilyCall):
            return None
        t = family_tails(c.family, dict(c.args), var)
        if t is None:
            return None
        tails.append((w, t))
    cuts = sorted({sp.sympify(e) for _w, t in tails for p in t.pieces for e in p[:2]},
                  key=lambda e: float(e) if e.is_finite else (-1e300 if e < 0 else 1e300))
    # (sympified: a family's tails give the end 0 as a Python int, which has no is_finite)
    pieces = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        right, left = sp.Integer(0), sp.Integer(0)
        for w, t in tails:
            for pa, pb, r, lf in t.pieces:
                if bool(pa <= a) and bool(b <= pb):
                    right, left = right + w * r, left + w * lf
                    break
            else:  # outside this component's support: all its mass on one side
                ends = (t.pieces[0][0], t.pieces[-1][1])
                if bool(b <= ends[0]):
                    right += w
                else:
                    left += w
        pieces.append((a, b, right, left))
    kinks = tuple(sorted({k for _w, t in tails for k in t.kinks}, key=float))
    return tuple(pieces), kinks


class QuantisedLaw:
    """One continuous law read from the user's text (``role`` X or Y in messages):
    ``f`` its density in ``var``, support ``[lo, hi]``, ``pieces`` its tails (see
    :class:`symbolic_info.numeric.cells.Tails`), ``kinks`` where the density is not smooth,
    and ``cdf_text`` how the CDF is written in the steps."""

    def __init__(self, text: str, role: str):
        self.role = sp.Integer("XY".index(role))
        dist = parse_distribution(text)
        if dist.free_symbols:
            names = ", ".join(sorted(s.name for s in dist.free_symbols))
            raise DerivationError(f"quantised-entropy needs numbers: write the value of {names} "
                                  f"into {role}")
        form = as_formula(dist)
        if not hasattr(form, "density") or form.discrete:
            raise DerivationError(f"{role} = {shorten(text, 40)} is discrete: quantised-entropy "
                                  "rounds a continuous variable to a grid (a discrete one has "
                                  "its entropy already: derive entropy)")
        self.text, self.var = text, sp.Symbol("x", real=True)
        self.f = form.density.subs(form.var, self.var)
        self.lo, self.hi = form.lo, form.hi
        found, self.family = None, None
        if isinstance(dist, FamilyCall):
            t = family_tails(dist.family, dict(dist.args), self.var)
            found = None if t is None else (t.pieces, t.kinks)
            self.family = t
            special = t is not None and any(
                not isinstance(f, (sp.exp, sp.log)) for piece in t.pieces
                for part in piece for f in sp.sympify(part).atoms(sp.Function))
            self.source = f"the {dist.family} CDF" + (" in special functions" if special else "")
        elif isinstance(dist, Mixture):
            found = _mixture_pieces(dist.parts, self.var)
            self.source = "the weighted sum of the components' CDFs"
        self.numeric = False
        if found is None:
            try:
                found = self._antiderivative(role)
                self.source = "SymPy's antiderivative of the density"
            except DerivationError:
                found = self._numeric_tails()
        self.pieces, self.kinks = found

    def _numeric_tails(self) -> tuple:
        """``(pieces, kinks)`` with both tails integrated from the density's values
        (:mod:`symbolic_info.numeric.density_cdf`), for a density without a closed-form CDF."""
        try:
            kinks = density_kinks(self.f, self.var, self.lo, self.hi)
            h = grid_spacing(self.f, self.var, self.lo, self.hi)
        except (NotImplementedError, NumericError, TypeError, ValueError):
            raise DerivationError(f"the density of {shorten(self.text, 40)} could not be "
                                  "evaluated to place the cells") from None
        u = sp.Dummy("u", real=True)
        lam = sp.Lambda(u, self.f.subs(self.var, u))
        support = sp.Tuple(self.lo, self.hi, *kinks)
        tails = [DensityTail(side, lam, support, h, self.var) for side in (1, -1)]
        self.numeric = True
        self.source = ("no closed form: each tail summed from the density over segments of "
                       f"width ${latex(h)}$ by Clenshaw-Curtis (tanh-sinh next to an end of "
                       "the support or a kink); the far rest left out once the segments' "
                       "masses fall with a ratio $r < 1$ and $m r / (1 - r)$ is below "
                       "$10^{-(\\mathrm{digits} + 10)}$ of the tail, a bound when the ratios "
                       "keep falling (a log-concave tail), not a rigorous one otherwise")
        return ((self.lo, self.hi, *tails),), kinks

    def _antiderivative(self, role) -> tuple:
        refusal = (f"no closed-form CDF of {role} = {shorten(self.text, 40)} was found (SymPy's "
                   "antiderivative of its density is needed to place the cells)")
        try:
            with time_budget(CDF_SECONDS):
                kinks = density_kinks(self.f, self.var, self.lo, self.hi)
                ends = (self.lo, *kinks, self.hi)
                forms = []
                for a, b in zip(ends, ends[1:], strict=False):
                    g = sp.integrate(branch_between(self.f, self.var, a, b), self.var)
                    if g.has(sp.Integral, sp.Piecewise) or not _compiles(g, self.var):
                        raise DerivationError(refusal)
                    forms.append(g)
                pieces = cdf_pieces(tuple(forms), self.var, self.lo, self.hi, kinks)
        except (OutOfTime, NotImplementedError, NumericError, TypeError):
            raise DerivationError(refusal) from None
        if any(not _compiles(e, self.var) for p in pieces for e in p[2:]):
            raise DerivationError(refusal)
        return pieces, kinks

    def cdf_between(self, a, b):
        """``P(a <= X < b)`` from the tails, as a SymPy expression in numbers (a and b
        exact, inside the support): the left tail at b minus the left tail at a."""
        def left(t):
            if self.lo.is_finite and bool(t <= self.lo):
                return sp.Integer(0)
            for pa, pb, _r, lf in self.pieces:
                if bool(pa <= t) and bool(t <= pb):
                    return lf.subs(self.var, t)
            return sp.Integer(1)

        return left(b) - left(a)

    def one_cell(self, delta):
        """The index k of the one cell ``[k delta, (k+1) delta)`` that holds the whole support
        (exactly, from its ends), else None: then p_k = 1 and H(X_delta) = -1 ln 1 = 0.

        >>> law = QuantisedLaw("uniform(0, 1)", "X")
        >>> law.one_cell(sp.Integer(3)), law.one_cell(sp.Rational(1, 2))
        (0, None)
        """
        if not (self.lo.is_finite and self.hi.is_finite):
            return None
        k = sp.floor(self.lo / delta)
        return int(k) if sp.ceiling(self.hi / delta) - 1 == k else None

    def points(self, delta) -> tuple:
        """Where a family's law narrower than ``delta`` keeps its mass
        (:meth:`~symbolic_info.families.tails.FamilyTails.points`); empty otherwise."""
        return () if self.family is None else self.family.points(delta)

    def args(self, delta) -> tuple:
        """The arguments of the value's nodes: (pieces, f, lo, hi, delta, x, role, kinks,
        points)."""
        pieces = sp.Tuple(*(sp.Tuple(*p) for p in self.pieces))
        return (pieces, self.f, self.lo, self.hi, delta, self.var, self.role,
                sp.Tuple(*self.kinks), sp.Tuple(*self.points(delta)))


def _compiles(expr, var) -> bool:
    try:
        compile_expr(expr, [var], new_context(15))
    except NumericError:
        return False
    return True

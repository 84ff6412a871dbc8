"""The entropy of a quantised continuous variable: H(X_delta) against h(X) - log delta.

Rounding X down to the grid of cells ``[i delta, (i + 1) delta)`` gives a discrete
variable X_delta with ``p_i = F((i + 1) delta) - F(i delta)``; its entropy is
``H(X_delta) = -sum_i p_i log p_i``.  For a density f that is Riemann integrable,

    H(X_delta) + log delta -> h(X)   as delta -> 0

(Cover & Thomas, *Elements of Information Theory*, 2nd ed., Theorem 8.3.1): about
``h(X) - log2 delta`` binary questions determine X to within delta (the course's task
1.7).  The rate: ``ln(p_i / delta)`` is ln f at a point of the cell, and with the
midpoint rule ``p_i = delta f(m_i) + delta^3 f''(m_i) / 24 + O(delta^5)`` the error
``H(X_delta) - (h(X) - ln delta)`` is ``O(delta^2)`` for a density that is twice
continuously differentiable on the interior of every cell with integrable f'' and
(f')^2 / f (the midpoint rule's error, Davis & Rabinowitz, *Methods of Numerical
Integration*, 2nd ed., Sec. 2.6; the exponential and the uniform on a grid that starts at
their support's end qualify; a jump of f inside a cell gives O(delta)).  For two variables
the ``- log delta`` cancels: ``H(X_delta) - H(Y_delta) -> h(X) - h(Y)`` (task 1.8), at the
same rate.

The value is H(X_delta) (with ``Y``: H(X_delta) - H(Y_delta)), summed over the cells by
:func:`symbolic_info.numeric.cells.cdf_cells` from the law's CDF in closed form, with a bound
on the tails left out: a catalog family's CDF in special functions (the regularised
incomplete gamma and beta functions, erfc; :mod:`symbolic_info.families.tails`), a
mixture's weighted sum of them, or SymPy's antiderivative of a user's density on each
interval between its kinks (:mod:`.quantised_law`); a CDF that changes form (Laplace at its
location) is read piece by piece.  The reference sums the same cells with each p_i
integrated from the density by Gauss-Legendre, split at the density's kinks, tanh-sinh on
the pieces next to a possibly singular end of the support
(:func:`~symbolic_info.numeric.cells.quadrature_cells`), no CDF involved; each cell at the
digits its term needs (far cells in doubles with an error bound,
:mod:`~symbolic_info.numeric.cell_floats`; the others by MPFR,
:mod:`~symbolic_info.numeric.mpfr_eval`, where the density compiles to it), and a law much
narrower than delta split around its centre (the family's scale points).  h(X) comes from
the ``entropy`` entry (the catalog's or your own distribution's derivation, verified on
its own).  ``evidence`` tabulates the error at delta 2^k for k = 5, ..., 0, -1 with
the fitted slope of log|error| against log delta (2 predicted) and the ratio of
successive errors (4 predicted).

Example
-------
>>> from symbolic_info import derive
>>> d = derive("quantised-entropy", X="uniform(0, 1)", delta="1/4")
>>> d.value[:10], d.verified
('1.38629436', True)
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from ..core import DerivationError, Step
from ..engine.run import Draft, Entry
from ..numeric.cell_tails import in_request_digits
from ..numeric.cells import TAIL_GUARD, CellLimitError
from ..numeric.context import (
    GUARD,
    NumericNode,
    agree_digits,
    compile_expr,
    new_context,
    to_decimal,
)
from ..numeric.precision import STEP, input_digits
from ..output.render_latex import latex
from ..params import Param, parse_value, shorten
from ..sources import COVER_THOMAS as CT
from . import quantised_sums
from .custom import LanguageEntry, TextParam
from .quantised_cell import cell_integral, one_cell_steps, substitution_note
from .quantised_evidence import EVIDENCE_DPS, EVIDENCE_POWERS, evidence_table
from .quantised_law import QuantisedLaw
from .quantised_limit import check_law, keep, limit_job, limit_value, remember_text, text_of
from .quantised_limit import clear as clear_limits
from .quantised_walk import cells_to_sum, far_sum_reason, median_cell

__all__ = ["ENTRIES", "QuantisedEntropy", "CellQuadrature", "quantised_entry", "evidence",
           "clear_sums",
           "EVIDENCE_POWERS", "EVIDENCE_DPS"]

def _law_args(law) -> tuple:
    """``(pieces, f, lo, hi, var, delta, kinks, points)`` of a node's arguments."""
    pieces, f, lo, hi, delta, var, _role, kinks, points = law
    return pieces, f, lo, hi, var, delta, kinks, points


def _pairs(node) -> bool:
    """Whether a first sum of this law computes the other side's too (:func:`.quantised_sums.
    both_sums`): not when the law holds exact numbers longer than GUARD digits (normal(0,
    1e-300)), which raise the closed form's precision but not the reference's, so that the
    precision of the other side cannot be told from this one's."""
    return input_digits(list(node.atoms(sp.Rational))) <= GUARD


def _both_sums(node, dps: int) -> None:
    """:func:`.quantised_sums.both_sums` of the node's law at ``dps`` digits, with h(X) at
    ``dps + STEP`` (the extras' precision) worked out beside them when the law's text is
    known (:mod:`.quantised_limit`)."""
    pieces, f, lo, hi, var, delta, kinks, points = _law_args(node.args)
    text = text_of(node.args)
    beside = None if text is None else limit_job(text, dps + STEP)
    got = quantised_sums.both_sums(pieces, f, lo, hi, var, delta, dps, kinks, points, beside)
    if text is not None:
        keep(text, dps + STEP, got)


def _role(node) -> str:
    """The variable's name in print: X (role 0) or Y (role 1)."""
    return "XY"[int(node.args[6])]


class _CellSum(NumericNode):
    """A number computed over the cells: arguments ``(pieces, f, lo, hi, delta, x, role,
    kinks, points)`` with the tails in pieces (see :class:`~symbolic_info.numeric.cells.Tails`) and
    the density f in the variable x, which is bound (not a free symbol), the role 0 (X) or
    1 (Y) for printing, the kinks of f, and where a law narrower than delta keeps its mass
    (split there by the reference)."""

    @property
    def free_symbols(self):
        return set()


class QuantisedEntropy(_CellSum):
    """``H(X_delta)`` in nats from the CDF (the law's two tails); evaluated by
    :func:`~symbolic_info.numeric.cells.cdf_cells`."""

    def _latex(self, printer):
        return rf"H\left({_role(self)}_{{{printer._print(self.args[4])}}}\right)"

    def _sympystr(self, printer):
        return f"H({_role(self)}_{printer._print(self.args[4])})"

    @staticmethod
    def _mpmath_compile_(node, build, ctx):
        pieces, f, lo, hi, var, delta, kinks, points = _law_args(node.args)
        pairs = _pairs(node)

        def value(v):
            try:
                if pairs:
                    _both_sums(node, ctx.dps - STEP)
                return _cdf_sum(pieces, f, lo, hi, var, delta, ctx.dps).entropy
            except CellLimitError as exc:  # the far tails' series does not reach ctx.dps
                raise in_request_digits(exc) from None

        return value


class CellQuadrature(_CellSum):
    """``-sum_i p_i ln p_i`` with each ``p_i`` integrated from the density by Gauss-Legendre
    (same arguments as :class:`QuantisedEntropy`; the CDF only places the cells)."""

    def _latex(self, printer):
        d, r = printer._print(self.args[4]), _role(self)
        # no subscript holding an equation: the text format reads the same LaTeX in Unicode
        return (rf"\left(-\sum_{{i}} p_i \ln p_i \text{{ with }} p_i = "
                rf"\int_{{i {d}}}^{{(i+1) {d}}} f_{{{r}}}(x)\,dx\right)")

    def _sympystr(self, printer):
        d = self.args[4]
        return f"(-sum_i p_i ln p_i with p_i = integral of f_{_role(self)} over [i {d}, " \
               f"(i+1) {d}))"

    @staticmethod
    def _mpmath_compile_(node, build, ctx):
        pieces, f, lo, hi, var, delta, kinks, points = _law_args(node.args)
        pairs = _pairs(node)

        def value(v):
            try:
                if pairs:
                    _both_sums(node, ctx.dps)
                return _quadrature_sum(pieces, f, lo, hi, var, delta, ctx.dps, kinks, points)
            except CellLimitError as exc:
                raise in_request_digits(exc) from None

        return value


def _cdf_sum(pieces, f, lo, hi, var, delta, dps, bound=True, exact=False):
    return quantised_sums.cdf_sum(pieces, f, lo, hi, var, delta, dps, bound, exact)


def _quadrature_sum(pieces, f, lo, hi, var, delta, dps, kinks=(), points=(), exact=False):
    return quantised_sums.quadrature_sum(pieces, f, lo, hi, var, delta, dps, kinks, points,
                                         exact)


def clear_sums() -> None:
    """Forget the cell sums and limits computed so far (benchmarks time them afresh)."""
    quantised_sums.clear()
    clear_limits()


class _Delta(Param):
    def validate(self, value, text=None):
        if not isinstance(value, sp.Rational):
            raise DerivationError("parameter delta: give one number, such as 1/100")
        if value <= 0:
            raise DerivationError(f"parameter delta = {shorten(text or value, 30)} must be > 0 "
                                  "(the width of a cell)")
        return value


DELTA = _Delta("delta", "the width of a cell of the grid", "delta > 0", lambda v: v > 0,
               lambda rng: sp.Rational(1, 10), "1/10")


def _sum_args(law: QuantisedLaw, delta) -> tuple:
    """The arguments of :func:`_cdf_sum` before ``dps``."""
    pieces, f, lo, hi, _delta, var, _role, _kinks, _points = law.args(delta)
    return pieces, f, lo, hi, var, delta


def _cdf_pieces_of(law: QuantisedLaw) -> list:
    """``(a, b, F)``: the CDF on each piece (the left tail P(X < x))."""
    return [(a, b, left) for a, b, _right, left in law.pieces]


def _cdf_latex(law: QuantisedLaw) -> str:
    parts = _cdf_pieces_of(law)
    if len(parts) == 1:
        return latex(parts[0][2])
    rows = r" \\ ".join(f"{latex(F)} & {latex(a)} \\le x \\le {latex(b)}"
                         for a, b, F in parts)
    return rf"\begin{{cases}} {rows} \end{{cases}}"


def _cdf_text(law: QuantisedLaw) -> str:
    parts = _cdf_pieces_of(law)
    if len(parts) == 1:
        return sp.sstr(parts[0][2])
    return "; ".join(f"{sp.sstr(F)} for {sp.sstr(a)} <= x <= {sp.sstr(b)}" for a, b, F in parts)


def _value_steps(law: QuantisedLaw, delta, name: str) -> list:
    i0, i1, series = cells_to_sum(law, delta)
    mid = median_cell(law, delta, i0, i1)
    a, b = mid * delta, (mid + 1) * delta
    if law.lo.is_finite:
        a = sp.Max(a, law.lo)
    if law.hi.is_finite:
        b = sp.Min(b, law.hi)
    args = law.args(delta)
    return [
        Step(CellQuadrature(*args), QuantisedEntropy(*args), far_sum_reason(name, i0, i1, series)
             if series is not None else
             rf"$H({name}_\delta) = -\sum_i p_i \ln p_i$ with "
             r"$p_i = F((i+1)\delta) - F(i\delta)$ over the cells that hold all but a mass "
             rf"$m < 10^{{-(\mathrm{{digits}} + {TAIL_GUARD})}}\,h$ on each side, $h$ a lower "
             r"bound on "
             r"$H(X_\delta)$ ($\ln 2$, or $-\ln p$ when one cell holds a mass $p > 1/2$) "
             f"($i = {i0}, \\ldots, {i1 - 1}$); the cells outside add at most "
             r"$m (\ln(1/m) + 1 + (\mu+1) \ln(\mu+1) - \mu \ln \mu)$, the largest entropy "
             r"of a law on $0, 1, 2, \ldots$ with the tail's mean cell index $\mu$ "
             f"({CT}, Theorem 12.1.1; bound in the extras)"),
        Step(cell_integral(law, delta, a, b), law.cdf_between(a, b),
             "the probability of a cell from the CDF: "
             f"$P({latex(a)} \\le {name} < {latex(b)}) = F(b) - F(a)$ with "
             f"$F(x) = {_cdf_latex(law)}$, {law.source}; shown on one of "
             f"the {i1 - i0} cells" + substitution_note(law, delta)),
    ]


def _draft(x_text: str, y_text: str | None, delta) -> Draft:
    laws = [QuantisedLaw(x_text, "X")] + ([QuantisedLaw(y_text, "Y")] if y_text else [])
    steps = _value_steps(laws[0], delta, "X")
    hq = [QuantisedEntropy(*law.args(delta)) for law in laws]
    if not y_text:  # the chain ends in the value (step 2 was an aside on one cell)
        steps.append(Step(hq[0], hq[0], r"$H(X_\delta)$: the sum over the cells of step 1, each "
                          r"$p_i$ from the CDF as in step 2"))
    cq = [CellQuadrature(*law.args(delta)) for law in laws]
    if y_text:
        difference = sp.Add(hq[0], sp.Mul(-1, hq[1], evaluate=False), evaluate=False)
        steps = [Step(sp.Add(cq[0], sp.Mul(-1, cq[1], evaluate=False), evaluate=False),
                      difference, "the difference of the two quantised entropies (task 1.8), "
                      r"each $-\sum_i p_i \ln p_i$ over its own cells, from its CDF (steps 2 "
                      r"to 5); the $-\log \delta$ of each cancels as $\delta \to 0$")] + steps
        steps += _value_steps(laws[1], delta, "Y")
        steps.append(Step(difference, hq[0] - hq[1],
                          r"$H(X_\delta) - H(Y_\delta)$ with the sums of steps 2 and 4"))
    steps += one_cell_steps(laws, hq, steps[-1].rhs, delta)
    for law, node in zip(laws, hq, strict=True):  # h(X) derived beside the cell sums
        check_law(law.text)
        remember_text(node.args, law.text)
    far = any(cells_to_sum(law, delta)[2] is not None for law in laws)
    target = cq[0] - cq[1] if y_text else cq[0]

    def reference(_point, ctx):
        from ..engine.numeric_sides import numeric_value

        return numeric_value(target, {}, {}, ctx)

    return Draft(
        quantity=r"H(X_\delta) - H(Y_\delta)" if y_text else r"H(X_\delta)",
        assumptions=tuple(f"{r} has the density {law.text}"
                          for r, law in zip("XY", laws, strict=False))
        + (r"$X_\delta = \delta \lfloor X / \delta \rfloor$ with "
           f"$\\delta = {latex(delta)}$: cells $[i \\delta, (i + 1) \\delta)$",),
        steps=tuple(steps),
        reference=reference,
        reference_method="the same cells with each p_i integrated from the density by "
        "Gauss-Legendre (each cell at the digits its term needs: in doubles with an error "
        "bound far out, MPFR or mpmath elsewhere; split at the density's kinks and around a "
        "law narrower than delta, tanh-sinh next to an end of the support or a kink unless "
        "the density is exp(quadratic) there; no CDF), "
        "-sum p_i ln p_i; the cells' masses and the density's mass beyond them must add up "
        "to 1" + ("; the far tails by the Euler-Maclaurin series on masses integrated "
                  "from the density by Gauss-Legendre, with two Bernoulli terms more than the "
                  "value's (a check of the value's proved remainder bound: a series that "
                  "leaves out more than it says disagrees; where the density is g(x) e^(b x), "
                  "its terms from the density's power series at the first cell's edges, by "
                  "ball arithmetic, and its integral by the double-exponential trapezoid), or, "
                  "where the density is C e^(b x), as the exact geometric series of those "
                  "masses" if far else ""),
        extras=_extras(laws, delta),
    )


def evidence(laws, entropies, delta, units: str = "nats", known_dps: int | None = None) -> dict:
    """The evidence table of :func:`.quantised_evidence.evidence_table` with this module's cached
    cell sums; ``known_dps``: the row at ``delta`` itself, when its far tails go by the series
    (seconds a row), is the value's sum at that precision (already computed), not a new one."""
    def cell_sum(law, d, dps, bound=True):
        if bound and d == delta and known_dps is not None:
            return _cdf_sum(*_sum_args(law, d), known_dps)
        return _cdf_sum(*_sum_args(law, d), dps, bound)

    def prepare(deltas):  # the rows walked cell by cell, summed on both cores
        quantised_sums.cdf_sums([_sum_args(law, delta)[:5] for law in laws], deltas,
                                EVIDENCE_DPS)

    return evidence_table(laws, entropies, delta, cell_sum, units, prepare)


def verified_sums(law: QuantisedLaw, delta, dps: int) -> tuple:
    """``(value, reference)``: the law's H(X_delta) from its CDF at ``dps + STEP`` digits (a
    :class:`~symbolic_info.numeric.cells.CellSum`) and from the density's quadrature at
    ``dps`` digits (an mpf), the two sums the engine's first comparison computes at these
    precisions (cached here, so they are not summed again).  Both at exactly these
    precisions: a sum kept at more digits by an earlier request walks more cells, and the
    extras would show its cells and tails instead of the request's own."""
    pieces, f, lo, hi, var, d, kinks, points = _law_args(CellQuadrature(*law.args(delta)).args)
    value = _cdf_sum(pieces, f, lo, hi, var, d, dps + STEP, exact=True)
    return value, _quadrature_sum(pieces, f, lo, hi, var, d, dps, kinks, points, exact=True)


def _extras(laws, delta):
    def extras(_given, ctx, dps, units):
        w = new_context(ctx.dps + STEP)
        scale = 1 / w.ln2 if units == "bits" else w.one
        log_d = compile_expr(sp.log(delta), [], w)()
        parts, entropies, limits = {}, [], []
        for role, law in zip("XY", laws, strict=False):
            h, hv = limit_value(law.text, w)  # kept from beside the cell sums, when it was
            entropies.append(h)
            limits.append(hv)
            # the digits shown are those on which two independent sums agree: the CDF's and
            # the density's quadrature (a user's CDF may cancel in a tail; a sum that went
            # wrong shows only its right digits, and none is computed a third time)
            s, reference = verified_sums(law, delta, ctx.dps)
            value, reference = w.convert(s.entropy), w.convert(reference)
            shown = max(1, agree_digits(value, reference, w, dps))
            gap = value - (hv - log_d)
            gap_digits = max(1, agree_digits(gap, reference - (hv - log_d), w, dps))
            parts[role] = {
                "H_delta": to_decimal(value * scale, shown, w),
                "h": to_decimal(hv * scale, dps, w),
                "h_minus_log_delta": to_decimal((hv - log_d) * scale, dps, w),
                "error": to_decimal(gap * scale, gap_digits, w),
                "cells": f"{s.i0}..{s.i1 - 1}",
                "tail_mass": to_decimal(w.convert(s.tail_mass), 3, w),
                "tail_bound": to_decimal(w.convert(s.bound) * scale, 3, w),
                "cdf": _cdf_text(law), "h_closed_form": sp.sstr(h),
            }
        out = {"quantisation": {"delta": sp.sstr(delta), "units": units, **parts},
               "evidence": evidence(laws, entropies, delta, units, ctx.dps + STEP)}
        if len(laws) > 1:
            hx, hy = limits
            out["quantisation"]["limit_h_X_minus_h_Y"] = to_decimal((hx - hy) * scale, dps, w)
        return out

    return extras


@lru_cache(maxsize=32)
def quantised_entry(x_text: str, y_text: str | None, delta) -> Entry:
    """The entry of one request (cached: its steps are checked once)."""
    draft = _draft(x_text, y_text, delta)
    texts = [TextParam("X", "a distribution", "X is a distribution", lambda v: True,
                       lambda rng: x_text, x_text)]
    if y_text:
        texts.append(TextParam("Y", "a distribution", "Y is a distribution", lambda v: True,
                               lambda rng: y_text, y_text))
    title = (f"Quantised entropy of X = {x_text}" + (f" and Y = {y_text}" if y_text else "")
             + f", delta = {sp.sstr(delta)}")
    return Entry(name="quantised-entropy", title=title, group="coding",
                 params=(*texts, DELTA), build=lambda _s: draft, summary=title,
                 bind=lambda _values: {})


def _specialise(params: dict) -> tuple:
    if "X" not in params:
        raise DerivationError("quantised-entropy needs X (e.g. --param \"X=normal(0, 1)\" "
                              "--param delta=1/100)")
    extra = sorted(k for k in params if k not in ("X", "Y", "delta"))
    if extra:
        raise DerivationError(f"quantised-entropy takes X, Y and delta, not {', '.join(extra)}")
    params = {k: v for k, v in params.items()
              if k != "Y" or not isinstance(v, str) or v.strip()}  # an empty Y: only X
    texts = [TextParam(r, "", "", None, None, "").parse(params[r]) for r in ("X", "Y")
             if r in params]
    raw = params.get("delta", DELTA.default)
    try:
        delta = parse_value(raw) if isinstance(raw, str) else sp.Rational(raw)
    except (ValueError, TypeError):
        raise DerivationError(f"parameter delta: '{shorten(raw, 30)}' is not a number") from None
    delta = DELTA.validate(delta, raw if isinstance(raw, str) else None)
    entry = quantised_entry(texts[0], texts[1] if len(texts) > 1 else None, delta)
    return entry, {**params, "delta": raw}


def _bare_build(_s):
    raise DerivationError("quantised-entropy needs X")


ENTRIES = (
    LanguageEntry(
        name="quantised-entropy", title="Entropy of a quantised variable: H(X_delta) and "
        "h(X) - log delta", group="coding",
        params=(TextParam("X", "a continuous distribution", "X is a distribution",
                          lambda v: True, lambda rng: "normal(0, 1)", "normal(0, 1)"),
                TextParam("Y", "a second continuous distribution (task 1.8; optional)",
                          "Y is a distribution or empty", lambda v: True,
                          lambda rng: "", ""),
                DELTA),
        build=_bare_build,
        summary="H(X_delta) = -sum p_i log p_i over the cells [i delta, (i+1) delta), against "
        "h(X) - log delta (error O(delta^2)), and H(X_delta) - H(Y_delta) -> h(X) - h(Y); "
        f"{CT}, Theorem 8.3.1",
        specialise=_specialise,
    ),
)

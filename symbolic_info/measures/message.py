"""The information in a message: ``I = H(X) - H(X | A)`` (the course's definition 1.5).

A message says that the event ``A`` happened (``X <= 50``, ``X != 1``).  Before
it, the uncertainty about ``X`` is ``H(X)``; after it, ``X`` has the conditional
pmf (density) ``p(x) / P(A)`` on ``A``, whose entropy is ``H(X | A)``.  The
information in the message is the difference.  It may be 0 (the pmf
``2^-k`` and "it is not the first value": the rest is again ``2^-k``, shifted,
the course's task 1.4) or negative (a message that leaves several likely values
where one was almost certain, task 1.5).

The steps use ``-ln(p/P(A)) = -ln p + ln P(A)`` and that ``p/P(A)`` sums to 1
over ``A``, so ``H(X | A) = ln P(A) + S_A / P(A)`` with ``S_A = -sum_A p ln p``
(Cover & Thomas, *Elements of Information Theory*, 2nd ed., eq. (2.1) applied to
the conditional pmf).  ``H(X)`` is derived and verified on its own (the bare
``entropy`` entry).  The surprisal ``-ln P(A)`` (the self-information of the
event, Cover & Thomas Sec. 2.1) is a different quantity; it is shown beside the
value in ``extras``.

Example
-------
>>> from symbolic_info import derive
>>> d = derive("information-in-message", X="geometric(1/2)", event="X != 1", units="bits")
>>> d.result, d.verified, d.extras["surprisal"]["bits"][:4]
(0, True, '1.00')
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from ..core import DerivationError, Step
from ..engine.run import Draft, Entry
from ..language import Table, parse_distribution
from ..language.event import holds, integer_ranges, parse_event, real_intervals
from ..numeric.context import new_context, to_decimal
from ..numeric.resolved import zero_within
from ..output.render_latex import latex
from ..symbolic.substitute import has_costly
from .custom_build import as_formula
from .custom_numeric import NumericIntegral, NumericSeries, factored_log
from .custom_symbolic import symbolic_plan
from .message_reference import message_reference
from .text_entry import fixed_entry, text_entry

__all__ = ["ENTRIES", "message_entry", "verified_entropy", "MAX_PIECES", "DIRECT_TERMS",
           "TABLE_VALUES"]

MAX_PIECES = 50
"""Most separate pieces (ranges, intervals) an event may cut from the support."""
DIRECT_TERMS = 64
"""Finite ranges of at most this many values are added term by term, exactly."""
TABLE_VALUES = 200
"""A discrete distribution on at most this many values is treated as a table."""


def _minus_plogp(p):
    return sp.Integer(0) if p == 0 else -p * sp.log(p)


class _Sums:
    """Sums (integrals) of an expression in the variable over the event's pieces."""

    def __init__(self, form, pieces):
        self.form, self.pieces = form, pieces

    def kept(self, f, inner: bool = False):
        """The sum of ``f`` over the pieces, unevaluated (a table's terms written out).

        ``inner``: in a variable of its own, to sit inside another sum over the variable.
        """
        form = self.form
        if isinstance(form, Table):
            terms = [f(p) for _v, p in self.pieces]
            return sp.Add(*terms, evaluate=False) if len(terms) > 1 else terms[0]
        kind = NumericSeries if form.discrete else NumericIntegral
        var = self.inner_var() if inner else form.var
        g = f(form.density.subs(form.var, var))
        return sp.Add(*[kind(g, (var, a, b)) for a, b in self.pieces], evaluate=False) \
            if len(self.pieces) > 1 else kind(g, (var, *self.pieces[0]))

    def inner_var(self) -> sp.Symbol:
        """The variable of a sum that sits inside another sum over the variable (``t``)."""
        name = {"k": "j", "x": "t"}.get(self.form.var.name, self.form.var.name + "2")
        return sp.Symbol(name, **self.form.var.assumptions0)

    def closed(self) -> tuple:
        """``(P(A), S_A, by_sympy)``; a part SymPy finds no closed form for stays kept (P(A)
        in :meth:`inner_var`: it sits inside the sum of ``p/P(A)`` over the variable)."""
        form = self.form
        if isinstance(form, Table):
            probs = [p for _v, p in self.pieces]
            return sp.Add(*probs), sp.Add(*[_minus_plogp(p) for p in probs]), False
        var, density = form.var, form.density
        total_p, total_s, by_sympy = [], [], False
        for a, b in self.pieces:
            if form.discrete and b is not sp.oo and b - a < DIRECT_TERMS:
                values = [density.subs(var, j) for j in range(int(a), int(b) + 1)]
                total_p.append(sp.Add(*values))
                total_s.append(sp.Add(*[_minus_plogp(v) for v in values]))
                continue
            g = -factored_log(density)  # ln((1 - x)^2) expanded cancels to ln 0 next to 1
            const, moments = _split(g, var)
            plan = symbolic_plan({"density": density, "var": var, "lo": a, "hi": b,
                                  "discrete": form.discrete, "gs": list(moments),
                                  "normalise": True})
            kind = NumericSeries if form.discrete else NumericIntegral
            z, values = plan.get("Z"), plan.get("values", {})
            found = z is not None and all(values.get(m) is not None for m in moments)
            inner = self.inner_var()
            total_p.append(z if z is not None else kind(density.subs(var, inner), (inner, a, b)))
            total_s.append(const * z + sp.Add(*[c * values[m] for m, c in moments.items()])
                           if found else kind(density * g, (var, a, b)))
            by_sympy = by_sympy or found
        return sp.Add(*total_p), sp.Add(*total_s), by_sympy


def _as_table(form):
    """A discrete formula on at most :data:`TABLE_VALUES` values, written out as a table
    (exact probabilities: the steps are then finite sums SymPy checks at once)."""
    if isinstance(form, Table) or not form.discrete or form.hi is sp.oo \
            or form.hi - form.lo >= TABLE_VALUES:
        return form
    values = range(int(form.lo), int(form.hi) + 1)
    return Table(tuple((sp.Integer(j), form.density.subs(form.var, j)) for j in values),
                 form.text)


def _split(g, var) -> tuple:
    """``g = const + sum c_m * m(var)``: the constant and ``{m: c_m}`` (linearity of the sum)."""
    const, moments = sp.Integer(0), {}
    for term in sp.Add.make_args(sp.expand(g, deep=False)):  # logarithms' arguments as written
        c, m = term.as_independent(var, as_Add=False)
        if m == 1:
            const += c
        else:
            moments[m] = moments.get(m, 0) + c
    return const, moments


def _pieces(form, event) -> list:
    if isinstance(form, Table):
        return [(v, p) for v, p in form.items if holds(event, v)]
    if form.discrete:
        return integer_ranges(event, form.lo, form.hi)
    return real_intervals(event, form.lo, form.hi)


def _minus(a, b):
    """``a - b`` kept as written (SymPy would merge the two entropies at once)."""
    return sp.Add(a, sp.Mul(-1, b, evaluate=False), evaluate=False)


def _after(pa, s_a):
    """``H(X | A) = ln P(A) + S_A / P(A)``, kept as written."""
    return sp.Add(sp.log(pa), sp.Mul(s_a, sp.Pow(pa, -1), evaluate=False), evaluate=False)


def _where(form, pieces) -> str:
    """The event's set as LaTeX: ``\\{2, \\ldots, \\infty\\}``, ``(0, 1) \\cup (2, 3)``."""
    if isinstance(form, Table):
        return r"\{" + ", ".join(sp.latex(v) for v, _p in pieces) + r"\}"
    if form.discrete:
        return r" \cup ".join(rf"\{{{sp.latex(a)}, \ldots, {sp.latex(b)}\}}" if a != b
                               else rf"\{{{sp.latex(a)}\}}" for a, b in pieces)
    return r" \cup ".join(f"({sp.latex(a)}, {sp.latex(b)})" for a, b in pieces)


def _stable(expr):
    """``expr`` with ``erf`` written through ``erfc = 1 - erf``: a normal tail
    ``1/2 - erf(15 sqrt 2)/2`` (4.9e-198) is then ``erfc(15 sqrt 2)/2``, which mpmath
    evaluates to full precision instead of cancelling to 0 (Abramowitz & Stegun 7.1.2).

    Products are multiplied out at every depth, so the ``1`` of ``1 - erfc`` cancels
    exactly wherever it sits: SymPy's integral as written before ``simplify`` (which runs
    under a CPU budget and may not finish) is ``c (-(1 - erfc z)/k + 1/k)``, and a
    top-level expansion left that ``1/k - 1/k`` to cancel in floating point.

    >>> z = 15 * sp.sqrt(2)
    >>> _stable(3 * sp.sqrt(2) * (-sp.sqrt(2) * sp.erf(z) / 6 + sp.sqrt(2) / 6))
    erfc(15*sqrt(2))
    """
    if not isinstance(expr, sp.Expr) or not expr.has(sp.erf):
        return expr
    return sp.expand(expr.rewrite(sp.erfc), deep=not has_costly(expr), mul=True,
                     multinomial=False, log=False, power_exp=False, power_base=False)


def _check_positive(p_closed, event_text: str, x_text: str) -> None:
    """Refuse, in one line, a ``P(A)`` whose closed form cannot be evaluated reliably.

    mpmath's exponent is unbounded, so a tiny probability (a Poisson tail of 2e-1970) is
    a number like any other; what can fail is cancellation in the closed form, seen as a
    value that is not positive or that changes between 40 and 80 digits.
    """
    low, high = new_context(40), new_context(80)
    a, b = _probability_value(p_closed, low), _probability_value(p_closed, high)
    if not (b > 0 and a > 0 and abs(a / b - 1) < low.mpf(10) ** -30):
        raise DerivationError(f"P(A) for the event {event_text} under X = {x_text} is too "
                              "small for its closed form to be evaluated reliably (it cancels "
                              "at 80 digits), so the information in the message is not derived")


def _probability_value(expr, ctx):
    from ..engine.numeric_sides import numeric_value

    return numeric_value(expr, {}, {}, ctx)


def verified_entropy(text: str, what: str = "the information in the message"):
    """The entropy of the distribution ``text`` in nats, as the closed form of the bare
    ``entropy`` entry (derived and verified on its own); ``what`` names the quantity that is
    not derived when it cannot be verified."""
    from ..catalog import derive

    d = derive("entropy", units="nats", X=text)
    if not d.verified:
        raise DerivationError(f"the entropy of {text} could not be verified, so {what} is "
                              "not derived")
    return d.result


SURPRISAL_DIGITS = 2000
"""Most digits beyond the requested ones spent on ``1 - P(A)`` (:func:`_surprisal`)."""


def _surprisal(p_closed, dps: int) -> dict:
    """``-ln P(A)`` in nats and bits to ``dps`` digits, also for ``P(A)`` next to 1, where it
    is ``-log1p(-(1 - P(A)))``: ``P(A)`` is evaluated at a precision raised past the digits
    ``1 - P(A)`` cancels (up to :data:`SURPRISAL_DIGITS` more), so the complement keeps all
    of its digits.  A complement still not resolved there is shown as ``0e-k``; an exact
    ``P(A) = 1`` as ``0``.

    >>> _surprisal(1 - sp.Rational(1, 10**70), 5)["nats"]
    '1.0000e-70'
    >>> _surprisal(1 - sp.exp(-10**6), 5)["nats"]
    '0e-2010'
    """
    if p_closed == 1:
        return {"nats": "0", "bits": "0"}
    digits = dps + 15
    cap = dps + SURPRISAL_DIGITS + 15
    if p_closed.has(NumericSeries, NumericIntegral):  # quadrature: one raise, not thousands
        cap = 2 * digits
    while True:
        ctx = new_context(digits)
        pa = _probability_value(p_closed, ctx)
        complement = 1 - pa  # exact in binary floating point once pa > 1/2
        lost = 0 if pa < ctx.mpf(1) / 2 or complement == 0 else \
            int(-ctx.log10(complement)) + 1
        if complement != 0 and digits >= dps + lost + 10:
            value = -ctx.log1p(-complement)
            return {"nats": to_decimal(value, dps, ctx),
                    "bits": to_decimal(value / ctx.ln2, dps, ctx)}
        if digits >= cap:
            return {"nats": zero_within(ctx.mpf(10) ** (10 - digits), ctx),
                    "bits": zero_within(ctx.mpf(10) ** (10 - digits) / ctx.ln2, ctx)}
        digits = min(cap, max(2 * digits, dps + lost + 15))


def _extras(p_closed, h_closed, ha_closed):
    def extras(_point, ctx, dps, _units):
        def both(v):
            return {"nats": to_decimal(v, dps, ctx), "bits": to_decimal(v / ctx.ln2, dps, ctx)}

        pa = _probability_value(p_closed, ctx)
        h, ha = _probability_value(h_closed, ctx), _probability_value(ha_closed, ctx)
        return {
            "surprisal": {**_surprisal(p_closed, dps),
                          "what": "-log P(A): the self-information of the event, a different "
                                  "quantity from the information in the message"},
            "probability_of_event": to_decimal(pa, dps, ctx),
            "entropy_before": both(h),
            "entropy_after": both(ha),
        }

    return extras


def _draft(x_text: str, event_text: str) -> Draft:
    dist = parse_distribution(x_text)
    if dist.free_symbols:
        names = ", ".join(sorted(s.name for s in dist.free_symbols))
        raise DerivationError(f"information-in-message needs numbers: write the values of "
                              f"{names} into X")
    event = parse_event(event_text, "X")
    form = _as_table(as_formula(dist))
    pieces = _pieces(form, event)
    if len(pieces) > MAX_PIECES:
        raise DerivationError(f"the event cuts X's support into more than {MAX_PIECES} pieces")
    zero = f"the event {event.text} has probability 0 under X = {x_text}: a message that " \
           "cannot happen carries no defined information"
    if not pieces:
        raise DerivationError(zero)
    sums = _Sums(form, pieces)
    p_closed, s_closed, by_sympy = (_stable(e) for e in sums.closed())
    if p_closed == 0:
        raise DerivationError(zero)
    _check_positive(p_closed, event.text, x_text)
    p_kept = sums.kept(lambda p: p, inner=True)
    h_kept = _Sums(form, form.items if isinstance(form, Table) else [(form.lo, form.hi)]) \
        .kept(_minus_plogp)
    h_closed = verified_entropy(x_text)

    def cond(pa):
        return sums.kept(lambda p: _minus_plogp(p / pa))

    s_kept = sums.kept(_minus_plogp)
    ha_closed = sp.log(p_closed) + s_closed / p_closed
    where = _where(form, pieces)
    what = "pmf" if form.discrete else "density"
    how = "SymPy" if by_sympy else "exact finite sums"
    definition = _minus(h_kept, cond(p_kept))
    chain = [
        (definition, definition,
         f"definition 1.5: the entropy before the message minus the entropy after it; after "
         f"it $X$ has the {what} $p(x)/P(A)$ on $A$"),
        (p_kept, p_closed, f"$P(A)$ = the {what} summed over $A = {where}$ ({how})"),
        (h_kept, h_closed, f"$H(X)$, derived and verified on its own "
                           f"(derive entropy --param \"X={x_text}\")"),
        (cond(p_closed), _after(p_closed, s_kept),
         r"$H(X \mid A)$: $-\ln \frac{p}{P(A)} = -\ln p + \ln P(A)$, and $p/P(A)$ sums to 1 "
         r"over $A$, so $H(X \mid A) = \ln P(A) + S_A/P(A)$ with "
         r"$S_A = -\sum_{x \in A} p \ln p$"),
    ]
    if s_kept != s_closed and not s_closed.has(NumericSeries, NumericIntegral):
        chain.append((None, _after(p_closed, s_closed), f"$S_A = {latex(s_closed)}$ ({how})"))
    last = _minus(h_closed, chain[-1][1])
    done = last
    if not last.has(NumericSeries, NumericIntegral):
        done = sp.expand_log(sp.simplify(last), force=True)
    chain.append((last, done, r"$I = H(X) - H(X \mid A)$ with the values above"))
    steps, previous = [], None
    for lhs, rhs, rule in chain:
        steps.append(Step(previous if lhs is None else lhs, rhs, rule))
        previous = rhs
    return Draft(
        quantity="I(A) = H(X) - H(X \\mid A)",
        assumptions=(f"X has the {what} {x_text}",
                     f"the message: the event $A$ = {{{event.text}}} happened",
                     r"information in a message $= H(X) - H(X \mid A)$, the course's "
                     "definition 1.5"),
        steps=tuple(steps),
        reference=message_reference(form, pieces),
        reference_method="H(X) and H(X given A) each from the " + what + " as written "
                         "(series: added until a geometric bound ends them or by mpmath's "
                         "nsum with Richardson and Shanks extrapolation when the terms fall "
                         "fast, by the Abel-Plana formula or mpmath's Euler-Maclaurin nsum "
                         "when they fall slowly; integrals by the project's double-"
                         "exponential quadrature; finite sums exactly), P(A) summed the "
                         "same way; the event's part of both entropies summed together, "
                         "-p ln p + q ln q with q = p/P(A) (each interval integrated once; a "
                         "slowly falling tail k >= a as one Abel-Plana sum)",
        extras=_extras(p_closed, h_closed, ha_closed),
    )


@lru_cache(maxsize=64)
def message_entry(x_text: str, event_text: str) -> Entry:
    """The entry of one request (cached: its steps are checked once)."""
    draft = _draft(x_text, event_text)
    title = f"Information in the message {event_text} about X = {x_text}"
    return fixed_entry("information-in-message", title, "entropy",
                       {"X": ("a distribution", x_text), "event": ("an event", event_text)},
                       draft)


ENTRIES = (
    text_entry(
        "information-in-message", "Information in a message about X", "entropy",
        {"X": ("a distribution", "geometric(1/2)"), "event": ("an event", "X != 1")},
        "I = H(X) - H(X | A): the uncertainty about X before the message 'A happened' minus "
        "after it (the course's definition 1.5); may be 0 or negative",
        lambda x, event: message_entry(x, event),
        "--param \"X=geometric(1/2)\" --param \"event=X != 1\""),
)

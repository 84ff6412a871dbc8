"""Shared pieces of the discrete measures: sums, probability tables, supports.

:class:`DiscreteSum` is a SymPy sum that stays a sum (SymPy does not try to
find a closed form for it) and that the numeric evaluator sums directly on a
private mpmath context.  :func:`series_sum` adds terms outward from a mode
and stops with a geometric tail bound.  Probability lists and tables are
parsed exactly and rejected with one clear reason (a negative entry, a sum
other than 1, ragged rows); their zero pattern is part of the structure, so
``0 ln 0 = 0`` is applied by leaving those terms out (Cover & Thomas,
*Elements of Information Theory*, 2nd ed., Sec. 2.1 convention).

Example
-------
>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context, evaluate
>>> k = sp.Symbol("k", integer=True, nonnegative=True)
>>> s = DiscreteSum(sp.Rational(1, 2) ** k, (k, 0, sp.oo))
>>> ctx = new_context(30)
>>> ctx.nstr(evaluate(s, {}, ctx), 20)
'2.0'
"""

from __future__ import annotations

import random
from functools import lru_cache

import sympy as sp
from sympy.concrete.expr_with_limits import AddWithLimits

from ..core import DerivationError, total_text
from ..numeric.context import NumericError, compile_expr
from ..params import Param, shorten, symbol_latex

__all__ = [
    "DiscreteSum",
    "CellSymbol",
    "series_sum",
    "pmf_walk",
    "geometric_linear_sum",
    "DOUBLING_NOTE",
    "RESYNC",
    "TAIL_NOTE",
    "MAX_TERMS",
    "K",
    "probability_list",
    "probability_table",
    "vector_symbols",
    "table_symbols",
    "support",
    "random_with_support",
    "int_param",
    "closed_unit",
]

MAX_TERMS = 200_000
"""Most terms a sum may need before the evaluator gives up."""

K = sp.Symbol("k", integer=True, nonnegative=True)
"""The summation index of every pmf sum."""

TAIL_NOTE = (
    "terms added outward from the mode until, for 5 successive terms, the ratio r of "
    "successive terms is < 1 and non-increasing and the geometric tail bound t r/(1-r) "
    "is below 2^-prec of the sum (of 2^-prec when the sum is 0)"
)
"""How :func:`series_sum` bounds an omitted tail (quoted in reference methods)."""

_STREAK = 5


def _walk(term, start, stop, step, ctx, bound, total):
    """Add ``term(k)`` for ``k = start, start+step, ...`` up to ``stop`` (inclusive)."""
    eps = ctx.mpf(2) ** (-ctx.prec)
    acc, streak, last, last_r, k, count = ctx.zero, 0, None, None, start, 0
    while (stop is None) or (k - stop) * step <= 0:
        count += 1
        if count > MAX_TERMS:
            raise NumericError(f"the sum needs more than {MAX_TERMS} terms")
        t = term(k)
        acc += t
        m = abs(bound(k)) if bound is not None else abs(t)
        if last is not None and last != 0 and m != 0:
            r = m / last
            if r < 1 and (last_r is None or r <= last_r * (1 + ctx.mpf(2) ** -30)):
                streak += 1
            else:
                streak = 0
            last_r = r
            scale = abs(total + acc) or eps  # relative to the sum, however small it is
            if streak >= _STREAK and m * r / (1 - r) <= eps * scale:
                return acc
        else:
            streak, last_r = 0, None
        last = m
        k += step
    return acc


def series_sum(term, lo, hi, ctx, mode=None, bound=None):
    """``sum of term(k) for k = lo .. hi`` on ``ctx``; ``hi`` may be ``None`` (infinity).

    Finite sums of at most :data:`MAX_TERMS` terms are added in full unless
    ``mode`` is given; otherwise terms are added outward from ``mode`` and
    each direction stops by the rule in :data:`TAIL_NOTE` (``bound(k)``, if
    given, is a sign-free majorant used for the stopping rule instead of
    ``|term(k)|``).

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(30)
    >>> ctx.nstr(series_sum(lambda k: 1 / ctx.factorial(k), 0, None, ctx), 25)
    '2.718281828459045235360287'
    """
    if hi is not None and hi < lo:
        return ctx.zero
    if mode is None:
        if hi is not None:
            if hi - lo + 1 > MAX_TERMS:
                raise NumericError(f"the sum has more than {MAX_TERMS} terms")
            return ctx.fsum(term(k) for k in range(lo, hi + 1))
        mode = lo
    mode = max(lo, mode if hi is None else min(mode, hi))
    up = _walk(term, mode, hi, 1, ctx, bound, ctx.zero)
    down = _walk(term, mode - 1, lo, -1, ctx, bound, up) if mode > lo else ctx.zero
    return up + down


RESYNC = 16
"""Steps of a :func:`pmf_walk` recurrence between two exact restarts from ``exp(ln P(k))``."""


def pmf_walk(log_pmf, ratio, ctx):
    """``k -> P(k)`` for a sum that walks ``k`` one step at a time (as :func:`series_sum` does).

    ``P(k)`` is ``exp(log_pmf(k))`` at the first ``k`` and every :data:`RESYNC` steps; in
    between it is the neighbour's value times ``ratio(k) = P(k)/P(k-1)`` (divided by
    ``ratio(k+1)`` walking down): one multiplication instead of an exponential (70 us at
    1000 digits).  Each step adds at most one rounding (half an ulp) to the relative error,
    so the value is within ``RESYNC`` ulps of ``P(k)``, well inside the reference's guard
    digits.  The last value is remembered, so a sum's term and its bound share it.

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(30)
    >>> q = ctx.mpf(1) / 3
    >>> pmf = pmf_walk(lambda k: k * ctx.log(q), lambda k: q, ctx)
    >>> [ctx.nstr(pmf(k), 6) for k in (0, 1, 2, 40)]
    ['1.0', '0.333333', '0.111111', '8.22526e-20']
    """
    last: list = [None, None, 0]  # k, P(k), steps since the last restart

    def pmf(k):
        k0, v0, steps = last
        if k == k0:
            return v0
        if k0 is not None and steps < RESYNC and k == k0 + 1:
            value = v0 * ratio(k)
        elif k0 is not None and steps < RESYNC and k == k0 - 1:
            value = v0 / ratio(k0)
        else:
            value, steps = ctx.exp(log_pmf(k)), -1
        last[:] = [k, value, steps + 1]
        return value

    return pmf


DOUBLING_NOTE = (
    "partial sums S_N = sum_{i<N} q^i (a + b i) doubled exactly, S_2N = S_N + q^N (S_N + N b "
    "T_N), T_2N = T_N (1 + q^N), q^N = exp(N ln q), until the tail bound q^N ((|a| + |b| N)/"
    "(1-q) + |b| q/(1-q)^2) is below 2^-prec of the sum"
)
"""How :func:`geometric_linear_sum` sums and bounds its tail (quoted in reference methods)."""

MAX_DOUBLINGS = 400
"""Most doublings of :func:`geometric_linear_sum` (``N`` up to ``2^400`` terms)."""


def geometric_linear_sum(a, b, q, log_q, ctx):
    """``sum_{i >= 0} q^i (a + b i)`` for ``0 <= q < 1`` on ``ctx``, in ``O(log N)`` steps.

    The sum of a geometric pmf times a linear function of ``k`` (``-P(k) ln P(k)``,
    ``P(k) ln(P(k)/Q(k))``) needs ``N ~ prec ln 2 / (1-q)`` terms: 230,000 for
    ``p = 1/100`` at 1000 digits.  The partial sums double instead (:data:`DOUBLING_NOTE`):
    ``sum_{i<2N} = sum_{i<N} + q^N sum_{i<N} q^i (a + b (i + N))``, exact identities of
    finite sums (no closed form of the series is used), with ``q^N`` from ``log_q`` (one
    exponential per doubling, no error growth from repeated squaring) and a stated tail
    bound.  ``a``, ``b``, ``q``, ``log_q`` are mpf (``log_q = ln q``, ``-inf`` for 0).

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(30)
    >>> q = ctx.mpf(1) / 2
    >>> ctx.nstr(geometric_linear_sum(ctx.mpf(1), ctx.mpf(1), q, ctx.log(q), ctx), 20)
    '4.0'
    """
    eps = ctx.mpf(2) ** (-ctx.prec)
    if q == 0:
        return a
    gap = 1 - q
    total, weight, n = a, ctx.one, 1  # S_N, T_N, N
    for _ in range(MAX_DOUBLINGS):
        power = ctx.exp(n * log_q)  # q^N
        tail = power * ((abs(a) + abs(b) * n) / gap + abs(b) * q / gap**2)
        if tail <= eps * (abs(total) or eps):
            return total
        total = total + power * (total + n * b * weight)
        weight = weight * (1 + power)
        n *= 2
    raise NumericError(f"the sum needs more than 2^{MAX_DOUBLINGS} terms")


def _gamma_form(expr: sp.Expr) -> sp.Expr:
    """Binomial coefficients and factorials through (log-)Gamma, for evaluation."""
    lgam = sp.loggamma
    expr = expr.replace(
        lambda e: isinstance(e, sp.log) and isinstance(e.args[0], sp.binomial),
        lambda e: lgam(e.args[0].args[0] + 1) - lgam(e.args[0].args[1] + 1)
        - lgam(e.args[0].args[0] - e.args[0].args[1] + 1),
    )
    expr = expr.replace(
        lambda e: isinstance(e, sp.log) and isinstance(e.args[0], sp.factorial),
        lambda e: lgam(e.args[0].args[0] + 1),
    )
    expr = expr.replace(
        sp.binomial, lambda a, b: sp.gamma(a + 1) / (sp.gamma(b + 1) * sp.gamma(a - b + 1))
    )
    return expr.replace(sp.factorial, lambda a: sp.gamma(a + 1))


class DiscreteSum(AddWithLimits):
    """``sum of f(k) for k = a .. b`` (``b`` may be ``oo``), kept as a sum.

    Unlike ``sympy.Sum``, SymPy's simplifier never tries to sum it in closed
    form (that can take minutes); the numeric evaluator adds its terms on the
    private context (:func:`series_sum`).  ``expand`` applies linearity:
    the summand is split into terms and factors free of ``k`` leave the sum
    (valid for the absolutely convergent pmf sums used here); ``doit``
    writes out sums of at most 64 terms with numeric limits.
    """

    __slots__ = ()

    def doit(self, **hints):
        (k, lo, hi), = self.limits
        if lo.is_Integer and hi.is_Integer and int(hi) - int(lo) < 64:
            return sp.Add(*[self.function.subs(k, j) for j in range(int(lo), int(hi) + 1)])
        return self

    def _eval_expand_basic(self, **hints):
        (k, lo, hi), = self.limits
        if lo.is_Integer and hi.is_Integer and int(hi) - int(lo) < 64:
            return self.doit().expand(**hints)
        total = []
        for term in sp.Add.make_args(self.function.expand(**hints)):
            const, dep = term.as_independent(k, as_Add=False)
            count = hi - lo + 1
            if dep == 1 and hi is not sp.oo and count.is_nonnegative:
                total.append(const * count)
            else:
                total.append(const * self.func(dep, *self.limits))
        return sp.Add(*total)

    def _eval_simplify(self, **kwargs):
        return self

    def _latex(self, printer):
        return printer._print_Sum(self)

    def _sympystr(self, printer):
        return printer._print_Sum(self)

    def _mpmath_compile_(self, build, ctx):
        (k, lo, hi), = self.limits
        outer = sorted(self.function.free_symbols - {k}, key=lambda s: s.name)
        f = compile_expr(_gamma_form(self.function), [k, *outer], ctx)
        getters = [build(s) for s in outer]
        lo_f = build(lo)
        hi_f = None if hi is sp.oo else build(hi)

        def value(v):
            vals = [g(v) for g in getters]
            a = lo_f(v)
            b = None if hi_f is None else hi_f(v)
            if not ctx.isint(a) or (b is not None and not ctx.isint(b)):
                raise NumericError("a sum needs integer limits")
            return series_sum(
                lambda j: f(ctx.mpf(j), *vals), int(a), None if b is None else int(b), ctx
            )

        return value


class CellSymbol(sp.Symbol):
    """The symbol of a table cell ``p_{x,y}`` (name ``px_y``, LaTeX with a comma)."""

    def _latex(self, printer):
        head, _, col = self.name.partition("_")
        letter = head.rstrip("0123456789")
        return f"{letter}_{{{head[len(letter):]},{col}}}"


@lru_cache(maxsize=64)
def vector_symbols(letter: str, n: int) -> tuple:
    """``(p1, ..., pn)``: positive symbols for the entries of a probability list."""
    return tuple(sp.Symbol(f"{letter}{i}", positive=True) for i in range(1, n + 1))


@lru_cache(maxsize=64)
def table_symbols(letter: str, rows: int, cols: int) -> tuple:
    """Rows of positive cell symbols ``p_{i,j}`` for a joint probability table."""
    return tuple(
        tuple(CellSymbol(f"{letter}{i}_{j}", positive=True) for j in range(1, cols + 1))
        for i in range(1, rows + 1)
    )


def support(values) -> tuple:
    """Indices (or ``(i, j)`` pairs) of the non-zero entries of a list or matrix."""
    if isinstance(values, sp.MatrixBase):
        return tuple(
            (i, j) for i in range(values.rows) for j in range(values.cols) if values[i, j] != 0
        )
    return tuple(i for i, v in enumerate(values) if v != 0)


def random_with_support(rng: random.Random, cells, size) -> list:
    """Exact random probabilities, positive on ``cells`` and 0 elsewhere (flat list)."""
    weights = [rng.randint(1, 20) if i in cells else 0 for i in range(size)]
    total = sum(weights)
    return [sp.Rational(w, total) for w in weights]


def _check_entries(name: str, entries: list, where) -> None:
    for pos, v in zip(where, entries, strict=True):
        if v < 0:
            raise DerivationError(f"parameter {name}: entry {pos} = {shorten(v, 30)} is negative")
    total = sum(entries)
    if total != 1:
        raise DerivationError(f"parameter {name}: the entries sum to {total_text(total)}, not 1")


def _list_test(name: str):
    def test(value) -> bool:
        if len(value) < 1:
            raise DerivationError(f"parameter {name}: the list is empty")
        _check_entries(name, list(value), range(1, len(value) + 1))
        return True

    return test


def _table_test(name: str):
    def test(value) -> bool:
        where = [(i + 1, j + 1) for i in range(value.rows) for j in range(value.cols)]
        _check_entries(name, list(value), where)
        return True

    return test


class _TableParam(Param):
    """A table parameter whose Python-list input may be ragged (reported clearly)."""

    def parse(self, text):
        if isinstance(text, (list, tuple)) and text and isinstance(text[0], (list, tuple)):
            if any(len(r) != len(text[0]) for r in text):
                raise DerivationError(f"parameter {self.name}: the rows have different lengths")
        if isinstance(text, str) and not text.strip().startswith("["):
            raise DerivationError(f"parameter {self.name}: write the table as [[..], [..]]")
        try:
            value = super().parse(text)
        except DerivationError as exc:
            if "equal rows" in str(exc):
                raise DerivationError(
                    f"parameter {self.name}: the rows have different lengths "
                    "(or there are more than 12)"
                ) from None
            raise
        if not isinstance(value, sp.MatrixBase):  # pragma: no cover - validate() catches it
            raise DerivationError(f"parameter {self.name}: not a table")
        return value


def probability_list(name: str, description: str, default: str = "1/2,1/4,1/4") -> Param:
    """A list of probabilities (entries >= 0, exact sum 1); zeros allowed.

    >>> probability_list("p", "pmf").parse("1/2,1/3")
    Traceback (most recent call last):
    ...
    symbolic_info.core.DerivationError: parameter p: the entries sum to 5/6, not 1
    """
    return Param(
        name, description,
        rf"${symbol_latex(name)}$ is a list of probabilities $\ge 0$ that sum to 1",
        _list_test(name), lambda rng: tuple(random_with_support(rng, range(3), 3)),
        default, None, "vector",
    )


def probability_table(name: str, description: str, default: str = "[[1/4,1/4],[0,1/2]]"):
    """A matrix of joint probabilities (entries >= 0, exact sum 1), rows of equal length.

    >>> probability_table("pxy", "joint pmf").parse("[[1/2,-1/4],[1/2,1/4]]")
    Traceback (most recent call last):
    ...
    symbolic_info.core.DerivationError: parameter pxy: entry (1, 2) = -1/4 is negative
    """
    return _TableParam(
        name, description,
        rf"${symbol_latex(name)}$ is a table of probabilities $\ge 0$ that sum to 1 "
        "(rows index $X$)",
        _table_test(name),
        lambda rng: sp.Matrix(2, 2, random_with_support(rng, range(4), 4)),
        default, None, "matrix",
    )


def int_param(name: str, description: str, hi_limit: int, default="5", lo=1, hi=10) -> Param:
    """An integer ``1 <= name <= hi_limit`` (a bound that keeps exact sums fast)."""
    return Param(
        name, description,
        rf"${symbol_latex(name)}$ is an integer, $1 \le {symbol_latex(name)} \le {hi_limit}$",
        lambda v: v.is_Integer and 1 <= v <= hi_limit,
        lambda rng: sp.Integer(rng.randint(lo, hi)), default,
        sp.Symbol(name, positive=True, integer=True),
    )


def closed_unit(name: str, description: str, default="1/8") -> Param:
    """A probability ``0 < name <= 1``."""
    return Param(
        name, description, rf"$0 < {symbol_latex(name)} \le 1$", lambda v: 0 < v <= 1,
        lambda rng: sp.Rational(rng.randint(1, 1000), 1000), default,
        sp.Symbol(name, positive=True),
    )


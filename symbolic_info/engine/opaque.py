"""When no simplification can show a difference to be 0: it rests on values SymPy cannot see.

A step's difference often keeps *opaque atoms*: expectations ``E_P[g(X)]`` (after
linearity), integrals and implicit quantities that only the numeric evaluator knows
(nodes with ``_mpmath_compile_``: a Lagrange multiplier, a partition function, an
integral by quadrature), and the pmf sums that SymPy keeps as sums (a
:class:`~symbolic_info.symbolic.sums.DiscreteSum` up to ``n`` or ``oo``: its ``doit`` leaves
it, and no rule of SymPy's joins two of them; ``sum_k k P(k) = n p`` is a fact about the
pmf, which simplify spent 0.2-0.7 s failing to show in each step of ``entropy/binomial``).
SymPy treats them as unknown function values: every rewrite
``sp.simplify`` makes holds for *any* values of them.  So when the difference, at one
admissible parameter point, is clearly non-zero with the atoms replaced by independent
random numbers (twice), no rewrite can turn it into 0, and calling ``sp.simplify``
(0.1-1 s each, several seconds on a long sum) only delays the numeric check that decides
the step anyway.  This is a test of *hopelessness*, never a proof: a step it sends on is
checked numerically as before, and the check says so (method ``numeric``).

Two atoms that SymPy might still make equal (expectations whose integrands agree at
sample points of the variable, or nodes of one kind whose arguments agree at the point)
make the test answer ``False`` (try ``sp.simplify``), as does anything it cannot
evaluate.

Example
-------
>>> import sympy as sp
>>> from symbolic_info.symbolic.expectation import Expect, P
>>> x, lam = sp.Symbol("x", positive=True), sp.Symbol("lambda", positive=True)
>>> cannot_cancel(lam * Expect(x, P) - 1, {lam: sp.Integer(2)})   # E[X] = 1/lambda: numbers only
True
>>> cannot_cancel(Expect(x, P) - Expect(x, P), {})
False
"""

from __future__ import annotations

import random

import sympy as sp
from sympy.concrete.expr_with_limits import ExprWithLimits

from ..numeric.context import NumericError, compile_expr, new_context
from ..symbolic.expectation import Expect
from ..symbolic.substitute import substitute
from ..symbolic.sums import DiscreteSum

__all__ = ["cannot_cancel", "opaque_atoms", "is_opaque", "SAMPLE_X", "TEST_DPS"]

TEST_DPS = 30
"""Digits of the first evaluation of a difference (the second uses twice as many)."""
SAMPLE_X = ("0.3711", "0.8123", "1.7071")
"""Values of a random variable at which two integrands are compared (positive and not
whole numbers, so admissible for a real or a positive variable)."""
SAMPLE_K = (0, 1, 2, 5)
"""Offsets from a kept sum's lower limit at which two summands are compared (those within
its range)."""
_SEED = "opaque-atoms"


def is_opaque(node) -> bool:
    """True for an expectation or an applied node that only the numeric evaluator knows.

    SymPy's own sums and integrals are not opaque (``simplify`` may sum them in closed
    form), nor is a :class:`~symbolic_info.symbolic.sums.DiscreteSum` that its ``doit``
    writes out (at most 64 terms with numeric limits), nor anything else of SymPy's own.
    A kept sum is (``expand``, which the caller applies first, takes factors free of the
    index out of it; simplify rewrites its summand but never sums or joins it).

    >>> from symbolic_info.symbolic.expectation import Expect, P
    >>> is_opaque(Expect(sp.Symbol("x"), P)), is_opaque(sp.gamma(sp.Symbol("k")))
    (True, False)
    >>> k, n = sp.Symbol("k", integer=True), sp.Symbol("n", integer=True)
    >>> is_opaque(DiscreteSum(k, (k, 0, n))), is_opaque(DiscreteSum(k, (k, 0, 3)))
    (True, False)

    An integral that only quadrature evaluates (its ``doit`` keeps it, such as
    ``measures/custom_numeric.NumericIntegral``) is opaque too; SymPy's ``Integral`` is not.

    >>> is_opaque(sp.Integral(sp.exp(-k), (k, 0, sp.oo)))
    False
    """
    if isinstance(node, Expect):
        return True
    if isinstance(node, DiscreteSum):
        return node.doit() is node
    if isinstance(node, ExprWithLimits):  # a kept integral (``doit`` keeps it): quadrature's
        return getattr(type(node), "_mpmath_compile_", None) is not None and node.doit() is node
    return (isinstance(node, sp.Function) and not isinstance(node, sp.Derivative)
            and getattr(type(node), "_mpmath_compile_", None) is not None)


def opaque_atoms(expr: sp.Expr) -> list:
    """The outermost opaque nodes of ``expr`` (not those inside another one), sorted."""
    found = set()

    def visit(node):
        if is_opaque(node):
            found.add(node)
            return
        for arg in node.args:
            visit(arg)

    visit(sp.sympify(expr))
    return sorted(found, key=sp.default_sort_key)


def cannot_cancel(diff: sp.Expr, point: dict | None) -> bool:
    """True when ``diff`` cannot simplify to 0: it is clearly non-zero at ``point`` for two
    independent random values of its opaque atoms (see the module's docstring).

    ``point`` maps every free parameter to an exact value; ``None`` (no point) or any
    doubt (no opaque atom, atoms SymPy might equate, an evaluation that fails, a
    difference near 0) gives ``False``.
    """
    if point is None:
        return False
    diff = sp.sympify(diff)
    atoms = opaque_atoms(diff)
    if not atoms or any(_constrained(a) for a in atoms):
        return False
    try:
        ctx = new_context(TEST_DPS)
        if _might_merge(atoms, point, ctx) or any(_might_vanish(a, point, ctx) for a in atoms):
            return False
        stand_ins = [sp.Dummy(f"atom{i}") for i in range(len(atoms))]
        replaced = substitute(diff.xreplace(dict(zip(atoms, stand_ins, strict=True))), point)
        if replaced.free_symbols - set(stand_ins):
            return False
        rng = random.Random(_SEED)
        for _ in range(2):
            values = [sp.Rational(rng.randint(1001, 1999), 1000) for _ in stand_ins]
            if not _clearly_nonzero(replaced, stand_ins, values):
                return False
    except Exception:  # noqa: BLE001 - any failure means "not shown hopeless": simplify runs
        return False
    return True


def _clearly_nonzero(expr, symbols: list, values: list) -> bool:
    """True when ``expr`` at ``values`` is non-zero and its value at :data:`TEST_DPS` digits
    agrees with the value at twice the digits to 10 digits: a difference that only
    rounding keeps from 0 (``(sin^2 + cos^2 - 1) E``) changes with the precision."""
    found = []
    for dps in (TEST_DPS, 2 * TEST_DPS):
        ctx = new_context(dps)
        value = compile_expr(expr, symbols, ctx)(*(ctx.mpf(v.p) / v.q for v in values))
        if not ctx.isfinite(value) or value == 0:
            return False
        found.append(complex(value))
    low, high = found
    return abs(low - high) <= 1e-10 * abs(high)


def _constrained(atom) -> bool:
    """True when an atom declares a property a random number in (1, 2) may not have."""
    return any(getattr(atom, f"is_{p}") for p in (
        "zero", "integer", "nonpositive", "negative", "imaginary"))


def _might_merge(atoms: list, point: dict, ctx) -> bool:
    """True when two atoms of one kind could become equal under SymPy's rewrites."""
    for i, a in enumerate(atoms):
        for b in atoms[i + 1:]:
            if type(a) is type(b) and _agree(a, b, point, ctx):
                return True
    return False


def _summand_values(atom, point: dict, ctx):
    """A kept sum's range at ``point`` and its summand at the offsets :data:`SAMPLE_K`
    within it: ``((lo, hi), values)``; raises when either cannot be evaluated."""
    f, (k, lo, hi) = atom.function, atom.limits[0]
    lo, hi = (substitute(e, point) for e in (lo, hi))
    if not lo.is_Integer or not (hi.is_Integer or hi is sp.oo):
        raise ValueError("a sum's limits are not numbers at the point")
    g = compile_expr(substitute(f, point), [k], ctx)
    ks = [int(lo) + j for j in SAMPLE_K if hi is sp.oo or int(lo) + j <= hi]
    return (lo, hi), [g(ctx.mpf(j)) for j in ks]


def _might_vanish(atom, point: dict, ctx) -> bool:
    """True for a kept sum whose summand is 0 at the sampled indices (simplify might
    rewrite it to 0) or cannot be evaluated there; False for every other atom."""
    if not isinstance(atom, DiscreteSum):
        return False
    try:
        _, values = _summand_values(atom, point, ctx)
    except (NumericError, ZeroDivisionError, ValueError, TypeError, ArithmeticError):
        return True
    return all(abs(v) <= ctx.mpf(10) ** -20 for v in values)


def _agree(a, b, point: dict, ctx) -> bool:
    """Whether two atoms of one kind take equal values wherever they are compared: the
    integrands at :data:`SAMPLE_X` (expectations under one label), the summands at the
    indices :data:`SAMPLE_K` (kept sums over one range at ``point``), else every argument
    at ``point`` (any failure to evaluate counts as agreement)."""
    try:
        if isinstance(a, DiscreteSum):
            range_a, values_a = _summand_values(a, point, ctx)
            range_b, values_b = _summand_values(b, point, ctx)
            return range_a == range_b and all(
                _close(u, v, ctx) for u, v in zip(values_a, values_b, strict=True))
        if isinstance(a, ExprWithLimits):  # SymPy may pull factors out of two kept
            return _same_ranges(a, b, point, ctx)  # integrals over one range, and join them
        if isinstance(a, Expect):
            (ga, la), (gb, lb) = a.args, b.args
            if la != lb:
                return False
            xs = (ga.free_symbols | gb.free_symbols) - set(point)
            if len(xs) != 1 or next(iter(xs)).is_integer:
                return True
            (x,) = xs
            fa, fb = (compile_expr(substitute(g, point), [x], ctx) for g in (ga, gb))
            return all(_close(fa(ctx.mpf(v)), fb(ctx.mpf(v)), ctx) for v in SAMPLE_X)
        args_a, args_b = _flat(a.args), _flat(b.args)
        if len(args_a) != len(args_b):
            return False
        return all(_close(*(compile_expr(substitute(arg, point), [], ctx)() for arg in pair),
                          ctx)
                   for pair in zip(args_a, args_b, strict=True))
    except (NumericError, ZeroDivisionError, ValueError, TypeError, ArithmeticError):
        return True


def _same_ranges(a, b, point: dict, ctx) -> bool:
    """Whether two kept integrals have the same ranges at ``point`` (ends that cannot be
    evaluated raise, which the caller counts as agreement)."""
    if len(a.limits) != len(b.limits):
        return False
    for (_, *ends_a), (_, *ends_b) in zip(a.limits, b.limits, strict=True):
        if len(ends_a) != len(ends_b):
            return False
        for u, v in zip(ends_a, ends_b, strict=True):
            u, v = (compile_expr(substitute(sp.sympify(e), point), [], ctx)() for e in (u, v))
            if u != v and not (ctx.isfinite(u) and ctx.isfinite(v) and _close(u, v, ctx)):
                return False
    return True


def _flat(args) -> list:
    """Arguments with tuples (``Tuple`` of values) written out."""
    out = []
    for arg in args:
        out.extend(_flat(arg.args) if isinstance(arg, sp.Tuple) else [arg])
    return out


def _close(u, v, ctx) -> bool:
    return abs(u - v) <= ctx.mpf(10) ** -20 * max(abs(u), abs(v), ctx.one)

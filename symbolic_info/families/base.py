"""The :class:`Family` record shared by every family's data.

Example
-------
>>> X.is_real, XP.is_positive
(True, True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from ..core import DerivationError
from ..numeric.change_of_variable import Change, SplitChange
from ..numeric.quadrature import Density
from ..params import shorten

__all__ = ["Family", "PROPER_NAMES", "X", "XP", "ordered", "TAIL", "Minimum", "tail_root",
           "SMALL_SHAPE",
           "POWER_SHAPE", "EXPONENT_SHAPE"]

X = sp.Symbol("x", real=True)
"""The random variable of families supported on (part of) the real line."""
XP = sp.Symbol("x", positive=True)
"""The random variable of families supported on (part of) (0, oo)."""

TAIL = 3000
"""A tail where ``-ln f`` exceeds this many nats carries mass below ``e^-3000``
(about ``1e-1300``), invisible at the engine's largest precision (1000 digits plus
guard).  Families whose density is a double exponential or a power with a
shape exponent cut their quadrature range there, so that no ``exp`` of an
astronomically large argument is ever evaluated (a gmpy2 overflow aborts the process)."""


SMALL_SHAPE = ("1e-2", "1e100")
"""Verified range of a shape ``a`` that puts a factor ``x^(a-1)`` near 0 or a tail
``x^-a`` in the density (Gamma, Beta, chi, F, Student t, Pareto): with ``a = 10^-3`` the mass
spreads over ``ln x`` in ``(-10^5, 0)`` or out to ``x = 10^(10^5)``, beyond the reach of the
double-exponential rules (``10^-60000`` and ``10^10000``); ``10^-2`` verifies to all 50
digits (measured with ``benchmarks/bench_param_sweep.py``)."""

POWER_SHAPE = ("1e-2", "1e30")
"""Verified range of a Weibull shape ``k`` (``x^k`` in the log-density): small ``k`` spreads
the mass over ``x = E^(1/k)``, large ``k`` makes ``x^k`` cost a power with a 100-digit
exponent per node (``k = 10^100``: over 40 s)."""

EXPONENT_SHAPE = ("1e-1", "1e30")
"""Verified range of a generalized-normal shape ``beta`` (``|x|^beta``): ``beta = 10^-2``
puts mass out to ``|x| = 3000^100``, where the quadrature loses every digit."""


def tail_root(power) -> sp.Expr:
    """``TAIL ** (1/power)`` written as ``exp(ln(TAIL)/power)`` (no huge exact powers)."""
    return sp.exp(sp.log(TAIL) / power)


class Minimum(sp.Function):
    """``min(a, b)`` that stays cheap to substitute into (unlike ``sympy.Min``).

    >>> import sympy as sp
    >>> Minimum(sp.Integer(2), sp.Rational(1, 2))
    1/2
    """

    nargs = 2

    @classmethod
    def eval(cls, a, b):
        if a.is_number and b.is_number and a.is_comparable and b.is_comparable:
            return a if bool(a <= b) else b
        return None

    def _latex(self, printer):
        a, b = (printer._print(arg) for arg in self.args)
        return rf"\min\left({a}, {b}\right)"

    @staticmethod
    def _mpmath_compile_(node, build, ctx):
        a, b = (build(arg) for arg in node.args)
        return lambda v: min(a(v), b(v))


@dataclass(frozen=True)
class Family:
    """One distribution family: the density as data.

    ``pdf`` is the textbook density and ``logpdf`` its logarithm written as a
    sum of terms ``c_i * g_i(x)``; ``expectations`` is a tuple of triples
    ``(g, E[g(X)], reason)`` covering every non-constant ``g_i`` (the reason
    cites the source).  ``entropy_form`` is the tabulated entropy, ``source``
    its citation.  ``support`` is the mathematical support; ``quad_support``
    (default: ``support``) is the range handed to quadrature, cut only where
    the omitted mass is below ``e^-TAIL``.  ``breaks`` are interior points
    where the integrand changes character.  ``check(values)`` enforces
    cross-parameter rules on a (possibly partial) ``name -> value`` mapping.
    ``defaults`` gives values for optional parameters (``name -> value``).
    ``standardised`` is ``(location, scale)`` when the density is exactly
    ``phi((x - location)/scale)/scale``: references may then use the Gaussian
    trapezoidal rule (:func:`symbolic_info.numeric.quadrature.gauss_trapezoid`).
    ``change`` is a change of variable ``x = x(u)`` under which the references integrate
    (:class:`~symbolic_info.numeric.change_of_variable.Change`; the lognormal in
    ``u = ln x`` is Gaussian).  ``centre`` is the point about which the density is symmetric,
    when it is (the entropy's reference then integrates one half, see
    :func:`symbolic_info.measures.entropy.folded`).  ``circle`` is ``(location, scale)`` when
    ``x = location + scale tan(u)`` carries the uniform law on ``(-pi/2, pi/2)`` onto this
    law (the Cauchy): divergences from it are then integrated on that circle
    (:mod:`symbolic_info.numeric.periodic`).  ``half_change`` is ``(change, applies, when)``: a
    change of variable for the half ``x > centre`` of a symmetric density, which the entropy's
    folded reference integrates in ``u`` at the points where ``applies`` (a SymPy relation of
    the parameters) holds (``when`` says so in words: the generalized normal in
    ``u = ((x - mu)/alpha)^beta``, a Gamma law, for ``beta <= 8``); the step checks integrate
    both halves so (:meth:`halves`).
    """

    name: str
    title: str
    latex: str
    params: tuple
    pdf: sp.Expr
    logpdf: sp.Expr
    support: tuple
    breaks: tuple
    expectations: tuple
    entropy_form: sp.Expr
    source: str
    assumptions: tuple = ()
    var: sp.Symbol = X
    quad_support: tuple | None = None
    check: Callable | None = None
    defaults: tuple = ()
    standardised: tuple | None = None
    change: Change | None = None
    centre: sp.Expr | None = None
    circle: tuple | None = None
    half_change: tuple | None = None

    @property
    def in_sentence(self) -> str:
        """The title inside a sentence: a common noun lower-cased, a person's name kept
        (``the normal distribution``, ``the Student's t distribution``).

        >>> from symbolic_info.families import FAMILIES
        >>> FAMILIES["student_t"].in_sentence, FAMILIES["chi_squared"].in_sentence
        ("Student's t distribution", 'chi-squared distribution')
        """
        first = self.title.split()[0]
        if first in PROPER_NAMES:
            return self.title
        return self.title[0].lower() + self.title[1:]

    def density(self) -> Density:
        """The numeric view of this family (log-density, quadrature range, breaks)."""
        return Density(self.var, self.logpdf, self.quad_support or self.support, self.breaks)

    def halves(self) -> SplitChange | None:
        """Both halves about ``centre`` in ``half_change``'s variable (the one below it
        mirrored), where its condition holds; ``None`` without a ``half_change``.

        >>> from symbolic_info.families import FAMILIES
        >>> FAMILIES["generalized_normal"].halves().changes[1].x_of
        -alpha*u**(1/beta) + mu
        """
        if self.half_change is None:
            return None
        change, applies, _ = self.half_change
        return SplitChange((change, change.mirrored(self.var, self.centre)), applies)

    def symbol(self, name: str) -> sp.Symbol:
        """The SymPy symbol of the parameter called ``name``."""
        return next(p.symbol for p in self.params if p.name == name)


PROPER_NAMES = frozenset({"Student's", "Cauchy", "Weibull", "Gumbel", "F", "Maxwell–Boltzmann",
                          "Laplace", "Pareto", "Rayleigh", "Erlang", "Bernoulli", "Poisson"})
"""First words of family titles that are names and keep their capital in a sentence."""


def ordered(*names: str) -> Callable:
    """A check that the named parameters, where given, increase strictly.

    >>> import sympy as sp
    >>> ordered("a", "c", "b")({"a": sp.Integer(0), "b": sp.Integer(1)}) is None
    True
    """

    def check(values: dict) -> None:
        given = [(n, values[n]) for n in names if n in values]
        for (n1, v1), (n2, v2) in zip(given, given[1:], strict=False):
            if not v1 < v2:
                rule = " < ".join(names)
                raise DerivationError(
                    f"parameters {n1} = {shorten(v1, 30)} and {n2} = {shorten(v2, 30)} break "
                    f"the rule {rule}"
                )

    return check

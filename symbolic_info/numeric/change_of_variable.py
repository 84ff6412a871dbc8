"""A change of variable ``x = x(u)`` in a reference integral, and the trapezoidal rule for
integrands that become Gaussian in ``u``.

A reference integrates ``-f ln f`` (or ``p ln(p/q)``, ``-p ln q``) from the definition.
Substituting ``x = x(u)`` changes nothing in the value,

    integral g(x) f(x) dx = integral g(x(u)) f(x(u)) x'(u) du,

but can change the integrand's character completely: the lognormal's ``f(x)`` has a
heavy right tail and a ``ln x`` that runs off to ``-oo`` at 0, while in ``u = ln x`` the
density ``f(e^u) e^u`` is exactly the normal ``N(mu, sigma^2)``, and ``ln f(e^u) = ln
phi(...) - u`` is a quadratic in ``u``.  Such an integrand is entire and Gaussian-decaying,
and the trapezoidal rule reaches 1000 digits with about 1500 nodes (Trefethen & Weideman,
"The exponentially convergent trapezoidal rule", SIAM Rev. 56 (2014), Thm. 5.1), where the
double-exponential rules needed tens of thousands on the original ``x``.

The substitution is a change of variable in the *definition*: ``ln f`` is still the
family's log-density evaluated at ``x(u)``, never the tabulated closed form, so the
reference stays independent of the symbolic chain.  A :class:`Change` that declares its
``u``-density Gaussian is checked numerically before the trapezoidal rule relies on it
(:func:`gaussian_integral` returns ``None`` when the check fails, and the caller falls back
to quadrature of the changed density).

Example
-------
The lognormal ``Lognormal(0, 1)`` in ``u = ln x``: its entropy ``ln(2 pi e)/2`` (Cover &
Thomas, 2nd ed., Table 17.1, with ``mu = 0``):

>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> x, u = sp.Symbol("x", positive=True), sp.Symbol("u", real=True)
>>> logpdf = -sp.log(x) - sp.log(2 * sp.pi) / 2 - sp.log(x) ** 2 / 2
>>> change = Change(u, sp.exp(u), sp.log(x), u, (-sp.oo, sp.oo), (), (0, 1))
>>> weight = change.log_density(logpdf, x)
>>> weight
-u**2/2 - log(pi)/2 - log(2)/2
>>> ctx = new_context(50)
>>> h = gaussian_integral(weight, -change.expr(logpdf, x), u, 0, 1, ctx)
>>> abs(h - ctx.log(2 * ctx.pi * ctx.e) / 2) < ctx.mpf(10) ** -49
True
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

import sympy as sp

from ..symbolic.substitute import substitute
from .context import compile_expr
from .gauss_trapezoid import gauss_trapezoid
from .quadrature import Density

__all__ = ["Change", "SplitChange", "gaussian_integral", "gaussian_expectation",
           "CHECK_POINTS", "EXPONENTIAL_BREAKS"]

EXPONENTIAL_BREAKS = (sp.exp(-1), sp.E)
"""Break points for a standard exponential variable ``u`` (density ``e^-u``, with ``ln u`` and
powers of ``u`` beside it): tanh-sinh takes the end piece ``(0, 1/e)`` and its ``ln u``,
Clenshaw-Curtis the piece ``(1/e, e)`` (4,097 points at 1000 digits), the light-tail rule the
rest.  Carried over from ``x``, the Weibull's breaks ``u = 1, 30`` left a piece ``(1, 30)`` too
close to the logarithm's singularity at 0 for Clenshaw-Curtis (15,000 tanh-sinh nodes)."""


@dataclass(frozen=True)
class Change:
    """``x = x_of(u)``: a change of variable for a family's reference integrals.

    ``var`` is ``u``; ``x_of`` is ``x`` in terms of ``u``, strictly monotonic on the
    ``u``-range ``support``, which it maps onto the family's support; ``u_of`` is the inverse,
    ``u`` in terms of the family's variable (it carries the break points over);
    ``log_jacobian`` is ``ln |x'(u)|``, written so that it evaluates without cancellation
    (``u`` for ``x = e^u``).  ``breaks`` are break points in ``u``; when empty, the density's
    own are carried over by ``u_of``.  ``gaussian`` is ``(location, scale)`` when the changed
    density ``f(x(u)) |x'(u)|`` is exactly ``phi((u - location)/scale)/scale`` (then
    :func:`gaussian_integral` applies).  Every field may hold the family's parameter symbols.
    ``origin``: for a change made by :meth:`at`, the symbolic change and the point substituted
    (not part of equality), so that :meth:`density` changes the symbolic log-density once and
    substitutes each point, where changing it at each point took SymPy 5-15 ms a time (27
    times in ``kl/weibull``'s step checks, rational powers such as ``(857/1000)^(1853/1000)``
    rebuilt at every one).
    """

    var: sp.Symbol
    x_of: sp.Expr
    u_of: sp.Expr
    log_jacobian: sp.Expr
    support: tuple
    breaks: tuple = ()
    gaussian: tuple | None = None
    origin: tuple | None = field(default=None, compare=False)

    def renamed(self, mapping: dict) -> Change:
        """This change with the parameter symbols renamed by ``mapping`` (``xreplace``)."""
        return self._each(lambda v: sp.sympify(v).xreplace(mapping))

    def at(self, point: dict) -> Change:
        """This change with the parameter values ``point`` substituted (exactly)."""
        change, before = self.origin or (self, {})
        return replace(self._each(lambda v: substitute(sp.sympify(v), point)),
                       origin=(change, {**before, **point}))

    def _each(self, each) -> Change:
        return Change(self.var, each(self.x_of), each(self.u_of), each(self.log_jacobian),
                      tuple(each(v) for v in self.support), tuple(each(v) for v in self.breaks),
                      None if self.gaussian is None else tuple(each(v) for v in self.gaussian))

    @property
    def parts(self) -> tuple:
        """The changes whose integrals add up to one over the whole support: this one alone
        (a :class:`SplitChange` has one per part of the support)."""
        return (self,)

    def mirrored(self, x: sp.Symbol, centre) -> Change:
        """This change reflected about ``centre``: ``x = 2 centre - x(u)``, with the same
        ``|x'(u)|``, ``u``-range and breaks, for the half below ``centre`` when this one maps
        onto the half above it (``x`` is the family's variable, in ``u_of``).

        >>> u, x = sp.Symbol("u", positive=True), sp.Symbol("x", real=True)
        >>> left = Change(u, 1 + u**2, sp.sqrt(x - 1), sp.log(2 * u), (0, sp.oo)).mirrored(x, 1)
        >>> left.x_of, left.u_of
        (1 - u**2, sqrt(1 - x))
        """
        return Change(self.var, 2 * centre - self.x_of,
                      substitute(sp.sympify(self.u_of), {x: 2 * centre - x}), self.log_jacobian,
                      self.support, self.breaks)

    def describe(self, template: str) -> str:
        """``template`` with ``{x}`` (``x(u)``), ``{u}`` (``u(x)``), ``{jac}`` (``|dx/du|``),
        ``{loc}`` and ``{scale}`` (the Gaussian form's) filled in, for a reference method's text.

        >>> u, x = sp.Symbol("u", real=True), sp.Symbol("x", positive=True)
        >>> Change(u, sp.exp(u), sp.log(x), u, (-sp.oo, sp.oo), (), (0, 1)).describe(
        ...     "x = {x}, |dx/du| = {jac}, z = u/{scale}")
        'x = exp(u), |dx/du| = exp(u), z = u/1'
        >>> Change(u, u**2, sp.sqrt(x), u, (0, sp.oo), (), None).describe("x = {x}")
        'x = u^2'
        """
        loc, scale = self.gaussian or (None, None)
        jac = sp.powsimp(sp.exp(self.log_jacobian).rewrite(sp.Pow))
        # powers as a reader writes them (x^2), not Python's x**2
        shown = {k: sp.sstr(v).replace("**", "^") for k, v in
                 dict(x=self.x_of, u=self.u_of, jac=jac, loc=loc, scale=scale).items()}
        return template.format(**shown)

    def expr(self, expr: sp.Expr, x: sp.Symbol) -> sp.Expr:
        """``expr`` (in ``x``) as an expression in ``u``: ``x`` replaced by ``x_of``, then
        powers of products and logarithms expanded where the symbols' signs allow
        (``(lambda u^(1/k))^k`` is ``lambda^k u``, ``ln(lambda u^(1/k))`` is ``ln lambda +
        ln(u)/k``: one ``ln u`` per node instead of a power and a logarithm)."""
        changed = substitute(sp.sympify(expr), {x: self.x_of})
        return sp.expand_log(sp.powdenest(sp.expand_power_base(changed)))

    def log_density(self, logpdf: sp.Expr, x: sp.Symbol) -> sp.Expr:
        """The log-density of ``u``: ``ln f(x(u)) + ln |x'(u)|``."""
        return self.expr(logpdf, x) + self.log_jacobian

    def density(self, density: Density) -> Density:
        """The numeric view of ``u`` (log-density, ``u``-range, the break points carried over
        by ``u_of`` unless the change has its own), for the double-exponential quadrature of
        :mod:`.quadrature`."""
        breaks = self.breaks or tuple(substitute(self.u_of, {density.var: b})
                                      for b in density.breaks)
        return Density(self.var, self._log_density_of(density), self.support, breaks)

    def _log_density_of(self, density: Density) -> sp.Expr:
        """:meth:`log_density` of ``density``: when both were made by ``at`` at the same
        point, the symbolic change of the symbolic log-density (once) with the point
        substituted."""
        if self.origin is not None and density.origin is not None:
            change, point = self.origin
            logpdf, at = density.origin
            if at == point:
                return substitute(_symbolic_log_density(change, logpdf, density.var), point)
        return self.log_density(density.logpdf, density.var)


@lru_cache(maxsize=128)
def _symbolic_log_density(change: Change, logpdf: sp.Expr, x: sp.Symbol) -> sp.Expr:
    """``change.log_density(logpdf, x)`` with the parameters still symbols, remembered."""
    return change.log_density(logpdf, x)


@dataclass(frozen=True)
class SplitChange:
    """The support cut into parts, each integrated in its own change of variable
    (``changes``, whose ranges in ``x`` tile the support), where ``condition`` (a SymPy
    relation of the parameters) holds.

    The generalized normal's step checks integrate each half about ``mu`` in
    ``u = (|x - mu|/alpha)^beta``, a Gamma(1/beta, 1) variable: ``e^-u`` times powers of
    ``u``, with no ``|x - mu|^beta`` to cut at ``mu`` and no tail to reach in ``x`` (0.24 s a
    point at the checks' 60 digits in ``x``).  Where ``condition`` fails at a point (a large
    beta puts the mass below tanh-sinh's reach in ``u``), :meth:`at` is ``None`` and the
    integral stays in ``x``.  Both halves of a symmetric density become one density in ``u``,
    so :func:`~.quadrature.expectation` integrates a symmetric ``g`` once and remembers it.

    >>> u, x, b = sp.Symbol("u", positive=True), sp.Symbol("x", real=True), sp.Symbol("b")
    >>> right = Change(u, u, x, sp.Integer(0), (0, sp.oo))
    >>> split = SplitChange((right, right.mirrored(x, 0)), sp.Le(b, 8))
    >>> len(split.at({b: 2}).parts), split.at({b: 9}) is None
    (2, True)
    """

    changes: tuple
    condition: sp.Basic = sp.true

    @property
    def parts(self) -> tuple:
        """The changes, one per part of the support."""
        return self.changes

    def at(self, point: dict) -> SplitChange | None:
        """The changes at the parameter values ``point``; ``None`` where the condition fails."""
        if sp.sympify(self.condition).xreplace(point) is not sp.true:
            return None
        return SplitChange(tuple(c.at(point) for c in self.changes))


CHECK_POINTS = (0, 1, -1, 2, -2, 3, -3, 5, -5)
"""Values of ``z = (u - location)/scale`` at which :func:`gaussian_integral` checks that the
weight is the standard normal log-density and the factor a quadratic (the first three fix
the quadratic's coefficients, the others test them)."""


def gaussian_integral(weight: sp.Expr, factor: sp.Expr, var: sp.Symbol, location, scale, ctx):
    """``integral exp(weight(u)) factor(u) du`` over the real line by the trapezoidal rule,
    when ``exp(weight)`` is the normal density with ``location`` and ``scale`` and ``factor``
    a polynomial of degree at most 2 in ``u``; else ``None``.

    ``location`` and ``scale`` are exact numbers; ``u = location + scale z`` is substituted
    *symbolically* before compiling, so ``u - mu`` with ``mu = 10^30`` and ``sigma = 10^-30``
    is ``sigma z`` exactly, never a difference of two rounded numbers.  The factor's
    coefficients ``c0 + c1 z + c2 z^2`` are read from its values at ``z = 0, +-1`` and
    checked, with the weight, at the other :data:`CHECK_POINTS`; twice their absolute values
    bound ``|factor|`` for :func:`~symbolic_info.numeric.quadrature.gauss_trapezoid`, whose
    step and cut-off then keep the discretisation and truncation errors below
    ``10^-(dps+5)``.  When that bound is not small against the value (a KL divergence of two
    nearly equal distributions, where ``factor`` cancels), the rule is run again at twice the
    digits; when it is still not small there, ``None``.  The weight and the factor must also
    be polynomials of degree at most 2 in ``u`` for SymPy (a check at points alone would pass
    a quadratic plus ``c z^2 (z^2 - 1)(z^2 - 4)(z^2 - 9)(z^2 - 25)``).

    >>> from symbolic_info.numeric.context import new_context
    >>> u = sp.Symbol("u", real=True)
    >>> ctx = new_context(30)
    >>> w = -u**2 / 2 - sp.log(2 * sp.pi) / 2
    >>> ctx.nstr(gaussian_integral(w, u**2 + 1, u, 0, 1, ctx), 20)
    '2.0'
    >>> gaussian_integral(w, u**4, u, 0, 1, ctx) is None
    True
    """
    z = sp.Dummy("z", real=True)
    location, scale = sp.sympify(location), sp.sympify(scale)
    at = {var: location + scale * z}
    weight_z, factor_z = substitute(sp.sympify(weight), at), substitute(sp.sympify(factor), at)
    if not (_quadratic_in(weight_z, z) and _quadratic_in(factor_z, z)):
        return None  # the checks at CHECK_POINTS then pin the coefficients of a quadratic

    def attempt():
        w = compile_expr(weight_z, [z], ctx)
        g = compile_expr(factor_z, [z], ctx)
        sd = compile_expr(scale, [], ctx)()
        bounds = _quadratic_bounds(w, g, sd, ctx)
        if bounds is None:
            return None
        return gauss_trapezoid(lambda t: sd * ctx.exp(w(t)) * g(t), bounds, ctx)

    found = attempt()
    if found is None:
        return None
    value, err = found
    if value != 0 and err > abs(value) * ctx.mpf(10) ** (-(ctx.dps - 5)):
        with ctx.workdps(2 * ctx.dps):
            found = attempt()
            if found is None:
                return None
            value, err = found
            if value == 0 or err > abs(value) * ctx.mpf(10) ** (-(ctx.dps // 2 - 5)):
                return None  # still not small against the value: the caller's quadrature
    return +value


def _quadratic_in(expr: sp.Expr, z: sp.Symbol) -> bool:
    """True when ``expr`` is a polynomial of degree at most 2 in ``z`` (SymPy's ``Poly``):
    values at a few points cannot tell a quadratic from ``z^2 (z^2 - 1) (z^2 - 4) ...``."""
    try:
        return sp.Poly(expr, z).degree() <= 2
    except (sp.PolynomialError, sp.GeneratorsNeeded, ValueError, TypeError):
        return False


def _quadratic_bounds(w, g, scale, ctx):
    """``(|c0|, |c1|, |c2|)`` doubled for ``g(z) = c0 + c1 z + c2 z^2``, or ``None`` when ``g``
    is not that quadratic, or ``w(z)`` not ``-z^2/2 - ln(scale sqrt(2 pi))``, at one of the
    :data:`CHECK_POINTS` (to within ``2^30`` units of the last place of the values)."""
    values = {t: g(ctx.mpf(t)) for t in CHECK_POINTS}
    if not all(ctx.isfinite(v) for v in values.values()):
        return None
    c0 = values[0]
    c1 = (values[1] - values[-1]) / 2
    c2 = (values[1] + values[-1]) / 2 - c0
    size = abs(c0) + abs(c1) + abs(c2)
    slack = ctx.eps * 2**30
    log_norm = ctx.log(scale) + ctx.log(2 * ctx.pi) / 2
    for t in CHECK_POINTS:
        if abs(values[t] - (c0 + c1 * t + c2 * t * t)) > slack * (size + 1) * (1 + t * t):
            return None
        if abs(w(ctx.mpf(t)) + t * t / ctx.mpf(2) + log_norm) > slack * (abs(log_norm) + 1 + t * t):
            return None
    return (2 * abs(c0), 2 * abs(c1), 2 * abs(c2))


def gaussian_expectation(change: Change, logpdf: sp.Expr, g: sp.Expr, x: sp.Symbol, point: dict,
                         ctx):
    """``integral f(x) g(x) dx`` (``f = exp(logpdf)``) at the parameter values ``point``, by
    :func:`gaussian_integral` in ``change``'s variable; ``None`` when ``change`` declares no
    Gaussian form or the check of :func:`gaussian_integral` fails.

    >>> from symbolic_info.numeric.context import new_context
    >>> x, u, m = sp.Symbol("x", positive=True), sp.Symbol("u", real=True), sp.Symbol("m")
    >>> logpdf = -sp.log(x) - sp.log(2 * sp.pi) / 2 - (sp.log(x) - m) ** 2 / 2
    >>> change = Change(u, sp.exp(u), sp.log(x), u, (-sp.oo, sp.oo), (), (m, 1))
    >>> ctx = new_context(30)
    >>> ctx.nstr(gaussian_expectation(change, logpdf, sp.log(x) ** 2, x, {m: 3}, ctx), 20)
    '10.0'
    """
    if change.gaussian is None:
        return None
    weight = substitute(change.log_density(logpdf, x), point)
    factor = substitute(change.expr(g, x), point)
    location, scale = (substitute(sp.sympify(v), point) for v in change.gaussian)
    return gaussian_integral(weight, factor, change.var, location, scale, ctx)

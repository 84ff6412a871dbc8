"""The steps of a capacity derivation, one function per kind of channel.

Two-input channels (``bsc``, ``bec``, ``z``): I(X;Y) for the input P(X = 1) = alpha, its
derivative, the stationary point, the second derivative (concavity) and the value there; the
AWGN channel from the maximum-entropy property of the normal; a weakly symmetric matrix
(C = ln|Y| - H(row)), a matrix of equal rows (C = 0), and any other matrix by the Kuhn-Tucker
conditions at the capacity-achieving input (:class:`InputDivergence` = :class:`ChannelCapacity`).
Sources: Cover & Thomas, *Elements of Information Theory*, 2nd ed., Secs. 7.1.4, 7.1.5, 7.2,
9.1, Problem 7.8, Theorems 2.7.4 and 8.6.5; Gallager (1968), Theorem 4.5.1.
The entry that uses them is :mod:`symbolic_info.measures.capacity`.

Example
-------
>>> steps = channel_steps("bec", None)
>>> len(steps), steps[-1].rhs
(5, (1 - epsilon)*log(2))
"""

from __future__ import annotations

import sympy as sp

from ..core import Step
from ..numeric.channel_capacity import solve_capacity
from ..sources import COVER_THOMAS as CT
from .binary_entropy import binary_entropy_expr

__all__ = ["channel_steps", "EPS", "ALPHA", "POWER", "NOISE", "CT", "ChannelCapacity",
           "InputDivergence", "reached_outputs", "input_symbols", "SMALL_TABLE"]

EPS = sp.Symbol("epsilon", positive=True)
"""The crossover (bsc), erasure (bec) or 1 -> 0 (z) probability."""
ALPHA = sp.Symbol("alpha", positive=True)
"""P(X = 1), the input of a two-input channel in the steps."""
POWER, NOISE = sp.Symbol("P", positive=True), sp.Symbol("N", positive=True)
SMALL_TABLE = 36
"""Largest number of cells whose mutual information is written out as a step."""
SHOWN_KKT = 6
"""Most inputs whose Kuhn-Tucker condition is a step of its own (more: one step for all)."""
HALF = sp.Rational(1, 2)


class ChannelCapacity(sp.Function):
    """``C(W)``: the capacity of the matrix channel W in nats, as a number (no closed form).

    Arguments ``(m, n, w11, ..., wmn)``.  Evaluated on a context as the lower bound
    I(p*) of :func:`~symbolic_info.numeric.channel_capacity.solve_capacity`.
    """

    is_real = True

    @classmethod
    def eval(cls, *args):
        return None

    def _latex(self, printer):
        return r"C(W)"

    def _eval_simplify(self, **kwargs):
        return self  # a number, not a formula: nothing to simplify in 4000 matrix entries

    @staticmethod
    def _mpmath_compile_(node, build, ctx):
        rows = _rows_of(node.args)

        def value(v):
            return ctx.mpf(solve_capacity(rows, ctx.dps).lower)

        return value


class InputDivergence(sp.Function):
    """``D(W(.|x) || q*)`` for input ``x`` (1-based) at the capacity-achieving output q*;
    ``x = 0``: the largest, ``x = -1``: the smallest of them over the inputs p* uses.

    Arguments ``(x, m, n, w11, ..., wmn)``.
    """

    is_real = True

    @classmethod
    def eval(cls, *args):
        return None

    def _latex(self, printer):
        x = int(self.args[0])
        if x > 0:
            return rf"D\left(W(\cdot \mid x_{{{x}}}) \,\|\, q^{{*}}\right)"
        word = r"\max" if x == 0 else r"\min"
        return rf"{word}_{{x:\,p^*(x) > 0}} D\left(W(\cdot \mid x) \,\|\, q^{{*}}\right)"

    def _eval_simplify(self, **kwargs):
        return self

    @staticmethod
    def _mpmath_compile_(node, build, ctx):
        x = int(node.args[0]) - 1
        rows = _rows_of(node.args[1:])

        def value(v):
            sol = solve_capacity(rows, ctx.dps)
            if x >= 0:
                return ctx.mpf(sol.divergences[x])
            used = [ctx.mpf(sol.divergences[i]) for i in sol.support]
            return max(used) if x == -1 else min(used)

        return value


def _rows_of(args) -> tuple:
    m, n = int(args[0]), int(args[1])
    cells = args[2:]
    return tuple(tuple(cells[i * n:(i + 1) * n]) for i in range(m))


def flat_rows(rows) -> tuple:
    return (sp.Integer(len(rows)), sp.Integer(len(rows[0])), *(w for r in rows for w in r))


def reached_outputs(rows) -> list:
    return [y for y in range(len(rows[0])) if any(r[y] for r in rows)]


def input_symbols(m: int) -> tuple:
    """``(a1, ..., a_{m-1}, 1 - a1 - ... - a_{m-1})``: an input distribution in symbols."""
    free = tuple(sp.Symbol(f"a{i}", positive=True) for i in range(1, m))
    return free + (1 - sp.Add(*free),)


# ---------------------------------------------------------------- two-input channels


def _H2(x):
    return binary_entropy_expr(x)


def _mi_terms(rows, a) -> tuple:
    """``(I by definition, H(Y), H(Y|X))`` for exact or symbolic rows and input ``a``."""
    cols = reached_outputs(rows)
    q = {y: sp.Add(*[a[x] * rows[x][y] for x in range(len(rows)) if rows[x][y]]) for y in cols}
    definition = sp.Add(*[a[x] * rows[x][y] * (sp.log(rows[x][y]) - sp.log(q[y]))
                          for x in range(len(rows)) for y in cols if rows[x][y] != 0])
    hy = -sp.Add(*[q[y] * sp.log(q[y]) for y in cols])
    hyx = sp.Add(*[a[x] * -sp.Add(*[w * sp.log(w) for w in rows[x] if w != 0])
                   for x in range(len(rows))])
    return definition, hy, hyx, q


def _maximum_steps(mi, stationary, concavity_rhs, closed, closed_rule, where) -> tuple:
    """Derivative, stationary point, second derivative and the value there."""
    d1 = sp.Derivative(mi, ALPHA)
    return (
        Step(sp.Subs(d1, ALPHA, stationary), 0,
             rf"$dI/d\alpha = 0$ at {where}: the stationary point"),
        Step(sp.Derivative(mi, (ALPHA, 2)), concavity_rhs,
             r"the second derivative is negative on $0 < \alpha < 1$: $I$ is concave in the input "
             f"({CT}, Theorem 2.7.4), so the stationary point is the maximum"),
        Step(sp.Subs(mi, ALPHA, stationary), closed, closed_rule),
    )


def _bsc_steps() -> tuple:
    e, a = EPS, ALPHA
    rows = ((1 - e, e), (e, 1 - e))
    definition, hy, hyx, q = _mi_terms(rows, (1 - a, a))
    py1 = a * (1 - e) + (1 - a) * e
    mi = _H2(py1) - _H2(e)
    closed = sp.log(2) - _H2(e)
    return (
        Step(definition, mi, r"$I(X;Y) = \sum p(x) W(y \mid x) \ln(W(y \mid x)/p(y)) = "
             r"H(Y) - H(Y \mid X)$ with $P(Y = 1) = \alpha(1 - \epsilon) + (1 - \alpha) \epsilon$; "
             r"every input sees the same noise, so $H(Y \mid X) = H(\epsilon)$"),
        Step(sp.Derivative(mi, a), (1 - 2 * e) * sp.log((1 - py1) / py1),
             r"differentiate in $\alpha$ (chain rule through $P(Y = 1)$, "
             r"$H'(t) = \ln((1 - t)/t)$)"),
        *_maximum_steps(mi, HALF, -(1 - 2 * e) ** 2 / (py1 * (1 - py1)), closed,
                        r"$C = I$ at $\alpha = 1/2$: $\ln 2 - H(\epsilon)$ nats, i.e. "
                        rf"$1 - H(\epsilon)$ bits ({CT}, Sec. 7.1.4)",
                        r"$\alpha^* = 1/2$ (then $P(Y = 1) = 1/2$)"),
    )


def _bec_steps() -> tuple:
    e, a = EPS, ALPHA
    rows = ((1 - e, e, 0), (0, e, 1 - e))
    definition, _, _, _ = _mi_terms(rows, (1 - a, a))
    mi = (1 - e) * _H2(a)
    closed = (1 - e) * sp.log(2)
    return (
        Step(definition, mi, r"$I(X;Y) = H(Y) - H(Y \mid X)$: $H(Y) = H(\epsilon) + "
             r"(1 - \epsilon) H(\alpha)$ (erased or not, then which bit) and "
             r"$H(Y \mid X) = H(\epsilon)$, so $I = (1 - \epsilon) H(\alpha)$"),
        Step(sp.Derivative(mi, a), (1 - e) * sp.log((1 - a) / a),
             r"differentiate in $\alpha$: $H'(\alpha) = \ln((1 - \alpha)/\alpha)$"),
        *_maximum_steps(mi, HALF, -(1 - e) / (a * (1 - a)), closed,
                        r"$C = (1 - \epsilon) \ln 2$ nats, i.e. $1 - \epsilon$ bits: the "
                        f"fraction of bits that arrive ({CT}, Sec. 7.1.5)", r"$\alpha^* = 1/2$"),
    )


def _z_steps() -> tuple:
    e, a = EPS, ALPHA
    rows = ((1, 0), (e, 1 - e))
    definition, _, _, _ = _mi_terms(rows, (1 - a, a))
    q = a * (1 - e)
    mi = _H2(q) - a * _H2(e)
    s = (1 - e) * e ** (e / (1 - e))
    star = s / ((1 + s) * (1 - e))
    closed = sp.log(1 + s)
    return (
        Step(definition, mi, r"$I(X;Y) = H(Y) - H(Y \mid X)$ with "
             r"$P(Y = 1) = \alpha(1 - \epsilon)$: input 0 is noiseless, input 1 has "
             r"$H(Y \mid X = 1) = H(\epsilon)$, so $H(Y \mid X) = \alpha H(\epsilon)$"),
        Step(sp.Derivative(mi, a), (1 - e) * sp.log((1 - q) / q) - _H2(e),
             r"differentiate in $\alpha$ (chain rule through $P(Y = 1) = \alpha(1 - \epsilon)$)"),
        *_maximum_steps(mi, star, -(1 - e) ** 2 / (q * (1 - q)), closed,
                        r"$C = I(\alpha^*) = \ln(1 + (1 - \epsilon) "
                        r"\epsilon^{\epsilon/(1 - \epsilon)})$ nats " f"({CT}, Problem 7.8)",
                        r"$\alpha^* = s/((1 + s)(1 - \epsilon))$ with $s = (1 - \epsilon) "
                        r"\epsilon^{\epsilon/(1 - \epsilon)}$, where "
                        r"$\ln((1 - P(Y=1))/P(Y=1)) = H(\epsilon)/(1 - \epsilon)$"),
    )


def _awgn_steps() -> tuple:
    P, N = POWER, NOISE
    two_pi = 2 * sp.pi

    def average(v):
        return sp.log(two_pi * v) / 2 + sp.Mul(v, sp.Pow(2 * v, -1, evaluate=False),
                                               evaluate=False)

    hy, hz = sp.log(two_pi * sp.E * (P + N)) / 2, sp.log(two_pi * sp.E * N) / 2
    return (
        Step(average(P + N), hy,
             r"$Y = X + Z$ has $\mathrm{E}[Y^{2}] = \mathrm{E}[X^{2}] + N \le P + N$; for that "
             r"variance the normal $\mathcal{N}(0, P + N)$ has the largest entropy "
             f"({CT}, Theorem 8.6.5), "
             r"$h = \mathrm{E}[-\ln f(Y)] = \frac{1}{2}\ln(2\pi(P + N)) + "
             r"\mathrm{E}[Y^{2}]/(2(P + N))$"),
        Step(average(N), hz, r"given $X$, $Y$ is $X$ plus the noise: $h(Y \mid X) = h(Z)$, "
             r"the entropy of $\mathcal{N}(0, N)$"),
        Step(hy - hz, sp.log(1 + P / N) / 2,
             r"$C = \max I(X;Y) = \max h(Y) - h(Z)$: the $2\pi e$ cancels; the maximum is "
             r"attained by $X \sim \mathcal{N}(0, P)$, which makes $Y \sim \mathcal{N}(0, P + N)$ "
             f"({CT}, Sec. 9.1)"),
    )


# ---------------------------------------------------------------- matrix channels


def _definition_step(rows, a) -> tuple:
    if len(rows) * len(rows[0]) > SMALL_TABLE:
        return ()
    definition, hy, hyx, _ = _mi_terms(rows, a)
    return (Step(definition, hy - hyx,
                 r"$I(X;Y) = \sum p(x) W(y \mid x) \ln(W(y \mid x)/q(y)) = H(Y) - H(Y \mid X)$"
                 r" for an input $p = (a_1, \ldots, a_m)$, $q(y) = \sum_x p(x) W(y \mid x)$"),)


def _symmetric_steps(rows) -> tuple:
    m, cols = len(rows), reached_outputs(rows)
    n = len(cols)
    a = input_symbols(m)
    _, hy, hyx, q = _mi_terms(rows, a)
    h_row = -sp.Add(*[w * sp.log(w) for w in rows[0] if w != 0])
    uniform = dict(zip(a[:-1], [sp.Rational(1, m)] * (m - 1), strict=False))
    closed = sp.log(n) - h_row
    steps = list(_definition_step(rows, a))
    if m * len(rows[0]) <= SMALL_TABLE:
        steps += [
            Step(hyx, h_row, r"every row is a permutation of the first, so $H(Y \mid X = x)$ "
                 r"is the entropy $H(W)$ of a row for every $x$, and $H(Y \mid X) = H(W)$ "
                 "whatever the input"),
            Step(sp.log(n) - hy, sp.Add(*[q[y] * sp.log(n * q[y]) for y in cols]),
                 r"$\ln|\mathcal{Y}| - H(Y) = D(q \,\|\, u) \ge 0$ for the uniform $u$ "
                 r"(Gibbs' inequality): $H(Y) \le \ln|\mathcal{Y}|$, with equality only when "
                 "$Y$ is uniform"),
        ]
    rule = (r"the columns have equal sums, so the uniform input makes $Y$ uniform: "
            rf"$C = \ln|\mathcal{{Y}}| - H(W)$, $H(W)$ the entropy of a row and "
            rf"$|\mathcal{{Y}}| = {n}$ ({CT}, Theorem 7.2.1)")
    if m > 1 and m * len(rows[0]) <= SMALL_TABLE:
        steps.append(Step(sp.Subs(hy - hyx, a[:-1], tuple(uniform.values())), closed, rule))
    else:
        steps.append(Step(sp.log(n) - sp.Add(*[-w * sp.log(w) for w in rows[0] if w != 0],
                                             evaluate=False), closed, rule))
    return tuple(steps)


def _useless_steps(rows) -> tuple:
    a = input_symbols(len(rows))
    definition, _, _, _ = _mi_terms(rows, a)
    if len(rows) * len(rows[0]) > SMALL_TABLE or len(rows) == 1:
        return (Step(sp.Mul(0, sp.Symbol("I"), evaluate=False), 0,
                     r"all rows are equal: $Y$ does not depend on $X$, so $I(X;Y) = 0$ for "
                     r"every input and $C = 0$"),)
    return (Step(definition, 0, r"all rows are equal: $Y$ does not depend on $X$, so "
                 r"$q(y) = W(y \mid x)$ and every term is $\ln 1 = 0$; $C = 0$"),)


def _general_steps(rows) -> tuple:
    m = len(rows)
    a = input_symbols(m)
    flat = flat_rows(rows)
    capacity = ChannelCapacity(*flat)
    steps = list(_definition_step(rows, a))
    rule = (r"Kuhn-Tucker conditions at the capacity-achieving input $p^*$ (Gallager 1968, "
            r"Theorem 4.5.1): $D(W(\cdot \mid x) \,\|\, q^*) = C$ for every input $x$ that "
            r"$p^*$ uses; $p^*$ from Blahut-Arimoto refined by Newton's method at the working "
            "precision")
    if m > SHOWN_KKT:
        largest, smallest = (InputDivergence(sp.Integer(k), *flat) for k in (0, -1))
        return (*steps,
                Step(largest, smallest, f"{rule}: the inputs used all have the same "
                     "divergence (the largest equals the smallest)"),
                Step(smallest, capacity, f"{rule}: that common divergence is C"))
    for x in solve_capacity(rows, 15).support:
        steps.append(Step(InputDivergence(sp.Integer(x + 1), *flat), capacity,
                          r"Kuhn-Tucker condition at the capacity-achieving input $p^*$: "
                          f"$D(W(\\cdot \\mid x_{{{x + 1}}}) \\,\\|\\, q^*) = C$ for the input "
                          f"$x_{{{x + 1}}}$, which $p^*$ uses "
                          r"(Gallager 1968, Theorem 4.5.1); $p^*$ from Blahut-Arimoto refined by "
                          "Newton's method at the working precision"))
    return tuple(steps)


def channel_steps(kind: str, rows) -> tuple:
    """The steps for a channel of ``kind`` (see :func:`.capacity.classify`); ``rows`` are
    the exact rows of a matrix channel (unused for ``bsc``, ``bec``, ``z``, ``awgn``)."""
    two_input = {"bsc": _bsc_steps, "bec": _bec_steps, "z": _z_steps, "awgn": _awgn_steps}
    if kind in two_input:
        return two_input[kind]()
    return {"symmetric": _symmetric_steps, "useless": _useless_steps,
            "general": _general_steps}[kind](rows)

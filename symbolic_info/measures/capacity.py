"""Channel capacity C = max over inputs of I(X;Y), derived and certified.

``capacity`` takes one parameter, ``channel`` (see :mod:`.channel_spec`).  The
derivation depends on what the channel is:

- ``bsc(eps)``, ``bec(eps)``, ``z(eps)`` with 0 < eps < 1: I(X;Y) = H(Y) - H(Y|X)
  written for an input with P(X = 1) = alpha, its derivative in alpha, the
  stationary point, the second derivative (I is concave in the input: the
  stationary point is the maximum), and I at that point: 1 - H(eps) bits,
  1 - eps bits, log2(1 + (1 - eps) eps^(eps/(1 - eps))) bits (Cover & Thomas,
  *Elements of Information Theory*, 2nd ed., Secs. 7.1.4, 7.1.5, Problem 7.8);
- ``awgn(P, N)``: C = max h(Y) - h(Z) with Var Y <= P + N; the normal has the
  largest entropy for its variance (Theorem 8.6.5), so C = 1/2 ln(1 + P/N)
  (Sec. 9.1);
- a matrix whose rows are permutations of one another and whose columns have
  equal sums (weakly symmetric, Sec. 7.2, Theorem 7.2.1): H(Y|X) = H(row),
  H(Y) <= ln |Y| by Gibbs' inequality with equality at the uniform input, so
  C = ln |Y| - H(row);
- a matrix whose rows are all equal: Y does not depend on X and C = 0;
- any other matrix (and bsc/bec/z at eps = 0 or 1, which are such matrices):
  the capacity-achieving input by Blahut-Arimoto and Newton's method on the
  Kuhn-Tucker conditions (:mod:`symbolic_info.numeric.channel_capacity`); the
  steps state the conditions D(W(.|x) || q*) = C for every input used.

The reference is always the certificate's upper bound max_x D(W(.|x) || q*) at
the input found numerically (for the AWGN channel: h(Y) - h(Z) by quadrature of
-f ln f), which is >= C for any input and meets the lower bound I(p*) only at
the capacity: agreeing digits certify the value.  The extras give the
capacity-achieving input, its output distribution and both bounds.

Example
-------
>>> from symbolic_info import derive
>>> d = derive("capacity", channel="bsc(1/2)")
>>> d.value[:6], d.units, d.verified
('0', 'bits', True)
>>> derive("capacity", channel="[[1,0],[1/2,1/2]]").value[:12]
'0.3219280948'
"""

from __future__ import annotations

import random

import sympy as sp

from ..core import Step
from ..engine.run import Draft, Entry
from ..numeric.channel_capacity import solve_capacity
from ..numeric.context import NumericError, new_context, to_decimal, to_mpf
from ..params import Param, random_decimal
from ..symbolic.sums import random_with_support
from .binary_entropy import binary_entropy_expr
from .channel_spec import Channel, channel_rows, parse_channel
from .elbo import expect_quadratic

__all__ = ["ENTRIES", "CHANNEL_PARAM", "EPS", "ALPHA", "ChannelCapacity", "InputDivergence",
           "classify", "two_input_rows", "SMALL_TABLE"]

_CT = "Cover & Thomas, Elements of Information Theory, 2nd ed."
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


class _ChannelParam(Param):
    """The ``channel`` parameter: parsed by :func:`.channel_spec.parse_channel`."""

    def parse(self, text):
        return parse_channel(text)

    def validate(self, value, text=None):
        return parse_channel(value)


CHANNEL_PARAM = _ChannelParam(
    "channel", "bsc(eps), bec(eps), z(eps), awgn(P, N) or a matrix [[..], [..]]",
    "channel is bsc(eps), bec(eps) or z(eps) with 0 <= eps <= 1, awgn(P, N) with P, N > 0, "
    "or a matrix of at most 64 x 64 entries >= 0 whose rows sum to 1",
    lambda v: isinstance(v, Channel),
    lambda rng: parse_channel(f"bsc({random_decimal(rng, 0.05, 0.95)})"),
    "bsc(1/10)", None, "channel",
)


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


def _flat(rows) -> tuple:
    return (sp.Integer(len(rows)), sp.Integer(len(rows[0])), *(w for r in rows for w in r))


def _reached(rows) -> list:
    return [y for y in range(len(rows[0])) if any(r[y] for r in rows)]


def classify(channel: Channel | None) -> tuple:
    """The structure of a channel: its kind, and its exact rows when they are numbers.

    >>> classify(parse_channel("bsc(0)"))[0]
    ('kind', 'symmetric')
    """
    if channel is None:
        return (("kind", "bsc"),)
    if channel.kind == "awgn" or (channel.kind != "matrix" and 0 < channel.args[0] < 1):
        return (("kind", channel.kind),)
    rows = channel.rows
    cols = _reached(rows)
    if all(r == rows[0] for r in rows):
        return (("kind", "useless"), ("rows", rows))
    first = sorted(rows[0][y] for y in cols)
    sums = {sum(r[y] for r in rows) for y in cols}
    if all(sorted(r[y] for y in cols) == first for r in rows) and len(sums) == 1:
        return (("kind", "symmetric"), ("rows", rows))
    return (("kind", "general"), ("rows", rows))


def _structure(values) -> tuple:
    return classify(values.get("channel"))


def _input_symbols(m: int) -> tuple:
    """``(a1, ..., a_{m-1}, 1 - a1 - ... - a_{m-1})``: an input distribution in symbols."""
    free = tuple(sp.Symbol(f"a{i}", positive=True) for i in range(1, m))
    return free + (1 - sp.Add(*free),)


def _sample(rng: random.Random, s: dict) -> dict:
    kind = s["kind"]
    if kind == "awgn":
        P, N = random_decimal(rng, 0.3, 3), random_decimal(rng, 0.3, 3)
        return {"channel": parse_channel(f"awgn({P},{N})")}
    if kind in ("bsc", "bec", "z"):
        e = random_decimal(rng, 0.05, 0.95)
        return {"channel": Channel(kind, (e,), channel_rows(kind, (e,))),
                "input": (random_decimal(rng, 0.05, 0.95),)}
    rows = s["rows"]
    weights = random_with_support(rng, range(len(rows)), len(rows))
    return {"channel": Channel("matrix", (), rows), "input": tuple(weights[:-1])}


def _bind(values) -> dict:
    ch = values.get("channel")
    if ch is not None and ch.kind == "awgn":
        return {POWER: ch.args[0], NOISE: ch.args[1]}
    out = {}
    if ch is not None and ch.kind != "matrix":
        out = {EPS: ch.args[0]}
    given = values.get("input", ())
    if ch is not None and (ch.kind == "matrix" or not 0 < ch.args[0] < 1):
        out.update(dict(zip(_input_symbols(len(ch.rows))[:-1], given, strict=False)))
    elif given:
        out[ALPHA] = given[0]
    return out


# ---------------------------------------------------------------- two-input channels


def _H2(x):
    return binary_entropy_expr(x)


def _mi_terms(rows, a) -> tuple:
    """``(I by definition, H(Y), H(Y|X))`` for exact or symbolic rows and input ``a``."""
    cols = _reached(rows)
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
             f"({_CT}, Theorem 2.7.4), so the stationary point is the maximum"),
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
                        rf"$1 - H(\epsilon)$ bits ({_CT}, Sec. 7.1.4)",
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
                        f"fraction of bits that arrive ({_CT}, Sec. 7.1.5)", r"$\alpha^* = 1/2$"),
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
                        r"\epsilon^{\epsilon/(1 - \epsilon)})$ nats " f"({_CT}, Problem 7.8)",
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
             "Y = X + Z has E[Y^2] = E[X^2] + N <= P + N; for that variance the normal "
             f"N(0, P + N) has the largest entropy ({_CT}, Theorem 8.6.5), h = E[-ln f(Y)] = "
             "1/2 ln(2 pi (P + N)) + E[Y^2]/(2(P + N))"),
        Step(average(N), hz, "given X, Y is X plus the noise: h(Y|X) = h(Z), the entropy of "
             "N(0, N)"),
        Step(hy - hz, sp.log(1 + P / N) / 2,
             "C = max I(X;Y) = max h(Y) - h(Z): the 2 pi e cancels; the maximum is attained "
             f"by X ~ N(0, P), which makes Y ~ N(0, P + N) ({_CT}, Sec. 9.1)"),
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
    m, cols = len(rows), _reached(rows)
    n = len(cols)
    a = _input_symbols(m)
    _, hy, hyx, q = _mi_terms(rows, a)
    h_row = -sp.Add(*[w * sp.log(w) for w in rows[0] if w != 0])
    uniform = dict(zip(a[:-1], [sp.Rational(1, m)] * (m - 1), strict=False))
    closed = sp.log(n) - h_row
    steps = list(_definition_step(rows, a))
    if m * len(rows[0]) <= SMALL_TABLE:
        steps += [
            Step(hyx, h_row, "every row is a permutation of the first, so H(Y|X = x) = H(row) "
                 "for every x and H(Y|X) = H(row) whatever the input"),
            Step(sp.log(n) - hy, sp.Add(*[q[y] * sp.log(n * q[y]) for y in cols]),
                 "ln|Y| - H(Y) = D(q || uniform) >= 0 (Gibbs' inequality): H(Y) <= ln|Y|, "
                 "with equality only when Y is uniform"),
        ]
    rule = (f"the columns have equal sums, so the uniform input makes Y uniform: C = ln|Y| - "
            f"H(row) with |Y| = {n} ({_CT}, Theorem 7.2.1)")
    if m > 1 and m * len(rows[0]) <= SMALL_TABLE:
        steps.append(Step(sp.Subs(hy - hyx, a[:-1], tuple(uniform.values())), closed, rule))
    else:
        steps.append(Step(sp.log(n) - sp.Add(*[-w * sp.log(w) for w in rows[0] if w != 0],
                                             evaluate=False), closed, rule))
    return tuple(steps)


def _useless_steps(rows) -> tuple:
    a = _input_symbols(len(rows))
    definition, _, _, _ = _mi_terms(rows, a)
    if len(rows) * len(rows[0]) > SMALL_TABLE or len(rows) == 1:
        return (Step(sp.Mul(0, sp.Symbol("I"), evaluate=False), 0,
                     "all rows are equal: Y does not depend on X, so I(X;Y) = 0 for every "
                     "input and C = 0"),)
    return (Step(definition, 0, "all rows are equal: Y does not depend on X, so q(y) = W(y|x) "
                 "and every term is ln 1 = 0; C = 0"),)


def _general_steps(rows) -> tuple:
    m = len(rows)
    a = _input_symbols(m)
    flat = _flat(rows)
    capacity = ChannelCapacity(*flat)
    steps = list(_definition_step(rows, a))
    rule = ("Kuhn-Tucker conditions at the capacity-achieving input p* (Gallager 1968, "
            "Theorem 4.5.1): D(W(.|x) || q*) = C for every input x that p* uses; p* from "
            "Blahut-Arimoto refined by Newton's method at the working precision")
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


# ---------------------------------------------------------------- references and extras


def _channel_at(s: dict, point: dict) -> tuple:
    """The exact rows at a point (``None`` for the AWGN channel)."""
    if "rows" in s:
        return s["rows"]
    if s["kind"] == "awgn":
        return None
    return channel_rows(s["kind"], (sp.Rational(point[EPS]),))


def _awgn_reference(point, ctx):
    """h(N(0, 1 + P/N)) - h(N(0, 1)), each E[-ln f(Y)] by quadrature (the scale drops out)."""
    ratio = sp.Rational(point[POWER]) / sp.Rational(point[NOISE])
    extra = max(0, -int(sp.floor(sp.log(ratio, 10)))) + 10 if ratio < 1 else 10
    work = new_context(ctx.dps + extra)

    def entropy(v):
        def minus_log_f(y):
            return y * y / (2 * v) + work.log(2 * work.pi * v) / 2
        return expect_quadratic(work.zero, work.sqrt(v), minus_log_f, work)

    value = entropy(1 + to_mpf(ratio, work)) - entropy(work.one)
    return ctx.mpf(value)


def _reference(s: dict):
    if s["kind"] == "awgn":
        return _awgn_reference

    def reference(point, ctx):
        rows = _channel_at(s, point)
        return ctx.mpf(solve_capacity(rows, ctx.dps).upper)

    return reference


def _extras(s: dict):
    def extras(given, ctx, dps, _units):
        if s["kind"] == "awgn":
            return {"capacity_achieving_input": {"input": "X ~ N(0, P)",
                                                 "output": "Y ~ N(0, P + N)"}}
        rows = _channel_at(s, given)
        try:
            sol = solve_capacity(rows, ctx.dps)  # the reference's precision: cached
        except NumericError:  # pragma: no cover - the reference would have failed first
            return {}
        shown = min(dps, 30)

        def text(v):
            return to_decimal(ctx.mpf(v), shown, ctx)

        return {"capacity_achieving_input": {
            "input": [text(v) for v in sol.input],
            "output": [text(v) for v in sol.output],
            "lower_bound_nats": text(sol.lower),
            "upper_bound_nats": text(sol.upper),
            "method": sol.method,
            "blahut_arimoto_iterations": sol.float_iterations,
            "newton_iterations": sol.newton_iterations,
        }}

    return extras


_METHODS = {
    "awgn": "h(N(0, 1 + P/N)) - h(N(0, 1)) (the entropies of the output and of the noise, "
            "scaled by the noise variance), each E[-ln f(Y)] by the trapezoidal rule in the "
            "standardised variable, with extra digits for the cancellation when P/N is small",
}
_CERTIFICATE = ("the upper bound max_x D(W(.|x) || q*), which is >= C for any output q, at the "
                "input p* found by Blahut-Arimoto (double precision) refined by Newton's method "
                "on the Kuhn-Tucker conditions at the working precision; it meets the lower "
                "bound I(p*) <= C to the digits reported (extras)")


def _build(s: dict) -> Draft:
    kind = s["kind"]
    steps = {
        "bsc": _bsc_steps, "bec": _bec_steps, "z": _z_steps, "awgn": _awgn_steps,
    }.get(kind)
    if steps is not None:
        steps = steps()
    else:
        steps = {"symmetric": _symmetric_steps, "useless": _useless_steps,
                 "general": _general_steps}[kind](s["rows"])
    what = {
        "bsc": r"the binary symmetric channel with crossover probability $\epsilon$",
        "bec": r"the binary erasure channel with erasure probability $\epsilon$",
        "z": r"the Z channel: input 0 arrives as 0, input 1 arrives as 0 with probability "
             r"$\epsilon$",
        "awgn": r"$Y = X + Z$, $Z \sim \mathcal{N}(0, N)$ independent of $X$, input power "
                r"$\mathrm{E}[X^{2}] \le P$",
    }.get(kind, f"a channel matrix $W$ with {len(s.get('rows', ((),)))} inputs (rows) and "
          f"{len(s.get('rows', ((),))[0])} outputs (columns); row $x$ is $W(\\cdot \\mid x)$")
    assumptions = (what, r"$C = \max_{p(x)} I(X;Y)$ over input distributions")
    if kind in ("bsc", "bec", "z"):
        assumptions += (r"$0 < \epsilon < 1$ ($\epsilon = 0$ or $1$ is handled as the "
                        "channel's matrix)",)
    return Draft(
        quantity="C",
        assumptions=assumptions,
        steps=steps,
        reference=_reference(s),
        reference_method=_METHODS.get(kind, _CERTIFICATE),
        extras=_extras(s),
    )


ENTRIES = (
    Entry(
        name="capacity",
        title="Channel capacity",
        group="channels",
        params=(CHANNEL_PARAM,),
        build=_build,
        default_units="bits",
        summary=f"C = max I(X;Y): bsc 1 - H(eps), bec 1 - eps, z, awgn 1/2 log(1 + P/N), "
        f"symmetric matrices log|Y| - H(row), any matrix by Blahut-Arimoto with a certificate; "
        f"{_CT}, Ch. 7 and 9",
        structure=_structure,
        sample=_sample,
        bind=_bind,
    ),
)


def two_input_rows(channel: Channel | None):
    """The rows of a channel with two inputs (for the picture of I over the input), or None."""
    if channel is None or channel.rows is None or len(channel.rows) != 2:
        return None
    return channel.rows


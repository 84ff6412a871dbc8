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

from ..engine.run import Draft, Entry
from ..numeric.channel_capacity import solve_capacity
from ..numeric.context import NumericError, new_context, to_decimal, to_mpf
from ..params import Param, random_decimal
from ..sources import COVER_THOMAS as CT
from ..symbolic.sums import random_with_support
from .capacity_steps import (
    ALPHA,
    EPS,
    NOISE,
    POWER,
    channel_steps,
    input_symbols,
    reached_outputs,
)
from .channel_spec import Channel, channel_rows, parse_channel
from .elbo import expect_quadratic

__all__ = ["ENTRIES", "CHANNEL_PARAM", "EPS", "ALPHA", "classify", "two_input_rows"]


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
    cols = reached_outputs(rows)
    if all(r == rows[0] for r in rows):
        return (("kind", "useless"), ("rows", rows))
    first = sorted(rows[0][y] for y in cols)
    sums = {sum(r[y] for r in rows) for y in cols}
    if all(sorted(r[y] for y in cols) == first for r in rows) and len(sums) == 1:
        return (("kind", "symmetric"), ("rows", rows))
    return (("kind", "general"), ("rows", rows))


def _structure(values) -> tuple:
    return classify(values.get("channel"))


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
        out.update(dict(zip(input_symbols(len(ch.rows))[:-1], given, strict=False)))
    elif given:
        out[ALPHA] = given[0]
    return out


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
    steps = channel_steps(kind, s.get("rows"))
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
        f"{CT}, Ch. 7 and 9",
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


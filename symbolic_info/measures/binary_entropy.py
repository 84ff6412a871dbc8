"""The binary entropy function H(p) and its shape.

H(p) = -p ln p - (1 - p) ln(1 - p) is the entropy of a coin with
P(X = 1) = p (Cover & Thomas, *Elements of Information Theory*, 2nd ed.,
2006, eq. (2.5), Example 2.1.1 and Figure 2.1).  The steps state the
definition, the symmetry H(1 - p) = H(p), the derivative ln((1 - p)/p)
(log2((1 - p)/p) in bits), the unique maximum ln 2 nats = 1 bit at p = 1/2
and strict concavity (H'' = -1/(p(1 - p)) nats, -1/(p(1 - p) ln 2) bits).
Every step is an identity in p that the engine checks; the closed form is in
nats and the engine converts the result to bits (the default units here).

Endpoints: at p = 0 or 1 the coin is certain and H = 0 by the convention
0 ln 0 = 0 (the limit of t ln t as t -> 0+), but the derivative steps are
unbounded there, so the derivation asks for 0 < p < 1 and says why.

Example
-------
>>> from symbolic_info import derive
>>> d = derive("binary-entropy", p="1/2")
>>> d.units, d.value[:6], d.verified
('bits', '1.0000', True)
"""

from __future__ import annotations

from dataclasses import replace

import sympy as sp

from ..core import Step
from ..engine.run import Draft, Entry
from ..numeric.log_terms import EXACT_LOGS_NOTE, shannon_sum
from ..params import open_unit

__all__ = [
    "ENTRIES",
    "P_PARAM",
    "binary_entropy_expr",
    "binary_entropy_steps",
    "binary_entropy_sum",
]

P_PARAM = replace(
    open_unit("p", "probability of the outcome 1", default="1/4"),
    rule=r"$0 < p < 1$ (at $p = 0$ or $1$ the entropy is 0 by the convention $0 \ln 0 = 0$, "
    r"but the derivative $\ln \frac{1 - p}{p}$ is unbounded there)",
)
p = P_PARAM.symbol
HALF = sp.Rational(1, 2)


def binary_entropy_expr(x: sp.Expr = p) -> sp.Expr:
    """``-x ln x - (1 - x) ln(1 - x)`` in nats (Cover & Thomas, eq. (2.5)).

    >>> binary_entropy_expr()
    -p*log(p) - (1 - p)*log(1 - p)
    """
    return -x * sp.log(x) - (1 - x) * sp.log(1 - x)


def _neg(*terms) -> sp.Expr:
    """``-(t1 + t2 + ...)`` kept as written."""
    return sp.Mul(-1, sp.Add(*terms, evaluate=False), evaluate=False)


def _written(q: sp.Expr) -> sp.Expr:
    """``-(q ln q + (1 - q) ln(1 - q))`` with ``q`` and ``1 - q`` kept as written."""
    rest = sp.Add(1, sp.Mul(-1, q, evaluate=False), evaluate=False)
    return _neg(
        sp.Mul(q, sp.log(q, evaluate=False), evaluate=False),
        sp.Mul(rest, sp.log(rest, evaluate=False), evaluate=False),
    )


def binary_entropy_steps() -> tuple:
    """The unchecked steps; the last right-hand side is H(p) in nats."""
    H = binary_entropy_expr()
    in_bits = sp.Mul(H, 1 / sp.log(2), evaluate=False)
    surprisal = sp.Add(
        sp.Mul(p, sp.log(1 / p, evaluate=False), evaluate=False),
        sp.Mul(1 - p, sp.log(1 / (1 - p), evaluate=False), evaluate=False),
        evaluate=False,
    )
    first = sp.Add(sp.Add(-sp.log(p), -1, evaluate=False),
                   sp.Add(sp.log(1 - p), 1, evaluate=False), evaluate=False)
    at_half = sp.Subs(H, p, HALF)
    return (
        Step(_neg(p * sp.log(p), (1 - p) * sp.log(1 - p)), H,
             r"definition $H = -\sum_x P(x) \ln P(x)$ with $P(1) = p$, $P(0) = 1 - p$ "
             r"(a term of probability 0 counts 0, since $t \ln t \to 0$ as $t \to 0^{+}$)"),
        Step(_written(1 - p), H,
             r"symmetry $H(1 - p) = H(p)$: relabelling the two outcomes swaps the two terms"),
        Step(sp.Derivative(H, p), first,
             r"product rule: $\frac{d}{dp}(-p \ln p) = -\ln p - 1$, "
             r"$\frac{d}{dp}\bigl(-(1 - p) \ln(1 - p)\bigr) = \ln(1 - p) + 1$"),
        Step(first, sp.log((1 - p) / p),
             r"the constants cancel: $H'(p) = \ln\frac{1 - p}{p}$ in nats"),
        Step(sp.Derivative(in_bits, p), sp.log((1 - p) / p) / sp.log(2),
             r"in bits (divide by $\ln 2$): $H'(p) = \log_2 \frac{1 - p}{p}$"),
        Step(sp.Subs(sp.Derivative(H, p), p, HALF), 0,
             r"$H'(p) = 0$ only where $\frac{1 - p}{p} = 1$, i.e. $p = \frac{1}{2}$; "
             r"$H' > 0$ below, "
             r"$H' < 0$ above"),
        Step(at_half, sp.log(2), r"the maximum: $H(\frac{1}{2}) = \ln 2$ nats"),
        Step(sp.Subs(in_bits, p, HALF), 1,
             r"in bits: $H(\frac{1}{2}) = \ln 2 / \ln 2 = 1$ bit"),
        Step(sp.Derivative(H, (p, 2)), sp.Add(-1 / p, -1 / (1 - p), evaluate=False),
             r"differentiate $H'(p) = \ln(1 - p) - \ln p$ once more"),
        Step(sp.Add(-1 / p, -1 / (1 - p), evaluate=False), -1 / (p * (1 - p)),
             r"common denominator: $H'' = -\frac{1}{p(1 - p)} < 0$ on $0 < p < 1$, so $H$ is "
             r"strictly concave and $p = \frac{1}{2}$ is its unique maximum"),
        Step(sp.Derivative(in_bits, (p, 2)), -1 / (p * (1 - p) * sp.log(2)),
             r"in bits: $H'' = -\frac{1}{p(1 - p) \ln 2} < 0$"),
        Step(surprisal, H,
             r"the closed form: $H(p)$ is the average surprisal $\ln \frac{1}{P(x)}$, in nats"),
    )


def binary_entropy_sum(prob, ctx):
    """``-sum t ln t`` over the two outcomes ``prob``, ``1 - prob`` on ``ctx``.

    Computed from the definition with 0 ln 0 = 0, in nats; ``ln(1 - p)`` as
    ``log1p(-p)`` from the exact ``p`` (so ``p = 10^-300`` keeps every digit).

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(20)
    >>> ctx.nstr(binary_entropy_sum(sp.Rational(1, 2), ctx) / ctx.ln2, 15)
    '1.0'
    """
    prob = sp.Rational(prob)
    return shannon_sum((prob, 1 - prob), ctx)


def _build(_structure) -> Draft:
    return Draft(
        quantity="H(p)",
        assumptions=(
            r"$X$ is a binary random variable with $P(X = 1) = p$ and $P(X = 0) = 1 - p$",
            "$0 < p < 1$",
            r"$0 \ln 0 = 0$ (the limit of $t \ln t$ as $t \to 0^{+}$)",
        ),
        steps=binary_entropy_steps(),
        reference=lambda point, ctx: binary_entropy_sum(point[p], ctx),
        reference_method="exact two-term sum -p ln p - (1 - p) ln(1 - p) from the definition, "
        "mpmath at the working precision, " + EXACT_LOGS_NOTE,
    )


ENTRIES = (
    Entry(
        name="binary-entropy",
        title="Binary entropy function",
        group="entropy",
        params=(P_PARAM,),
        build=_build,
        default_units="bits",
        summary="H(p) = -p log p - (1 - p) log(1 - p): symmetry, derivative, maximum 1 bit at "
        "p = 1/2, strict concavity; Cover & Thomas (2006), eq. (2.5), Example 2.1.1",
    ),
)

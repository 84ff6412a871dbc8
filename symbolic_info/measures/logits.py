"""Cross-entropy as a classification loss: softmax of logits, stable log-softmax, gradient.

A classifier outputs logits z_1..z_n; the model's distribution is the softmax
q_j = exp(z_j) / sum_k exp(z_k), and the loss of an example with label y is the
cross-entropy of the one-hot target with q: -ln q_y = ln sum_k exp(z_k) - z_y
(Goodfellow, Bengio & Courville, *Deep Learning*, 2016, Secs. 6.2.2.3 and 4.1;
Murphy, *Probabilistic Machine Learning*, 2022, Sec. 5.1.6).  The steps: the loss
as a log of a ratio, log-sum-exp computed stably with the largest logit M
subtracted (every exponent <= 0), the gradient dL/dz_j = q_j - [j = y], and the
identity that the average negative log-likelihood of a data set is the
cross-entropy of its empirical distribution with the model
(Cover & Thomas, *Elements of Information Theory*, 2nd ed., Sec. 11.1).

Labels count from 0 (``label=0`` is the first logit), as in ML code.  Logits are
exact decimals (``2.8`` is 14/5); at most :data:`MAX_CLASSES` classes with
|z| <= :data:`MAX_LOGIT`.  The last step writes the loss as
log1p(sum_{k != y} exp(z_k - z_y)), which keeps every relative digit of a tiny loss
(``logits=200,0,0 label=0``: 2.77e-87); the reference computes -ln q_y from the softmax
probabilities by another route (see :func:`_reference`).

Example
-------
>>> from symbolic_info import derive
>>> d = derive("cross-entropy/logits", logits="2.8,0.4,-1", label="0")
>>> d.value[:10], d.verified
('0.10713878', True)
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp
from sympy.codegen.cfunctions import log1p

from ..core import DerivationError, Step
from ..engine.run import Draft, Entry
from ..numeric.context import to_decimal, to_mpf
from ..params import Param, number_latex, parse_value, random_decimal, shorten

__all__ = ["ENTRIES", "logit_symbols", "MAX_CLASSES", "MAX_LOGIT", "LOGITS", "LABEL"]

MAX_CLASSES = 64
"""Most classes (logits)."""
MAX_LOGIT = 10**5
"""Largest |logit| (a loss may then be as small as exp(-2 * 10^5); the closed form is a
log1p, so it keeps its relative digits)."""
SHOWN_GRADIENT = 8
"""Gradient components derived as steps (the rest are in the extras)."""


@lru_cache(maxsize=64)
def logit_symbols(n: int) -> tuple:
    """``(z1, ..., zn)``, real symbols."""
    return tuple(sp.Symbol(f"z{i}", real=True) for i in range(1, n + 1))


def _logits_test(v) -> bool:
    if not 2 <= len(v) <= MAX_CLASSES:
        raise DerivationError(f"parameter logits: give 2 to {MAX_CLASSES} logits, not {len(v)}")
    for i, z in enumerate(v, start=1):
        if abs(z) > MAX_LOGIT:
            raise DerivationError(f"parameter logits: entry {i} = {shorten(z, 30)} is larger "
                                  f"than {MAX_LOGIT} in magnitude")
    return True


LOGITS = Param(
    "logits", "the classifier's logits z_1, ..., z_n (decimals are read exactly)",
    rf"the logits are 2 to {MAX_CLASSES} real numbers $z_i$ with "
    rf"$\lvert z_i \rvert \le {number_latex(sp.Integer(MAX_LOGIT))}$",
    _logits_test, lambda rng: tuple(random_decimal(rng, -3, 3) for _ in range(3)),
    "2.8,0.4,-1", None, "vector",
)


class _LabelParam(Param):
    """The class index (0-based), a structural parameter."""

    def parse(self, text):
        try:
            value = parse_value(text) if isinstance(text, str) else sp.sympify(int(text))
        except (ValueError, TypeError):
            raise DerivationError(f"parameter label: '{shorten(text, 30)}' is not a class "
                                  "index (0, 1, ...)") from None
        if not (isinstance(value, sp.Integer) and value >= 0):
            raise DerivationError(f"parameter label: '{shorten(text, 30)}' is not a class "
                                  "index (0, 1, ...)")
        return value

    def validate(self, value, text=None):
        return self.parse(str(value))


LABEL = _LabelParam("label", "the true class, counted from 0",
                    r"the label is a class index $0, 1, \ldots, n - 1$", lambda v: True,
                    lambda rng: sp.Integer(0), "0", None, "index")


def _check(values) -> None:
    n = len(values["logits"]) if "logits" in values else 3
    if "label" in values and values["label"] >= n:
        raise DerivationError(f"parameter label: {values['label']} is not a class of "
                              f"{n} logits (labels count from 0 to {n - 1})")


def _structure(values) -> tuple:
    n = len(values["logits"]) if "logits" in values else 3
    return (("n", n), ("label", int(values.get("label", 0))))


def _sample(rng, s) -> dict:
    return {"logits": tuple(random_decimal(rng, -3, 3) for _ in range(s["n"])),
            "label": sp.Integer(s["label"])}


def _bind(values) -> dict:
    if "logits" not in values:
        return {}
    return dict(zip(logit_symbols(len(values["logits"])), values["logits"], strict=True))


def _steps(n: int, y: int) -> tuple:
    z = logit_symbols(n)
    S = sp.Add(*[sp.exp(v) for v in z])
    M = sp.Max(*z)
    stable = M + sp.log(sp.Add(*[sp.exp(v - M) for v in z]))
    q = [sp.exp(v) / S for v in z]
    loss = sp.log(S) - z[y]
    steps = [
        Step(-sp.log(q[y]), loss,
             f"the loss is the cross-entropy of the one-hot target (label {y}) with the "
             r"softmax $q_j = e^{z_j} / \sum_k e^{z_k}$: "
             r"$-\sum_j [j = y] \ln q_j = -\ln q_y$, a log of a ratio"),
        Step(sp.log(S), stable,
             r"log-sum-exp computed stably: with $M = \max_j z_j$, "
             r"$\ln \sum_k e^{z_k} = M + \ln \sum_k e^{z_k - M}$; every exponent is "
             r"$\le 0$ and the largest term is 1, so nothing overflows and the sum is $\ge 1$"),
    ]
    for j in list(range(min(n, SHOWN_GRADIENT))):
        onehot = 1 if j == y else 0
        steps.append(Step(sp.Derivative(loss, z[j]), q[j] - onehot,
                          f"gradient: $\\partial L / \\partial z_{{{j + 1}}} = q_{{{j + 1}}} - "
                          f"[{j} = y]$ = softmax - one-hot "
                          r"($\partial / \partial z_j$ of $\ln \sum_k e^{z_k}$ is $q_j$)"))
    data = [y] + list(range(n))  # a small data set: each class once, the label twice
    N = len(data)
    average = sp.Mul(sp.Rational(1, N), sp.Add(*[-sp.log(q[c]) for c in data], evaluate=False),
                     evaluate=False)
    counts = {c: data.count(c) for c in range(n)}
    empirical = -sp.Add(*[sp.Rational(counts[c], N) * sp.log(q[c]) for c in range(n)])
    steps.append(Step(average, empirical,
                      f"on a data set of labels {tuple(data)} (N = {N}) the average negative "
                      r"log-likelihood $\frac{1}{N} \sum_i -\ln q(y_i)$ is the cross-entropy "
                      r"$H(p_{\mathrm{data}}, q) = -\sum_j p_{\mathrm{data}}(j) \ln q_j$ "
                      r"of the empirical distribution $p_{\mathrm{data}}(j) = \mathrm{count}(j)/N$ "
                      "with the model: group equal labels"))
    steps.append(Step(loss, stable - z[y],
                      r"the loss computed stably: $M + \ln \sum_k e^{z_k - M} - z_y$"))
    rest = sp.Add(*[sp.exp(z[k] - z[y]) for k in range(n) if k != y])
    steps.append(Step(stable - z[y], log1p(rest),
                      r"take $z_y$ inside the logarithm: $\ln \sum_k e^{z_k - z_y}$, whose term "
                      r"$k = y$ is 1, so the loss is "
                      r"$\ln\bigl(1 + \sum_{k \ne y} e^{z_k - z_y}\bigr)$, computed as "
                      r"$\operatorname{log1p}$, which keeps every relative digit when the "
                      r"label's logit dominates and the loss is tiny ($M + \ln(\dots) - z_y$ "
                      "would cancel to 0)"))
    return tuple(steps)


def _reference(s):
    """-ln q_y from the softmax probabilities, without the closed form's log1p of
    exp(z_k - z_y): each q_k = 1/sum_j exp(z_j - z_k) (positive terms, exact differences:
    full relative accuracy at any magnitude); when t = 1 - q_y = sum_{k != y} q_k is below
    1/2, -ln q_y = -ln(1 - t) = sum_{m >= 1} t^m/m (Abramowitz & Stegun 4.1.24) summed until
    a term is below the working precision, else -ln q_y directly (then >= ln 2: no
    cancellation)."""
    n, y = s["n"], s["label"]

    def reference(point, ctx):
        z = [sp.Rational(point[v]) for v in logit_symbols(n)]

        def q(k):
            return 1 / ctx.fsum(ctx.exp(to_mpf(zj - z[k], ctx)) for zj in z)

        t = ctx.fsum(q(k) for k in range(n) if k != y)
        if t >= ctx.mpf(1) / 2:
            return -ctx.log(q(y))
        terms, power, m = [], t, 1
        tiny = ctx.eps * t
        while power / m > tiny:
            terms.append(power / m)
            m += 1
            power *= t
        return ctx.fsum(terms)

    return reference


def _extras(s):
    n, y = s["n"], s["label"]

    def extras(given, ctx, dps, _units):
        z = [sp.Rational(given[v]) for v in logit_symbols(n)]
        # s_j = sum_{k != j} exp(z_k - z_j) from exact differences: ln q_j = -log1p(s_j),
        # q_j = 1/(1 + s_j) and q_y - 1 = -s_y/(1 + s_y) keep their relative digits even
        # when q_y is 1 to within 1e-80
        rest = [ctx.fsum(ctx.exp(to_mpf(zk - zj, ctx)) for k, zk in enumerate(z) if k != j)
                for j, zj in enumerate(z)]
        shown = min(dps, 20)

        def t(v):
            return to_decimal(v, shown, ctx)

        return {"softmax": {
            "log_softmax": [t(-ctx.log1p(r)) for r in rest],
            "softmax": [t(1 / (1 + r)) for r in rest],
            "gradient": [t(-r / (1 + r) if j == y else 1 / (1 + r)) for j, r in enumerate(rest)],
            "label": y,
        }}

    return extras


def _build(s: dict) -> Draft:
    n, y = s["n"], s["label"]
    return Draft(
        quantity=r"-\ln q_y",
        assumptions=(f"{n} classes with logits $z_1, \\ldots, z_{{{n}}}$; the model is "
                     r"$q = \mathrm{softmax}(z)$",
                     f"the true class is label {y} (counted from 0), a one-hot target",
                     "losses in nats (natural log), as ML libraries report them"),
        steps=_steps(n, y),
        reference=_reference(s),
        reference_method="-ln q_y from the softmax probabilities q_k = 1/sum_j exp(z_j - z_k) "
        "(exact differences of the logits): -ln(1 - t) with t = sum_{k != y} q_k summed as the "
        "series sum t^m/m when t < 1/2 (full relative accuracy for tiny losses), else "
        "-ln q_y directly",
        extras=_extras(s),
    )


ENTRIES = (
    Entry(
        name="cross-entropy/logits",
        title="Cross-entropy loss of logits (softmax classifier)",
        group="machine learning",
        params=(LOGITS, LABEL),
        build=_build,
        summary="softmax, stable log-sum-exp, loss -ln q_y, gradient softmax - onehot, average "
        "NLL = cross-entropy of the empirical distribution; Goodfellow, Bengio & Courville "
        "(2016), Sec. 6.2.2.3",
        structure=_structure,
        sample=_sample,
        bind=_bind,
        check=_check,
    ),
)

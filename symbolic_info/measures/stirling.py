"""The number of words with given letter frequencies grows like e^{k H(p)}.

W_k = k! / prod_i (k p_i)! counts the words of length k in which letter i
appears exactly k p_i times.  With Stirling's formula
ln n! = n ln n - n + 1/2 ln(2 pi n) + O(1/n) (Robbins, Amer. Math. Monthly
62 (1955): the remainder lies between 1/(12n + 1) and 1/(12n)),

    ln W_k = k H(p) - ((M - 1)/2) ln(2 pi k) - 1/2 sum_i ln p_i + O(1/k),

so (1/k) ln W_k -> H(p) = -sum_i p_i ln p_i (Cover & Thomas, *Elements of
Information Theory*, 2nd ed., 2006, Theorem 11.1.3 and eq. (11.40) for the
exponent; Csiszar & Korner, *Information Theory*, 2nd ed., Lemma 2.3 for the
polynomial factor).

The exact steps (the count, the logarithm of a quotient) are checked as
identities at points where the counts k p_i are integers.  The steps with an
O-term and the final limit are not identities: they are checked numerically
along k = 10^4 .. 10^12 by :func:`symbolic_info.engine.asymptotic_check.check_asymptotic`.
The ``evidence`` extra holds exact log-multinomials (log-Gamma at high
precision) for k from 10^2 to 10^12, with the errors of the leading term and
of the corrected expansion and their fitted rates.

Example
-------
>>> from symbolic_info import derive
>>> d = derive("stirling/binomial", p="1/2")
>>> d.verified, d.value[:10]
(True, '0.69314718')
>>> d.extras["evidence"]["rates"]["corrected_slope"][:5]
'-1.00'
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache

import sympy as sp

from ..core import DerivationError, Step
from ..engine.run import Draft, Entry
from ..numeric.context import new_context, to_decimal, to_mpf
from ..numeric.log_terms import EXACT_LOGS_NOTE, entropy_term
from ..params import open_unit, probability_vector

__all__ = [
    "ENTRIES",
    "K",
    "N",
    "MAX_LETTERS",
    "evidence",
    "next_order_term",
    "stirling_steps",
    "entropy_sum",
]

K = sp.Symbol("k", positive=True, integer=True)
"""The word length."""
N = sp.Symbol("n", positive=True, integer=True)
"""The argument of Stirling's formula."""
MAX_LETTERS = 12
"""Largest alphabet the symbolic steps are built for."""
EVIDENCE_EXPONENTS = tuple(range(2, 13))
"""The evidence table uses k near 10^2, 10^3, ..., 10^12."""

P_VECTOR = replace(
    probability_vector("p", "letter probabilities p_1, ..., p_M", allow_zero=False),
    rule="$p$ is a list of probabilities $> 0$ that sum to 1 (leave out letters of probability "
    "0: they change neither $W_k$ nor $H$)",
)
P_BINARY = replace(
    open_unit("p", "probability of a one", default="1/3"),
    rule="$0 < p < 1$ (for $p = 0$ or $1$ there is a single word and $H = 0$)",
)


def _counts_denominator(probs) -> int:
    """The least k > 0 for which every k p_i is an integer."""
    return math.lcm(*(int(sp.Rational(q).q) for q in probs))


def entropy_sum(probs, ctx):
    """``-sum p_i ln p_i`` over exact probabilities on ``ctx`` (the definition, in nats;
    logarithms near 1 by :func:`~symbolic_info.numeric.log_terms.log_of`).

    >>> from symbolic_info.numeric.context import new_context
    >>> ctx = new_context(20)
    >>> ctx.nstr(entropy_sum([sp.Rational(1, 4)] * 4, ctx) / ctx.ln2, 10)
    '2.0'
    """
    return ctx.fsum(entropy_term(q, ctx) for q in probs)


def next_order_term(probs, k=K, coefficient=None) -> sp.Expr:
    """``-((M - 1)/2) ln(2 pi k) - 1/2 sum ln p_i``; ``coefficient`` replaces (M - 1)/2.

    >>> next_order_term([sp.Rational(1, 2)] * 2)
    -log(2*pi*k)/2 + log(2)
    """
    c = sp.Rational(len(probs) - 1, 2) if coefficient is None else coefficient
    return -c * sp.log(2 * sp.pi * k) - sp.Add(*(sp.log(q) for q in probs)) / 2


def _stirling(x):
    return x * sp.log(x) - x + sp.log(2 * sp.pi * x) / 2


def _neg(*terms) -> sp.Expr:
    return sp.Mul(-1, sp.Add(*terms, evaluate=False), evaluate=False)


def stirling_steps(probs) -> tuple:
    """The unchecked steps for letter probabilities ``probs`` (SymPy expressions).

    The last right-hand side is ``H(p) = -sum p_i ln p_i`` in nats.
    """
    M = len(probs)
    H = sp.Add(*(-q * sp.log(q) for q in probs))
    W = sp.factorial(K) / sp.Mul(*(sp.factorial(K * q) for q in probs))
    placed, choices = sp.Integer(0), []
    for q in probs[:-1]:
        choices.append(sp.binomial(K - placed, K * q))
        placed += K * q
    count = sp.Mul(*choices, evaluate=False) if len(choices) > 1 else sp.Mul(*choices)
    log_w = sp.log(sp.factorial(K)) - sp.Add(*(sp.log(sp.factorial(K * q)) for q in probs))
    expanded = _stirling(K) - sp.Add(*(_stirling(K * q) for q in probs))
    nxt = next_order_term(probs)
    o_k = sp.O(1 / K, (K, sp.oo))
    return (
        Step(_neg(*(q * sp.log(q) for q in probs)), H, "definition of the entropy of p, in nats"),
        Step(count, W,
             r"count the words of length $k$ with $k p_i$ copies of letter $i$: choose the "
             "places of letter 1, then those of letter 2 among the rest, and so on (multinomial "
             "coefficient)"),
        Step(sp.log(W), log_w, "the logarithm of a quotient of factorials"),
        Step(sp.log(sp.factorial(N)),
             sp.Add(_stirling(N), sp.O(1 / N, (N, sp.oo)), evaluate=False),
             r"Stirling's formula with its $\frac{1}{2} \ln(2 \pi n)$ term; the remainder lies "
             r"between $\frac{1}{12n+1}$ and $\frac{1}{12n}$ (Robbins 1955)"),
        Step(log_w, sp.Add(expanded, o_k, evaluate=False),
             r"Stirling's formula for each factorial: every count $k p_i$ grows with $k$"),
        Step(sp.Add(expanded, o_k, evaluate=False), sp.Add(K * H, nxt, o_k, evaluate=False),
             rf"collect with $p_1 + \dots + p_{{{M}}} = 1$: the $k \ln k$ and $k$ terms cancel, "
             r"leaving the leading term $k H(p)$ and the next-order term "
             r"$-\frac{M-1}{2} \ln(2 \pi k) - \frac{1}{2} \sum_i \ln p_i$"),
        Step(sp.log(W) / K, sp.Add(H, nxt / K, sp.O(K**-2, (K, sp.oo)), evaluate=False),
             "divide by $k$"),
        Step(sp.Limit(sp.log(W) / K, K, sp.oo), H,
             r"the corrections are $O((\ln k)/k)$ and vanish: "
             r"$\frac{1}{k} \ln W_k \to H(p)$, so $W_k$ grows like $e^{k H(p)}$"),
    )


def _table_row(k: int, probs, H, ctx, coefficient) -> dict:
    counts = [k * q for q in probs]
    log_w = ctx.loggamma(k + 1) - ctx.fsum(ctx.loggamma(int(c) + 1) for c in counts)
    c = sp.Rational(len(probs) - 1, 2) if coefficient is None else sp.Rational(coefficient)
    nxt = -to_mpf(c, ctx) * ctx.log(2 * ctx.pi * k) - ctx.fsum(ctx.log(to_mpf(q, ctx))
                                                            for q in probs) / 2
    leading = abs(log_w / k - H)
    remainder = log_w - (k * H + nxt)
    return {"k": k, "log_W": log_w, "leading_error": leading,
            "corrected_error": abs(remainder), "corrected_error_per_letter": abs(remainder) / k,
            "k_times_remainder": k * remainder}


def _slope(rows, key, ctx):
    """Least-squares slope of log10(row[key]) against log10(k) over k >= 10^4."""
    pts = [(float(ctx.log10(r["k"])), float(ctx.log10(r[key])))
           for r in rows if r["k"] >= 10**4 and r[key] != 0]
    if len(pts) < 3:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)


@lru_cache(maxsize=64)
def _evidence(probs: tuple, dps: int, coefficient) -> dict:
    D = _counts_denominator(probs)
    ks = sorted({D * max(1, -(-(10**j) // D)) for j in EVIDENCE_EXPONENTS})
    digits = max(dps, 30)
    magnitude = len(str(ks[-1]))
    ctx = new_context(digits + 2 * magnitude + 15)  # ln W_k ~ k ln k cancels down to ~1/k
    H = entropy_sum(probs, ctx)
    rows = [_table_row(k, probs, H, ctx, coefficient) for k in ks]
    shown = min(digits, 20)

    def fmt(v):
        return to_decimal(v, shown, ctx)

    rates = {}
    for key, name in (("leading_error", "leading_slope"), ("corrected_error", "corrected_slope"),
                      ("corrected_error_per_letter", "corrected_per_letter_slope")):
        s = _slope(rows, key, ctx)
        rates[name] = None if s is None else f"{s:.4f}"
    predicted = (1 - sum(1 / sp.Rational(q) for q in probs)) / 12
    return {
        "table": [{"k": str(r["k"]), **{key: fmt(v) for key, v in r.items() if key != "k"}}
                  for r in rows],
        "rates": rates,
        "predicted": {
            "leading_error": "((M-1)/2) ln(2 pi k)/k + O(1/k): slope -> -1 with a log factor",
            "corrected_error": "O(1/k): slope -1",
            "corrected_error_per_letter": "O(1/k^2): slope -2",
            "k_times_remainder_limit": fmt(to_mpf(predicted, ctx)),
        },
        "method": "ln W_k (in nats) = lnGamma(k+1) - sum lnGamma(k p_i + 1) at integer counts, "
        f"mpmath at {ctx.dps} digits; k is the least multiple of {D} (the common denominator) "
        "at or above each power of 10",
    }


def evidence(probs, dps: int = 50, coefficient=None) -> dict:
    """Exact log-multinomials for k ~ 10^2 .. 10^12 and the expansion errors.

    Columns: ``leading_error`` = |(1/k) ln W_k - H|; ``corrected_error`` =
    |ln W_k - k H - next(k)| with ``next`` from :func:`next_order_term`
    (``coefficient`` replaces (M - 1)/2, for negative controls);
    ``corrected_error_per_letter`` = that / k; ``k_times_remainder`` tends to
    (1 - sum 1/p_i)/12.  ``rates`` are fitted slopes of log10(error) against
    log10(k) over k >= 10^4.

    >>> e = evidence((sp.Rational(1, 2), sp.Rational(1, 2)), 30)
    >>> e["table"][0]["k"], e["rates"]["corrected_slope"][:5]
    ('100', '-1.00')
    """
    key = None if coefficient is None else sp.Rational(coefficient)
    return _evidence(tuple(sp.Rational(q) for q in probs), dps, key)


def _reference(probs_of):
    return lambda point, ctx: entropy_sum(probs_of(point), ctx)


def _draft(probs, probs_of, about_p: str) -> Draft:
    return Draft(
        quantity="H(p)",
        assumptions=(
            about_p,
            r"$W_k = k! / \prod_i (k p_i)!$ counts the words of length $k$ with exactly "
            r"$k p_i$ copies of letter $i$ ($k$ a multiple of the common denominator, so the "
            "counts are integers)",
            r"$O(\cdot)$ and the limit are as $k \to \infty$; those steps are checked "
            r"numerically along $k = 10^{4}, \ldots, 10^{12}$",
        ),
        steps=stirling_steps(probs),
        reference=_reference(probs_of),
        reference_method="exact sum -sum p_i ln p_i from the definition, mpmath at the working "
        "precision, " + EXACT_LOGS_NOTE,
        extras=lambda point, ctx, dps, units: {"evidence": evidence(probs_of(point), dps)},
    )


@lru_cache(maxsize=MAX_LETTERS + 1)
def _letter_symbols(M: int) -> tuple:
    return tuple(sp.Symbol(f"p_{i}", positive=True) for i in range(1, M + 1))


def _multinomial_structure(values) -> tuple:
    return (("M", len(values["p"]) if "p" in values else 3),)


def _multinomial_check(values) -> None:
    M = len(values.get("p", (0, 0)))
    if M > MAX_LETTERS:
        raise DerivationError(
            f"parameter p has {M} entries; at most {MAX_LETTERS} letters are supported"
        )
    if M < 2:
        raise DerivationError(
            "parameter p has 1 entry; the limit needs at least 2 letters (with one letter "
            "there is a single word and H = 0)"
        )


def _multinomial_sample(rng, structure) -> dict:
    weights = [rng.randint(1, 20) for _ in range(structure["M"])]
    return {"p": tuple(sp.Rational(w, sum(weights)) for w in weights)}


def _multinomial_bind(values) -> dict:
    """Letter symbols -> probabilities, and k -> 10 x the common denominator (integer counts)."""
    if "p" not in values:
        return {}
    probs = values["p"]
    out = dict(zip(_letter_symbols(len(probs)), probs, strict=True))
    out[K] = 10 * _counts_denominator(probs)
    return out


def _multinomial_build(structure) -> Draft:
    M = structure["M"]
    symbols = _letter_symbols(M)
    return _draft(symbols, lambda point: tuple(point[s] for s in symbols),
                  f"$p = (p_1, \\ldots, p_{{{M}}})$ with every $p_i > 0$ and "
                  f"$p_1 + \\cdots + p_{{{M}}} = 1$")


def _binomial_bind(values) -> dict:
    if "p" not in values:
        return {}
    q = values["p"]
    return {P_BINARY.symbol: q, K: 10 * _counts_denominator((q, 1 - q))}


def _binomial_build(_structure) -> Draft:
    p = P_BINARY.symbol
    return _draft((p, 1 - p), lambda point: (point[p], 1 - point[p]),
                  "$0 < p < 1$: letters 1 and 0 with probabilities $p$ and $1 - p$ ($M = 2$)")


_SOURCE = "Cover & Thomas (2006), Thm. 11.1.3; Robbins (1955) for Stirling's remainder"

ENTRIES = (
    Entry(
        name="stirling/multinomial",
        title="Multinomial coefficients and entropy: (1/k) ln W_k -> H(p)",
        group="limits",
        params=(P_VECTOR,),
        build=_multinomial_build,
        summary="ln k!/prod(k p_i)! = k H(p) - ((M-1)/2) ln(2 pi k) - 1/2 sum ln p_i + O(1/k); "
        + _SOURCE,
        structure=_multinomial_structure,
        sample=_multinomial_sample,
        bind=_multinomial_bind,
        check=_multinomial_check,
    ),
    Entry(
        name="stirling/binomial",
        title="Binomial coefficients and entropy: (1/k) ln C(k, kp) -> H(p)",
        group="limits",
        params=(P_BINARY,),
        build=_binomial_build,
        summary="ln C(k, kp) = k H(p) - 1/2 ln(2 pi k p (1-p)) + O(1/k); " + _SOURCE,
        bind=_binomial_bind,
    ),
)

"""Huffman coding: the tree merge by merge, the code words, L, Kraft, and H <= L < H + 1.

Huffman's algorithm (Huffman 1952; Cover & Thomas, *Elements of Information
Theory*, 2nd ed., Sec. 5.6) merges the two least probable symbols into one
until one is left; reading the merges back from the root gives a prefix code
of least expected length L = sum p_i l_i.  The derivation shows the merges as
a table (extras), the code words, L, the Kraft sum (1: the code is complete),
the identity L - H(p) = sum p_i log2(p_i 2^l_i) = D(p || 2^-l) >= 0 (so H <= L,
with equality exactly when every p_i = 2^-l_i, i.e. every p_i is a power of
1/2; Theorem 5.3.1), and the Shannon code lengths ceil(-log2 p_i), whose
expected length is < H + 1 (Theorem 5.4.1) and bounds L from above since the
Huffman code is optimal (Theorem 5.8.1).

The value is L in bits (the closed form is L ln 2 nats, converted by the
engine); the entropy H(p) in bits is in the extras beside it.  The reference
computes L another way: the sum of the weights of all merged nodes (each merge
adds one bit to every symbol below it), with its own heap of exact fractions.

Example
-------
>>> from symbolic_info import derive
>>> d = derive("huffman", p="0.4,0.3,0.2,0.1")
>>> d.value[:4], d.verified, d.extras["entropy_bits"][:8]
('1.90', True, '1.846439')
"""

from __future__ import annotations

import heapq

import sympy as sp

from ..core import DerivationError, Step, total_text
from ..engine.run import Draft, Entry
from ..numeric.context import to_decimal, to_mpf
from ..numeric.log_terms import shannon_sum
from ..params import Param, shorten
from ..sources import COVER_THOMAS as CT
from ..symbolic.sums import random_with_support

__all__ = ["ENTRIES", "HuffmanCode", "huffman_code", "shannon_lengths", "MAX_SYMBOLS"]

MAX_SYMBOLS = 128
"""Most symbols a Huffman code is built for."""


def _test(value) -> bool:
    if len(value) < 2:
        raise DerivationError("parameter p: a code needs at least 2 symbols")
    if len(value) > MAX_SYMBOLS:
        raise DerivationError(f"parameter p: at most {MAX_SYMBOLS} symbols")
    for i, v in enumerate(value, start=1):
        if v <= 0:
            raise DerivationError(f"parameter p: entry {i} = {shorten(v, 30)} is not positive "
                                  "(leave out symbols that never occur)")
    if sum(value) != 1:
        raise DerivationError(f"parameter p: the entries sum to {total_text(sum(value))}, "
                              "not 1")
    return True


P_PARAM = Param(
    "p", "symbol probabilities p1, ..., pn",
    f"$p$ is a list of 2 to {MAX_SYMBOLS} probabilities $> 0$ that sum to 1", _test,
    lambda rng: tuple(random_with_support(rng, range(4), 4)), "0.4,0.3,0.2,0.1", None, "vector",
)


class HuffmanCode:
    """The merges, code words and lengths of a Huffman code for exact ``p``.

    Ties are broken by creation order (a merged node comes after the symbols of
    the same weight), so the code is deterministic.

    >>> c = huffman_code((sp.Rational(1, 2), sp.Rational(1, 4), sp.Rational(1, 4)))
    >>> c.words, c.lengths
    (('0', '10', '11'), (1, 2, 2))
    """

    def __init__(self, p: tuple):
        self.p = tuple(p)
        n = len(p)
        self.labels = [f"x{i + 1}" for i in range(n)]
        children = {}
        heap = [(w, i, i) for i, w in enumerate(p)]
        heapq.heapify(heap)
        self.merges = []
        order = n
        while len(heap) > 1:
            w1, _, a = heapq.heappop(heap)
            w2, _, b = heapq.heappop(heap)
            node = order
            order += 1
            children[node] = (a, b)  # the first taken (least weight) on the 0 branch
            self.labels.append(f"({self.labels[a]}, {self.labels[b]})")
            self.merges.append((a, w1, b, w2, node, w1 + w2))
            heapq.heappush(heap, (w1 + w2, node, node))
        self.root = heap[0][2]
        self.children = children
        words = {}
        stack = [(self.root, "")]
        while stack:
            node, word = stack.pop()
            if node in children:
                zero, one = children[node]
                stack += [(zero, word + "0"), (one, word + "1")]
            else:
                words[node] = word or "0"
        self.words = tuple(words[i] for i in range(n))
        self.lengths = tuple(len(w) for w in self.words)

    @property
    def expected_length(self) -> sp.Rational:
        """L = sum p_i l_i (bits)."""
        return sum((w * ln for w, ln in zip(self.p, self.lengths, strict=True)), sp.Integer(0))


def huffman_code(p: tuple) -> HuffmanCode:
    """The :class:`HuffmanCode` of the exact probabilities ``p``."""
    return HuffmanCode(p)


def shannon_lengths(p: tuple) -> tuple:
    """``ceil(-log2 p_i)`` for exact ``p_i`` in (0, 1], exactly (integer arithmetic).

    >>> shannon_lengths((sp.Rational(4, 10), sp.Rational(1, 10)))
    (2, 4)
    """
    out = []
    for v in p:
        v = sp.Rational(v)
        k = 0
        while sp.Rational(1, 2**k) > v:  # smallest k with 2^-k <= v
            k += 1
        out.append(k)
    return tuple(out)


def merged_weight_sum(p: tuple) -> sp.Rational:
    """L as the sum of the weights of the merged nodes (an independent route to L).

    >>> merged_weight_sum((sp.Rational(1, 2), sp.Rational(1, 4), sp.Rational(1, 4)))
    3/2
    """
    weights = sorted(sp.Rational(v) for v in p)
    total = sp.Integer(0)
    while len(weights) > 1:
        a, b = weights.pop(0), weights.pop(0)
        total += a + b
        lo, hi = 0, len(weights)
        while lo < hi:  # insert in order
            mid = (lo + hi) // 2
            if weights[mid] < a + b:
                lo = mid + 1
            else:
                hi = mid
        weights.insert(lo, a + b)
    return total


def _terms(pairs):
    return sp.Add(*[sp.Mul(a, b, evaluate=False) for a, b in pairs], evaluate=False)


def _steps(code: HuffmanCode) -> tuple:
    p, lengths = code.p, code.lengths
    L = code.expected_length
    log2 = sp.log(2)
    H_bits = -sp.Add(*[v * sp.log(v) for v in p]) / log2
    gap = sp.Add(*[v * sp.log(v * 2**ln) for v, ln in zip(p, lengths, strict=True)]) / log2
    shannon = shannon_lengths(p)
    kraft = sp.Add(*[sp.Pow(2, -ln, evaluate=False) for ln in lengths], evaluate=False)
    dyadic = all(v == sp.Rational(1, 2**ln) for v, ln in zip(p, lengths, strict=True))
    equality = (r"here every $p_i$ is a power of $1/2$, so $L = H(p)$" if dyadic else
                r"here some $p_i$ is not a power of $1/2$, so $L > H(p)$")
    words = ", ".join(f"$x_{{{i + 1}}} \\mapsto$ {w}" for i, w in enumerate(code.words))
    return (
        Step(kraft, 1, f"Kraft sum of the code word lengths is 1: the Huffman code ({words}) "
             f"is a complete prefix code ({CT}, Theorem 5.2.1)"),
        Step(L - H_bits, gap,
             r"$L - H(p) = \sum_i p_i \log_2(p_i 2^{l_i}) = D(p \| 2^{-l}) \ge 0$ because the "
             r"Kraft sum is 1 (Gibbs' inequality): $H(p) \le L$, with equality exactly when "
             r"every $p_i = 2^{-l_i}$, i.e. every $p_i$ is a power of $1/2$ "
             f"({CT}, Theorem 5.3.1); " + equality),
        Step(_terms(zip(p, shannon, strict=True)),
             sum((v * s for v, s in zip(p, shannon, strict=True)), sp.Integer(0)),
             r"the Shannon code lengths $\lceil -\log_2 p_i \rceil = "
             f"({', '.join(str(s) for s in shannon)})$ satisfy Kraft, and "
             r"$\sum_i p_i \lceil -\log_2 p_i \rceil < \sum_i p_i (-\log_2 p_i + 1) = H(p) + 1$; "
             r"the Huffman code is optimal, so $L \le$ this $< H(p) + 1$ "
             f"({CT}, Theorems 5.4.1, 5.8.1)"),
        Step(sp.Mul(_terms(zip(p, lengths, strict=True)), log2, evaluate=False), L * log2,
             r"expected length $L = \sum_i p_i l_i$ bits with the code word lengths $l_i = "
             f"({', '.join(str(n) for n in lengths)})$ from the merges (table below); "
             r"$L \ln 2$ in nats"),
    )


def _structure(values) -> tuple:
    p = values["p"] if "p" in values else P_PARAM.parse(P_PARAM.default)
    return (("p", tuple(p)),)


def _bind(values) -> dict:
    return {}


def _sample(rng, s) -> dict:
    return {"p": s["p"]}


def _extras(code: HuffmanCode):
    def extras(given, ctx, dps, _units):
        p = code.p
        H = shannon_sum(p, ctx) / ctx.ln2  # ln p of p near 1 by log1p of the exact 1 - p
        merges = [{"merge": k + 1, "least": f"{code.labels[a]} ({w1})",
                   "next": f"{code.labels[b]} ({w2})", "new node weight": str(w)}
                  for k, (a, w1, b, w2, _, w) in enumerate(code.merges)]
        shannon = shannon_lengths(p)
        return {
            "entropy_bits": to_decimal(H, dps, ctx),
            "huffman_merges": {"table": merges},
            "code": {
                "table": [{"symbol": f"x{i + 1}", "p": str(v), "code word": w, "length": n,
                           "Shannon length ceil(-log2 p)": s}
                          for i, (v, w, n, s) in enumerate(zip(p, code.words, code.lengths,
                                                                shannon, strict=True))],
                "expected_length_bits": str(code.expected_length),
                "shannon_expected_length_bits": str(sum(v * s for v, s in zip(
                    p, shannon, strict=True))),
                "kraft_sum": str(sum(sp.Rational(1, 2**n) for n in code.lengths)),
                "bound": "H(p) <= L < H(p) + 1",
                "L_equals_H": all(v == sp.Rational(1, 2**n)
                                  for v, n in zip(p, code.lengths, strict=True)),
            },
        }

    return extras


def _build(s: dict) -> Draft:
    code = huffman_code(s["p"])

    def reference(point, ctx):
        return to_mpf(merged_weight_sum(s["p"]), ctx) * ctx.ln2

    return Draft(
        quantity="L",
        assumptions=(f"a source with {len(s['p'])} symbols of probabilities $p_i > 0$",
                     "binary prefix code built by Huffman's algorithm",
                     "ties broken by creation order (other tie-breaks give other trees with "
                     "the same $L$)"),
        steps=_steps(code),
        reference=reference,
        reference_method="L as the sum of the weights of all merged nodes (every merge adds "
        "one bit to each symbol below it), by its own merge loop over exact fractions; "
        "times ln 2 for nats",
        extras=_extras(code),
    )


ENTRIES = (
    Entry(
        name="huffman",
        title="Huffman code: expected length and H <= L < H + 1",
        group="coding",
        params=(P_PARAM,),
        build=_build,
        default_units="bits",
        summary=f"the Huffman tree merge by merge, code words, L = sum p_i l_i, Kraft sum 1, "
        f"H(p) <= L < H(p) + 1; {CT}, Secs. 5.3-5.8",
        structure=_structure,
        sample=_sample,
        bind=_bind,
    ),
)

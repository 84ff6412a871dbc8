"""huffman: L against a brute-force optimal code, H <= L < H + 1, Kraft, negative controls."""

import itertools
import json
import random

import mpmath
import pytest
import sympy as sp
from negative_controls import corrupt_step, every_digit_right

from symbolic_info import DerivationError, derive
from symbolic_info.cli import main
from symbolic_info.engine.run import run


def _optimal_length(p):
    """Least sum p_i l_i over all prefix codes (lengths with Kraft sum <= 1), by brute force."""
    n = len(p)
    best = None
    for lengths in itertools.product(range(1, n), repeat=n):
        if sum(sp.Rational(1, 2**k) for k in lengths) <= 1:
            L = sum(a * k for a, k in zip(p, lengths, strict=True))
            best = L if best is None or L < best else best
    return best


CTX = mpmath.MPContext()
CTX.dps = 60


def _entropy_bits(p):
    ctx = CTX
    return -ctx.fsum(ctx.mpf(v.p) / v.q * ctx.log(ctx.mpf(v.p) / v.q, 2) for v in p)


def _text(p):
    return ",".join(str(v) for v in p)


def test_course_example_value_code_and_extras():
    d = derive("huffman", p="0.4,0.3,0.2,0.1")
    assert d.verified and d.units == "bits"
    assert sp.nsimplify(d.result) == sp.Rational(19, 10)
    p = [sp.Rational(v) for v in ("0.4", "0.3", "0.2", "0.1")]
    assert _optimal_length(p) == sp.Rational(19, 10)
    code = d.extras["code"]
    words = [r["code word"] for r in code["table"]]
    assert not any(a != b and b.startswith(a) for a in words for b in words)  # prefix-free
    assert [r["length"] for r in code["table"]] == [len(w) for w in words]
    assert [r["Shannon length ceil(-log2 p)"] for r in code["table"]] == [2, 2, 3, 4]
    assert code["kraft_sum"] == "1" and code["L_equals_H"] is False
    H = _entropy_bits(p)
    assert abs(CTX.mpf(d.extras["entropy_bits"]) - H) < CTX.mpf(10) ** -45
    assert H <= CTX.mpf("1.9") < H + 1
    assert len(d.extras["huffman_merges"]["table"]) == 3


def test_random_sources_are_optimal_and_within_one_bit_of_entropy():
    rng = random.Random(3)
    for n in (2, 3, 4, 5, 6):
        w = [rng.randint(1, 30) for _ in range(n)]
        p = [sp.Rational(v, sum(w)) for v in w]
        d = derive("huffman", p=_text(p))
        L = sp.nsimplify(d.result)
        assert d.verified and L == _optimal_length(p)
        H = _entropy_bits(p)
        assert H <= CTX.mpf(L.p) / L.q < H + 1
        shannon = [int(CTX.ceil(-CTX.log(CTX.mpf(v.p) / v.q, 2))) for v in p]
        table = d.extras["code"]["table"]
        assert [r["Shannon length ceil(-log2 p)"] for r in table] == shannon
        assert L <= sum(a * k for a, k in zip(p, shannon, strict=True))


@pytest.mark.parametrize("p,equal", [("1/2,1/4,1/8,1/8", True), ("1/2,1/2", True),
                                     ("1/4,1/4,1/4,1/8,1/16,1/16", True),
                                     ("1/3,1/3,1/3", False), ("0.5,0.25,0.2,0.05", False)])
def test_equality_exactly_for_powers_of_one_half(p, equal):
    d = derive("huffman", p=p)
    probs = [sp.Rational(v) for v in p.split(",")]
    H = _entropy_bits(probs)
    L = sp.nsimplify(d.result)
    assert d.verified and d.extras["code"]["L_equals_H"] is equal
    assert (abs(CTX.mpf(L.p) / L.q - H) < CTX.mpf(10) ** -50) is equal


def test_tiny_and_many_probabilities():
    n = 100
    p = [sp.Rational(1, 10**30)] + [(1 - sp.Rational(1, 10**30)) / (n - 1)] * (n - 1)
    d = derive("huffman", p=_text(p))
    assert d.verified
    L = sp.nsimplify(d.result)
    H = _entropy_bits(p)
    assert H <= CTX.mpf(L.p) / L.q < H + 1


def _entropy_bits_exact_complement(p, dps):
    """H(p) in bits with the working precision raised past every digit ln p_i loses near 1:
    -log10(1 - p_i) more digits (a different cure from the entry's log1p of the exact
    complement)."""
    lost = max(int(-mpmath.log10(mpmath.mpf((1 - v).p) / (1 - v).q)) if v < 1 else 0
               for v in p)
    with mpmath.workdps(dps + lost + 20):
        return -mpmath.fsum(mpmath.mpf(v.p) / v.q * mpmath.log(mpmath.mpf(v.p) / v.q, 2)
                            for v in p)


@pytest.mark.parametrize("dps", [50, 1000])
@pytest.mark.parametrize("tiny", ["1e-59", "3e-31"])
def test_entropy_bits_next_to_a_certain_symbol_is_right_to_every_digit(tiny, dps):
    """A source with p_3 = 1 - 2 tiny: -p_3 log2 p_3 at the working precision lost ~59 digits
    (attack finding F1: 5 of 50 digits right).  Old code: fails at both precisions."""
    e = sp.Rational(tiny)
    p = [e, e, 1 - 2 * e]
    d = derive("huffman", p=_text(p), dps=dps)
    truth = _entropy_bits_exact_complement(p, dps)
    shown = d.extras["entropy_bits"]
    assert d.verified and len(shown.split("e")[0].replace(".", "")) == dps
    assert every_digit_right(shown, truth), (shown, mpmath.nstr(truth, 60))
    # negative control: the same text one unit lower in its last digit is caught
    mant, exp = shown.split("e")
    assert not every_digit_right(f"{mant[:-1]}{int(mant[-1]) - 2 if mant[-1] > '1' else 5}"
                                 f"e{exp}", truth)


def test_wrong_expected_length_is_caught():
    e = corrupt_step("huffman", lambda rhs: rhs + sp.log(2) / 100)
    d = run(e, {"p": e.param("p").parse("0.4,0.3,0.2,0.1")}, None, 30)
    assert not d.verified


def test_wrong_kraft_step_is_caught():
    e = corrupt_step("huffman", lambda rhs: sp.Rational(9, 10), index=0)
    d = run(e, {"p": e.param("p").parse("0.4,0.3,0.2,0.1")}, None, 30)
    assert not d.steps[0].check.ok and not d.verified


@pytest.mark.parametrize("text,words", [
    ("", "empty value"), ("1", "one number"), ("0.5,0.6", "sum to 11/10"),
    ("0.5,0.5,0", "not positive"), (",".join(["1/129"] * 129), "at most 128"),
    ("1", "list"),
])
def test_bad_sources_are_refused_in_one_line(text, words, capsys):
    with pytest.raises(DerivationError) as err:
        derive("huffman", p=text)
    assert words in str(err.value) and "\n" not in str(err.value)
    assert main(["derive", "huffman", "--param", f"p={text}"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_check_against_huffman_and_json(capsys):
    assert main(["check", "1.9", "--against", "huffman", "--param", "p=0.4,0.3,0.2,0.1"]) == 0
    assert main(["check", "1.85", "--against", "huffman", "--param", "p=0.4,0.3,0.2,0.1"]) == 1
    capsys.readouterr()
    assert main(["derive", "huffman", "--param", "p=0.4,0.3,0.2,0.1", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["value"].startswith("1.9000")
    assert out["extras"]["entropy_bits"].startswith("1.84643934467")

"""Hostile user distributions: refused with one line or answered, never a crash or a hang.

Each runs in a fresh interpreter (:mod:`derive_in_subprocess`): before the guard on
``exp``, a tower of exponentials on [0, oo) aborted the whole process inside gmpy2
("gmp: overflow in mpz type"), which no ``except`` can catch.
"""

import subprocess
import sys

from derive_in_subprocess import derive_all

TOWER = "exp(" * 12 + "-x" + ")" * 12 + " on [0, oo)"


def test_exponential_tower_is_refused_in_one_line():
    (record,) = derive_all([["entropy", {"X": TOWER}, 50]])
    assert not record["ok"] and "\n" not in record["error"]
    assert "too large to evaluate" in record["error"] or "total mass" in record["error"]


def test_exp_of_a_huge_number_is_zero_or_raises_instead_of_aborting():
    code = ("import sympy as sp\n"
            "from symbolic_info.numeric.context import NumericError, compile_expr, new_context\n"
            "x = sp.Symbol('x'); ctx = new_context(30)\n"
            "f = compile_expr(sp.exp(x - sp.exp(x)), [x], ctx)\n"
            "assert f(ctx.mpf(3)) > 0 and f(ctx.mpf(10) ** 11) == 0\n"
            "g = compile_expr(sp.exp(sp.exp(x)), [x], ctx)\n"
            "try:\n    g(ctx.mpf(10) ** 11)\nexcept NumericError:\n    print('refused')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == "refused", proc.stderr[-500:]


def test_many_overlapping_components_and_a_huge_power():
    mixture = "+".join(f"1/10*normal({i}/4, {i + 1})" for i in range(10))
    records = derive_all([["entropy", {"X": mixture}, 50],
                          ["entropy", {"X": "exp(-x^1000) on [0, oo)"}, 50],
                          ["entropy", {"X": "1" + "0" * 1900 + "*x on [0, 1]"}, 50]])
    mixed, power, digits = records
    assert mixed["ok"] and mixed["json"]["verification"]["ok"]
    assert not power["ok"] and "x¹⁰⁰⁰" in power["error"] and "not 1" in power["error"]
    assert not digits["ok"] and "\n" not in digits["error"]

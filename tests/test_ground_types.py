"""SymPy reads mpmath's GMP integers exactly whatever its ground types (ground_types.py):
python-flint, once installed, makes SymPy pick its ``flint`` ground types, under which an
``mpz`` became a Float (``sympify(mpz(5))`` is ``5.0``) and ``Rational(mpz)`` raised."""

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("gmpy2")

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import symbolic_info
import gmpy2, sympy
from sympy.external.gmpy import GROUND_TYPES
big = gmpy2.mpz(10) ** 40 + 1
read = sympy.sympify(big)
assert read.is_Integer and int(read) == 10**40 + 1, repr(read)  # a Float compares equal
assert sympy.Rational(gmpy2.mpz(1), gmpy2.mpz(3)) == sympy.Rational(1, 3)
print(GROUND_TYPES)
"""


def ground_types(env_value, sympy_first) -> str:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    if env_value:
        env["SYMPY_GROUND_TYPES"] = env_value
    code = ("import sympy\n" if sympy_first else "") + PROBE
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_package_asks_for_gmpy_when_imported_first():
    assert ground_types(None, sympy_first=False) == "gmpy"


@pytest.mark.parametrize("env_value", [None, "flint", "python"])
def test_integers_stay_exact_when_sympy_chose_other_ground_types(env_value):
    if env_value == "flint":
        pytest.importorskip("flint")
    assert ground_types(env_value, sympy_first=True) in {"gmpy", "flint", "python"}

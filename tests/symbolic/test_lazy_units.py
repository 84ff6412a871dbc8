"""symbolic/lazy_units.py: ``derive``'s child does not import SymPy's unit system nor its
tensor module, and what SymPy computes (and a later user of ``sympy.physics.units`` or
``sympy.tensor.tensor``) is unchanged.

Each case runs in a new interpreter: the stand-in lives in ``sys.modules``.
"""

import json
import subprocess
import sys

UNITS_LOADED = ("import sys\n"
                "print(json.dumps(['sympy.physics.units.quantities' in sys.modules, "
                "type(sys.modules.get('sympy.physics.units')).__name__, "
                "type(sys.modules.get('sympy.tensor.tensor')).__name__, "
                "'sympy.combinatorics.tensor_can' in sys.modules]))")


def _last_json(code: str):
    out = subprocess.run([sys.executable, "-c", "import json\n" + code], capture_output=True,
                         text=True, check=True, timeout=300).stdout
    return json.loads(out.rstrip("\n").rsplit("\n", 1)[-1])


def _derive_code(target: str) -> str:
    payload = {"name": "binary-entropy", "params": {"p": "1/3"}, "units": None, "dps": 30,
               "format": "json", "fresh": False}
    return (f"from symbolic_info.cli import {target}\n"
            f"out = json.loads({target}({payload!r}))\n"
            "assert out['verification']['ok'], out['verification']\n"
            "assert any(s['method'] == 'symbolic' for s in out['steps'])\n" + UNITS_LOADED)


def test_the_derive_child_leaves_the_unit_system_unloaded():
    """binary-entropy's step checks call sp.simplify, whose first call imported the SI
    tables, and its sums of three terms the tensor module (failed on the old code: the child
    ran derive_output, quantities loaded; then the tensor module was loaded)."""
    assert _last_json(_derive_code("derive_in_child")) == [False, "_Deferred", "_Deferred",
                                                           False]


def test_without_the_stand_in_simplify_loads_the_unit_system():
    """Negative control: the same derivation in an ordinary process loads it."""
    assert _last_json(_derive_code("derive_output")) == [True, "module", "module", True]


def test_sympy_answers_the_same_and_units_still_work():
    """simplify and the LaTeX printer give the same results with the stand-in; a later
    ``import sympy.physics.units`` gets SymPy's module, and simplify then still sees a real
    quantity (kilometre / metre is 1000, which needs the real ``Quantity``)."""
    code = """
import sympy as sp
x, k = sp.Symbol("x"), sp.Symbol("k", positive=True)
exprs = [sp.log(x**2) - 2 * sp.log(x), (x**2 - 1) / (x - 1), x**(-k / 2) * sp.exp(-x) / 3]
def answers():
    return [str(sp.simplify(e)) for e in exprs] + [sp.latex(e) for e in exprs]
from symbolic_info.symbolic.lazy_units import defer_unneeded
import sys
assert defer_unneeded()
before = answers()
assert 'sympy.physics.units.quantities' not in sys.modules
import sympy.physics.units as u
from sympy.physics.units import kilometer, meter, Quantity
from sympy.physics.units.quantities import Quantity as Real
assert Quantity is Real and u.Quantity is Real and u.meter is meter
assert type(sys.modules['sympy.physics.units']).__name__ == 'module'
assert sp.simplify(kilometer / meter) == 1000
assert not defer_unneeded()  # units real now, tensor's stand-in already in place
print(json.dumps(before == answers()))
"""
    assert _last_json(code) is True


def test_tensors_still_work_after_the_stand_in():
    """A later user of ``sympy.tensor.tensor`` gets SymPy's module: tensor sums (which go
    through ``Add.flatten``'s ``TensExpr`` test) come out as before."""
    code = """
import sympy as sp
import sys
from symbolic_info.symbolic.lazy_units import defer_unneeded
x = sp.Symbol("x")
assert defer_unneeded()
assert str(x + 2 * x + sp.log(x) + 1) == "3*x + log(x) + 1"
assert type(sys.modules["sympy.tensor.tensor"]).__name__ == "_Deferred"
from sympy.tensor.tensor import TensorIndexType, tensor_indices, TensorHead, TensExpr, TensAdd
L = TensorIndexType("L")
i = tensor_indices("i", L)
A, B, C = (TensorHead(n, [L]) for n in "ABC")
total = A(i) + B(i) + 2 * A(i) + C(i)
assert isinstance(total, TensAdd) and isinstance(A(i), TensExpr)
assert type(sys.modules["sympy.tensor.tensor"]).__name__ == "module"
print(json.dumps(str(total)))
"""
    assert _last_json(code) == "3*A(i) + B(i) + C(i)"

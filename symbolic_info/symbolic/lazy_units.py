"""SymPy's simplifier without its unit system: 0.1 s less in a fresh ``derive``.

Every call of ``sympy.simplify`` (and ``is_constant``, which the LaTeX printer reaches
through ``fraction``) runs ``from sympy.physics.units import Quantity`` to ask whether
the expression holds a physical quantity; the first one imports SymPy's whole unit
system (the SI tables), about 0.1 s of CPU, a tenth of a cold
``symbolic-info derive NAME`` at 50 digits, measured in half the catalog's entries.
No expression of ours holds a quantity.

:func:`defer_units` puts a stand-in for ``sympy.physics.units`` in ``sys.modules``, in
the short-lived child that ``derive`` runs its work in (a process that is ours alone):

- its ``Quantity`` is a class no expression can contain, which is exactly the answer
  SymPy's class gives while its module ``sympy.physics.units.quantities`` is not
  loaded (no quantity can exist then); once that module is loaded, the real class is
  returned;
- any other name (``meter``, ``Unit``, what ``solve`` asks for) imports the real package
  and answers from it, which then replaces the stand-in for everyone.

So what SymPy computes is unchanged; only an import is saved.

Example
-------
The stand-in's ``Quantity`` is in no expression, as SymPy's is in none of ours
(:func:`defer_units` itself is called only in ``derive``'s child):

>>> x = sp.Symbol("x")
>>> (2 * x).has(NoQuantity), NoQuantity.__name__
(False, 'NoQuantity')
"""

from __future__ import annotations

import importlib
import os
import sys
import types

import sympy as sp

__all__ = ["defer_units", "NoQuantity", "UNITS", "QUANTITIES"]

UNITS = "sympy.physics.units"
QUANTITIES = "sympy.physics.units.quantities"


class NoQuantity(sp.Basic):
    """Stands for SymPy's ``Quantity`` while none can exist; never instantiated."""


class _Deferred(types.ModuleType):
    """``sympy.physics.units`` until a name other than ``Quantity`` is asked for."""

    def __getattr__(self, name):
        if name == "Quantity" and QUANTITIES not in sys.modules:
            return NoQuantity
        return getattr(_real_units(), name)


def _real_units() -> types.ModuleType:
    """The real package, imported now (the stand-in leaves ``sys.modules`` first)."""
    if isinstance(sys.modules.get(UNITS), _Deferred):
        del sys.modules[UNITS]
    module = importlib.import_module(UNITS)
    physics = sys.modules.get("sympy.physics")
    if physics is not None:
        physics.units = module
    return module


def defer_units() -> bool:
    """Put the stand-in in place unless the real package is loaded; True when it was."""
    if UNITS in sys.modules:
        return False
    stand_in = _Deferred(UNITS)
    # a package's path, so that a submodule import still finds SymPy's files
    stand_in.__path__ = [os.path.join(os.path.dirname(sp.__file__), "physics", "units")]
    sys.modules[UNITS] = stand_in
    importlib.import_module("sympy.physics")  # its ``units`` is then the stand-in
    return True

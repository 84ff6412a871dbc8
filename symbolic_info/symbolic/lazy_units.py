"""SymPy's simplifier without its unit system and tensor module: 0.13 s less in a fresh
``derive``.

Two of SymPy's modules are imported on first use only to learn that an expression holds
none of their objects:

- every call of ``sympy.simplify`` (and ``is_constant``, which the LaTeX printer reaches
  through ``fraction``) runs ``from sympy.physics.units import Quantity``; the first one
  imports SymPy's whole unit system (the SI tables), about 0.1 s of CPU;
- ``Add.flatten`` of three or more terms runs ``from sympy.tensor.tensor import TensExpr,
  TensAdd`` to ask whether a term is a tensor expression; the first one imports the tensor
  module and the combinatorics it needs, about 0.03 s.

Together that was an eighth of a cold ``symbolic-info derive NAME`` at 50 digits for the
cheaper half of the catalog.  No expression of ours holds a quantity or a tensor.

:func:`defer_unneeded` puts a stand-in for each of these modules in ``sys.modules``, in the
short-lived child that ``derive`` runs its work in (a process that is ours alone):

- the names SymPy asks for (``Quantity``; ``TensExpr``) are classes no expression can
  contain, which is exactly the answer SymPy's own classes give while their module is not
  loaded (no quantity or tensor can exist then); once the real module is loaded, the real
  class is returned;
- ``TensAdd``, called by SymPy only on a tensor term (none exists), imports the real module
  and calls its class, so even that call would be answered as before;
- any other name (``meter``, ``Unit``, what ``solve`` asks for) imports the real package
  and answers from it, which then replaces the stand-in for everyone.

So what SymPy computes is unchanged; only imports are saved.  A stand-in module is the
simplest sound way: SymPy imports both inside its functions, on every call, so neither an
earlier import of fewer modules nor a lazy loader (which loads on the first attribute read,
the very read SymPy makes) avoids the cost.

Example
-------
The stand-ins are in no expression, as SymPy's classes are in none of ours
(:func:`defer_unneeded` itself is called only in ``derive``'s child):

>>> x = sp.Symbol("x")
>>> (2 * x).has(NoQuantity), isinstance(x + 1, NoTensor), NoQuantity.__name__
(False, False, 'NoQuantity')
"""

from __future__ import annotations

import importlib
import os
import sys
import types

import sympy as sp

__all__ = ["defer_unneeded", "NoQuantity", "NoTensor", "UNITS", "QUANTITIES", "TENSOR"]

UNITS = "sympy.physics.units"
QUANTITIES = "sympy.physics.units.quantities"
TENSOR = "sympy.tensor.tensor"


class NoQuantity(sp.Basic):
    """Stands for SymPy's ``Quantity`` while none can exist; never instantiated."""


class NoTensor(sp.Basic):
    """Stands for SymPy's ``TensExpr`` while none can exist; never instantiated."""


def _tens_add(*args, **kwargs):
    """SymPy's ``TensAdd`` (the real module imported now): reached only with a tensor term."""
    return _real(TENSOR).TensAdd(*args, **kwargs)


_STAND_INS = {UNITS: ({"Quantity": NoQuantity}, QUANTITIES),
              TENSOR: ({"TensExpr": NoTensor, "TensAdd": _tens_add}, TENSOR)}
"""Per deferred module: its stand-in names, and the module whose presence means that real
objects may exist (then the real names are returned)."""


class _Deferred(types.ModuleType):
    """A SymPy module until a name other than its stand-ins is asked for."""

    def __getattr__(self, name):
        if name == "__path__":  # ``from ... import`` asks whether this is a package: no
            raise AttributeError(name)
        names, real_marker = _STAND_INS[self.__name__]
        if name in names and _still_deferred(self.__name__, real_marker):
            return names[name]
        return getattr(_real(self.__name__), name)


def _still_deferred(module: str, real_marker: str) -> bool:
    """True while the real objects of ``module`` cannot exist."""
    if module == real_marker:
        return isinstance(sys.modules.get(module), _Deferred)
    return real_marker not in sys.modules


def _real(module: str) -> types.ModuleType:
    """The real module, imported now (the stand-in leaves ``sys.modules`` first)."""
    if isinstance(sys.modules.get(module), _Deferred):
        del sys.modules[module]
    real = importlib.import_module(module)
    parent, _, child = module.rpartition(".")
    if parent in sys.modules:
        setattr(sys.modules[parent], child, real)
    return real


def _defer(module: str) -> bool:
    """Put ``module``'s stand-in in place unless the real one is loaded; True when it was."""
    if module in sys.modules:
        return False
    stand_in = _Deferred(module)
    folder = os.path.join(os.path.dirname(sp.__file__), *module.split(".")[1:])
    if os.path.isdir(folder):  # a package: a submodule import still finds SymPy's files
        stand_in.__path__ = [folder]
    sys.modules[module] = stand_in
    parent, _, child = module.rpartition(".")
    importlib.import_module(parent)
    setattr(sys.modules[parent], child, stand_in)
    return True


def defer_unneeded() -> bool:
    """Put the stand-ins in place for the modules not yet loaded; True when any was."""
    return any([_defer(UNITS), _defer(TENSOR)])

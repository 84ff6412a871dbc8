"""Named quantities: symbols that stand for a whole expression and print as it.

A determinant, a trace or a quadratic form appears in a derivation as one
symbol (so steps stay readable) with its own LaTeX.

Example
-------
>>> from symbolic_info.render import latex
>>> det = Named.make("det_Sigma", r"\\det\\Sigma", positive=True)
>>> latex(2 * det)
'2 \\\\det\\\\Sigma'
"""

from __future__ import annotations

import sympy as sp

__all__ = ["Named"]


class Named(sp.Symbol):
    """A symbol with its own LaTeX (a named quantity, not a letter)."""

    def _latex(self, printer):
        return self._tex

    @classmethod
    def make(cls, name: str, tex: str, **assumptions) -> Named:
        s = cls(name, **assumptions)
        s._tex = tex
        return s

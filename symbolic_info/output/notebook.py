"""A derivation in a notebook and in ``print``: short text, rendered LaTeX.  Pure functions.

:class:`~symbolic_info.core.Derivation` uses these for ``__str__``,
``__repr__`` and Jupyter's ``_repr_latex_``.

Example
-------
>>> from symbolic_info import derive
>>> d = derive("entropy/exponential", **{"lambda": "2"}, dps=20)
>>> print(summary_text(d))
Differential entropy of the exponential distribution  [entropy/exponential]
  h(X) = 1 - ln(2)
  value: 0.30685281944005469058 nats
  verified: 20 of 20 digits agree with the reference; 4 of 4 steps checked
>>> short_repr(d)
'<Derivation entropy/exponential (lambda = 2, nats): h(X) = 1 - ln(2), verified>'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core import Derivation

__all__ = ["summary_text", "short_repr", "notebook_latex", "REPR_CHARS"]

REPR_CHARS = 100
"""The closed form in ``repr`` is cut to about this many characters."""


def _result_line(d: Derivation) -> str:
    from .unicode_math import tex_to_unicode, unicode_text

    return f"{tex_to_unicode(d.quantity)} = {unicode_text(d.result)}"


def summary_text(d: Derivation) -> str:
    """A few lines: title and name, the result in Unicode, its value with units, the checks."""
    ok = sum(1 for s in d.all_steps if s.check is not None and s.check.ok)
    status = "verified" if d.verified else "NOT verified"
    lines = [f"{d.title}  [{d.name}]", f"  {_result_line(d)}"]
    if d.value:
        lines.append(f"  value: {d.value} {d.units}")
    else:
        lines.append(f"  units: {d.units}")
    lines.append(f"  {status}: {d.verification.agreement} with the reference; "
                 f"{ok} of {len(d.all_steps)} steps checked")
    return "\n".join(lines)


def short_repr(d: Derivation) -> str:
    """One line: name, parameters, units, the result (cut), verified or not."""
    params = ", ".join(f"{k} = {v}" for k, v in d.params.items())
    where = f"{params}, {d.units}" if params else d.units
    result = _result_line(d)
    if len(result) > REPR_CHARS:
        result = result[:REPR_CHARS - 3] + "..."
    return (f"<Derivation {d.name} ({where}): {result}, "
            f"{'verified' if d.verified else 'NOT verified'}>")


def notebook_latex(d: Derivation) -> str:
    """Display math for Jupyter: the steps with their reasons, then the result (and value).

    >>> from symbolic_info import derive
    >>> tex = notebook_latex(derive("entropy/exponential", **{"lambda": "2"}))
    >>> tex.startswith("$$") and tex.endswith("$$") and tex.count("$$") == 2
    True
    """
    from ..render import latex, steps_latex

    body = steps_latex(d).rsplit(r"\end{aligned}", 1)[0].rstrip()
    value = rf" \approx {d.value[:22]}\ \text{{{d.units}}}" if d.value else ""
    status = "verified" if d.verified else "NOT verified"
    rows = (rf"{body} \\[1ex]" + "\n"
            + rf"\text{{result: }} {d.quantity} &= {latex(d.result)}{value}"
            rf" && \text{{{status}: {d.verdict}}}")
    return "$$" + rows + "\n" + r"\end{aligned}$$"

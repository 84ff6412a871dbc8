"""The data model: steps, their checks, verifications and derivations.

Everything here is immutable.  A :class:`Derivation` is produced by a topic
module, checked by :mod:`symbolic_info.engine.verify` and rendered by
:mod:`symbolic_info.render`; nothing in this module computes.

Example
-------
>>> import sympy as sp
>>> s = Step(sp.Integer(1) + 1, sp.Integer(2), "add the integers")
>>> s.check is None
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # SymPy is heavy: the data model names it only in annotations
    import sympy as sp

__all__ = ["Check", "Step", "Verification", "Derivation", "DerivationError", "shorten", "SHOWN",
           "total_text"]

SHOWN = 60
"""Most characters of an input echoed in an error message."""


def shorten(text, limit: int = SHOWN) -> str:
    """``text`` cut to at most ``limit`` characters, ending in ``...`` when cut.

    >>> shorten("9" * 100)
    '999999999999999999999999999999999999999999999999999999999...'
    """
    text = str(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _scientific(num: int, den: int, digits: int) -> str:
    """``num/den > 0`` as ``m.mmme-N`` with ``digits`` significant digits, exactly rounded."""
    e = len(str(num)) - len(str(den))
    if num * 10 ** max(0, -e) < den * 10 ** max(0, e):
        e -= 1  # now 10^e <= num/den < 10^(e + 1)
    scaled = num * 10 ** max(0, digits - 1 - e)
    m = (2 * scaled + den * 10 ** max(0, e - digits + 1)) // (2 * den * 10 ** max(0, e - digits + 1))
    if m >= 10 ** digits:
        m, e = m // 10, e + 1
    text = str(m).rstrip("0") or "0"
    mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
    return mantissa if e == 0 else f"{mantissa}e{e}"


def total_text(total, limit: int = 30) -> str:
    """A sum of probabilities (an exact rational) for an error message: as it is when short,
    else its distance from 1 to 3 digits when it is within 10^-3 of 1, else 6 digits.

    >>> from fractions import Fraction
    >>> total_text(Fraction(11, 10)), total_text(1 + Fraction(1, 10 ** 300))
    ('11/10', '1 + 1e-300')
    >>> total_text(1 - Fraction(1, 3 * 10 ** 20)), total_text(Fraction(10 ** 40 + 7, 3 * 10 ** 39))
    ('1 - 3.33e-21', '3.33333')
    """
    text = str(total)
    if len(text) <= limit:
        return text
    num, den = int(total.numerator), int(total.denominator)
    off = num - den
    if off and abs(off) * 1000 < den:
        return f"1 {'+' if off > 0 else '-'} {_scientific(abs(off), den, 3)}"
    return ("-" if num < 0 else "") + _scientific(abs(num), den, 6)


class DerivationError(ValueError):
    """Bad input to a derivation: one clear sentence naming the offending input."""


@dataclass(frozen=True)
class Check:
    """How one step was verified.

    ``method`` is ``"symbolic"`` (the difference simplified to zero under the
    assumptions), ``"numeric"`` (both sides agreed at seeded random admissible
    points), ``"asymptotic"``, ``"divergence"`` (a claim that an integral or sum is
    infinite, shown by comparing its tail with ``1/|x|``) or ``"unverified"``.
    """

    method: str
    ok: bool
    dps: int = 0
    agree_digits: int | None = None
    points: tuple = ()
    detail: str = ""


@dataclass(frozen=True)
class Step:
    """``lhs = rhs`` because ``rule`` (one short sentence).

    ``at`` is empty, except on the step that substitutes the given parameter values:
    there it holds the ``(symbol, value)`` pairs substituted, so that the left side can be
    shown as the quantity at those values.
    """

    lhs: sp.Expr
    rhs: sp.Expr
    rule: str
    check: Check | None = None
    at: tuple = ()


@dataclass(frozen=True)
class Verification:
    """The final result compared with an independent numeric reference.

    ``points`` holds one mapping (parameter name -> decimal string) per point
    at which the comparison was made; ``reference`` and ``value`` are the
    numbers at the first point, as decimal strings with ``dps`` digits.
    ``agree_digits`` counts *relative* digits.  When the closed form is
    exactly 0 no digits are claimed: ``agree_digits`` is ``None`` and
    ``zero_bound`` (decimal text) bounds the reference, ``|reference| <=
    zero_bound`` (``"0"``: the reference is 0 as computed).
    """

    dps: int
    reference: str
    value: str
    method: str
    agree_digits: int | None
    ok: bool
    points: tuple = ()
    notes: tuple = ()
    zero_bound: str | None = None

    @property
    def agreement(self) -> str:
        """How the value was confirmed, in words: digits, or the zero rule.

        >>> Verification(50, "0", "0", "sum", None, True, zero_bound="1e-60").agreement
        'the closed form is exactly 0; the reference is at most 1e-60 in magnitude'
        """
        if self.agree_digits is None:
            if self.zero_bound == "0":
                return "the closed form is exactly 0, and so is the reference"
            return (f"the closed form is exactly 0; the reference is at most {self.zero_bound} "
                    "in magnitude")
        return f"{self.agree_digits} of {self.dps} digits agree"


@dataclass(frozen=True)
class Derivation:
    """A named derivation: assumptions, checked steps, closed form, verification.

    ``quantity`` is the LaTeX name of what is derived (``h(X)``); ``result``
    is the closed form in ``units`` with the given parameters substituted;
    ``value`` is its decimal string when no symbol is left, else ``None``.
    ``extras`` carries entry-specific data (a distribution, an evidence table).
    ``substitution`` is the checked step from the closed form to ``result`` when
    parameter values were given (``None`` when nothing was substituted); it follows
    ``steps``, which end in the closed form, and :attr:`all_steps` lists both.
    """

    name: str
    title: str
    quantity: str
    params: dict
    units: str
    assumptions: tuple
    steps: tuple
    result: sp.Expr
    value: str | None
    verification: Verification
    dps: int = 50
    extras: dict = field(default_factory=dict)
    substitution: Step | None = None

    @property
    def all_steps(self) -> tuple:
        """The steps followed by the substitution step, if any."""
        return self.steps + ((self.substitution,) if self.substitution is not None else ())

    @property
    def verified(self) -> bool:
        """True when every step (the substitution too) and the final result were verified."""
        return self.verification.ok and all(
            s.check is not None and s.check.ok for s in self.all_steps)

    def _repr_latex_(self) -> str:  # Jupyter: the steps and the result as display math
        from .output.notebook import notebook_latex

        return notebook_latex(self)

    def __str__(self) -> str:
        from .output.notebook import summary_text

        return summary_text(self)

    def __repr__(self) -> str:
        from .output.notebook import short_repr

        return short_repr(self)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of ``derive --format json`` (fields listed in README.md)."""
        from .render import to_json_dict

        return to_json_dict(self)

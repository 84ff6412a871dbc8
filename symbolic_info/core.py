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
           "total_text", "scientific"]

SHOWN = 60
"""Most characters of an input echoed in an error message."""


def shorten(text, limit: int = SHOWN) -> str:
    """``text`` cut to at most ``limit`` characters, ending in ``...`` when cut; an exact
    number too long to show (an integer, or a SymPy rational) in scientific notation
    instead, since its cut digits would misstate its size.

    >>> shorten("9" * 100)
    '999999999999999999999999999999999999999999999999999999999...'
    >>> shorten(10**400 + 1), shorten(-(10**90) // 7)
    ('1.000000000...e400', '-1.428571428...e89')
    """
    p, q = _exact_parts(text)
    if p is not None and _too_long(p, q, limit):
        return scientific(p, q)
    text = str(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _exact_parts(value) -> tuple:
    """``(numerator, denominator)`` of an int or a SymPy Integer/Rational, else ``(None, 1)``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value, 1
    p, q = getattr(value, "p", None), getattr(value, "q", None)
    if isinstance(p, int) and isinstance(q, int) and q > 0:
        return p, q
    return None, 1


def _too_long(p: int, q: int, limit: int) -> bool:
    bits = abs(p).bit_length() + q.bit_length()
    return bits > 4 * limit or len(str(p)) + len(str(q)) + 1 > limit


def scientific(p: int, q: int = 1, digits: int = 10) -> str:
    """``p/q`` in scientific notation with ``digits`` significant digits, cut and marked
    ``...`` when more follow, from integer arithmetic alone (no str of a huge integer, no
    float overflow).

    >>> scientific(1, 10**300), scientific(-2**20000), scientific(10**300 + 1, 10**300)
    ('1e-300', '-3.980276840...e6020', '1.000000000...e0')
    """
    if p == 0:
        return "0"
    sign, p = ("-" if p < 0 else ""), abs(p)
    e = (p.bit_length() - q.bit_length()) * 30103 // 100000  # log10(p/q), within 1
    while p * 10 ** max(0, -e) >= q * 10 ** (max(0, e) + 1):
        e += 1
    while p * 10 ** max(0, -e) < q * 10 ** max(0, e):
        e -= 1
    shift = digits - 1 - e  # mantissa = p / q * 10^shift, an integer of `digits` digits
    num, den = (p * 10 ** shift, q) if shift >= 0 else (p, q * 10 ** -shift)
    m, rest = divmod(num, den)
    head = str(m) if rest else str(m).rstrip("0")
    mantissa = head[0] + ("." + head[1:] if len(head) > 1 else "") + ("..." if rest else "")
    return f"{sign}{mantissa}e{e}"


def total_text(total, limit: int = 30) -> str:
    """A sum of probabilities (an exact rational) for an error message: as it is when short,
    else its distance from 1 to 3 digits when it is within 10^-3 of 1, else 6 digits
    (:func:`scientific`).

    >>> from fractions import Fraction
    >>> total_text(Fraction(11, 10)), total_text(1 + Fraction(1, 10 ** 300))
    ('11/10', '1 + 1e-300')
    >>> total_text(1 - Fraction(1, 4 * 10 ** 20)), total_text(Fraction(10 ** 40 + 7, 3 * 10 ** 39))
    ('1 - 2.5e-21', '3.33333...e0')
    """
    text = str(total)
    if len(text) <= limit:
        return text
    num, den = int(total.numerator), int(total.denominator)
    off = num - den
    if off and abs(off) * 1000 < den:
        return f"1 {'+' if off > 0 else '-'} {scientific(abs(off), den, 3)}"
    return ("-" if num < 0 else "") + scientific(abs(num), den, 6)


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
        if self.agree_digits is None and self.value != "0":  # below what was resolved
            return (f"the value is zero to within its resolution ({self.value}); the reference "
                    f"is at most {self.zero_bound} in magnitude, rounding noise as well: they "
                    f"agree to {self.zero_bound} absolutely")
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
        return self.verification.ok and not self.unchecked_steps

    @property
    def unchecked_steps(self) -> tuple:
        """The numbers (from 1, the substitution step last) of the steps whose check failed or
        did not run."""
        return tuple(i for i, s in enumerate(self.all_steps, 1)
                     if s.check is None or not s.check.ok)

    @property
    def verdict(self) -> str:
        """The verification in a few words: the agreement of value and reference, preceded
        by the steps that were not verified when there are any, so that "NOT VERIFIED" never
        stands next to a full agreement alone."""
        bad = self.unchecked_steps
        if not bad:
            return self.verification.agreement
        which = f"step {bad[0]}" if len(bad) == 1 else \
            "steps " + ", ".join(map(str, bad[:-1])) + f" and {bad[-1]}"
        return f"{which} not verified; the value: {self.verification.agreement}"

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

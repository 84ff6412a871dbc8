"""Parameters: exact parsing of user text, domains, and random admissible points.

User text is parsed by a small grammar, never by ``eval`` or ``sympify``:
integers, fractions ``3/2``, decimals ``0.35`` (read exactly as 7/20),
scientific ``1e-3``, lists ``1/2,1/3,1/6`` and matrices ``[[2,0.3],[0.3,1]]``.
Digits are ASCII only (the claim grammar's rule too): ``１`` or ``٣`` is refused.
Values from Python (:func:`exact_value`) are held to the same bounds: ``int``,
``Fraction``, ``Decimal``, finite ``float`` (read through its ``repr``), SymPy
rationals and NumPy numbers are exact values; ``bool``, ``None`` and anything else
get one clear sentence.  Error messages never echo more than :data:`SHOWN`
characters of an input (:func:`shorten`).

Example
-------
>>> parse_value("0.35")
7/20
>>> parse_value("[[2, 1/2], [1/2, 1]]")
Matrix([
[  2, 1/2],
[1/2,   1]])
>>> positive("sigma", "standard deviation").validate(parse_value("-1"))
Traceback (most recent call last):
...
symbolic_info.core.DerivationError: parameter sigma = -1 is outside its domain: σ > 0
"""

from __future__ import annotations

import decimal
import math
import numbers
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import sympy as sp

from .core import SHOWN, DerivationError, shorten
from .output.reasons import pieces, reason_unicode

__all__ = [
    "Param",
    "parse_value",
    "show_value",
    "random_decimal",
    "real",
    "positive",
    "open_unit",
    "positive_integer",
    "probability_vector",
    "real_vector",
    "spd_matrix",
    "MAX_TEXT",
    "MAX_ITEMS",
    "MAX_MATRIX",
    "SHOWN",
    "exact_value",
    "shorten",
    "symbol_latex",
    "number_latex",
]

MAX_TEXT = 10_000
MAX_DIGITS = 60
MAX_EXPONENT = 400
MAX_ITEMS = 1000
MAX_MATRIX = 12

_NUMBER = re.compile(r"^([+-]?)([0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE]([+-]?[0-9]+))?$")


def _parse_number(text: str) -> sp.Rational:
    m = _NUMBER.match(text)
    if not m:
        raise ValueError(f"'{shorten(text)}' is not a number")
    sign, mantissa, exponent = m.groups()
    digits = mantissa.replace(".", "")
    if len(digits.lstrip("0")) > MAX_DIGITS:
        raise ValueError(f"'{text[:20]}...' has more than {MAX_DIGITS} digits")
    e = int(exponent) if exponent else 0
    if abs(e) > MAX_EXPONENT:
        raise ValueError(f"exponent {e} is larger than {MAX_EXPONENT} in magnitude")
    whole, _, frac = mantissa.partition(".")
    value = sp.Rational(int(whole or "0") * 10 ** len(frac) + int(frac or "0"), 10 ** len(frac))
    value *= sp.Rational(10) ** e
    return -value if sign == "-" else value


def _parse_scalar(text: str) -> sp.Rational:
    parts = text.split("/")
    if len(parts) > 2:
        raise ValueError(f"'{shorten(text)}' has more than one '/'")
    value = _parse_number(parts[0].strip())
    if len(parts) == 2:
        den = _parse_number(parts[1].strip())
        if den == 0:
            raise ValueError(f"'{shorten(text)}' divides by zero")
        value /= den
    return value


def _split_top(text: str) -> list[str]:
    """Split on commas that are not inside brackets."""
    items, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth < 0:
                raise ValueError("unbalanced ']'")
        elif ch == "," and depth == 0:
            items.append(text[start:i].strip())
            start = i + 1
    if depth:
        raise ValueError("unbalanced '['")
    items.append(text[start:].strip())
    return items


def parse_value(text: str):
    """Parse a scalar, list or matrix exactly (see the module docstring).

    Returns a ``sympy.Rational``, a ``tuple`` of them, or a ``sympy.Matrix``.
    Raises ``ValueError`` with a one-line reason on anything else.
    """
    if not isinstance(text, str):
        text = str(text)
    if len(text) > MAX_TEXT:
        raise ValueError(f"value is longer than {MAX_TEXT} characters")
    text = text.strip()
    if not text:
        raise ValueError("empty value")
    if text.startswith("[[") or text.startswith("[ ["):
        if not text.endswith("]"):
            raise ValueError("a matrix must end with ']'")
        rows = [_parse_list(r) for r in _split_top(text[1:-1])]
        if len(rows) > MAX_MATRIX or any(len(r) != len(rows[0]) for r in rows):
            raise ValueError(f"a matrix needs equal rows and at most {MAX_MATRIX} of them")
        return sp.Matrix(rows)
    if text.startswith("[") or "," in text:
        return _parse_list(text)
    return _parse_scalar(text)


def _parse_list(text: str) -> tuple:
    text = text.strip()
    if text.startswith("["):
        if not text.endswith("]"):
            raise ValueError("a list must end with ']'")
        text = text[1:-1]
    if "[" in text or "]" in text:
        raise ValueError("unexpected bracket inside a list")
    items = _split_top(text)
    if len(items) > MAX_ITEMS:
        raise ValueError(f"a list may hold at most {MAX_ITEMS} numbers")
    return tuple(_parse_scalar(i) for i in items)


_NAMED_GROUP = re.compile(r"(\\(?:mathbb|mathrm|mathcal|text|operatorname)\{[^{}]*\})")
"""A LaTeX command with a literal argument (``\\mathbb{R}``): its letters are not symbols."""


@dataclass(frozen=True)
class Param:
    r"""A named parameter: its symbol, domain rule and sampler.

    ``test(value) -> bool`` decides the domain, described by ``rule`` (a sentence whose
    mathematics is LaTeX between dollar signs, like a step's reason: ``$\sigma > 0$``);
    ``sample(rng)`` draws an exact admissible value for numeric checks.
    ``symbol`` is ``None`` for list and matrix parameters.  ``span = (lo, hi)``
    (exact numbers), when set, bounds the magnitude of every non-zero value (entry):
    ``lo <= |v| <= hi``, the range in which the entry's numeric verification works
    within its time budget; values outside get their own one-line refusal
    (:meth:`within`).
    """

    name: str
    description: str
    rule: str
    test: Callable
    sample: Callable
    default: str
    symbol: sp.Symbol | None = None
    kind: str = "scalar"
    span: tuple | None = None

    def spanning(self, lo: str, hi: str) -> Param:
        """This parameter with :attr:`span` ``(lo, hi)`` (given as text, e.g. ``"1e-100"``)."""
        return replace(self, span=(parse_value(lo), parse_value(hi)))

    def span_rule(self) -> str:
        r"""The span as a rule: ``$10^{-100} \le \sigma \le 10^{100}$`` (or ``= 0`` for reals).

        >>> print(positive("sigma", "scale").spanning("1e-100", "1e100").span_rule())
        $10^{-100} \le \sigma \le 10^{100}$
        """
        lo, hi = (number_latex(v) for v in self.span)
        if self.kind != "scalar":
            return f"each entry of {self.name} is 0 or ${lo} \\le |\\cdot| \\le {hi}$"
        name = sp.latex(self.symbol) if self.symbol is not None else symbol_latex(self.name)
        if self.test(sp.Integer(-1)):
            return f"${name} = 0$ or ${lo} \\le \\lvert {name} \\rvert \\le {hi}$"
        return f"${lo} \\le {name} \\le {hi}$"

    def rule_for(self, symbol: sp.Symbol) -> str:
        r"""The rule with this parameter's symbol replaced by ``symbol`` (``sigma`` -> ``s``).

        >>> print(positive("sigma", "scale").rule_for(sp.Symbol("sigma1")))
        $\sigma_{1} > 0$
        """
        if self.symbol is None:
            return self.rule
        old, new = sp.latex(self.symbol), sp.latex(symbol)
        pattern = re.compile(rf"(?<![\\A-Za-z]){re.escape(old)}(?![A-Za-z_])")

        def rename(tex: str) -> str:  # never inside \mathbb{R}, \mathrm{E}, \text{...}
            return "".join(chunk if _NAMED_GROUP.fullmatch(chunk)
                           else pattern.sub(lambda _m: new, chunk)
                           for chunk in _NAMED_GROUP.split(tex))

        return "".join(f"${rename(part)}$" if is_math else part
                       for is_math, part in pieces(self.rule))

    def within(self, value) -> bool:
        """True when every non-zero entry of ``value`` lies in :attr:`span` (or none is set)."""
        if self.span is None:
            return True
        lo, hi = self.span
        entries = [value] if _shape(value) == "scalar" else list(value)
        return all(v == 0 or lo <= abs(v) <= hi for v in entries)

    def parse(self, text) -> object:
        """Parse and validate user text (or an exact Python value) for this parameter."""
        try:
            value = parse_value(text) if isinstance(text, str) else exact_value(text)
        except ValueError as exc:
            raise DerivationError(f"parameter {self.name}: {exc}") from None
        return self.validate(value, text.strip() if isinstance(text, str) else None)

    def validate(self, value, text: str | None = None):
        """Return ``value`` if it has this parameter's shape and lies in its domain.

        Otherwise raise DerivationError; ``text`` (the user's spelling) is shown
        instead of a long exact value.
        """
        shape = _shape(value)
        if shape != self.kind:
            raise DerivationError(
                f"parameter {self.name} takes {_KINDS[self.kind]}, not {_KINDS[shape]}")
        shown = show_value(value)
        if len(shown) > SHOWN and text:
            shown = text
        if not self.test(value):
            raise DerivationError(f"parameter {self.name} = {shorten(shown)} is outside its "
                                  f"domain: {reason_unicode(self.rule)}")
        if not self.within(value):
            raise DerivationError(
                f"parameter {self.name} = {shorten(shown)} is outside the range this derivation "
                f"verifies numerically: {reason_unicode(self.span_rule())}")
        return value


_KINDS = {"scalar": "one number", "vector": "a list of numbers",
          "matrix": "a matrix [[..], [..]]"}


def _shape(value) -> str:
    if isinstance(value, tuple):
        return "vector"
    if isinstance(value, sp.MatrixBase):
        return "matrix"
    return "scalar"


_MAX_BITS = math.ceil((MAX_DIGITS + MAX_EXPONENT + 1) * math.log2(10))
"""Largest numerator or denominator the text grammar can produce, in bits."""


def _bounded_integer(n: int) -> int:
    """``n`` if the text grammar could have written it (60 significant digits, 10^400)."""
    if abs(n).bit_length() > _MAX_BITS:
        raise ValueError(f"a number of {abs(n).bit_length()} bits is too large: at most "
                         f"{MAX_DIGITS} significant digits times 10^{MAX_EXPONENT}")
    digits = str(abs(n)).rstrip("0")
    if len(digits) > MAX_DIGITS:
        raise ValueError(f"'{shorten(n, 20)}' has more than {MAX_DIGITS} digits")
    return n


def exact_value(value):
    """A Python value as an exact SymPy number, tuple of them, or matrix (ValueError if not).

    Accepted: ``int``, ``fractions.Fraction``, ``decimal.Decimal``, a finite ``float``
    (read exactly from its shortest ``repr``, so ``0.1`` is ``1/10``), SymPy integers
    and rationals, NumPy numbers and arrays, and lists, tuples or SymPy matrices of
    these.  ``bool`` and ``None`` are refused (``True`` is not the number 1 here);
    numerators and denominators are bounded as in the text grammar.

    >>> from fractions import Fraction
    >>> exact_value(Fraction(3, 2)), exact_value(0.1), exact_value([1, 2])
    (3/2, 1/10, (1, 2))
    >>> exact_value(True)
    Traceback (most recent call last):
    ...
    ValueError: True is a truth value, not a number
    """
    if hasattr(value, "tolist") and not isinstance(value, sp.Basic):  # NumPy
        value = value.tolist()
    if value is None:
        raise ValueError("no value (None)")
    if isinstance(value, bool):
        raise ValueError(f"{value} is a truth value, not a number")
    if isinstance(value, (list, tuple)):
        if len(value) > MAX_ITEMS:
            raise ValueError(f"a list may hold at most {MAX_ITEMS} numbers")
        if value and all(isinstance(row, (list, tuple)) for row in value):
            if len(value) > MAX_MATRIX or any(len(row) != len(value[0]) for row in value):
                raise ValueError(f"a matrix needs equal rows and at most {MAX_MATRIX} of them")
            return sp.Matrix([[_scalar(v) for v in row] for row in value])
        return tuple(_scalar(v) for v in value)
    if isinstance(value, sp.MatrixBase):
        if max(value.shape) > MAX_MATRIX:
            raise ValueError(f"a matrix may have at most {MAX_MATRIX} rows and columns")
        return value.applyfunc(_scalar)
    return _scalar(value)


def _scalar(value) -> sp.Rational:
    """One exact number from a Python value (see :func:`exact_value`)."""
    if hasattr(value, "tolist") and not isinstance(value, sp.Basic):
        value = value.tolist()
    if value is None:
        raise ValueError("no value (None)")
    if isinstance(value, bool):
        raise ValueError(f"{value} is a truth value, not a number")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"'{value}' is not a finite number")
        return parse_value(repr(value))
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise ValueError(f"'{value}' is not a finite number")
        sign, digits, exponent = value.as_tuple()
        return _parse_number(("-" if sign else "") + "".join(map(str, digits))
                             + f"e{exponent}")
    if isinstance(value, numbers.Rational) and not isinstance(value, sp.Basic):
        return sp.Rational(_bounded_integer(int(value.numerator)),
                           _bounded_integer(int(value.denominator)))
    if isinstance(value, sp.Basic) and value.is_Rational:
        return sp.Rational(_bounded_integer(int(value.p)), _bounded_integer(int(value.q)))
    if isinstance(value, sp.Float):
        raise ValueError(f"the SymPy Float {shorten(value, 30)} is not exact; give a Rational "
                         "or text such as '3/2'")
    if isinstance(value, (list, tuple, sp.MatrixBase)):
        raise ValueError("a list or matrix where one number is expected")
    if isinstance(value, sp.Basic):
        raise ValueError(f"the SymPy expression {shorten(value, 30)} is not a rational number; "
                         "give a Rational or text such as '3/2'")
    raise ValueError(f"{shorten(repr(value), 30)} ({type(value).__name__}) is not a number; "
                     "give an int, a Fraction, a float or text such as '3/2'")


def show_value(value) -> str:
    """A parsed parameter value as the text a user would type (``1/2,1/3``, ``[[2,0],[0,1]]``).

    >>> show_value((sp.Rational(1, 2), sp.Rational(1, 2)))
    '1/2,1/2'
    """
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value)
    if isinstance(value, sp.MatrixBase):
        return str(value.tolist()).replace(" ", "")
    return str(value)


def symbol_latex(name: str) -> str:
    r"""A parameter's name as LaTeX, the way SymPy prints its symbol (``sigma1`` -> ``\sigma_{1}``).

    >>> print(symbol_latex("sigma1"), symbol_latex("x_m"), symbol_latex("lambda"))
    \sigma_{1} x_{m} \lambda
    """
    return sp.latex(sp.Symbol(name))


def number_latex(v: sp.Rational) -> str:
    """``10^{k}`` for an exact power of ten, else the number as SymPy writes it.

    >>> number_latex(sp.Rational(1, 10**100)), number_latex(sp.Integer(10**30))
    ('10^{-100}', '10^{30}')
    """
    for top, bottom, sign in ((v.p, v.q, ""), (v.q, v.p, "-")):
        digits = str(top)
        if bottom == 1 and digits.rstrip("0") == "1" and len(digits) > 1:
            return f"10^{{{sign}{len(digits) - 1}}}"
    return sp.latex(v)


def random_decimal(rng: random.Random, lo: float, hi: float) -> sp.Rational:
    """A random exact decimal with three places in ``[lo, hi]``.

    >>> random_decimal(random.Random(0), 1, 2)  # 1.844
    461/250
    """
    return sp.Rational(round(rng.uniform(lo, hi) * 1000), 1000)


def real(name, description, default="0", symbol_name=None) -> Param:
    """A real parameter (location); samples in [-2, 2]."""
    symbol = sp.Symbol(symbol_name or name, real=True)
    return Param(
        name, description, f"${sp.latex(symbol)} \\in \\mathbb{{R}}$", lambda v: True,
        lambda rng: random_decimal(rng, -2, 2), default, symbol,
    )


def positive(name, description, default="1", symbol_name=None, lo=0.3, hi=3.0) -> Param:
    """A strictly positive parameter (scale, rate); samples in [lo, hi]."""
    symbol = sp.Symbol(symbol_name or name, positive=True)
    return Param(
        name, description, f"${sp.latex(symbol)} > 0$", lambda v: v > 0,
        lambda rng: random_decimal(rng, lo, hi), default, symbol,
    )


def open_unit(name, description, default="1/2", symbol_name=None) -> Param:
    """A probability strictly between 0 and 1; samples in [0.05, 0.95]."""
    symbol = sp.Symbol(symbol_name or name, positive=True)
    return Param(
        name, description, f"$0 < {sp.latex(symbol)} < 1$", lambda v: 0 < v < 1,
        lambda rng: random_decimal(rng, 0.05, 0.95), default, symbol,
    )


def positive_integer(name, description, default="1", lo=1, hi=10) -> Param:
    """An integer >= 1; samples in [lo, hi]."""
    return Param(
        name, description, rf"${symbol_latex(name)}$ is an integer, ${symbol_latex(name)} \ge 1$",
        lambda v: v.is_Integer and v >= 1,
        lambda rng: sp.Integer(rng.randint(lo, hi)), default,
        sp.Symbol(name, positive=True, integer=True),
    )


def _is_distribution(v: tuple, allow_zero: bool) -> bool:
    return len(v) >= 1 and all(x >= 0 if allow_zero else x > 0 for x in v) and sum(v) == 1


def probability_vector(name, description, default="1/2,1/3,1/6", allow_zero=True) -> Param:
    """A list of probabilities summing exactly to 1."""
    sign = r"\ge 0" if allow_zero else "> 0"
    return Param(
        name, description,
        f"${symbol_latex(name)}$ is a list of probabilities ${sign}$ that sum to 1",
        lambda v: _is_distribution(v, allow_zero),
        lambda rng: _random_distribution(rng, 3), default, None, "vector",
    )


def _random_distribution(rng: random.Random, n: int) -> tuple:
    weights = [rng.randint(1, 20) for _ in range(n)]
    return tuple(sp.Rational(w, sum(weights)) for w in weights)


def real_vector(name, description, default="0,0") -> Param:
    """A list of real numbers."""
    return Param(
        name, description, f"${symbol_latex(name)}$ is a list of real numbers",
        lambda v: len(v) >= 1,
        lambda rng: tuple(random_decimal(rng, -1, 1) for _ in range(2)), default,
        None, "vector",
    )


def _is_spd(m: sp.MatrixBase) -> bool:
    if not m.is_square or m != m.T:
        return False
    return all(m[:k, :k].det() > 0 for k in range(1, m.rows + 1))


def spd_matrix(name, description, default="[[1,0],[0,1]]") -> Param:
    """A symmetric positive-definite matrix (Sylvester's criterion, exactly)."""
    return Param(
        name, description,
        f"${symbol_latex(name)}$ is a symmetric positive-definite matrix (non-singular)",
        _is_spd, lambda rng: _random_spd(rng, 2), default, None, "matrix",
    )


def _random_spd(rng: random.Random, n: int) -> sp.Matrix:
    a = sp.Matrix(n, n, lambda i, j: random_decimal(rng, -1, 1))
    return a * a.T + sp.eye(n) / 2

"""Parameters: exact parsing of user text, domains, and random admissible points.

User text is parsed by a small grammar, never by ``eval`` or ``sympify``:
integers, fractions ``3/2``, decimals ``0.35`` (read exactly as 7/20),
scientific ``1e-3``, lists ``1/2,1/3,1/6`` and matrices ``[[2,0.3],[0.3,1]]``.

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
symbolic_info.core.DerivationError: parameter sigma = -1 is outside its domain: sigma > 0
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from .core import DerivationError

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
]

MAX_TEXT = 10_000
MAX_DIGITS = 60
MAX_EXPONENT = 400
MAX_ITEMS = 1000
MAX_MATRIX = 12

_NUMBER = re.compile(r"^([+-]?)(\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?$")


def _parse_number(text: str) -> sp.Rational:
    m = _NUMBER.match(text)
    if not m:
        raise ValueError(f"'{text}' is not a number")
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
        raise ValueError(f"'{text}' has more than one '/'")
    value = _parse_number(parts[0].strip())
    if len(parts) == 2:
        den = _parse_number(parts[1].strip())
        if den == 0:
            raise ValueError(f"'{text}' divides by zero")
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


@dataclass(frozen=True)
class Param:
    """A named parameter: its symbol, domain rule and sampler.

    ``test(value) -> bool`` decides the domain, described by ``rule``;
    ``sample(rng)`` draws an exact admissible value for numeric checks.
    ``symbol`` is ``None`` for list and matrix parameters.
    """

    name: str
    description: str
    rule: str
    test: Callable
    sample: Callable
    default: str
    symbol: sp.Symbol | None = None
    kind: str = "scalar"

    def parse(self, text) -> object:
        """Parse and validate user text (or an exact value) for this parameter."""
        try:
            value = parse_value(text) if isinstance(text, str) else _exact(text)
        except ValueError as exc:
            raise DerivationError(f"parameter {self.name}: {exc}") from None
        return self.validate(value)

    def validate(self, value):
        """Return ``value`` if it lies in the domain, else raise DerivationError."""
        shape_ok = {
            "scalar": isinstance(value, sp.Rational),
            "vector": isinstance(value, tuple),
            "matrix": isinstance(value, sp.MatrixBase),
        }[self.kind]
        if not shape_ok or not self.test(value):
            shown = show_value(value)
            raise DerivationError(
                f"parameter {self.name} = {shown} is outside its domain: {self.rule}"
            )
        return value


def _exact(value):
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (list, tuple)):
            return sp.Matrix([[_exact(v) for v in row] for row in value])
        return tuple(_exact(v) for v in value)
    if isinstance(value, sp.MatrixBase):
        return value
    if isinstance(value, float):
        return parse_value(repr(value))
    if isinstance(value, int) or (isinstance(value, sp.Basic) and value.is_Rational):
        return sp.Rational(value)
    raise ValueError(f"'{value}' is not an exact number")


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


def random_decimal(rng: random.Random, lo: float, hi: float) -> sp.Rational:
    """A random exact decimal with three places in ``[lo, hi]``.

    >>> random_decimal(random.Random(0), 1, 2)  # 1.844
    461/250
    """
    return sp.Rational(round(rng.uniform(lo, hi) * 1000), 1000)


def real(name, description, default="0", symbol_name=None) -> Param:
    """A real parameter (location); samples in [-2, 2]."""
    return Param(
        name, description, f"{name} is a real number", lambda v: True,
        lambda rng: random_decimal(rng, -2, 2), default,
        sp.Symbol(symbol_name or name, real=True),
    )


def positive(name, description, default="1", symbol_name=None, lo=0.3, hi=3.0) -> Param:
    """A strictly positive parameter (scale, rate); samples in [lo, hi]."""
    return Param(
        name, description, f"{name} > 0", lambda v: v > 0,
        lambda rng: random_decimal(rng, lo, hi), default,
        sp.Symbol(symbol_name or name, positive=True),
    )


def open_unit(name, description, default="1/2", symbol_name=None) -> Param:
    """A probability strictly between 0 and 1; samples in [0.05, 0.95]."""
    return Param(
        name, description, f"0 < {name} < 1", lambda v: 0 < v < 1,
        lambda rng: random_decimal(rng, 0.05, 0.95), default,
        sp.Symbol(symbol_name or name, positive=True),
    )


def positive_integer(name, description, default="1", lo=1, hi=10) -> Param:
    """An integer >= 1; samples in [lo, hi]."""
    return Param(
        name, description, f"{name} is an integer >= 1",
        lambda v: v.is_Integer and v >= 1,
        lambda rng: sp.Integer(rng.randint(lo, hi)), default,
        sp.Symbol(name, positive=True, integer=True),
    )


def _is_distribution(v: tuple, allow_zero: bool) -> bool:
    return len(v) >= 1 and all(x >= 0 if allow_zero else x > 0 for x in v) and sum(v) == 1


def probability_vector(name, description, default="1/2,1/3,1/6", allow_zero=True) -> Param:
    """A list of probabilities summing exactly to 1."""
    sign = ">= 0" if allow_zero else "> 0"
    return Param(
        name, description, f"{name} is a list of probabilities {sign} that sum to 1",
        lambda v: _is_distribution(v, allow_zero),
        lambda rng: _random_distribution(rng, 3), default, None, "vector",
    )


def _random_distribution(rng: random.Random, n: int) -> tuple:
    weights = [rng.randint(1, 20) for _ in range(n)]
    return tuple(sp.Rational(w, sum(weights)) for w in weights)


def real_vector(name, description, default="0,0") -> Param:
    """A list of real numbers."""
    return Param(
        name, description, f"{name} is a list of real numbers", lambda v: len(v) >= 1,
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
        f"{name} is a symmetric positive-definite matrix (non-singular)",
        _is_spd, lambda rng: _random_spd(rng, 2), default, None, "matrix",
    )


def _random_spd(rng: random.Random, n: int) -> sp.Matrix:
    a = sp.Matrix(n, n, lambda i, j: random_decimal(rng, -1, 1))
    return a * a.T + sp.eye(n) / 2

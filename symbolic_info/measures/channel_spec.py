"""The channel a user names: ``bsc(eps)``, ``bec(eps)``, ``z(eps)``, ``awgn(P, N)`` or a matrix.

A small parser of its own (no ``eval``, no ``sympify``): a call is one of four
lowercase names with its arguments between parentheses, each argument an exact
number read by :func:`symbolic_info.params.parse_value` (``0.1`` is 1/10); a
matrix is ``[[w11, w12, ...], [w21, ...], ...]`` with at most :data:`MAX_SIDE`
rows and columns, entries >= 0 and every row summing to 1 exactly.  Anything
else is refused with one sentence naming the input.

The channels (Cover & Thomas, *Elements of Information Theory*, 2nd ed.):

- ``bsc(eps)``: binary symmetric, each bit flipped with probability eps (Sec. 7.1.4);
- ``bec(eps)``: binary erasure, each bit erased with probability eps (Sec. 7.1.5);
- ``z(eps)``: the Z channel, input 0 received correctly, input 1 received as 0 with
  probability eps (Problem 7.8); rows ``[1, 0]`` and ``[eps, 1 - eps]``;
- ``awgn(P, N)``: Y = X + Z with Z ~ N(0, N) and E[X^2] <= P (Sec. 9.1);
- a matrix ``W``: row x is the distribution of Y given X = x.

Example
-------
>>> parse_channel("bsc(0.1)")
Channel(kind='bsc', args=(1/10,), rows=((9/10, 1/10), (1/10, 9/10)))
>>> parse_channel("[[1, 0], [1/2, 1/2]]").kind
'matrix'
>>> parse_channel("bsc(1.5)")
Traceback (most recent call last):
...
symbolic_info.core.DerivationError: parameter channel: bsc(eps) needs 0 <= eps <= 1, not 3/2
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from ..core import DerivationError, total_text
from ..params import parse_value, shorten

__all__ = ["Channel", "parse_channel", "channel_rows", "MAX_SIDE", "MAX_SPEC", "CALLS"]

MAX_SIDE = 64
"""Most rows (inputs) and columns (outputs) of a channel matrix."""
MAX_SPEC = 100_000
"""Longest channel text."""
AWGN_RATIO = (sp.Rational(1, 10**20), sp.Integer(10**20))
"""Range of P/N for which the AWGN reference keeps its digits."""
CALLS = {"bsc": 1, "bec": 1, "z": 1, "awgn": 2}
"""The channel calls and their number of arguments."""

_CALL = re.compile(r"^([a-z]+)\s*\((.*)\)$", re.S)


@dataclass(frozen=True)
class Channel:
    """A parsed channel: ``kind`` (a call name or ``"matrix"``), exact ``args``, and
    its transition matrix ``rows`` (``None`` for the AWGN channel)."""

    kind: str
    args: tuple
    rows: tuple | None

    def __str__(self) -> str:
        if self.kind == "matrix":
            return "[" + ",".join("[" + ",".join(str(v) for v in r) + "]"
                                  for r in self.rows) + "]"
        return f"{self.kind}({','.join(str(a) for a in self.args)})"


def channel_rows(kind: str, args: tuple) -> tuple | None:
    """The transition matrix of a named channel (``None`` for ``awgn``).

    >>> channel_rows("z", (sp.Rational(1, 4),))
    ((1, 0), (1/4, 3/4))
    """
    one = sp.Integer(1)
    if kind == "awgn":
        return None
    (e,) = args
    if kind == "bsc":
        return ((one - e, e), (e, one - e))
    if kind == "bec":
        return ((one - e, e, sp.Integer(0)), (sp.Integer(0), e, one - e))
    return ((one, sp.Integer(0)), (e, one - e))


def _fail(message: str):
    raise DerivationError(f"parameter channel: {message}")


def _number(text: str, where: str) -> sp.Rational:
    try:
        value = parse_value(text)
    except ValueError as exc:
        _fail(f"{where}: {exc}")
    if not isinstance(value, sp.Rational):
        _fail(f"{where} must be one number, not '{shorten(text, 30)}'")
    return value


def _call(name: str, inner: str) -> Channel:
    if name not in CALLS:
        _fail(f"unknown channel '{shorten(name, 20)}'; use bsc(eps), bec(eps), z(eps), "
              "awgn(P, N) or a matrix [[..], [..]]")
    parts = [p.strip() for p in inner.split(",")]
    if len(parts) != CALLS[name] or not all(parts):
        shape = "awgn(P, N)" if name == "awgn" else f"{name}(eps)"
        _fail(f"{shape} takes {CALLS[name]} number{'s' if CALLS[name] > 1 else ''}")
    args = tuple(_number(p, f"{name}'s argument") for p in parts)
    if name == "awgn":
        P, N = args
        if not (P > 0 and N > 0):
            _fail(f"awgn(P, N) needs a power P > 0 and a noise variance N > 0, not P = "
                  f"{shorten(P, 30)}, N = {shorten(N, 30)}")
        if not AWGN_RATIO[0] <= P / N <= AWGN_RATIO[1]:
            _fail("awgn(P, N) is verified for 1e-20 <= P/N <= 1e20")
        return Channel(name, args, None)
    (e,) = args
    if not 0 <= e <= 1:
        _fail(f"{name}(eps) needs 0 <= eps <= 1, not {shorten(e, 30)}")
    return Channel(name, args, channel_rows(name, args))


def _matrix(text: str) -> Channel:
    body = text.strip()
    if not (body.startswith("[") and body.endswith("]")):
        _fail("a channel matrix is written [[..], [..]]")
    body = body[1:-1].strip()
    rows = []
    for m in re.finditer(r"\[([^\[\]]*)\]|([^\s,])", body):
        if m.group(2) is not None:
            _fail("a channel matrix is a list of rows [..], separated by commas")
        if len(rows) >= MAX_SIDE:
            _fail(f"a channel matrix has at most {MAX_SIDE} rows")
        cells = [c.strip() for c in m.group(1).split(",")]
        if len(cells) > MAX_SIDE:
            _fail(f"a channel matrix has at most {MAX_SIDE} columns")
        rows.append(tuple(_number(c, f"row {len(rows) + 1}") for c in cells))
    leftover = re.sub(r"\[[^\[\]]*\]", "", body).replace(",", "").strip()
    if leftover or not rows:
        _fail("a channel matrix is a list of rows [..], separated by commas")
    if any(len(r) != len(rows[0]) for r in rows):
        _fail("the rows of the channel matrix have different lengths")
    for i, row in enumerate(rows, start=1):
        for j, w in enumerate(row, start=1):
            if w < 0:
                _fail(f"entry ({i}, {j}) = {shorten(w, 30)} is negative")
        if sum(row) != 1:
            _fail(f"row {i} sums to {total_text(sum(row))}, not 1 (each row is the "
                  "distribution of Y given one input)")
    return Channel("matrix", (), tuple(rows))


def parse_channel(text) -> Channel:
    """Parse a channel specification (see the module docstring); one-line errors."""
    if isinstance(text, Channel):
        return text
    if isinstance(text, (list, tuple)):  # a matrix from Python: through its text form
        text = "[" + ",".join("[" + ",".join(str(v) for v in r) + "]" for r in text) + "]"
    if not isinstance(text, str):
        _fail(f"give a channel as text such as 'bsc(0.1)', not {type(text).__name__}")
    if len(text) > MAX_SPEC:
        _fail(f"the channel text is longer than {MAX_SPEC} characters")
    spec = text.strip()
    if not spec:
        _fail("empty channel; use bsc(eps), bec(eps), z(eps), awgn(P, N) or a matrix")
    if spec.startswith("["):
        return _matrix(spec)
    m = _CALL.match(spec)
    if not m:
        _fail(f"cannot read '{shorten(spec, 40)}'; use bsc(eps), bec(eps), z(eps), "
              "awgn(P, N) or a matrix [[..], [..]]")
    return _call(m.group(1), m.group(2))

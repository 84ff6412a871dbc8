"""Read a joint law of two variables into a :class:`~.model_types.Joint`.

Grammar (``expr`` read by the checker's grammar, in ``x`` and ``y``)::

    joint    := expr "on" region | "mvnormal(" vector "," matrix ")"
    region   := box "^2" | box ("x" | "*") box | chain (("," | "and") chain)*
    chain    := operand ("<" | "<=") operand (("<" | "<=") operand)*

A chain bounds ``x`` and ``y`` by numbers and by each other
(``0 < y < x < 1``; ``0 < x < 1, 0 < y < 1 - x``).  The region is read as
iterated ranges: the outer variable (``x`` unless only ``y`` is bounded by
numbers) between numbers, the inner one between expressions of the outer.

Example
-------
>>> j = parse_joint("2 on 0 < y < x < 1")
>>> j.outer, j.outer_range, j.inner_range
('x', (0, 1), (0, x))
>>> parse_joint("mvnormal([0,0], [[1, rho], [rho, 1]])").cov.det()
1 - rho**2
"""

from __future__ import annotations

import re

import sympy as sp

from ..checker.grammar import ParseError
from .model_types import Joint
from .reader import INFINITIES, SymbolTable
from .scan import find_word_top, spec_body, split_top

__all__ = ["parse_joint", "check_covariance", "MAX_CHAINS"]

MAX_CHAINS = 6
"""Most inequality chains in a region."""

_X, _Y = sp.Symbol("x", real=True), sp.Symbol("y", real=True)
_BOX = re.compile(r"^(\[.*?[\])]|\(.*?[\])])\s*(?:\^\s*2|(?:x|\*|\u00d7)\s*(\[.*[\])]|\(.*[\])]))$",
                  re.S)
_MV = re.compile(r"^mvnormal\s*\((.*)\)$", re.S)


def _value(text: str, table: SymbolTable, names: dict) -> sp.Expr:
    t = text.strip().replace(" ", "")
    if t in INFINITIES:
        return INFINITIES[t]
    return table.parse(text, names)


def _box(text: str, table: SymbolTable) -> tuple:
    body = text.strip()
    ends = split_top(body[1:-1], ",")
    if len(ends) != 2 or not all(ends):
        raise ParseError(f"the range '{body}' needs two ends: [a, b]")
    lo, hi = (_value(e, table, {}) for e in ends)
    if lo.is_number and hi.is_number and not bool(lo < hi):
        raise ParseError(f"the range '{body}' is empty")
    return lo, hi


def _chains(text: str) -> list:
    pieces = []
    for part in split_top(text, ","):
        pieces.extend(p.strip() for p in re.split(r"\band\b", part) if p.strip())
    if not pieces or len(pieces) > MAX_CHAINS:
        raise ParseError(f"a region is 1 to {MAX_CHAINS} inequalities such as 0 < y < x < 1")
    return pieces


def _operands(chain: str) -> list:
    if ">" in chain:
        flipped = chain.replace(">=", "\0").replace(">", "<").replace("\0", "<=")
        if "<" in chain:
            raise ParseError(f"'{chain}': write an inequality in one direction (a < x < b)")
        ops = re.split(r"<=?", flipped)[::-1]
    else:
        ops = re.split(r"<=?", chain)
    if len(ops) < 2 or not all(o.strip() for o in ops):
        raise ParseError(f"'{chain}' is not an inequality such as 0 < x < 1")
    return [o.strip() for o in ops]


def _region(text: str, table: SymbolTable) -> tuple:
    names = {"x": _X, "y": _Y}
    near = {"x": ([], []), "y": ([], [])}  # immediate lower / upper bounds
    far = {"x": ([], []), "y": ([], [])}  # nearest numeric bounds along the chain
    for chain in _chains(text):
        ops = [_value(o, table, names) for o in _operands(chain)]
        for i, op in enumerate(ops):
            if op not in (_X, _Y):
                if op.has(_X) and op.has(_Y):
                    raise ParseError(f"'{chain}': a bound may use x or y, not both")
                continue
            v = op.name
            if i > 0:
                near[v][0].append(ops[i - 1])
            if i + 1 < len(ops):
                near[v][1].append(ops[i + 1])
            left = [o for o in ops[:i] if not o.has(_X, _Y)]
            right = [o for o in ops[i + 1:] if not o.has(_X, _Y)]
            if left:
                far[v][0].append(left[-1])
            if right:
                far[v][1].append(right[0])
    if not near["x"][0] + near["x"][1] or not near["y"][0] + near["y"][1]:
        raise ParseError("the region must bound both x and y, such as 0 < y < x < 1")
    outer = "x"
    if any(b.has(_Y) for b in near["x"][0] + near["x"][1]) and \
            not any(b.has(_X) for b in near["y"][0] + near["y"][1]):
        outer = "y"
    inner = "y" if outer == "x" else "x"
    isym = names[inner]
    lo_o = [b for b in near[outer][0] if not b.has(isym)] or far[outer][0]
    hi_o = [b for b in near[outer][1] if not b.has(isym)] or far[outer][1]
    outer_range = (sp.Max(*lo_o) if lo_o else -sp.oo, sp.Min(*hi_o) if hi_o else sp.oo)
    if any(b.has(isym) for b in near[inner][0] + near[inner][1]):
        raise ParseError(f"'{text.strip()}': a bound of {inner} may not use {inner}")
    lo_i, hi_i = near[inner]
    inner_range = (sp.Max(*lo_i) if lo_i else -sp.oo, sp.Min(*hi_i) if hi_i else sp.oo)
    return outer, outer_range, inner_range


def _final_symbols(outer: str, outer_range: tuple, inner_range: tuple) -> dict:
    """x, y as positive symbols where their range starts at a number >= 0."""
    out = {}
    lo_o = sp.sympify(outer_range[0])
    out[outer] = sp.Symbol(outer, positive=True) if lo_o.is_number and bool(lo_o >= 0) \
        else sp.Symbol(outer, real=True)
    lo_i = sp.sympify(inner_range[0])
    inner = "y" if outer == "x" else "x"
    nonneg_inner = (lo_i.is_number and bool(lo_i >= 0)) or (
        lo_i == {"x": _X, "y": _Y}[outer] and out[outer].is_positive)
    out[inner] = sp.Symbol(inner, positive=True) if nonneg_inner else sp.Symbol(inner, real=True)
    return out


def check_covariance(cov: sp.Matrix, where: str = "the covariance") -> None:
    """Raise ``ParseError`` unless the 2x2 ``cov`` is symmetric and (where decided) positive
    definite (Sylvester's criterion: ``c11 > 0`` and ``det > 0``)."""
    if sp.simplify(cov[0, 1] - cov[1, 0]) != 0:
        raise ParseError(f"{where} {cov.tolist()} is not symmetric")
    for minor, name in ((cov[0, 0], "its first entry"), (sp.factor(cov.det()), "its determinant")):
        positive = minor.is_positive if minor.free_symbols else bool(minor > 0)
        if positive is False:
            raise ParseError(f"{where} {cov.tolist()} is not positive definite: {name} is "
                             f"{minor}, not > 0")


def _mvnormal(inner: str, table: SymbolTable, text: str) -> Joint:
    parts = split_top(inner, ",")
    if len(parts) != 2:
        raise ParseError("mvnormal takes a mean and a covariance: "
                         "mvnormal([0, 0], [[1, rho], [rho, 1]])")
    parts = [re.sub(r"^\s*(mean|mu|cov|Sigma)\s*=", "", p) for p in parts]
    mean_text, cov_text = (p.strip() for p in parts)
    if not (mean_text.startswith("[") and mean_text.endswith("]")):
        raise ParseError("the mean of mvnormal is a list such as [0, 0]")
    mean = tuple(table.parse(m) for m in split_top(mean_text[1:-1], ","))
    rows = split_top(cov_text[1:-1], ",") if cov_text.startswith("[") else []
    if len(mean) != 2 or len(rows) != 2 or not all(r.startswith("[") for r in rows):
        raise ParseError("a joint of two variables needs a mean of 2 entries and a 2x2 "
                         "covariance [[a, b], [b, c]]")
    cells = [split_top(r.strip()[1:-1], ",") for r in rows]
    if any(len(c) != 2 for c in cells):
        raise ParseError("the covariance must be 2x2: [[a, b], [b, c]]")
    cov = sp.Matrix([[table.parse(c) for c in row] for row in cells])
    check_covariance(cov)
    dx, dy = _X - mean[0], _Y - mean[1]
    det = cov[0, 0] * cov[1, 1] - cov[0, 1] ** 2
    quad = cov[1, 1] * dx**2 - 2 * cov[0, 1] * dx * dy + cov[0, 0] * dy**2
    density = sp.exp(-quad / (2 * det)) / (2 * sp.pi * sp.sqrt(det))
    return Joint("mvnormal", density, _X, _Y, mean=mean, cov=cov, text=text)


def parse_joint(text: str, table: SymbolTable | None = None) -> Joint:
    """Read a joint density on a region or a bivariate normal; one-line ``ParseError``."""
    body = spec_body(text, "joint distribution", "x + y on [0,1]^2")
    table = table if table is not None else SymbolTable()
    try:
        m = _MV.match(body)
        if m:
            return _mvnormal(m.group(1), table, body)
        at = find_word_top(body, "on")
        if at < 0:
            raise ParseError("write a joint as 'density on region' ('x + y on [0,1]^2', "
                             "'2 on 0 < y < x < 1') or mvnormal([0,0], [[1, rho], [rho, 1]])")
        density_text, region = body[:at], body[at + 2:].strip()
        if not density_text.strip():
            raise ParseError("a density is missing before 'on'")
        box = _BOX.match(region)
        if box:
            xr = _box(box.group(1), table)
            yr = _box(box.group(2), table) if box.group(2) else xr
            outer, outer_range, inner_range = "x", xr, yr
        else:
            outer, outer_range, inner_range = _region(region, table)
        syms = _final_symbols(outer, outer_range, inner_range)
        swap = {_X: syms["x"], _Y: syms["y"]}
        density = table.parse(density_text, syms)
        return Joint("density", density, syms["x"], syms["y"], outer,
                     tuple(sp.sympify(e).xreplace(swap) for e in outer_range),
                     tuple(sp.sympify(e).xreplace(swap) for e in inner_range), text=body)
    except TypeError as exc:
        raise ParseError(f"a number in the joint is not a real number ({exc})") from None

"""Long equations broken into aligned lines that fit a page or a projector.

A displayed equation ``a = b = c`` whose estimated width exceeds a budget is
written as an ``aligned`` block: each side on its own row (``&= b``), and a side
that is itself too wide split between its top-level terms (``&\\quad + t``), the
way a textbook sets a long derivation.  Widths are estimated from the LaTeX text
in ems (:func:`tex_width`); the browser test measures the real widths.

Example
-------
>>> import sympy as sp
>>> x = sp.symbols("alpha beta gamma delta epsilon zeta eta theta iota kappa")
>>> tex = equation_latex(["h", sp.Add(*x)], budget=8)
>>> tex.startswith("\\\\begin{aligned}") and tex.count("\\\\quad") > 1
True
>>> equation_latex(["h", sp.Integer(1)])
'h = 1'
"""

from __future__ import annotations

import re

import sympy as sp

from .render_latex import TextbookPrinter, display_form

__all__ = ["tex_width", "side_terms", "equation_latex", "APP_BUDGET"]

APP_BUDGET = 24.0
"""Estimated width (:func:`tex_width` units) that fits the app's main column at 1024x768:
the column is 564 px there, and one unit measured 15-25 px in Chromium's KaTeX."""

_FENCE = re.compile(r"\\(left|right)(?![A-Za-z])")
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[{}^_]|\s+|.")
_ZERO = {r"\left", r"\right", r"\big", r"\Big", r"\bigl", r"\bigr", r"\displaystyle",
         r"\limits", r"\nolimits", r"\mathbb", r"\mathrm", r"\mathbf", r"\boldsymbol",
         r"\operatorname", r"\quad", r"\qquad"}
_WIDE = {r"\sum": 1.4, r"\int": 0.9, r"\prod": 1.4, r"\ln": 1.1, r"\log": 1.5, r"\exp": 1.6,
         r"\quad": 1.0, r"\qquad": 2.0, r"\cdot": 0.8, r"\ldots": 1.2, r"\cdots": 1.2,
         r"\infty": 1.0, r"\to": 1.3, r"\approx": 1.3, r"\le": 1.3, r"\ge": 1.3, r"\,": 0.2,
         r"\;": 0.3, r"\ ": 0.3}


def _group(tokens: list, i: int) -> tuple:
    """``(tokens of the group or single token at i, next index)``."""
    while i < len(tokens) and tokens[i].isspace():
        i += 1
    if i >= len(tokens):
        return [], i
    if tokens[i] != "{":
        return [tokens[i]], i + 1
    depth, j = 0, i
    while j < len(tokens):
        depth += (tokens[j] == "{") - (tokens[j] == "}")
        if depth == 0:
            return tokens[i + 1:j], j + 1
        j += 1
    return tokens[i + 1:], len(tokens)


def _width(tokens: list) -> float:
    w, i = 0.0, 0
    while i < len(tokens):
        t = tokens[i]
        i += 1
        if t.isspace() or t in "{}":
            continue
        if t == r"\frac" or t == r"\dfrac" or t == r"\tfrac":
            a, i = _group(tokens, i)
            b, i = _group(tokens, i)
            w += max(_width(a), _width(b)) * (0.75 if t != r"\dfrac" else 1.0) + 0.3
        elif t in ("^", "_"):
            a, i = _group(tokens, i)
            w += 0.7 * _width(a)
        elif t == r"\sqrt":
            a, i = _group(tokens, i)
            w += _width(a) + 0.9
        elif t == r"\text":
            a, i = _group(tokens, i)
            w += 0.5 * len("".join(a))
        elif t in _ZERO:
            if t in (r"\left", r"\right", r"\big", r"\bigl", r"\bigr", r"\Big"):
                i += 1  # the delimiter after it
                w += 0.4
        elif t.startswith("\\") and len(t) > 2:
            w += _WIDE.get(t, 0.65)
        elif t in "+-=<>":
            w += 1.2
        elif t in "(),.[]|;:!'":
            w += 0.35
        else:
            w += 0.55
    return w


def tex_width(tex: str) -> float:
    """Estimated rendered width of a LaTeX formula, in ems (fractions at text size).

    >>> tex_width("x") < tex_width("x + y") < tex_width(r"\\frac{x + y}{2} + z + w")
    True
    """
    return _width(_TOKEN.findall(tex))


def side_terms(side) -> list:
    """One side of an equation as printed terms: ``[first, "+ t2", "- t3", ...]``.

    A string is one term; a SymPy sum is split at its top-level signs, in the order the
    textbook printer writes them (positive terms first, indexed terms as one sigma).

    >>> side_terms(sp.Symbol("x") - 1)
    ['x', '- 1']
    """
    if isinstance(side, str):
        return [side]
    printer = TextbookPrinter()
    expr = display_form(side)
    if isinstance(expr, sp.Derivative) and isinstance(expr.expr, sp.Add):
        inner = side_terms(expr.expr)  # d/dp (a + b + ...) split inside its big brackets
        head = _derivative_operator(expr, printer)
        if len(inner) == 1:
            return [rf"{head} \Big({inner[0]}\Big)"]
        return [rf"{head} \Big({inner[0]}", *inner[1:-1], rf"{inner[-1]}\Big)"]
    if not isinstance(expr, sp.Add):
        return [printer.doprint(expr)]
    tex = printer.doprint(expr)
    pieces, depth, start = [], 0, 0
    i = 0
    while i < len(tex):  # split the printed sum at its top-level " + " and " - "
        ch = tex[i]
        fence = _FENCE.match(tex, i)
        if ch == "{" or (fence and fence.group(1) == "left"):
            depth += 1
        elif ch == "}" or (fence and fence.group(1) == "right"):
            depth -= 1
        elif depth == 0 and i > start and tex[i:i + 3] in (" + ", " - "):
            pieces.append(tex[start:i].strip())
            start = i + 1
        i += 1
    pieces.append(tex[start:].strip())
    return [p for p in pieces if p]


def _pack(lead: str, side: list, budget: float) -> list:
    """Rows of ``aligned``: ``lead`` and the side's terms, continued with ``&\\quad``."""
    rows, current = [], lead
    used = tex_width(lead.replace("&", ""))
    for j, term in enumerate(side):
        w = tex_width(term)
        if j > 0 and used + w > budget:
            rows.append(current)
            current, used = r"&\quad " + term, tex_width(r"\quad " + term)
        else:
            current += ("" if j == 0 else " ") + term
            used += w
    rows.append(current)
    return rows


def _derivative_operator(expr: sp.Derivative, printer) -> str:
    """``\\frac{\\partial^{n}}{\\partial x^{k} ...}`` of a derivative, without its argument."""
    counts = list(expr.variable_count)
    n = sum(int(k) for _, k in counts)
    top = r"\partial" if n == 1 else rf"\partial^{{{n}}}"
    bottom = "".join(rf"\partial {printer.doprint(v)}" + (f"^{{{k}}}" if k != 1 else "")
                     for v, k in reversed(counts))
    return rf"\frac{{{top}}}{{{bottom}}}"


def equation_latex(sides: list, budget: float = APP_BUDGET) -> str:
    """``sides[0] = sides[1] = ...`` on one line, or aligned rows that fit ``budget`` ems.

    Each side is a LaTeX string (kept whole) or a SymPy expression (split between its
    terms when too wide).
    """
    terms = [side_terms(s) for s in sides]
    whole = [" ".join(t) for t in terms]
    line = " = ".join(whole) if whole[0] else "= " + " = ".join(whole[1:])
    if tex_width(line) <= budget:
        return line
    rows = []
    if tex_width(whole[0]) > budget:  # a long left side stands on rows of its own
        rows += _pack("&", terms[0], budget)
        whole[0] = ""
    for k, side in enumerate(terms[1:], 1):
        lead = f"{whole[0]} &= " if k == 1 and whole[0] else "&= "
        rows += _pack(lead, side, budget)
    return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"

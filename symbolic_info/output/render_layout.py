"""Long equations broken into aligned lines that fit a page or a projector.

A displayed equation ``a = b = c`` whose estimated width exceeds a budget is
written as an ``aligned`` block, the way a textbook sets a long derivation: each
side on its own row (``&= b``), and a side too wide for a row cut into
continuation rows (``&\\quad + t``) between terms, between factors or inside
brackets (:mod:`symbolic_info.output.render_breaks`).  A left side that would push every
row too far right stands on a row of its own.  Widths are estimated from the LaTeX
in ems (:func:`~symbolic_info.output.render_width.tex_width`); the browser test measures
the real widths.

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

from .render_breaks import Run, box_of, read, rows
from .render_latex import TextbookPrinter
from .render_width import tex_width

__all__ = ["tex_width", "side_terms", "equation_latex", "aligned_rows", "aligned_width",
           "APP_BUDGET", "APP_COLUMN_PX", "KATEX_EM_PX", "LEFT_SHARE"]

APP_COLUMN_PX = 564
"""Width of the app's main column at a 1024x768 window (Streamlit's wide layout, sidebar
open), the narrowest the app is made for; 940 px at 1400x900."""
KATEX_EM_PX = 19.36
"""One em of ``st.latex``: KaTeX sets formulas at 1.21 times Streamlit's 16 px."""
APP_BUDGET = round(0.92 * APP_COLUMN_PX / KATEX_EM_PX, 1)
"""Estimated width (ems) a row may take in the app: the 1024x768 column, less 8 % for the
estimate's error (within 5 % of Chromium's widths over every entry's formulas)."""
LEFT_SHARE = 0.4
"""A left side wider than this share of the budget stands on a row of its own, so that
the rows after it keep most of the width."""

_EQ = "{} = {}"
_QUAD = r"{}\quad {}"


def side_terms(side) -> list:
    """One side of an equation as printed terms: ``[first, "+ t2", "- t3", ...]``.

    A string is one term; a SymPy sum is split at its top-level signs, in the order the
    textbook printer writes them (positive terms first, indexed terms as one sigma).

    >>> import sympy as sp
    >>> side_terms(sp.Symbol("x") - 1)
    ['x', '- 1']
    """
    box = read(box_of(side))
    if not isinstance(box, Run):
        return [box.flat]
    return [f"{mark} {item.flat}" if mark else item.flat for mark, item in box.items]


def _extra(lead: str) -> float:
    """The width ``lead`` adds in front of a row."""
    return tex_width(lead + "x") - tex_width("x")


def equation_latex(sides: list, budget: float = APP_BUDGET) -> str:
    """``sides[0] = sides[1] = ...`` on one line, or aligned rows that fit ``budget`` ems.

    Each side is a LaTeX string (kept whole, except that a long run of digits wraps) or a
    SymPy expression (cut between terms, factors or inside brackets when too wide).  An
    empty first side gives ``= b`` (a step continuing the previous one).
    """
    printer = TextbookPrinter()
    boxes = [box_of(s, printer) for s in sides]
    flats = [b.flat for b in boxes]
    line = " = ".join(flats) if flats[0] else "= " + " = ".join(flats[1:])
    if tex_width(line) <= budget:
        return line
    out = []
    head = flats[0]
    left = tex_width(head) if head else 0.0
    if head and left > LEFT_SHARE * budget:  # a long left side stands on rows of its own
        cut = rows(boxes[0], budget, budget - _extra(r"\quad "))
        out += ["&" + cut[0], *[r"&\quad " + r for r in cut[1:]]]
        head, left = "", 0.0
    for k, box in enumerate(boxes[1:], 1):
        lead = f"{head} &= " if k == 1 and head else "&= "
        first = budget - left - _extra(_EQ)
        rest = budget - left - _extra(_QUAD)
        cut = rows(box, first, rest)
        out += [lead + cut[0], *[r"&\quad " + r for r in cut[1:]]]
    return "\\begin{aligned}\n" + " \\\\\n".join(out) + "\n\\end{aligned}"


def aligned_rows(tex: str) -> list:
    """The rows of an ``aligned`` block as ``(left, right)`` cells (one formula: one row).

    >>> aligned_rows("\\\\begin{aligned}\\na &= b \\\\\\\\\\n&\\\\quad + c\\n\\\\end{aligned}")
    [('a ', '= b'), ('', '\\\\quad + c')]
    """
    begin, end = "\\begin{aligned}\n", "\n\\end{aligned}"
    if not (tex.startswith(begin) and tex.endswith(end)):
        return [("", tex)]
    body = tex[len(begin):-len(end)]
    return [tuple(r.split("&", 1)) if "&" in r else (r, "") for r in body.split(" \\\\\n")]


def aligned_width(tex: str) -> float:
    """Estimated width of a formula from :func:`equation_latex`: an ``aligned`` block is as
    wide as its widest left cell plus its widest right cell."""
    cells = aligned_rows(tex)
    if len(cells) == 1 and not cells[0][0]:
        return tex_width(tex)
    return max(tex_width(a) for a, _ in cells) + max(tex_width("{}" + b) for _, b in cells)

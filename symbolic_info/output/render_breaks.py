"""A SymPy expression cut into rows no wider than a budget, where a textbook breaks it.

:func:`box_of` reads an expression as the textbook printer
(:class:`~symbolic_info.output.render_latex.TextbookPrinter`) writes it, as nested boxes that
know where they may break:

- a sum (:class:`Run`) between its terms, the sign starting the next row (``+ c``);
- a product (:class:`Product`) between its factors, the next row starting with
  ``\\times``; a fraction too wide for a row is written as a product of narrower
  fractions, ``\\frac{a}{b} \\times \\frac{1}{c}`` (equal to ``\\frac{a}{bc}``), and a
  fraction with a long sum above a short denominator as ``\\frac{1}{k} \\left(a + b\\right)``;
- brackets (:class:`Fence`): inside the brackets of a logarithm, an expectation, a
  derivative, a power, a sum's summand, an ``\\exp``, an evaluation bar or a negated
  sum.  A bracket that spans rows closes each row with ``\\right.`` and reopens the next
  with ``\\left.``; a :func:`strut` as tall as the whole content keeps every row's bracket
  the size it has on one line.

:func:`rows` fills rows greedily (the first row after a lead of a given width, later
rows after an indent), breaking a piece only when it cannot fit a row of its own.
Widths are :func:`~symbolic_info.output.render_width.tex_width` estimates in ems.  Only the
printing changes: each row is part of the same expression.  A single symbol or
number wider than the budget cannot be cut; a long run of digits is written over
several rows (:func:`wrap_digits`).

Example
-------
>>> import sympy as sp
>>> x = sp.symbols("alpha beta gamma delta epsilon zeta eta theta", positive=True)
>>> parts = rows(box_of(sp.Add(*[sp.log(v) for v in x])), first=12, rest=12)
>>> len(parts) > 2 and all(tex_width(r) <= 12 for r in parts)
True
>>> rows(box_of(x[0] + 1), first=12, rest=12)
['\\\\alpha + 1']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sympy as sp

from ..symbolic.sums import DiscreteSum
from .render_latex import TextbookPrinter, display_form, latex
from .render_width import tex_size, tex_width

__all__ = ["Piece", "Leaf", "Run", "Product", "Fence", "box_of", "read", "rows", "row_width",
           "wrap_digits", "strut",
           "CONTINUE_PRODUCT", "MIN_DIGITS_PER_ROW", "MAX_DEPTH"]

CONTINUE_PRODUCT = r"\times"
"""What a row continuing a product starts with."""
MIN_DIGITS_PER_ROW = 8
"""A long number is never cut into rows of fewer digits than this."""
MAX_DEPTH = 12
"""Brackets nested deeper than this are not cut inside (bounds the work on hostile input)."""

_DIGITS = re.compile(rf"\d{{{2 * MIN_DIGITS_PER_ROW},}}")


@dataclass(frozen=True)
class Piece:
    """An expression as it reads on one line where it stands (``flat``), read into the
    boxes below only when it has to be cut.  ``expr`` is a SymPy expression, boxes
    already read, or None (text kept whole)."""

    flat: str
    expr: object = None
    printer: TextbookPrinter | None = field(default=None, compare=False)
    shown: bool = True  # False: display_form is still to be applied before reading


@dataclass(frozen=True)
class Leaf:
    """A piece that is never cut (a symbol, a number, a function of short arguments)."""

    flat: str


@dataclass(frozen=True)
class Run:
    """A sum: ``items`` are ``(sign, piece)``, sign ``""`` (first term), ``"+"`` or ``"-"``."""

    flat: str
    items: tuple


@dataclass(frozen=True)
class Product:
    """A product of ``factors`` (SymPy expressions, the denominator's as ``f**-1``),
    regrouped into fractions that fit when it is cut."""

    flat: str
    factors: tuple
    printer: TextbookPrinter = field(compare=False)


@dataclass(frozen=True)
class Fence:
    """``head \\left<left> inner \\right<right> tail``; ``left`` None: no brackets."""

    flat: str
    head: str
    left: str | None
    inner: Piece
    right: str | None
    tail: str = ""


# reading an expression ----------------------------------------------------------------
def box_of(expr, printer: TextbookPrinter | None = None, flat: str | None = None) -> Piece:
    """``expr`` (a SymPy expression, or a LaTeX string kept whole) as a :class:`Piece`.

    ``flat`` is how the expression reads on one line where it stands (its parent may
    have bracketed it); by default its textbook LaTeX
    (:func:`~symbolic_info.output.render_latex.latex`, remembered).
    """
    if isinstance(expr, str):
        return Piece(expr)
    if flat is None:
        return Piece(latex(expr), expr, printer or TextbookPrinter(), shown=False)
    return Piece(flat, expr, printer or TextbookPrinter())


def _piece(expr, printer, flat=None) -> Piece:
    return Piece(printer._print(expr) if flat is None else flat, expr, printer)


def read(piece: Piece):
    """The boxes of a piece: :class:`Run`, :class:`Product`, :class:`Fence` or :class:`Leaf`."""
    if piece.expr is None:
        return Leaf(piece.flat)
    if isinstance(piece.expr, (Run, Product, Fence, Leaf)):
        return piece.expr
    expr = piece.expr if piece.shown else display_form(piece.expr)
    for kind, reader in _READERS:
        if isinstance(expr, kind):
            box = reader(expr, piece.printer, piece.flat)
            if box is not None:
                return box
    return Leaf(piece.flat)


def _bracketed(expr, printer, flat=None) -> Fence:
    """A sum (or any expression) between parentheses."""
    inner = _piece(expr, printer)
    return Fence(flat or rf"\left({inner.flat}\right)", "", "(", inner, ")")


def _add(expr, printer, flat):
    items = []
    for i, (sign, body, term) in enumerate(printer.add_terms(expr)):
        mark = ("-" if sign < 0 else "") if i == 0 else ("-" if sign < 0 else "+")
        if isinstance(term, tuple):
            _, template, lo, hi = term
            inner = -template if sign < 0 else template
            bracket = isinstance(inner, sp.Add)
            box = Fence(body, rf"\sum_{{i={lo}}}^{{{hi}}}", "(" if bracket else None,
                        _piece(inner, printer), ")" if bracket else None)
            items.append((mark, Piece(body, box, printer)))
        elif body.startswith(r"\left(") and isinstance(term, sp.Add):
            items.append((mark, Piece(body, _bracketed(term, printer, body), printer)))
        else:
            items.append((mark, _piece(term, printer, body)))
    return Run(flat, tuple(items))


def _mul(expr, printer, flat):
    args = expr.args
    if args[0] == -1 and len(args) == 2:  # an unevaluated -(a + b)
        inner = args[1]
    elif expr.could_extract_minus_sign():
        inner = -expr
    else:
        inner = None
    if inner is not None:
        if isinstance(inner, sp.Add):
            return Fence(flat, "- ", "(", _piece(inner, printer), ")")
        return Fence(flat, "- ", None, _piece(inner, printer), None)
    num, den = sp.fraction(expr, exact=True)
    if den != 1 and isinstance(num, sp.Add):
        return Fence(flat, rf"\frac{{1}}{{{printer._print(den)}}}", "(", _piece(num, printer),
                     ")")
    factors = [f for f in num.as_ordered_factors() if f != 1]
    if den != 1:
        factors += [sp.Pow(f, -1) for f in den.as_ordered_factors() if f != 1]
    if len(factors) < 2:
        return None
    return Product(flat, tuple(factors), printer)


def _exp(expr, printer, flat):
    return Fence(flat, r"\exp", "(", _piece(expr.args[0], printer), ")")


def _sum(expr, printer, flat):
    if len(expr.limits) != 1 or len(expr.limits[0]) != 3:
        return None
    (k, lo, hi), = expr.limits
    f = expr.function
    head = rf"\sum_{{{printer._print(k)}={printer._print(lo)}}}^{{{printer._print(hi)}}}"
    if not flat.startswith(head) or flat[len(head):].lstrip().startswith(r"\left("):
        return None  # a bracketed summand is read as an applied function
    return Fence(flat, head, None, _piece(f, printer), None)


def _integral(expr, printer, flat):
    if len(expr.limits) != 1 or len(expr.limits[0]) != 3:
        return None
    x, lo, hi = expr.limits[0]
    head = rf"\int\limits_{{{printer._print(lo)}}}^{{{printer._print(hi)}}}"
    tail = rf"\, d{printer._print(x)}"
    if not (flat.startswith(head) and flat.endswith(tail)) or \
            flat[len(head):].lstrip().startswith(r"\left("):
        return None
    return Fence(flat, head, None, _piece(expr.function, printer), None, tail)


_PAIRS = (("(", ")"), ("[", "]"), (".", "|"))


def _applied(expr, printer, flat):
    r"""Anything printed as ``head \left( argument \right) tail`` (a function, an
    expectation, a derivative, an evaluation bar, a bracketed power or summand): the
    brackets around the one argument whose LaTeX appears there once."""
    for arg in expr.args:
        if not isinstance(arg, sp.Basic) or arg.is_Atom:
            continue
        tex = printer._print(arg)
        for left, right in _PAIRS:
            for gap in ("", " "):
                piece = rf"\left{left}" + (" " if left == "." else "") + tex + gap + \
                    rf"\right{right}"
                if flat.count(piece) != 1:
                    continue
                head, tail = flat.split(piece)
                if head.endswith("{") and tail.startswith("}"):  # \ln{\left(x \right)}
                    head, tail = head[:-1], tail[1:]
                if _balanced(head) and _balanced(tail):
                    return Fence(flat, head, left, _piece(arg, printer, tex), right, tail)
    return None


def _balanced(tex: str) -> bool:
    """True when ``tex`` opens and closes as many groups and fences as it has."""
    plain = tex.replace(r"\{", "").replace(r"\}", "")
    depth = 0
    for ch in plain:
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return False
    return depth == 0 and len(re.findall(r"\\left(?![A-Za-z])", tex)) == \
        len(re.findall(r"\\right(?![A-Za-z])", tex))


_READERS = (
    (sp.Add, _add), (sp.Mul, _mul), (sp.exp, _exp), ((sp.Sum, DiscreteSum), _sum),
    (sp.Integral, _integral), (sp.Basic, _applied),
)


# filling rows -------------------------------------------------------------------------
def rows(piece: Piece, first: float, rest: float, depth: int = 0) -> list:
    """``piece`` as LaTeX rows: the first at most ``first`` ems wide, the others ``rest``.

    One row when it fits (the printer's own LaTeX); otherwise cut where its boxes allow
    (:func:`read`).  A row may still be too wide when a single symbol is.  ``depth``
    counts the boxes this one sits in (:data:`MAX_DEPTH`).
    """
    if row_width(piece.flat) <= first:
        return [piece.flat]
    if _DIGITS.search(piece.flat):  # a long number written over rows may be all it takes
        wrapped = wrap_digits(piece.flat, first)[0]
        if row_width(wrapped) <= first:
            return [wrapped]
    box = read(piece) if depth < MAX_DEPTH else Leaf(piece.flat)
    if isinstance(box, Run):
        return _run_rows(box, first, rest, depth + 1)
    if isinstance(box, Product):
        return _product_rows(box, first, rest, depth + 1)
    if isinstance(box, Fence):
        return _fence_rows(box, first, rest, depth + 1)
    return wrap_digits(box.flat, first)


def _run_rows(box: Run, first: float, rest: float, depth: int) -> list:
    out, current, avail = [], "", first
    for mark, item in box.items:
        piece = f"{mark} {item.flat}" if mark else item.flat
        joined = f"{current} {piece}" if current else piece
        if row_width(joined) <= avail:
            current = joined
            continue
        if current:  # the term starts a row of its own
            out.append(current)
            current, avail = "", rest
            if row_width(piece) <= avail:
                current = piece
                continue
        head = f"{mark} " if mark else ""
        cut = rows(item, avail - _extra(head), rest, depth)
        cut[0] = head + cut[0]
        out += cut[:-1]
        current, avail = cut[-1], rest
    out.append(current)
    return out


def _group_tex(factors: tuple, printer) -> str:
    if len(factors) == 1 and isinstance(factors[0], sp.Add):
        return rf"\left({printer._print(factors[0])}\right)"
    return printer._print(sp.Mul(*factors))


def _product_rows(box: Product, first: float, rest: float, depth: int) -> list:
    out, i, avail, lead = [], 0, first, ""
    factors = box.factors
    while i < len(factors):
        j = i
        while j < len(factors) and \
                row_width(lead + _group_tex(factors[i:j + 1], box.printer)) <= avail:
            j += 1  # the longest run of factors from i whose fraction fits
        if j > i:
            out.append(lead + _group_tex(factors[i:j], box.printer))
            i = j
        else:  # one factor wider than a row: cut inside it
            factor = factors[i]
            if isinstance(factor, sp.Add):
                fence = _bracketed(factor, box.printer)
                inner = Piece(fence.flat, fence, box.printer)
            else:
                inner = _piece(factor, box.printer)
            cut = rows(inner, avail - _extra(lead), rest, depth)
            out += [lead + cut[0], *cut[1:]]
            i += 1
        lead, avail = CONTINUE_PRODUCT + " ", rest
    return out


def _fence_rows(box: Fence, first: float, rest: float, depth: int) -> list:
    if box.left is None:
        opening, closing = box.head.rstrip() + " ", box.tail
        shut = reopen = phantom = ""
    else:
        opening = rf"{box.head}\left{box.left} "
        closing = rf" \right{box.right}{box.tail}"
        shut, reopen = r" \right.", r"\left. {}"  # {}: a leading sign stays binary
        phantom = strut(box.inner.flat)

    def around(before: str, after: str) -> float:  # what a row's brackets add to it
        return tex_width(before + "x" + phantom + after) - tex_width("x")

    inner_first = first - max(around(opening, shut), around(opening, closing))
    inner_rest = rest - max(around(reopen, shut), around(reopen, closing))
    for _ in range(2):  # brackets nested in a row add spaces the estimate above leaves out
        inner = rows(box.inner, inner_first, inner_rest, depth)
        if len(inner) == 1:
            return [box.flat]
        shown = phantom
        if shown and all(_fenced_height(r) >= _fenced_height(box.inner.flat) for r in inner):
            shown = ""  # every row's brackets are as tall as the whole group's already
        out = [opening + inner[0] + shown + shut,
               *[reopen + r + shown + shut for r in inner[1:-1]],
               reopen + inner[-1] + shown + closing]
        over_first = row_width(out[0]) - first
        over_rest = max(row_width(r) for r in out[1:]) - rest
        if over_first <= 0 and over_rest <= 0:
            break
        inner_first -= max(over_first, 0.0) + 0.05
        inner_rest -= max(over_rest, 0.0) + 0.05
    return out


def strut(tex: str) -> str:
    """A rule of no width as tall and as deep as ``tex`` (estimated): beside each row of a
    broken group it makes KaTeX size the row's brackets as for the whole group.  (A
    ``\\vphantom`` of the group would do the same but KaTeX lets its hidden content
    widen the display, which then scrolls sideways.)

    >>> strut(r"\\frac{a}{b}")
    '\\\\rule[-0.686em]{0em}{1.794em}'
    """
    size = tex_size(tex)
    depth = max(size.depth, 0.0)
    return rf"\rule[{-depth:.3f}em]{{0em}}{{{size.height + depth:.3f}em}}"


def _fenced_height(tex: str) -> float:
    size = tex_size(rf"\left( {tex} \right)")
    return round(size.height + size.depth, 6)


def _extra(tex: str) -> float:
    """The width ``tex`` adds in front of a formula."""
    return tex_width(tex + "x") - tex_width("x") if tex else 0.0


def row_width(tex: str) -> float:
    """Estimated width of ``tex`` as a row after something (a leading sign is binary).

    >>> row_width("- x") > tex_width("- x")
    True
    """
    return tex_width("{}" + tex)


def wrap_digits(tex: str, first: float) -> list:
    """``tex`` with each run of digits too long for ``first`` ems written over rows of an
    ``aligned`` block (a number that a line cannot hold, as in a table of constants).
    Returns ``[tex]``: one row of the caller's layout.

    >>> wrap_digits("12345678901234567890", 6)[0].count(r"\\\\")
    1
    >>> wrap_digits("x + 1", 6)
    ['x + 1']
    """
    if row_width(tex) <= first or not _DIGITS.search(tex):
        return [tex]
    longest = max(len(m) for m in _DIGITS.findall(tex))
    for per_row in range(longest // 2, MIN_DIGITS_PER_ROW - 1, -1):
        wrapped = _DIGITS.sub(lambda m, n=per_row: _digit_rows(m.group(0), n), tex)
        if row_width(wrapped) <= first:
            break
    return [wrapped]


def _digit_rows(digits: str, per_row: int) -> str:
    if len(digits) <= per_row:
        return digits
    count = -(-len(digits) // per_row)  # as few rows as fit, of equal lengths
    size = -(-len(digits) // count)
    chunks = [digits[i:i + size] for i in range(0, len(digits), size)]
    return r"\begin{aligned}&" + r"\\&".join(chunks) + r"\end{aligned}"

"""A derivation as a complete LaTeX document that pdflatex compiles.  Pure functions.

``derive --format latex`` and the app's LaTeX download are
:func:`to_latex_document`; the app's handout (an exercise on the first page,
the worked solution on the next) is :func:`handout`.  The document needs
only packages of Debian's ``texlive-latex-base`` (amsmath, amssymb,
geometry, graphicx, fontenc; lmodern when present).

Long formulas never run into the margin.  Each equation line is cut into
pieces at its ``+`` and ``-`` signs (:func:`math_pieces`; inside a long
``\\left( ... \\right)`` group too, closing it with ``\\right.`` and
reopening it with ``\\left.`` around a ``\\vphantom`` of the whole group, so
the delimiters keep their size), and TeX breaks the line between pieces as it
breaks a paragraph.  A single piece wider than the line is scaled down to fit
(the ``\\sifit`` macro), so no line is overfull.  Text (titles, reasons,
assumptions, parameter values) goes through :func:`tex_text`, which escapes
TeX's special characters and writes Greek letters and common math signs as
math.

Example
-------
>>> math_pieces(r"a + \\frac{b}{2} - c")
['a', '{} + \\\\frac{b}{2}', '{} - c']
>>> tex_text("x_1 > 50% & ~y")
'x\\\\_1 \\\\textgreater{} 50\\\\% \\\\& \\\\textasciitilde{}y'
>>> from symbolic_info import derive
>>> doc = to_latex_document(derive("entropy/exponential", **{"lambda": "2"}))
>>> r"\\documentclass" in doc and doc.rstrip().endswith(r"\\end{document}")
True
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from sympy.printing.pretty.pretty_symbology import greek_unicode

from .reasons import reason_latex

if TYPE_CHECKING:
    from ..core import Derivation

__all__ = ["PREAMBLE", "tex_text", "math_pieces", "derivation_body", "document",
           "to_latex_document", "handout", "GROUP_SPLIT_CHARS"]

PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[T1]{fontenc}
\IfFileExists{lmodern.sty}{\usepackage{lmodern}}{}
\usepackage{amsmath,amssymb}
\usepackage{graphicx}
\usepackage[margin=2.5cm]{geometry}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.4ex}
\setlength{\emergencystretch}{3em}
\raggedright
\newsavebox{\sibox}
\newlength{\siwidth}
% \sifit{math}: the formula in display style, scaled down only if wider than the line.
\newcommand{\sifit}[1]{\sbox{\sibox}{$\nulldelimiterspace=0pt\displaystyle #1$}%
  \setlength{\siwidth}{\linewidth}\addtolength{\siwidth}{-4em}%
  \ifdim\wd\sibox>\siwidth\resizebox{\siwidth}{!}{\usebox{\sibox}}\else\usebox{\sibox}\fi}
% \siline{indent}{pieces}: one equation line; it breaks between pieces, continuing indented.
\newcommand{\siline}[2]{\par{\raggedright\hangindent=\dimexpr#1+2em\relax\hangafter=1
  \noindent\hspace*{#1}#2\par}\smallskip}
"""
"""The preamble: packages from ``texlive-latex-base`` and the two layout macros."""

GROUP_SPLIT_CHARS = 120
"""A ``\\left ... \\right`` group whose LaTeX is longer than this may break inside."""

_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "_": r"\_", "^": r"\textasciicircum{}",
    "#": r"\#", "%": r"\%", "&": r"\&", "$": r"\$", "~": r"\textasciitilde{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
}
_MATH_SIGNS = {
    "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "≈": r"\approx", "∞": r"\infty", "→": r"\to",
    "←": r"\leftarrow", "⇒": r"\Rightarrow", "·": r"\cdot", "×": r"\times", "−": "-",
    "±": r"\pm", "∈": r"\in", "∑": r"\sum", "∫": r"\int", "√": r"\surd", "∂": r"\partial",
    "²": "^{2}", "³": "^{3}", "½": r"\tfrac{1}{2}", "∝": r"\propto", "…": r"\ldots",
}
_MATH_SIGNS.update({sup: "^{" + plain + "}"
                    for sup, plain in zip("⁰¹⁴⁵⁶⁷⁸⁹⁻⁺", "01456789-+", strict=True)})
_MATH_SIGNS.update({sub: "_{" + plain + "}"
                    for sub, plain in zip("₀₁₂₃₄₅₆₇₈₉", "0123456789", strict=True)})
_GREEK = {letter: "\\" + name for name, letter in greek_unicode.items()
          if name[0].isalpha() and len(letter) == 1}
_GREEK.update({"ε": r"\varepsilon", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H",
               "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T",
               "Χ": "X", "ο": "o"})
_TEXT_SIGNS = {"–": "--", "—": "---", "‘": "`", "’": "'", "“": "``", "”": "''", "\u00a0": "~"}


def tex_text(s: str) -> str:
    r"""``s`` as LaTeX text: special characters escaped, Greek letters and math signs as math.

    Accented Latin letters stay (T1 fonts have them); any other character
    outside ASCII is written as its code point, ``[U+2603]``, so that
    pdflatex never stops on an unknown Unicode character.

    >>> print(tex_text("σ ≥ 0, p_i ~ 1/2 {x}"))
    $\sigma$ $\ge$ 0, p\_i \textasciitilde{} 1/2 \{x\}
    """
    out = []
    for ch in s:
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        elif ch.isascii():
            out.append(ch if ch.isprintable() else " ")  # a newline too: no paragraph breaks
        elif ch in _GREEK:
            out.append(f"${_GREEK[ch]}$")
        elif ch in _MATH_SIGNS:
            out.append(f"${_MATH_SIGNS[ch]}$")
        elif ch in _TEXT_SIGNS:
            out.append(_TEXT_SIGNS[ch])
        elif _is_latin1_letter(ch):
            out.append(ch)
        else:
            out.append(f"[U+{ord(ch):04X}]")
    return "".join(out)


def _is_latin1_letter(ch: str) -> bool:
    return ord(ch) < 0x180 and unicodedata.category(ch).startswith("L")


def _breakable_text(s: str, every: int = 12) -> str:
    r"""Escaped text that may break inside long words (numbers, matrices, formulas in prose).

    A word longer than ``every`` characters may break after ``,;/=+)`` freely and every
    ``every`` characters with a high penalty, so a justified paragraph never runs into
    the margin; shorter words are left whole.
    """
    words = re.split(r"(\s+)", s)
    out = []
    for word in words:
        if len(word) <= every or word.isspace():
            out.append(tex_text(word))
            continue
        run = 0
        for ch in word:
            out.append(tex_text(ch))
            run += 1
            if ch in ",;/=+)":
                out.append(r"\allowbreak{}")
                run = 0
            elif run >= every:
                out.append(r"\penalty5000{}")
                run = 0
    return "".join(out)


_TOKEN = re.compile(r"\\left(?![a-zA-Z])|\\right(?![a-zA-Z])|\\begin\{[^}]*\}|\\end\{[^}]*\}"
                    r"|\\[a-zA-Z]+|\\.|.", re.S)
_OPEN = ("{", r"\left")
_CLOSE = ("}", r"\right")
_OPERATORS = (r"\ln", r"\log")


def _tokens(tex: str) -> list:
    """Tokens of ``tex``; the braces SymPy puts around ``\\ln{\\left( ... \\right)}`` dropped
    (they only group), so that the parentheses may break like any other group."""
    tokens = _TOKEN.findall(tex)
    i = 0
    while i < len(tokens) - 2:
        if tokens[i] in _OPERATORS and tokens[i + 1] == "{" and tokens[i + 2] == r"\left":
            end = _matching_right(tokens, i + 2)
            if end > i and end + 2 < len(tokens) and tokens[end + 2] == "}":
                del tokens[end + 2]
                del tokens[i + 1]
        i += 1
    return tokens


def _depth_change(tok: str) -> int:
    if tok in _OPEN or tok.startswith(r"\begin{"):
        return 1
    if tok in _CLOSE or tok.startswith(r"\end{"):
        return -1
    return 0


def _split_signs(tokens: list) -> list:
    """Indices of the binary ``+``/``-`` at brace depth 0 outside every delimiter group."""
    cuts, depth, last = [], 0, ""
    for i, tok in enumerate(tokens):
        change = _depth_change(tok)
        depth += change
        if not change and depth == 0 and tok in ("+", "-") and last not in (
                "", "=", "+", "-", "(", ","):
            cuts.append(i)
        if not tok.isspace():
            last = tok
    return cuts


def math_pieces(tex: str) -> list:
    r"""LaTeX math cut at its top-level ``+`` and ``-``, each later piece led by ``{}``.

    A top-level ``\left X ... \right Y`` group longer than
    :data:`GROUP_SPLIT_CHARS` is cut at its own signs too: each part closes
    with ``\right.`` or opens with ``\left.``, and carries ``\vphantom`` of the
    whole group so that every part's delimiters have the group's height.  Every
    piece is valid LaTeX on its own.

    >>> math_pieces(r"- a - b")
    ['- a', '{} - b']
    >>> parts = math_pieces(r"2 \left(" + " + ".join(f"x_{{{i}}}" for i in range(40)) + r"\right)")
    >>> parts[0].startswith(r"2 \left(\vphantom{") and parts[0].endswith(r"\right.")
    True
    >>> parts[-1].endswith(r"x_{39}\right)")
    True
    """
    tokens = _tokens(tex)
    bounds = [0, *_split_signs(tokens), len(tokens)]
    pieces = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        piece = tokens[a:b]
        for part in _split_groups(piece):
            text = "".join(part).strip()
            if text:
                pieces.append(text if not pieces else "{} " + text)
    return pieces


def _split_groups(tokens: list) -> list:
    """Cut the long top-level delimiter groups of one term at their inner signs."""
    out, current, i, depth = [], [], 0, 0
    while i < len(tokens):
        if tokens[i] == r"\left" and depth == 0:
            end = _matching_right(tokens, i)
            group = tokens[i:end + 2]
            parts = _split_one_group(group) if len("".join(group)) > GROUP_SPLIT_CHARS else []
            if end > i and len(parts) > 1:
                current += parts[0]
                out.append(current)
                out += parts[1:-1]
                current = list(parts[-1])
                i = end + 2
                continue
        depth += _depth_change(tokens[i])
        current.append(tokens[i])
        i += 1
    out.append(current)
    return out


def _matching_right(tokens: list, start: int) -> int:
    depth = 0
    for j in range(start, len(tokens)):
        if tokens[j] == r"\left":
            depth += 1
        elif tokens[j] == r"\right":
            depth -= 1
            if depth == 0:
                return j
    return start


def _split_one_group(group: list) -> list:
    """``\\left( a + b \\right)`` -> ``\\left( a \\right.``, ``\\left. + b \\right)``."""
    opening, closing = group[:2], group[-2:]
    inner = group[2:-2]
    phantom = [r"\vphantom{", *inner, "}"]
    cuts = _split_signs(inner)
    if not cuts:
        return [group]
    bounds = [0, *cuts, len(inner)]
    parts = []
    for k, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
        head = opening if k == 0 else [r"\left", "."]
        tail = closing if k == len(bounds) - 2 else [r"\right", "."]
        lead = ["{}"] if k else []
        parts.append([*head, *phantom, *lead, *inner[a:b], *tail])
    return parts


def _line(pieces: list, indent: str = "0pt") -> str:
    boxes = r"\allowbreak".join(rf"\sifit{{{p}}}" for p in pieces)
    return rf"\siline{{{indent}}}{{{boxes}}}"


def _equation_lines(d: Derivation) -> list:
    from ..render import step_lines

    out = []
    for i, (lhs, rhs, step) in enumerate(step_lines(d)):
        rows = []
        if i == 0:
            rows.append(_line(math_pieces(f"{d.quantity} = {lhs}")))
        elif lhs is not None:
            rows.append(_line(math_pieces(lhs)))
        rows.append(_line(["= " + p if k == 0 else p
                           for k, p in enumerate(math_pieces(rhs))], "2em"))
        out.append((step, rows))
    return out


def _facts(d: Derivation) -> list:
    params = ", ".join(f"{tex_text(k)} = {_breakable_text(str(v))}"
                       for k, v in d.params.items()) or "none (symbolic)"
    return [
        rf"Catalog entry: \texttt{{{tex_text(d.name)}}}. Parameters: {params}. "
        rf"Units: {tex_text(d.units)}.",
        r"\textbf{Assumptions:} "
        + "; ".join(reason_latex(a, _breakable_text) for a in d.assumptions) + ".",
    ]


def _result_lines(d: Derivation) -> list:
    from ..render import latex

    lines = [_line(math_pieces(f"{d.quantity} = {latex(d.result)}"))]
    if d.value:
        lines.append(rf"Value: \texttt{{{_breakable_text(d.value)}}}~{tex_text(d.units)}.")
    return lines


def _verification_lines(d: Derivation) -> list:
    v = d.verification
    ok = sum(1 for s in d.all_steps if s.check is not None and s.check.ok)
    lines = [
        rf"Steps verified: {ok} of {len(d.all_steps)}. "
        rf"Result verified: \textbf{{{'yes' if d.verified else 'NO'}}} "
        rf"({_breakable_text(d.verdict)}).",
        rf"Reference value: \texttt{{{_breakable_text(v.reference)}}}.",
        rf"Reference method: {_breakable_text(v.method)}.",
    ]
    lines += [rf"Note: {_breakable_text(n)}" for n in v.notes]
    return lines


def _extras_lines(d: Derivation) -> list:
    from ..render import flat_text, readable_extras

    lines = []
    for key, value in readable_extras(d.extras).items():
        lines.append(r"\subsection*{" + tex_text(key.replace("_", " ").capitalize()) + "}")
        rows = value.get("table") if isinstance(value, dict) else None
        if isinstance(rows, list):
            lines += [_breakable_text(flat_text(r)) + r"\par" for r in rows]
            value = {k: v for k, v in value.items() if k != "table"}
        lines.append(_breakable_text(flat_text(value)) + r"\par")
    return lines


def _steps_block(d: Derivation) -> list:
    from ..render import check_badge

    lines = [r"\begin{enumerate}"]
    for step, rows in _equation_lines(d):
        lines.append(rf"\item {reason_latex(step.rule, _breakable_text)} \hfill {{\footnotesize "
                     rf"[{tex_text(check_badge(step.check))}]}}")
        lines += rows
    lines.append(r"\end{enumerate}")
    return lines


def derivation_body(d: Derivation) -> str:
    """The document body for ``d`` (no preamble): facts, steps, result, verification."""
    lines = [
        rf"\section*{{{tex_text(d.title)}}}",
        *_facts(d),
        r"\subsection*{Steps}",
        *_steps_block(d),
        r"\subsection*{Result}",
        *_result_lines(d),
        r"\subsection*{Verification}",
        *_verification_lines(d),
        *_extras_lines(d),
    ]
    return "\n".join(lines) + "\n"


def document(bodies, title: str | None = None) -> str:
    """A complete document: :data:`PREAMBLE`, the bodies in order, ``\\end{document}``."""
    head = [PREAMBLE.rstrip("\n")]
    if title:
        head.append(rf"\title{{{tex_text(title)}}}\date{{}}")
    head.append(r"\begin{document}")
    if title:
        head.append(r"\maketitle")
    return "\n".join(head) + "\n" + "\n".join(bodies) + r"\end{document}" + "\n"


def _comment(text: str) -> str:
    """A one-line LaTeX comment: line breaks in ``text`` would end it early."""
    return "% " + " ".join(text.splitlines()) + "\n"


def to_latex_document(d: Derivation) -> str:
    """``d`` as a complete LaTeX document (``derive --format latex``)."""
    return _comment(f"{d.title} ({d.name}), by symbolic_info") + document([derivation_body(d)])


def handout(d: Derivation) -> str:
    """An exercise sheet: the task on the first page, the worked solution from the second.

    >>> from symbolic_info import derive
    >>> tex = handout(derive("entropy/exponential", **{"lambda": "2"}))
    >>> tex.index("Exercise") < tex.index(r"\\newpage") < tex.index("Solution")
    True
    """
    target = rf"$\displaystyle {d.quantity}$"
    task = [
        r"\section*{Exercise: " + tex_text(d.title) + "}",
        *_facts(d),
        rf"Derive {target} in closed form, step by step, and give its value in "
        rf"{tex_text(d.units)}" + (" at the parameters above." if d.value else "."),
        r"\vspace{12cm}",
        r"\newpage",
        r"\section*{Solution}",
        *_steps_block(d),
        r"\subsection*{Result}",
        *_result_lines(d),
        r"\subsection*{How the answer was checked}",
        *_verification_lines(d),
    ]
    return (_comment(f"Handout: {d.title} ({d.name}), by symbolic_info")
            + document(["\n".join(task)]))

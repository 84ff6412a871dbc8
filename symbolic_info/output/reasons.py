r"""A step's reason: one short sentence whose mathematics is LaTeX between dollar signs.

Every reason (``Step.rule``) is written once, in this form::

    "the variance: $\mathrm{E}[(X - \mu)^{2}] = \sigma^{2}$"

and each output renders it in its own way: the app's Markdown and the gallery keep the
``$...$`` (KaTeX, GitHub), LaTeX documents put the text, escaped, around the math, and
the terminal's text gets the math as Unicode (``E[(X - μ)²] = σ²``).  :func:`math` puts
a SymPy expression into a reason through the textbook printer.  A reason has no other
dollar sign; a reason with an unmatched one is read as text, dollar included.

Example
-------
>>> rule = r"the variance: $\mathrm{E}[(X - \mu)^{2}] = \sigma^{2}$"
>>> reason_unicode(rule)
'the variance: E[(X - μ)²] = σ²'
>>> reason_latex("50% of $x_1$", escape=lambda s: s.replace("%", r"\%"))
'50\\% of $x_1$'
"""

from __future__ import annotations

import re

__all__ = ["pieces", "math", "reason_unicode", "reason_latex", "reason_markdown",
           "math_pieces", "formula_unicode"]


def pieces(rule: str) -> list:
    """``[(is_math, text), ...]``: the reason cut at its dollar signs.

    >>> pieces(r"so $a = b$ holds")
    [(False, 'so '), (True, 'a = b'), (False, ' holds')]
    >>> pieces("costs $5")
    [(False, 'costs $5')]
    """
    parts = rule.split("$")
    if len(parts) % 2 == 0:  # an unmatched dollar: the whole reason is text
        return [(False, rule)] if rule else []
    return [(i % 2 == 1, p) for i, p in enumerate(parts) if p]


def math_pieces(rule: str) -> list:
    """The LaTeX of every formula in the reason."""
    return [p for is_math, p in pieces(rule) if is_math]


def math(expr) -> str:
    """A SymPy expression as inline math of a reason, ``$...$``, printed as a textbook does.

    >>> import sympy as sp
    >>> math(sp.Symbol("mu") - sp.Symbol("x"))
    '$\\\\mu - x$'
    """
    from .render_latex import latex

    return f"${latex(expr)}$"


def reason_latex(rule: str, escape) -> str:
    """The reason as LaTeX text: ``escape`` applied to the words, the math kept as ``$...$``."""
    return "".join(f"${p}$" if is_math else escape(p) for is_math, p in pieces(rule))


def reason_markdown(rule: str, escape=lambda s: s) -> str:
    """The reason as Markdown for KaTeX (Streamlit) or GitHub: words through ``escape``."""
    return reason_latex(rule, escape)


_SUBSCRIPTS = "0123456789aehijklmnoprstuvx"
_SUB = str.maketrans(_SUBSCRIPTS, "₀₁₂₃₄₅₆₇₈₉ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
_SUPER = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SIMPLE = r"(?:\\[A-Za-z]+|[A-Za-z0-9.]+)[⁰¹²³⁴⁵⁶⁷⁸⁹]*"
"""One token of LaTeX that needs no brackets when written on one line."""


def _subscript(m) -> str:
    text = m.group(1) or m.group(2)
    return text.translate(_SUB) if set(text) <= set(_SUBSCRIPTS) else m.group(0)


def _argument(s: str, i: int) -> tuple:
    """The brace group of ``s`` opening at ``i``: ``(its text, the index after it)``."""
    depth = 0
    for j in range(i, len(s)):
        depth += (s[j] == "{") - (s[j] == "}")
        if depth == 0:
            return s[i + 1:j], j + 1
    return s[i + 1:], len(s)


_COMMAND = re.compile(r"\\(?:[dt]?frac|sqrt|binom)(?![A-Za-z])")


def _commands(s: str) -> str:
    """``\\frac``, ``\\sqrt`` and ``\\binom`` written on one line, nested ones too."""
    out, i = [], 0
    while (m := _COMMAND.search(s, i)) is not None:
        out.append(s[i:m.start()])
        j = m.end()
        args = []
        for _ in range(1 if m.group(0) == "\\sqrt" else 2):
            if j >= len(s) or s[j] != "{":
                break
            text, j = _argument(s, j)
            args.append(_commands(text))
        if m.group(0) == "\\sqrt" and len(args) == 1:
            out.append(f"√{_group(args[0])}")
        elif m.group(0) == "\\binom" and len(args) == 2:
            out.append(f"C({args[0]}, {args[1]})")
        elif len(args) == 2:
            ratio = f"{_group(args[0])}/{_group(args[1], denominator=True)}"
            if re.search(r"(?:\\ln|log)(?:_\{?\w+\}?)?\s*$", "".join(out)):  # ln (a/b)
                out[-1] = out[-1].rstrip()
                ratio = f"({ratio})"
            elif j < len(s) and (s[j].isalpha() or s[j] == "\\"):
                ratio += " "  # \frac{1}{2}\ln x: '1/2 ln x', never '1/2ln x'
            out.append(ratio)
        else:
            out.append(s[m.start():j])
        i = j
    return "".join(out) + s[i:]


def _group(text: str, denominator: bool = False) -> str:
    """``text`` as one factor on a line; a denominator that is a product (``12n``) is
    bracketed too: ``1/(12n)``, never ``1/12n``."""
    simple = re.fullmatch(_SIMPLE, text.strip()) or re.fullmatch(r"[A-Za-z]+\([^()]*\)", text)
    if denominator and re.fullmatch(r"\s*\d[\d.]*\s*[A-Za-z\\].*", text):
        simple = None
    return text if simple else f"({text})"


def formula_unicode(tex: str) -> str:
    r"""One formula of a reason as Unicode (a front end to
    :func:`~symbolic_info.output.unicode_math.tex_to_unicode` for the LaTeX that reasons use).

    >>> formula_unicode(r"\frac{1}{2} \ln(2 \pi e \sigma^{2}) \to \infty")
    '1/2 ln(2 π e σ²) → ∞'
    >>> formula_unicode(r"\ln \frac{1 - p}{p}"), formula_unicode(r"\frac{1}{2}\ln(1 - \rho^{2})")
    ('ln((1 - p)/p)', '1/2 ln(1 - ρ²)')
    >>> formula_unicode(r"\lvert X - \mu_{1}\rvert \sim \sqrt{n} \binom{n}{k}")
    '|X - μ₁| ~ √n C(n, k)'
    """
    from .unicode_math import literal_braces, tex_to_unicode

    s = literal_braces(tex)
    s = re.sub(r"\\lvert\s*|\s*\\rvert(?![A-Za-z])|\\(?:mid|vert)(?![A-Za-z])", "|", s)
    s = re.sub(r"\\mathbb\{R\}", "ℝ", s)
    s = re.sub(r"\\lVert\s*|\s*\\rVert(?![A-Za-z])", "‖", s)
    for name, sign in (("lceil", "⌈"), ("rceil", "⌉"), ("lfloor", "⌊"), ("rfloor", "⌋"),
                       ("sim", "~"), ("in", "∈"), ("ldots", "…"), ("dots", "…"), ("cdots", "⋯"),
                       ("leq", "≤"), ("geq", "≥"), ("le", "≤"), ("ge", "≥"), ("ne", "≠"),
                       ("neq", "≠"), ("infty", "∞"), ("Rightarrow", "⇒"),
                       ("propto", "∝"), ("mapsto", "↦"), ("prime", "′"), ("log", "log"),
                       ("hat", ""), ("mathcal", ""), ("qquad", "  "), ("quad", " "),
                       ("bigl", ""), ("bigr", ""), ("Bigl", ""), ("Bigr", ""), ("big", ""),
                       ("Big", "")):
        s = re.sub(rf"\\{name}(?![A-Za-z])", lambda _m, sign=sign: sign, s)
    s = re.sub(r"\^\{(\d+)\}", lambda m: m.group(1).translate(_SUPER), s)
    s = _commands(s)
    s = s.replace("^*", "*").replace("^{*}", "*").replace("^{\\top}", "ᵀ")
    s = re.sub(r"_\{([0-9a-z]+)\}|_([0-9a-z])(?![A-Za-z])", _subscript, s)
    s = re.sub(r"\s+", " ", tex_to_unicode(_nested_scripts(s)))
    return re.sub(r"\s+\)", ")", re.sub(r"\(\s+", "(", s))  # \left(m \right) -> (m)


def _nested_scripts(s: str) -> str:
    """A super- or subscript group that holds braces itself, written ``^(...)``."""
    out, i = [], 0
    while (m := re.compile(r"[\^_]\{").search(s, i)) is not None:
        text, j = _argument(s, m.start() + 1)
        out.append(s[i:m.start()])
        out.append(f"{m.group(0)[0]}({_nested_scripts(text)})" if "{" in text
                   else s[m.start():j])
        i = j
    return "".join(out) + s[i:]


def reason_unicode(rule: str) -> str:
    """The reason on one line of text, its formulas in Unicode."""
    return "".join(formula_unicode(p) if is_math else p for is_math, p in pieces(rule))

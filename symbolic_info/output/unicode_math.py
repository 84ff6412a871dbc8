"""Expressions as one line of Unicode mathematics, for terminals.  Pure functions.

``unicode_text(expr)`` writes what SymPy's ``str`` writes, the way a
textbook would on one line: Greek letters, superscript powers, ``√``, ``·``
for products, ``ln`` for the natural logarithm, ``E_P[...]`` for an
expectation, ``Σ_{k=0..∞}`` for a sum, ``ψ`` and ``Γ`` for digamma and
gamma, ``∞`` and ``π``.  Our own SymPy classes with a ``_latex`` method (named
quantities, partition functions, integrals) are written from that LaTeX
through :func:`tex_to_unicode`, so a new class needs no code here.

Example
-------
>>> import sympy as sp
>>> sigma = sp.Symbol("sigma", positive=True)
>>> unicode_text(sp.log(2 * sp.pi * sp.E * sigma**2) / 2)
'ln(2e·π·σ²)/2'
>>> unicode_text(sp.Symbol("mu1") - sp.sqrt(sp.Symbol("x_2")))
'μ₁ - √x₂'
>>> tex_to_unicode(r"D(P\\|Q)")
'D(P‖Q)'
"""

from __future__ import annotations

import re

import sympy as sp
from sympy.printing.conventions import split_super_sub
from sympy.printing.precedence import precedence
from sympy.printing.pretty.pretty_symbology import greek_unicode
from sympy.printing.str import StrPrinter

from .long_numbers import integer_text, number_text
from .render_latex import display_form, textbook_terms

__all__ = ["unicode_text", "tex_to_unicode", "UnicodePrinter", "math_text", "MESSAGE_MATH_CHARS",
           "literal_braces"]

_SUPER = str.maketrans("0123456789-+=()n*", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺⁼⁽⁾ⁿ∗")
_SUB = str.maketrans("0123456789-+=(),ijkn", "₀₁₂₃₄₅₆₇₈₉₋₊₌₍₎,ᵢⱼₖₙ")
_GREEK = {name: letter for name, letter in greek_unicode.items() if len(letter) == 1}
_LETTER = "A-Za-zΑ-Ωα-ω"
_NUMBER_BEFORE_LETTER = re.compile(rf"(?<![\w.√⁰¹²³⁴⁵⁶⁷⁸⁹])(\d+)·(?=[{_LETTER}](?![{_LETTER}(]))")
_TEX_WORDS = {
    "ln": "ln", "log": "log", "det": "det ", "min": "min", "max": "max", "exp": "exp",
    "int": "∫", "sum": "Σ", "infty": "∞", "cdot": "·", "top": "ᵀ", "quad": " ", "qquad": "  ",
    "partial": "∂", "to": "→", "le": "≤", "ge": "≥", "ne": "≠", "approx": "≈", "pi": "π",
    "|": "‖", ",": " ", ";": " ", "!": "", " ": " ", "{": "{", "}": "}", "psi": "ψ",
    "Gamma": "Γ", "times": "×", "mid": "|", "ldots": "…", "cdots": "⋯", "ast": "∗",
    "dots": "…", "sim": "~", "lim": "lim",
}


def _script(text: str, table: dict, mark: str) -> str:
    """``text`` in super- or subscript characters when all of it has them, else ``mark{text}``."""
    if text and all(ord(ch) in table for ch in text):
        return text.translate(table)
    return f"{mark}{text}" if len(text) == 1 or text.isalnum() else f"{mark}({text})"


_POWER_TEXT = re.compile(r"(\d+)\^(-?\d+)|\.\.\.e(\d+)")


def _powers_raised(text: str) -> str:
    """``10^1000 + 1`` as ``10¹⁰⁰⁰ + 1`` and ``1.23...e50`` as ``1.23…·10⁵⁰``."""
    def raised(m):
        if m.group(3):
            return "…·10" + m.group(3).translate(_SUPER)
        return m.group(1) + m.group(2).translate(_SUPER)
    return _POWER_TEXT.sub(raised, text)


def _symbol_name(name: str) -> str:
    base, supers, subs = split_super_sub(name)
    if not base and subs:  # a name such as "_x"
        base, subs = subs[0], subs[1:]
    out = _GREEK.get(base, base)
    if subs:
        out += _script(",".join(subs), _SUB, "_")
    for sup in supers:
        out += _script(sup, _SUPER, "^")
    return out


def tex_to_unicode(tex: str) -> str:
    r"""A small piece of LaTeX (a name, a template around printed arguments) as Unicode.

    Handles what our classes' ``_latex`` methods and the quantities write:
    Greek letters, ``\left``/``\right``, ``\mathbb``, ``\operatorname``,
    ``\boldsymbol``, ``\frac``, sub- and superscripts, and the usual operators.

    >>> tex_to_unicode(r"\operatorname{tr}\left(\Sigma_{2}^{-1}\Sigma_{1}\right)")
    'tr(Σ₂⁻¹Σ₁)'
    >>> tex_to_unicode(r"\mathbb{E}_{P}\left[g\right]")
    'E_P[g]'
    >>> tex_to_unicode(r"\int_{-\infty}^{\infty} g \, dx")
    '∫_(-∞)^∞ g   dx'
    """
    s = re.sub(r"\\(left|right)(?![a-zA-Z])\.?", "", literal_braces(tex))
    s = re.sub(r"\\begin\{cases\}(.*?)\\end\{cases\}", _cases_text, s, flags=re.S)
    s = re.sub(r"\\(mathbb|mathrm|operatorname|boldsymbol|text|mathbf|mathcal)\{([^{}]*)\}",
               r"\2", s)
    s = re.sub(r"\\binom\{([^{}]*)\}\{([^{}]*)\}", r"C(\1, \2)", s)
    s = re.sub(r"\\[td]?frac([0-9])([0-9])", r"\1/\2", s)
    s = re.sub(r"\\[td]frac(?=\{)", r"\\frac", s)
    for _ in range(8):  # innermost fractions first
        s, n = re.subn(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"(\1)/(\2)", s)
        if not n:
            break
    s = re.sub(r"\\([a-zA-Z]+|.)",
               lambda m: _GREEK.get(m.group(1), _TEX_WORDS.get(m.group(1), m.group(1))), s)
    s = re.sub(r"\^\{([^{}]*)\}", lambda m: _script(m.group(1), _SUPER, "^"), s)
    s = re.sub(r"_\{([^{}]*)\}", lambda m: _script(m.group(1), _SUB, "_"), s)
    s = re.sub(r"\^([0-9])", lambda m: m.group(1).translate(_SUPER), s)
    s = s.replace("{", "").replace("}", "").strip()
    return s.replace(_OPEN_BRACE, "{").replace(_CLOSE_BRACE, "}")


_OPEN_BRACE, _CLOSE_BRACE = "\ue000", "\ue001"


def _cases_text(m) -> str:
    r"""``\begin{cases} A & c \\ B & d \end{cases}`` as ``A for c, B for d``."""
    rows = [r.split("&", 1) for r in re.split(r"\\\\", m.group(1)) if r.strip()]
    return ", ".join(f"{r[0].strip()} for {r[1].strip()}" if len(r) == 2 else r[0].strip()
                     for r in rows)


def markdown_text(text: str) -> str:
    r"""Markdown with ``$...$`` LaTeX (an exercise's statement) as plain text for a terminal:
    the math through :func:`tex_to_unicode`, ``**bold**`` and ``*italic*`` marks dropped.

    >>> markdown_text(r"in **bits**, the message *X is 1*, $\binom{k}{2}$ and $2^{-k}$")
    'in bits, the message X is 1, C(k, 2) and 2^(-k)'
    """
    text = re.sub(r"\$([^$]*)\$", lambda m: tex_to_unicode(m.group(1)), text)
    return re.sub(r"\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*", lambda m: m.group(1) or m.group(2), text)


def literal_braces(tex: str) -> str:
    r"""``\{`` and ``\}`` (a set's braces) as placeholders that no grouping rule reads;
    :func:`tex_to_unicode` prints them as ``{`` and ``}``.

    >>> tex_to_unicode(r"x = \{0, 1\}")
    'x = {0, 1}'
    """
    return tex.replace("\\{", _OPEN_BRACE).replace("\\}", _CLOSE_BRACE)


def _ours_with_latex(expr) -> bool:
    method = getattr(type(expr), "_latex", None)
    return method is not None and type(expr).__module__.startswith("symbolic_info")


class UnicodePrinter(StrPrinter):
    """SymPy's ``str`` printer, writing Unicode mathematics on one line."""

    printmethod = "_unicodestr"

    def _print_Symbol(self, expr):
        if _ours_with_latex(expr):
            return tex_to_unicode(expr._latex(self))
        return _symbol_name(expr.name)

    _print_Dummy = _print_Symbol

    def _print_Function(self, expr):
        if _ours_with_latex(expr):
            return tex_to_unicode(expr._latex(self))
        return super()._print_Function(expr)

    def _print_Add(self, expr, order=None):
        """The terms in a textbook's order (``x - μ``; four or more indexed terms as a Σ)."""
        out = []
        for term in textbook_terms(list(self._as_ordered_terms(expr, order=order))):
            if isinstance(term, tuple):  # ("sum", template, lo, hi)
                _, template, lo, hi = term
                inner = self._print(template)
                sign, inner = ("-", inner[1:]) if inner.startswith("-") else ("+", inner)
                text = f"Σ_{{i={lo}..{hi}}} " + (f"({inner})" if template.is_Add else inner)
            else:
                text = self._print(term)
                sign, text = ("-", text[1:]) if text.startswith("-") and not term.is_Add \
                    else ("+", text)
                if precedence(term) < precedence(expr) or term.is_Add:
                    text = f"({text})"
            out += [sign, text]
        return ("-" if out[0] == "-" else "") + " ".join(out[1:])

    def _print_Integer(self, expr):
        text = _powers_raised(integer_text(int(expr)).replace("*", "·"))
        return f"({text})" if " " in text or "·" in text else text

    def _print_Rational(self, expr):
        return _powers_raised(number_text(expr).replace("*", "·"))

    def _print_Expect(self, expr):
        g, label = expr.args
        return f"E_{self._print(label)}[{self._print(g)}]"

    def _print_Pow(self, expr, rational=False):
        base, exp = expr.args
        if exp is sp.S.Half:
            inner = self._print(base)
            return "√" + (inner if re.fullmatch(r"[\w.]+", inner) else f"({inner})")
        if exp.is_Integer and exp > 1:
            return self.parenthesize(base, sp.printing.precedence.PRECEDENCE["Pow"],
                                     strict=True) + str(exp).translate(_SUPER)
        return super()._print_Pow(expr, rational).replace("**", "^")

    def _print_Mul(self, expr):
        text = super()._print_Mul(expr).replace("*", "·")
        # a number before a one-letter symbol is written next to it: 2π, 3x₁
        return _NUMBER_BEFORE_LETTER.sub(r"\1", text)

    def _print_log(self, expr):
        return f"ln({self._print(expr.args[0])})"

    def _print_Exp1(self, expr):
        return "e"

    def _print_Pi(self, expr):
        return "π"

    def _print_Infinity(self, expr):
        return "∞"

    def _print_NegativeInfinity(self, expr):
        return "-∞"

    def _print_EulerGamma(self, expr):
        return "γ"

    def _print_ImaginaryUnit(self, expr):
        return "i"

    def _print_gamma(self, expr):
        return f"Γ({self._print(expr.args[0])})"

    def _print_loggamma(self, expr):
        return f"ln Γ({self._print(expr.args[0])})"

    def _print_beta(self, expr):
        return "B(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_polygamma(self, expr):
        n, z = expr.args
        head = "ψ" if n == 0 else "ψ" + f"({self._print(n)})".translate(_SUPER)
        return f"{head}({self._print(z)})"

    def _print_Abs(self, expr):
        return f"|{self._print(expr.args[0])}|"

    def _print_Sum(self, expr):
        body = self._print(expr.function)
        if isinstance(expr.function, sp.Add):
            body = f"({body})"
        ranges = " ".join(f"Σ_{{{self._print(k)}={self._print(a)}..{self._print(b)}}}"
                          for k, a, b in expr.limits)
        return f"{ranges} {body}"

    _print_DiscreteSum = _print_Sum

    def _print_factorial(self, expr):
        arg = expr.args[0]
        inner = self._print(arg)
        return (inner if re.fullmatch(r"\w+", inner) else f"({inner})") + "!"

    def _print_binomial(self, expr):
        return "C(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_Order(self, expr):
        body = self._print(expr.expr)
        if not expr.variables or all(p == 0 for p in expr.point):
            return f"O({body})"
        at = ", ".join(f"{self._print(v)} → {self._print(p)}"
                       for v, p in zip(expr.variables, expr.point, strict=True))
        return f"O({body}) as {at}"

    def _print_Integral(self, expr):
        body = self._print(expr.function)
        out = body if not isinstance(expr.function, sp.Add) else f"({body})"
        for lim in expr.limits:
            x = self._print(lim[0])
            head = "∫" if len(lim) < 3 else f"∫_{{{self._print(lim[1])}}}^{{{self._print(lim[2])}}}"
            out = f"{head} {out} d{x}"
        return out

    def _print_Derivative(self, expr):
        body = self._print(expr.expr)
        if not expr.expr.is_Atom and not isinstance(expr.expr, sp.Function):
            body = f"({body})"
        parts = []
        for v, n in expr.variable_count:
            parts.append(f"∂{self._print(v)}" + (str(n).translate(_SUPER) if n > 1 else ""))
        order = sum(n for _, n in expr.variable_count)
        top = "∂" + (str(order).translate(_SUPER) if order > 1 else "")
        return f"{top}/{''.join(parts)} {body}"

    def _print_Subs(self, expr):
        body, old, new = expr.args
        at = ", ".join(f"{self._print(o)} = {self._print(n)}" for o, n in zip(old, new,
                                                                               strict=True))
        return f"[{self._print(body)}]_({at})"

    def _print_Limit(self, expr):
        e, z, z0, _ = expr.args
        return f"lim_({self._print(z)}→{self._print(z0)}) {self._print(e)}"


def unicode_text(expr) -> str:
    """``expr`` as one line of Unicode mathematics (see the module doc)."""
    return UnicodePrinter().doprint(display_form(expr))


MESSAGE_MATH_CHARS = 60
"""Longest formula quoted in a one-line message (longer ones end in ``…``)."""
_HUGE_DIGITS = 30


def _integer_shown(n: int):
    """``n``, or a symbol ``⟨a 2568-digit integer⟩`` when it has more than 30 digits."""
    size = abs(n).bit_length()
    if size <= 100:
        return sp.Integer(n)
    digits = len(str(abs(n))) if size < 12000 else int(size * 0.30103) + 1
    if digits <= _HUGE_DIGITS:
        return sp.Integer(n)
    return sp.Symbol(f"{'-' if n < 0 else ''}⟨a {digits}-digit integer⟩")


def _huge_integers_named(expr):
    """Rationals with a numerator or denominator of more than 30 digits written by size."""
    named = {}
    for r in expr.atoms(sp.Rational):
        if max(abs(r.p), r.q).bit_length() > 100:
            top, bottom = _integer_shown(r.p), _integer_shown(r.q)
            named[r] = top if r.q == 1 else sp.Mul(top, sp.Pow(bottom, -1, evaluate=False),
                                                   evaluate=False)
    return expr.xreplace(named) if named else expr


def math_text(expr, limit: int = MESSAGE_MATH_CHARS) -> str:
    """``expr`` as readable one-line mathematics for a message: ``x¹⁰⁰⁰``, ``e^(-x)``, never
    SymPy's ``x**1000``; cut to ``limit`` characters with ``…``; huge integers by their size.

    Every user-facing error and notice about a formula quotes it through this function.

    >>> x = sp.Symbol("x")
    >>> math_text(x**1000 * sp.exp(-x))
    'x¹⁰⁰⁰·exp(-x)'
    >>> math_text(sp.Integer(10) ** 100)
    '⟨a 101-digit integer⟩'
    >>> math_text(x / sp.factorial(1000))
    'x/⟨a 2568-digit integer⟩'
    >>> len(math_text(sp.Add(*[x**k for k in range(1, 60)])))
    60
    """
    if isinstance(expr, str):
        text = expr
    else:
        try:
            text = unicode_text(_huge_integers_named(sp.sympify(expr)))
        except (ValueError, TypeError, RecursionError, sp.SympifyError):
            text = "the formula"
    return text if len(text) <= limit else text[:limit - 1] + "…"

"""SymPy expressions as a textbook prints them (LaTeX for KaTeX and for pdflatex).

Only the printing changes; the expressions that were checked are never rewritten
in place.  :class:`TextbookPrinter` is SymPy's LaTeX printer with these rules:

- a sum lists its positive terms first: ``x - \\mu``, never ``- \\mu + x``;
- four or more terms that differ only in the index of indexed symbols (``p_1 \\ln p_1``,
  ..., ``p_6 \\ln p_6``) are written with a sigma, ``\\sum_{i=1}^{6} p_{i} \\ln p_{i}``;
- a density in its standard form, the constant factor first and the exponential last:
  ``\\frac{1}{\\sigma \\sqrt{2 \\pi}} e^{- \\frac{(x - \\mu)^{2}}{2 \\sigma^{2}}}``
  (square roots of numbers and of pi gathered into one root, as in Cover & Thomas,
  Elements of Information Theory, 2nd ed., eq. (8.3) ... Example 8.1.2);
- integers of more than :data:`BIG_DIGITS` digits that end in zeros as ``m \\cdot 10^{k}``,
  and other such integers as a product of prime powers when that is shorter;
- the digamma function as ``\\psi(z)``; the log-gamma function, and the logarithm of the
  gamma function, as ``\\ln\\Gamma(z)``; the beta function with its arguments printed
  (``\\operatorname{B}(\\alpha, \\beta)``);
- an order term ``O(1/k)`` ends its sum, as an asymptotic expansion is written.

:func:`display_form` makes equal, shorter forms for display only: ``2 \\ln \\sqrt{\\pi}``
becomes ``\\ln \\pi``.

Example
-------
>>> import sympy as sp
>>> x, mu = sp.symbols("x mu", real=True)
>>> s = sp.Symbol("sigma", positive=True)
>>> f = sp.exp(-(x - mu)**2 / (2 * s**2)) / sp.sqrt(2 * sp.pi * s**2)
>>> print(latex(f))  # doctest: +NORMALIZE_WHITESPACE
\\frac{1}{\\sigma \\sqrt{2 \\pi}}
e^{- \\frac{\\left(x - \\mu\\right)^{2}}{2 \\sigma^{2}}}
>>> latex(2 * sp.log(sp.sqrt(sp.pi)))
'\\\\ln{\\\\left(\\\\pi \\\\right)}'
>>> latex(sp.Integer(10) ** 400)
'10^{400}'
"""

from __future__ import annotations

import functools
import math
import re

import sympy as sp
from sympy.printing.latex import LatexPrinter

from ..symbolic.substitute import has_costly
from .long_numbers import BIG_DIGITS, decimal_digits, integer_latex, leading_digits

__all__ = ["TextbookPrinter", "latex", "display_form", "BIG_DIGITS", "MIN_SIGMA_TERMS",
           "index_of", "big_integer_latex", "prime_powers_latex", "decimal_digits",
           "leading_digits_latex", "PRINTED_BITS", "sigma_groups", "quantity_at",
           "MAX_SHOWN_VALUES", "LATEX_MEMORY"]

MIN_SIGMA_TERMS = 4
"""Sums of at least this many indexed terms are written with a sigma."""

_INDEXED = re.compile(r"^([A-Za-z]+?)_?(\d+)$")
_INDEX = sp.Symbol("i", integer=True, positive=True)


def index_of(symbol: sp.Symbol):
    """``(letter, index)`` of an indexed symbol (``p3``, ``x_3``), else ``None``.

    >>> index_of(sp.Symbol("x_12")), index_of(sp.Symbol("p3")), index_of(sp.Symbol("mu"))
    (('x', 12), ('p', 3), None)
    """
    m = _INDEXED.match(symbol.name)
    return (m.group(1), int(m.group(2))) if m else None


def big_integer_latex(n: int) -> str | None:
    """``m \\cdot 10^{k}`` for an integer of more than :data:`BIG_DIGITS` digits ending in
    at least three zeros, ``10^{k} + c`` or ``2^{k} - c`` near a power, its prime powers
    when they are shorter, its leading digits when it is long
    (:func:`~symbolic_info.output.long_numbers.integer_latex`), else ``None`` (print the
    digits).  A sum such as ``10^{k} + 1`` comes without brackets.

    >>> big_integer_latex(10**400), big_integer_latex(-3 * 10**20), big_integer_latex(12)
    ('10^{400}', '-3 \\\\cdot 10^{20}', None)
    >>> big_integer_latex(3**9000 + 1), big_integer_latex(10**1000 + 1)
    ('1.2339355511\\\\ldots \\\\cdot 10^{4294}', '10^{1000} + 1')
    """
    if decimal_digits(n) <= BIG_DIGITS:
        return None
    exact = integer_latex(n)
    if exact is not None and "\\ldots" not in exact:
        return exact
    return prime_powers_latex(n) or exact


PRINTED_BITS = 13000
"""Integers of this many bits and more (about 3,900 digits) are never written out in full:
Python refuses ``str`` of more than 4,300 digits, and no page holds them."""


def leading_digits_latex(n: int, shown: int = 11) -> str:
    """``d.ddd\\ldots \\cdot 10^{k}``: the first ``shown`` digits of a long integer (cut,
    not rounded, so the dots stand for the digits left out) and its size.

    >>> leading_digits_latex(-2**20000)
    '-3.9802768403\\\\ldots \\\\cdot 10^{6020}'
    """
    sign, head, exp = leading_digits(n, shown)
    return f"{sign}{head}\\ldots \\cdot 10^{{{exp}}}"


SMALL_PRIME = 1000
"""Trial division of a long integer stops at this prime."""


def prime_powers_latex(n: int) -> str | None:
    """``2^{8} \\cdot 7^{10} \\cdot 11^{11}`` for an integer of more than :data:`BIG_DIGITS`
    digits whose prime factors are below :data:`SMALL_PRIME` (or whose rest is a power of
    one short number), when that is shorter than its digits; else ``None``.  A textbook
    writes ``11^{11} \\cdot 7^{10}``, not the 20 digits of the product.

    >>> prime_powers_latex(11**11 * 7**10), prime_powers_latex(2**61 - 1)
    ('7^{10} \\\\cdot 11^{11}', None)
    """
    m = abs(n)
    huge = m.bit_length() >= PRINTED_BITS
    if not huge and len(str(m)) <= BIG_DIGITS:
        return None
    factors = {}
    for p in sp.primerange(2, SMALL_PRIME):
        while m % p == 0:
            factors[p] = factors.get(p, 0) + 1
            m //= p
    if m != 1 and huge:  # perfect_power of thousands of digits is slow
        return None
    if m != 1:
        power = sp.perfect_power(m)
        if not power or len(str(power[0])) > BIG_DIGITS // 2:
            return None
        factors[int(power[0])] = factors.get(int(power[0]), 0) + int(power[1])
    tex = " \\cdot ".join(f"{b}^{{{e}}}" if e > 1 else str(b) for b, e in sorted(factors.items()))
    if sum(ch.isdigit() for ch in tex) >= decimal_digits(n) // 2:
        return None
    return ("-" if n < 0 else "") + tex


def _template(term: sp.Expr, families: set):
    """``(template, index)`` when the term's symbols of the indexed ``families`` (letters)
    share one index, else None.  A tuple argument holding several indices (the whole
    support, as in ``Z(x_1, ..., x_n)``) stands for one constant."""
    hidden = {t: sp.Dummy() for t in term.atoms(sp.Tuple)
              if len({index_of(s) for s in t.free_symbols if isinstance(s, sp.Symbol)}) > 1}
    term = term.xreplace(hidden) if hidden else term
    indexed = {}
    for s in term.free_symbols:
        found = index_of(s) if isinstance(s, sp.Symbol) else None
        if found is not None and found[0] in families:
            indexed[s] = found
    indices = {i for _, i in indexed.values()}
    if len(indices) != 1:
        return None
    mapping = {s: sp.Symbol(f"{letter}_i", **s.assumptions0) for s, (letter, _) in
               indexed.items()}
    back = {d: t for t, d in hidden.items()}
    return term.xreplace(mapping).xreplace(back), indices.pop()


def sigma_groups(terms: list) -> list:
    """Terms, with each run of >= MIN_SIGMA_TERMS indexed copies of one template replaced by
    ``("sum", template, lo, hi)`` at the place of its first term."""
    seen: dict = {}
    for t in terms:
        for s in t.free_symbols:
            found = index_of(s) if isinstance(s, sp.Symbol) else None
            if found is not None:
                seen.setdefault(found[0], set()).add(found[1])
    families = {letter for letter, ix in seen.items() if len(ix) >= MIN_SIGMA_TERMS}
    if not families:
        return terms
    keyed = [(_template(t, families), t) for t in terms]
    by_template: dict = {}
    for found, _ in keyed:
        if found is not None:
            by_template.setdefault(found[0], []).append(found[1])
    collapsible = {}
    for template, indices in by_template.items():
        ordered = sorted(indices)
        contiguous = ordered == list(range(ordered[0], ordered[0] + len(ordered)))
        if len(ordered) >= MIN_SIGMA_TERMS and contiguous:
            collapsible[template] = (ordered[0], ordered[-1])
    out, placed = [], set()
    for found, term in keyed:
        if found is None or found[0] not in collapsible:
            out.append(term)
        elif found[0] not in placed:
            placed.add(found[0])
            out.append(("sum", found[0], *collapsible[found[0]]))
    return out


def _is_root_constant(c: sp.Expr) -> bool:
    """True for a product of rationals, pi and square roots of them, with a root in it."""
    if c.free_symbols or c.is_Rational:
        return False
    roots = False
    for f in sp.Mul.make_args(c):
        base, e = f.as_base_exp()
        if not (base.is_Rational or base == sp.pi) or not e.is_Rational:
            return False
        roots = roots or e.q == 2
    return roots


class TextbookPrinter(LatexPrinter):
    """SymPy's LaTeX printer with the textbook rules of this module (``ln`` notation)."""

    def __init__(self, settings=None):
        super().__init__({"ln_notation": True, **(settings or {})})
        self._memo: dict = {}  # LaTeX of the subexpressions this printer has written
        self._terms: dict = {}  # add_terms of the sums it has read

    def _print(self, expr, **kwargs):
        """SymPy's dispatch, remembering what each subexpression printed as: a printed
        form depends on the expression alone (its parent adds any brackets), and the row
        breaker (:mod:`symbolic_info.output.render_breaks`) asks for the same parts again."""
        if kwargs:
            return super()._print(expr, **kwargs)
        try:
            return self._memo[expr]
        except KeyError:
            tex = self._memo[expr] = super()._print(expr)
            return tex
        except TypeError:  # unhashable
            return super()._print(expr)

    def _print_polygamma(self, expr, exp=None):
        n, z = expr.args
        head = r"\psi" if n == 0 else rf"\psi^{{({self._print(n)})}}"
        tex = rf"{head}\left({self._print(z)}\right)"
        return rf"\left({tex}\right)^{{{exp}}}" if exp else tex

    def _print_log(self, expr, exp=None):
        if isinstance(expr.args[0], sp.gamma):  # ln Gamma(z), as the log-gamma function
            return self._print_loggamma(sp.loggamma(expr.args[0].args[0], evaluate=False), exp)
        return super()._print_log(expr, exp)

    def _print_loggamma(self, expr, exp=None):
        tex = rf"\ln\Gamma\left({self._print(expr.args[0])}\right)"
        return rf"\left({tex}\right)^{{{exp}}}" if exp else tex

    def _print_beta(self, expr, exp=None):
        args = expr.args if len(expr.args) == 2 else expr.args * 2
        tex = r"\operatorname{B}\left(" + ", ".join(self._print(a) for a in args) + r"\right)"
        return rf"{tex}^{{{exp}}}" if exp else tex

    def _print_Integer(self, expr):
        tex = big_integer_latex(int(expr)) or str(expr)
        return rf"\left({tex}\right)" if " + " in tex or " - " in tex else tex

    def _print_Rational(self, expr):
        p, q = big_integer_latex(abs(int(expr.p))), big_integer_latex(int(expr.q))
        if p is None and q is None:
            return super()._print_Rational(expr)
        num = p or str(abs(expr.p))
        sign = "- " if expr.p < 0 else ""
        return rf"{sign}\frac{{{num}}}{{{q or str(expr.q)}}}"

    # sums -----------------------------------------------------------------------------
    def _print_Add(self, expr, order=None):
        tex = ""
        for i, (sign, body, _) in enumerate(self.add_terms(expr, order)):
            if i == 0:
                tex += "- " if sign < 0 else ""
            else:
                tex += " - " if sign < 0 else " + "
            tex += body
        return tex

    def add_terms(self, expr: sp.Add, order=None) -> list:
        """The terms of a sum in printed order, as ``(sign, latex, term)``: ``sign`` is +1 or
        -1, ``latex`` the term without its sign (bracketed when a sum needs it), ``term``
        the SymPy term without its sign, or ``("sum", template, lo, hi)`` for a sigma.
        Positive terms come first, order terms last.

        >>> x = sp.Symbol("x", positive=True)
        >>> terms = TextbookPrinter().add_terms(sp.O(1 / x, (x, sp.oo)) - 1 + 2 * x)
        >>> [s for s, _, _ in terms], terms[-1][1][:2], terms[0][2]
        ([1, -1, 1], 'O\\\\', 2*x)
        """
        key = (expr, order)
        if key in self._terms:
            return self._terms[key]
        out = []
        for term in textbook_terms(list(self._as_ordered_terms(expr, order=order))):
            sign, body = self._term(term)
            if isinstance(term, tuple):
                out.append((sign, body, term))
            else:
                out.append((sign, body, -term if sign < 0 else term))
        self._terms[key] = out
        return out

    def _term(self, term) -> tuple:
        """``(sign, latex)`` of one printed term of a sum."""
        if isinstance(term, tuple):
            _, template, lo, hi = term
            sign = -1 if template.could_extract_minus_sign() else 1
            inner = -template if sign < 0 else template
            body = self._print(inner)
            if isinstance(inner, sp.Add):
                body = rf"\left({body}\right)"
            return sign, rf"\sum_{{i={lo}}}^{{{hi}}} {body}"
        sign = -1 if term.could_extract_minus_sign() else 1
        term = -term if sign < 0 else term
        body = self._print(term)
        if self._needs_add_brackets(term):
            body = rf"\left({body}\right)"
        return sign, body

    # products ---------------------------------------------------------------------------
    def _print_Mul(self, expr):
        if not isinstance(expr, sp.Mul):  # SymPy prints x**-1 through _print_Mul
            return super()._print_Mul(expr)
        exps = [f for f in expr.args if isinstance(f, sp.exp)]
        rest = sp.Mul(*[f for f in expr.args if not isinstance(f, sp.exp)], evaluate=False)
        if exps and rest != 1 and rest != -1 and not rest.atoms(sp.Function):
            head = self._constant_fraction(rest)
            tail = " ".join(self._print(e) for e in exps)
            if head.startswith("-") or isinstance(rest, sp.Add):
                head = head if not isinstance(rest, sp.Add) else rf"\left({head}\right)"
            return f"{head} {tail}"
        return self._constant_fraction(expr) if not exps else super()._print_Mul(expr)

    def _constant_fraction(self, expr) -> str:
        """``expr`` with its numeric square-root constants gathered into one root."""
        if not isinstance(expr, sp.Mul):
            return self._print(expr) if not isinstance(expr, sp.Pow) else \
                super()._print_Mul(expr)
        const, symbolic = expr.as_independent(*expr.free_symbols) if expr.free_symbols \
            else (expr, sp.Integer(1))
        if not _is_root_constant(const):
            return super()._print_Mul(expr)
        sign = ""
        if const.could_extract_minus_sign():
            sign, const = "- ", -const
        square = sp.expand(const**2)
        num_c, den_c = sp.fraction(square)
        num_s, den_s = sp.fraction(symbolic)
        num = [self._print(num_s)] if num_s != 1 else []
        den = [self._print(den_s)] if den_s != 1 else []
        if num_c != 1:
            if isinstance(num_s, sp.Add):  # a sum times a root: (a + b) sqrt{5}
                num = [rf"\left({num[0]}\right)"]
            num.append(rf"\sqrt{{{self._print(num_c)}}}")
        if den_c != 1:
            den.append(rf"\sqrt{{{self._print(den_c)}}}")
        top = " ".join(num) or "1"
        if not den:
            return sign + top
        return rf"{sign}\frac{{{top}}}{{{' '.join(den)}}}"


def textbook_terms(terms: list) -> list:
    """The terms of a sum in the order a textbook writes them: indexed runs gathered into
    sigmas (:func:`sigma_groups`), positive terms first (``x - mu``, not ``-mu + x``),
    order terms last.  Shared by the LaTeX and the Unicode printers.

    >>> x, mu = sp.symbols("x mu")
    >>> textbook_terms([-mu, x])
    [x, -mu]
    """
    terms = sigma_groups(terms)
    orders = [t for t in terms if isinstance(t, sp.Order)]
    terms = [t for t in terms if not isinstance(t, sp.Order)]
    negative = [_negative(t) for t in terms]
    if negative and negative[0] and not all(negative):
        terms = [t for t, n in zip(terms, negative, strict=True) if not n] + \
                [t for t, n in zip(terms, negative, strict=True) if n]
    return terms + orders


def _negative(term) -> bool:
    if isinstance(term, tuple):
        return term[1].could_extract_minus_sign()
    return term.could_extract_minus_sign()


def display_form(expr: sp.Expr) -> sp.Expr:
    """An equal expression that prints shorter: the logarithm of a positive number with
    roots in it, ``ln(a^(1/q))``, becomes ``ln(a)/q`` (``2 ln sqrt(pi)`` is ``ln pi``,
    ``ln sqrt(2 pi)`` is ``ln(2 pi)/2``).  For display only.

    >>> display_form(sp.log(sp.sqrt(sp.pi)) + 1)
    log(pi)/2 + 1
    """
    if not isinstance(expr, sp.Basic) or has_costly(expr):
        return expr
    logs = {}
    for node in expr.atoms(sp.log):
        arg = node.args[0]
        if arg.free_symbols or not arg.is_positive:
            continue
        exponents = [f.as_base_exp()[1] for f in sp.Mul.make_args(arg)]
        if not all(e.is_Rational for e in exponents):
            continue
        q = math.lcm(*[int(e.q) for e in exponents])
        if q > 1:
            logs[node] = sp.log(sp.expand(arg**q)) / q
    return expr.xreplace(logs) if logs else expr


def latex(expr) -> str:
    """``expr`` as a textbook prints it (see the module's rules).  The LaTeX of the last
    :data:`LATEX_MEMORY` expressions is remembered: the app prints each step for its
    page and again when it lays out a long equation.

    >>> latex(-sp.Symbol("mu") + sp.Symbol("x"))
    'x - \\\\mu'
    """
    try:
        return _remembered_latex(expr)
    except TypeError:  # unhashable (a mutable matrix)
        return TextbookPrinter().doprint(display_form(expr))


LATEX_MEMORY = 2048
"""How many expressions' LaTeX :func:`latex` remembers."""


@functools.lru_cache(maxsize=LATEX_MEMORY)
def _remembered_latex(expr) -> str:
    return TextbookPrinter().doprint(display_form(expr))


MAX_SHOWN_VALUES = 3
"""Values listed under the bar of ``h(X)\\big|_{...}``; more are summarised."""


def quantity_at(quantity: str, at: tuple) -> str:
    """The quantity's LaTeX evaluated at the substituted ``(symbol, value)`` pairs.

    >>> s = sp.Symbol("sigma", positive=True)
    >>> quantity_at("h(X)", ((s, sp.Rational(3, 2)),))
    'h(X)\\\\big|_{\\\\sigma = \\\\frac{3}{2}}'
    >>> quantity_at("h(X)", ())
    'h(X)'
    """
    if not at:
        return quantity
    shown = [f"{latex(s)} = {latex(v)}" for s, v in at[:MAX_SHOWN_VALUES]]
    if len(at) > MAX_SHOWN_VALUES:
        shown.append(r"\ldots")
    return rf"{quantity}\big|_{{{', '.join(shown)}}}"

"""Family calls: ``normal(0, 1)``, ``normal(mu=0, sigma=1)``, ``exponential(mean=10)``.

Continuous families come from :data:`symbolic_info.families.FAMILIES` (their
parameters, in the catalog's order, with their domain rules); the discrete
ones are the catalog's discrete entries (Poisson, geometric, binomial,
Bernoulli, categorical) with their pmfs written out here as data (Cover &
Thomas, *Elements of Information Theory*, 2nd ed., Sec. 2.1 and Problem 2.1).
A family with a second usual convention accepts it by keyword
(``exponential(mean=10)`` is ``exponential(lambda=1/10)``).

Example
-------
>>> import sympy as sp
>>> call = family_call("exponential", [("mean", sp.Integer(10))], "exponential(mean=10)")
>>> call.args
(('lambda', 1/10),)
>>> call.form.density
exp(-x/10)/10
"""

from __future__ import annotations

import difflib

import sympy as sp

from ..checker.grammar import ParseError
from ..families import FAMILIES
from ..output.reasons import reason_unicode
from ..output.unicode_math import math_text
from ..symbolic.sums import K
from .model import FamilyCall, Formula, Simplex, Table

__all__ = ["family_call", "family_params", "DISCRETE", "CONVENTIONS", "MAX_CATEGORIES",
           "family_names", "VECTOR", "is_dirichlet"]

MAX_CATEGORIES = 1000
"""Most probabilities in a categorical call."""

DISCRETE = {
    "poisson": ("lambda",),
    "geometric": ("p",),
    "binomial": ("n", "p"),
    "bernoulli": ("p",),
    "categorical": ("p",),
}
"""Discrete families by name: their parameters in the catalog's order (``entropy/<name>``)."""

VECTOR = ("dirichlet",)
"""Families of a probability vector: only the prior of a model's first line."""

CONVENTIONS = {
    "normal": {"mean": ("mu", lambda v: v), "sd": ("sigma", lambda v: v),
               "variance": ("sigma", sp.sqrt), "var": ("sigma", sp.sqrt)},
    "exponential": {"mean": ("lambda", lambda v: 1 / v), "scale": ("lambda", lambda v: 1 / v),
                    "rate": ("lambda", lambda v: v)},
    "gamma": {"shape": ("k", lambda v: v), "scale": ("theta", lambda v: v),
              "rate": ("theta", lambda v: 1 / v), "alpha": ("k", lambda v: v)},
    "laplace": {"scale": ("b", lambda v: v), "loc": ("mu", lambda v: v)},
    "poisson": {"rate": ("lambda", lambda v: v), "mean": ("lambda", lambda v: v)},
    "geometric": {"mean": ("p", lambda v: 1 / v)},
    "uniform": {"lo": ("a", lambda v: v), "hi": ("b", lambda v: v)},
}
"""Other usual parameter names, each mapped to the catalog's parameter and value."""


def family_names() -> list:
    """Every family name a call may use."""
    return sorted({*FAMILIES, *DISCRETE, *VECTOR})


def family_params(name: str) -> tuple:
    """The catalog's :class:`~symbolic_info.params.Param` s of family ``name`` in order."""
    if name in FAMILIES:
        return FAMILIES[name].params
    from ..catalog import entry

    return entry(f"entropy/{name}").params


def _unknown(name: str) -> ParseError:
    close = difflib.get_close_matches(name, family_names(), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else \
        f"; families: {', '.join(family_names())}"
    return ParseError(f"unknown family '{name}'{hint}")


def _check_value(fam: str, param, value: sp.Expr) -> None:
    if value.free_symbols:
        return
    if not value.is_real:
        raise ParseError(f"{fam}: parameter {param.name} = {math_text(value)} is not a "
                         "real number")
    if param.kind == "scalar" and value.is_Rational:
        ok = bool(param.test(value))
    else:
        ok = bool(param.test(value)) if param.kind == "scalar" else True
    if not ok:
        raise ParseError(f"{fam}: parameter {param.name} = {math_text(value)} is outside "
                         f"its domain: {reason_unicode(param.rule)}")


def _bind(fam: str, names: tuple, args: list) -> dict:
    """Positional and keyword arguments -> ``name -> value`` in catalog names."""
    conv = CONVENTIONS.get(fam, {})
    out: dict = {}
    positional = [v for k, v in args if k is None]
    if len(positional) > len(names):
        raise ParseError(f"{fam} takes at most {len(names)} argument"
                         f"{'s' if len(names) > 1 else ''} ({', '.join(names)}), "
                         f"not {len(positional)}")
    if any(k is None for k, _v in args[len(positional):]):
        raise ParseError(f"{fam}: a positional argument follows a keyword argument")
    for name, value in zip(names, positional, strict=False):
        out[name] = value
    for key, value in args[len(positional):]:
        if key in conv:
            target, convert = conv[key]
            converted = convert(value)
            if converted.has(sp.zoo, sp.nan) or (converted.is_number and not converted.is_real):
                raise ParseError(f"{fam}: {key} = {math_text(value)} is outside its "
                                 "domain")
            key, value = target, converted
        if key not in names:
            known = ", ".join([*names, *conv])
            raise ParseError(f"{fam} has no parameter '{key}' (parameters: {known})")
        if key in out:
            raise ParseError(f"{fam}: parameter {key} is given twice")
        out[key] = value
    return out


def family_call(fam: str, args: list, text: str = "") -> FamilyCall:
    """Resolve ``fam(args)``; ``args`` holds ``(keyword or None, value)`` pairs."""
    if fam == "categorical":
        return _categorical(args, text)
    if fam == "dirichlet":
        return _dirichlet(args, text)
    if fam in FAMILIES:
        family = FAMILIES[fam]
        names = tuple(p.name for p in family.params)
    elif fam in DISCRETE:
        names = DISCRETE[fam]
    else:
        raise _unknown(fam)
    bound = _bind(fam, names, args)
    params = family_params(fam)
    if fam in FAMILIES:
        for key, value in FAMILIES[fam].defaults:
            bound.setdefault(key, sp.sympify(value))
    missing = [n for n in names if n not in bound]
    if missing:
        raise ParseError(f"{fam} needs {', '.join(missing)} (parameters in order: "
                         f"{', '.join(names)})")
    for p in params:
        _check_value(fam, p, bound[p.name])
    numeric = {k: v for k, v in bound.items() if not v.free_symbols and v.is_Rational}
    check = FAMILIES[fam].check if fam in FAMILIES else None
    if check is not None and numeric:
        check(numeric)
    ordered = tuple((n, bound[n]) for n in names)
    return FamilyCall(fam, ordered, fam not in FAMILIES, _form(fam, bound), text)


def _form(fam: str, bound: dict):
    if fam in FAMILIES:
        family = FAMILIES[fam]
        sub = {p.symbol: bound[p.name] for p in family.params}
        lo, hi = (sp.sympify(s).subs(sub) for s in family.support)
        return Formula(family.pdf.subs(sub), family.var, lo, hi, False)
    if fam == "bernoulli":
        p = bound["p"]
        return Table(((sp.Integer(0), 1 - p), (sp.Integer(1), p)))
    if fam == "poisson":
        lam = bound["lambda"]
        return Formula(lam**K * sp.exp(-lam) / sp.factorial(K), K, sp.Integer(0), sp.oo, True)
    if fam == "geometric":
        p = bound["p"]
        return Formula((1 - p) ** (K - 1) * p, K, sp.Integer(1), sp.oo, True)
    n, p = bound["n"], bound["p"]  # binomial
    if n.free_symbols:
        raise ParseError("binomial: the number of trials n must be a given integer")
    return Formula(sp.binomial(n, K) * p**K * (1 - p) ** (n - K), K, sp.Integer(0), n, True)


def _positional(fam: str, what: str, example: str, args: list, least: int) -> tuple:
    """The values of a call whose arguments are a list (``categorical``, ``dirichlet``)."""
    if any(k is not None for k, _v in args):
        raise ParseError(f"{fam} takes its {what} as positional arguments: {example}")
    values = tuple(v for _k, v in args)
    if not least <= len(values) <= MAX_CATEGORIES:
        raise ParseError(f"{fam} takes {least} to {MAX_CATEGORIES} {what}")
    return values


def _categorical(args: list, text: str) -> FamilyCall:
    probs = _positional("categorical", "probabilities", "categorical(1/2, 1/4, 1/4)", args, 1)
    total = sp.Add(*probs)
    if total.is_number and total != 1:
        raise ParseError(f"the probabilities of {text or 'categorical(...)'} add up to {total}, "
                         "not 1")
    table = Table(tuple((sp.Integer(i + 1), p) for i, p in enumerate(probs)))
    return FamilyCall("categorical", (("p", probs),), True, table, text)


def is_dirichlet(dist) -> bool:
    """True for a ``dirichlet(...)`` call."""
    return isinstance(dist, FamilyCall) and dist.family == "dirichlet"


def _dirichlet(args: list, text: str) -> FamilyCall:
    """``dirichlet(a1, ..., aK)``: K >= 2 concentrations, each > 0."""
    alphas = _positional("dirichlet", "concentrations", "dirichlet(1, 1, 1)", args, 2)
    for j, a in enumerate(alphas, 1):
        if not a.free_symbols and (not a.is_real or not bool(a > 0)):
            raise ParseError(f"dirichlet: concentration a{j} = {a} must be a number > 0")
    return FamilyCall("dirichlet", (("alpha", alphas),), False, Simplex(alphas, text), text)

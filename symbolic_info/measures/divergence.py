"""Kullback-Leibler divergence D(P||Q) between two members of one family.

One mechanism serves every one-dimensional family of
:mod:`symbolic_info.families`: ``D(P||Q) = E_P[ln p(X) - ln q(X)]``; both
log-densities are sums of terms ``c_i g_i(X)``, linearity leaves expectations
``E_P[g_i(X)]``, and each is substituted as its own checked step (the
family's own expectations under P, plus the few that involve Q's location or
scale, listed per family in :data:`KL_SPECS`).  Adding a KL is adding data.
Where P's support is not inside Q's (uniform, Pareto) the value is ``inf``
with the reason.  The multivariate normal is in
:mod:`symbolic_info.measures.mvnormal`; the specs per family are data in
:mod:`symbolic_info.families.kl_specs`.

The reference is the integral of ``p ln(p/q)`` from the two log-densities,
never the steps (:mod:`symbolic_info.measures.divergence_reference`).

Example
-------
>>> from symbolic_info import derive
>>> d = derive("kl/normal", mu1="0", sigma1="1", mu2="1", sigma2="2")
>>> d.verified, d.value[:10]
(True, '0.44314718')
"""

from __future__ import annotations

import re
from dataclasses import replace

import sympy as sp

from ..core import DerivationError, Step
from ..engine.run import Draft, Entry
from ..families import FAMILIES, Family
from ..families.kl_specs import KL_SPECS, KLSpec
from ..lazy_table import LazyTable
from ..params import Param, shorten, show_value
from ..symbolic.expectation import Expect, P, apply_linearity
from ..symbolic.steps import collect_steps, linearity_step, logarithm_step, substitution_steps
from .divergence_reference import kl_reference, pair_density, renamer, suffixed_symbols

# ENTRIES (every entry, built on first use) comes from the module's __getattr__
__all__ = ["kl_entry", "kl_steps", "cross_entropy_steps", "ratio_rule", "ENTRY_TABLE"]

# --- parameters of P (suffix 1) and Q (suffix 2) -------------------------------------------

def _suffixed(p: Param, suffix: str, default: str | None = None) -> Param:
    name = p.name + suffix
    symbol = sp.Symbol(p.symbol.name + suffix, **p.symbol._assumptions_orig)
    who = "P" if suffix == "1" else "Q"
    return replace(p, name=name, description=f"{p.description} of {who}", rule=p.rule_for(symbol),
                   symbol=symbol, default=default or p.default)


def _split(values: dict, family: Family) -> tuple:
    """``{name1: v, name2: w}`` -> ``({name: v}, {name: w})`` for the given ones."""
    out = ({}, {})
    for p in family.params:
        for i, suffix in enumerate("12"):
            if p.name + suffix in values:
                out[i][p.name] = values[p.name + suffix]
    return out


def _split_sums(expr: sp.Expr, var: sp.Symbol) -> sp.Expr:
    """Distribute products over sums inside each ``Expect`` (powers kept whole), then linearity."""

    def spread(e: Expect) -> Expect:
        g, label = e.args
        return Expect(sp.Add(*(sp.expand(t, deep=False, mul=True, multinomial=False,
                                         power_exp=False, power_base=False, log=False)
                               for t in sp.Add.make_args(g))), label)

    return apply_linearity(expr.replace(lambda e: isinstance(e, Expect), spread), var)


# --- steps -------------------------------------------------------------------------------

def kl_steps(spec: KLSpec) -> tuple:
    """The unchecked steps from ``E_P[ln p(X) - ln q(X)]`` to ``spec``'s closed form.

    Raises ``ValueError`` when an expectation is left over (a data error).
    """
    return _steps(spec, cross=False)


def cross_entropy_steps(spec: KLSpec) -> tuple:
    """The unchecked steps from ``H(P, Q) = -E_P[ln q(X)]`` to ``H(P) + D(P||Q)``."""
    return _steps(spec, cross=True)


def _steps(spec: KLSpec, cross: bool) -> tuple:
    fam = FAMILIES[spec.family]
    r1, r2 = renamer(fam, "1"), renamer(fam, "2")
    s1, s2 = suffixed_symbols(fam, "1"), suffixed_symbols(fam, "2")
    var = fam.var
    log_q = sp.log(fam.pdf.xreplace(r2), evaluate=False)
    if cross:
        start = -Expect(log_q, P)
        expanded = -Expect(fam.logpdf.xreplace(r2), P)
        first = "take the logarithm of Q's density"
    else:
        start = Expect(sp.log(fam.pdf.xreplace(r1), evaluate=False) - log_q, P)
        expanded = Expect(fam.logpdf.xreplace(r1) - fam.logpdf.xreplace(r2), P)
        first = "take the logarithms of both densities"
    linear = _split_sums(expanded, var)
    known = [(sp.sympify(g).xreplace(r1), sp.sympify(v).xreplace(r1), "under P: " + why)
             for g, v, why in fam.expectations]
    substituted, current = substitution_steps(linear, (*known, *spec.extra(s1, s2)))
    if current.atoms(Expect):
        raise ValueError(f"{spec.family}: expectations left over in {current}")
    steps = [logarithm_step(start, expanded, first), linearity_step(expanded, linear),
             *substituted]
    closed = spec.closed_form(s1, s2)
    if cross:
        entropy = sp.sympify(fam.entropy_form).xreplace(r1)
        closed = sp.Add(entropy, closed, evaluate=False)
        rule = (r"collect as $H(P) + D(P \| Q)$: the entropy of $P$ " f"({fam.source}) plus the KL "
                f"divergence ({spec.source})")
    else:
        rule = f"collect terms into the textbook form ({spec.source})"
    return (*steps, *collect_steps(current, closed, rule))


def _infinite_steps(spec: KLSpec, cross: bool = False) -> tuple:
    fam = FAMILIES[spec.family]
    gap = spec.gap(suffixed_symbols(fam, "1"), suffixed_symbols(fam, "2"))
    what = "-p ln q = +inf; so H(P, Q)" if cross else "p ln(p/q) = +inf; so D(P||Q)"
    return (Step(sp.Mul(gap, sp.oo, evaluate=False), sp.oo,
                 f"supports not nested ({spec.gap_reason}): q = 0 on a set of P-probability "
                 f"shown here (> 0), where {what} = +inf"),)


# --- entries -----------------------------------------------------------------------------

def ratio_rule(ratio: tuple, values: dict) -> None:
    """Refuse ``top1/bottom2`` beyond ``limit`` (``limit < 1``: below it), where the quadrature
    reference stops verifying.

    Gumbel: ``E_P[exp(-X/beta2)] = Gamma(1 + beta1/beta2) e^(...)`` draws its mass to
    ``x = mu1 - beta1 ln(beta1/beta2)``, outside P's integration range (cut where ``-ln p``
    exceeds 3000 nats) once the ratio nears 3000 (``beta1/beta2 = 5e29`` ran past 60 s);
    Weibull: ``E_P[X^k2]`` likewise with ``k2/k1``.  A limit of 100 (or ``k1/k2 >= 1/100``)
    keeps the cut-off mass below ``e^-2000``.

    >>> ratio_rule(("beta", "beta", 100), {"beta1": sp.Integer(1), "beta2": sp.Integer(1)})
    """
    top, bottom, limit = ratio
    a, b = values.get(top + "1"), values.get(bottom + "2")
    if a is None or b is None:
        return
    r = a / b
    if (limit >= 1 and r > limit) or (limit < 1 and r < limit):
        rule = f"{top}1/{bottom}2 <= {limit}" if limit >= 1 else f"{top}1/{bottom}2 >= {limit}"
        raise DerivationError(
            f"parameters {top}1 = {shorten(show_value(a))} and {bottom}2 = "
            f"{shorten(show_value(b))} are outside the range this derivation verifies "
            f"numerically: {rule}")


def kl_entry(spec: KLSpec, cross: bool = False) -> Entry:
    """The catalog entry ``kl/<family>`` (or ``cross-entropy/<family>`` when ``cross``)."""
    fam = FAMILIES[spec.family]
    d2 = dict(spec.defaults2)
    params = (*(_suffixed(p, "1") for p in fam.params),
              *(_suffixed(p, "2", d2.get(p.name)) for p in fam.params))
    by_name = {p.name: p for p in params}
    names = [p.name for p in params]

    def check(values):
        if spec.ratio is not None:
            ratio_rule(spec.ratio, values)
        if fam.check is None:
            return
        for suffix, part in zip("12", _split(values, fam), strict=True):
            try:
                fam.check(part)
            except DerivationError as exc:
                text = str(exc)
                for p in fam.params:
                    text = re.sub(rf"(?<![A-Za-z0-9_]){re.escape(p.name)}(?![A-Za-z0-9_])",
                                  p.name + suffix, text)
                raise DerivationError(text) from None

    def structure(values):
        if spec.nested is None:
            return ()
        vp, vq = _split(values, fam)
        return (("nested", bool(spec.nested(vp, vq))),)

    def sample(rng, struct):
        values = {n: by_name[n].sample(rng) for n in names}
        if spec.nested is not None:
            vp, _ = _split(values, fam)
            for _ in range(100):
                if fam.check is None:
                    break
                try:
                    fam.check(vp)
                    break
                except DerivationError:
                    vp = {p.name: _suffixed(p, "1").sample(rng) for p in fam.params}
            q = spec.separate(rng, vp, struct.get("nested", True))
            values.update({k + "1": v for k, v in vp.items()})
            values.update({k + "2": v for k, v in q.items()})
        return values

    def build(struct) -> Draft:
        finite = struct.get("nested", True)
        steps = _steps(spec, cross) if finite else _infinite_steps(spec, cross)
        dp, _ = pair_density(fam, {})
        reference, method = kl_reference(fam, cross)
        assumptions = (f"P and Q are {fam.in_sentence}s, P with the parameters ending "
                       "in 1, Q with those ending in 2",
                       *(p.rule for p in params),
                       *(f"for each of P and Q: {a}" for a in fam.assumptions))
        if spec.nested is not None:
            assumptions += (("P's support lies inside Q's" if finite else
                             f"P's support is not inside Q's: {spec.gap_reason}"),)
        return Draft(
            quantity=r"H(P, Q)" if cross else r"D(P\,\|\,Q)",
            assumptions=assumptions,
            steps=steps,
            reference=reference,
            reference_method=method,
            # P's expectations in the steps integrated in its change of variable (if any)
            densities={P: replace(dp, change=fam.change and fam.change.renamed(renamer(fam, "1")))},
        )

    kind = "Cross-entropy" if cross else "KL divergence"
    return Entry(
        name=f"{'cross-entropy' if cross else 'kl'}/{spec.family}",
        title=f"{kind} between two {fam.in_sentence}s",
        group="divergence",
        params=params,
        build=build,
        summary=(f"H(P, Q) = -E_P[ln q] = H(P) + D(P||Q) for P, Q ~ {fam.latex}" if cross else
                 f"D(P||Q) for P, Q ~ {fam.latex}; {spec.source}"),
        structure=structure,
        sample=sample if spec.nested is not None else None,
        check=check if fam.check is not None or spec.ratio is not None else None,
    )


ENTRY_TABLE = LazyTable({
    **{f"kl/{family}": (lambda family=family: kl_entry(KL_SPECS[family]))
       for family in KL_SPECS},
    **{f"cross-entropy/{family}": (lambda family=family: kl_entry(KL_SPECS[family], cross=True))
       for family in KL_SPECS},
})
"""The entries by name, each (with its specification and family) built on its first lookup:
``derive kl/gamma`` builds the gamma family only (see :mod:`symbolic_info.lazy_table`)."""


def __getattr__(name: str):
    """``ENTRIES``, every entry of :data:`ENTRY_TABLE` (builds them all), on first use."""
    if name == "ENTRIES":
        return tuple(ENTRY_TABLE.values())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

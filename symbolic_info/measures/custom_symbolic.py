"""The symbolic work on a user's distribution, run in the checker's sandbox.

Integrals (and sums) of user densities can make SymPy run for minutes, so
they run in a child process (:func:`symbolic_info.checker.sandbox.run_isolated`)
and each integral under its own budget.  Budgets count **CPU seconds** of the
process (``ITIMER_PROF``), not wall-clock seconds, so that whether SymPy
finds a closed form does not depend on how busy the machine is; the whole
plan shares one CPU budget, and the child's wall-clock limit is only a safety
net.  An integral that does not finish, or that SymPy leaves unevaluated,
comes back as ``None``: "no closed form found", never a guess.

Example
-------
>>> import sympy as sp
>>> x = sp.Symbol("x", positive=True)
>>> plan = symbolic_plan({"density": 3 * x**2, "var": x, "lo": 0, "hi": 1,
...                       "discrete": False, "gs": [sp.log(x)], "normalise": True})
>>> plan["Z"], plan["values"][sp.log(x)]
(1, -1/3)
"""

from __future__ import annotations

import multiprocessing
import time

import sympy as sp

from ..budget import OutOfTime, time_budget
from ..checker.sandbox import SandboxError, run_isolated

__all__ = ["symbolic_plan", "work", "integral_of", "clearly_not_one", "time_budget", "OutOfTime",
           "INTEGRAL_BUDGET", "PLAN_BUDGET", "PLAN_LIMIT", "DIRECT_SUM_TERMS"]

INTEGRAL_BUDGET = 4.0
"""CPU seconds SymPy may spend on one integral or sum (and on one simplification)."""
PLAN_BUDGET = 12.0
"""CPU seconds the whole symbolic plan of one request may take."""
PLAN_LIMIT = 60.0
"""Wall-clock seconds after which the plan's child is stopped (a safety net only)."""
DIRECT_SUM_TERMS = 64
"""Finite sums with at most this many terms are added term by term."""


def _usable(value) -> bool:
    return value is not None and not value.has(sp.Integral, sp.Sum, sp.nan, sp.zoo) \
        and not value.has(sp.Piecewise)


def _tidy(value: sp.Expr, budget: float) -> sp.Expr:
    """A simpler equal form within ``budget`` seconds (else ``value`` itself)."""
    try:
        with time_budget(budget):
            shorter = sp.simplify(value)
    except OutOfTime:
        return value
    except Exception:  # noqa: BLE001 - SymPy's simplifier fails in many ways; keep value
        return value
    return shorter if sp.count_ops(shorter) < sp.count_ops(value) else value


def _attempt(expr, var, lo, hi, discrete: bool, budget: float, meijerg):
    try:
        with time_budget(budget):
            if discrete and hi.is_Integer and int(hi) - int(lo) < DIRECT_SUM_TERMS:
                return sp.Add(*[expr.subs(var, j) for j in range(int(lo), int(hi) + 1)])
            if discrete:
                return sp.summation(expr, (var, lo, hi))
            return sp.integrate(expr, (var, lo, hi), conds="none", meijerg=meijerg)
    except OutOfTime:
        return None
    except Exception:  # noqa: BLE001 - SymPy may fail in many ways: no closed form then
        return None


def _plain(value, budget: float):
    """``value`` without Meijer G / hypergeometric functions or ``I``, or ``None``."""
    if value is None or value.is_infinite:
        return value
    if value.has(sp.meijerg, sp.hyper):
        try:
            with time_budget(budget):
                value = sp.hyperexpand(value)
        except OutOfTime:
            return None
        except Exception:  # noqa: BLE001
            return None
    if value.has(sp.I):
        value = _tidy(value, budget)
    if value.has(sp.meijerg, sp.hyper, sp.I) or not _usable(value):
        return None
    return value


def _log_moment(expr, var, lo, hi, budget: float):
    """``integral of B(x) ln x`` as ``d/ds integral of B(x) x^s`` at ``s = 0``, or ``None``.

    Differentiating the Mellin transform under the integral sign (Titchmarsh,
    *Introduction to the Theory of Fourier Integrals*, 1937, Sec. 1.29): SymPy
    finds ``integral x^(s+1) e^-x = Gamma(s + 2)`` at once, while
    ``integral x e^-x ln x`` directly takes it 15 s cold.
    """
    if not (var.is_positive and lo.is_nonnegative):
        return None
    coeff = sp.expand(expr).coeff(sp.log(var))
    if coeff == 0 or coeff.has(sp.log(var)) or sp.expand(expr - coeff * sp.log(var)) != 0:
        return None
    s = sp.Dummy("s", positive=True)
    try:
        with time_budget(budget):
            moment = sp.integrate(coeff * var**s, (var, lo, hi), conds="none")
            if moment.has(sp.Integral):
                return None
            return sp.diff(moment, s).subs(s, 0)
    except OutOfTime:
        return None
    except Exception:  # noqa: BLE001 - SymPy may fail in many ways: no closed form then
        return None


def integral_of(expr, var, lo, hi, discrete: bool, budget: float = INTEGRAL_BUDGET):
    """``integral (or sum) of expr over lo..hi`` in closed form, or ``None``.

    SymPy's default strategy and its Meijer G method each get half of ``budget``;
    on an infinite range Meijer G goes first (much faster on ``x e^-x ln x``).
    """
    lo, hi = sp.sympify(lo), sp.sympify(hi)
    order = (None, True)
    if not discrete and (lo.is_infinite or hi.is_infinite):
        order = (True, None)  # Meijer G first on infinite ranges (Gamma-type integrals)
    value = None if discrete else _plain(_log_moment(expr, var, lo, hi, budget / 3),
                                         0.2 * budget)
    for method in () if value is not None else order if not discrete else (None,):
        value = _plain(_attempt(expr, var, lo, hi, discrete, budget / 2, method), 0.2 * budget)
        if value is not None:
            break
    if value is None:
        return None
    if value is sp.oo or value is -sp.oo:
        return value
    return _tidy(value, budget / 2)


def work(payload: dict, send_partial) -> dict:
    """The sandbox's function: ``Z`` (total mass), ``E[g]`` for each ``g``, and ``final``.

    ``payload`` holds ``density``, ``var``, ``lo``, ``hi``, ``discrete``,
    ``gs`` (expressions whose expectation is wanted), ``normalise`` (with
    ``whole_support``: the mass must be 1, so a ``Z`` clearly not 1 ends the work), and
    optionally ``expr`` (an expression in ``Expect(g, label)`` to simplify once
    every expectation is known) with its ``label``.
    """
    f, var = payload["density"], payload["var"]
    lo, hi, discrete = payload["lo"], payload["hi"], payload["discrete"]
    plan_end = time.process_time() + payload.get("plan_budget", PLAN_BUDGET)

    def budget() -> float:
        """This integral's CPU budget: its own, within what is left of the plan's."""
        return min(payload.get("budget", INTEGRAL_BUDGET), plan_end - time.process_time())

    out = {"Z": None, "values": {}, "final": None}
    if payload.get("normalise"):
        out["Z"] = _within(budget(), lambda b: integral_of(f, var, lo, hi, discrete, b))
        send_partial(dict(out, values=dict(out["values"])))
        if payload.get("whole_support") and clearly_not_one(out["Z"]):
            return out  # not a density: the caller refuses it, its expectations are not needed
    for g in payload.get("gs", ()):
        out["values"][g] = sp.Integer(1) if g == 1 else _within(
            budget(), lambda b, g=g: integral_of(sp.expand(f * g), var, lo, hi, discrete, b))
        send_partial(dict(out, values=dict(out["values"])))
    expr = payload.get("expr")
    if expr is not None and all(v is not None for v in out["values"].values()):
        from ..symbolic.expectation import Expect

        label = payload["label"]
        known = {Expect(g, label): v for g, v in out["values"].items()}
        out["final"] = _tidy(expr.xreplace(known), budget()) if budget() > 0 else None
    return out


def clearly_not_one(z) -> bool:
    """True when ``z`` is a number (no symbols) at least 1e-20 away from 1, or infinite.

    >>> clearly_not_one(sp.Rational(1, 2)), clearly_not_one(sp.Integer(1)), clearly_not_one(None)
    (True, False, False)
    >>> clearly_not_one(sp.oo), clearly_not_one(sp.Symbol("a"))
    (True, False)
    """
    if z is None or z.free_symbols or not z.is_number:
        return False
    if z.is_infinite:
        return True
    return bool(abs(sp.N(z - 1, 30)) > sp.Float(10) ** -20)


def _within(budget: float, attempt):
    """``attempt(budget)``, or ``None`` when the plan's CPU budget is spent."""
    return attempt(budget) if budget > 0 else None


def _in_daemon() -> bool:
    return bool(multiprocessing.current_process().daemon)


def symbolic_plan(payload: dict, time_limit: float = PLAN_LIMIT) -> dict:
    """Run :func:`work` in the sandbox (in-process when already inside one).

    On a time-out the answers found so far are kept (the rest are ``None``)
    and ``"timed_out"`` is set.
    """
    if _in_daemon():
        return work(payload, lambda _r: None)
    try:
        result = run_isolated("symbolic_info.measures.custom_symbolic:work", payload,
                              time_limit=time_limit)
    except SandboxError:
        return {"Z": None, "values": {g: None for g in payload.get("gs", ())}, "final": None,
                "timed_out": True}
    if result.pop("provisional", False):
        result["timed_out"] = True
        for g in payload.get("gs", ()):
            result["values"].setdefault(g, None)
    return result

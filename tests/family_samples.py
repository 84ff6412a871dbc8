"""Family samples shared by the test modules: seeded admissible parameters and scipy twins.

>>> v = admissible("normal", 0)
>>> sorted(v)
['mu', 'sigma']
>>> round(float(scipy_dist("normal", {"mu": 0, "sigma": 1}).entropy()), 6)
1.418939
"""

from __future__ import annotations

import math
import random

import scipy.stats as st

from symbolic_info.core import DerivationError
from symbolic_info.families import FAMILIES

__all__ = ["admissible", "scipy_dist"]


def scipy_dist(name: str, v: dict):
    """The scipy.stats distribution with the same parameters (its own parametrisation)."""
    g = {k: float(x) for k, x in v.items()}
    return {
        "normal": lambda: st.norm(g["mu"], g["sigma"]),
        "laplace": lambda: st.laplace(g["mu"], g["b"]),
        "cauchy": lambda: st.cauchy(g["x0"], g["gamma"]),
        "logistic": lambda: st.logistic(g["mu"], g["s"]),
        "gumbel": lambda: st.gumbel_r(g["mu"], g["beta"]),
        "student_t": lambda: st.t(g["nu"], g.get("mu", 0.0), g.get("sigma", 1.0)),
        "generalized_normal": lambda: st.gennorm(g["beta"], g["mu"], g["alpha"]),
        "uniform": lambda: st.uniform(g["a"], g["b"] - g["a"]),
        "triangular": lambda: st.triang((g["c"] - g["a"]) / (g["b"] - g["a"]), g["a"],
                                        g["b"] - g["a"]),
        "exponential": lambda: st.expon(scale=1 / g["lambda"]),
        "gamma": lambda: st.gamma(g["k"], scale=g["theta"]),
        "erlang": lambda: st.erlang(int(v["k"]), scale=1 / g["lambda"]),
        "chi_squared": lambda: st.chi2(g["k"]),
        "chi": lambda: st.chi(g["k"]),
        "maxwell": lambda: st.maxwell(scale=g["a"]),
        "rayleigh": lambda: st.rayleigh(scale=g["sigma"]),
        "weibull": lambda: st.weibull_min(g["k"], scale=g["lambda"]),
        "lognormal": lambda: st.lognorm(g["sigma"], scale=math.exp(g["mu"])),
        "pareto": lambda: st.pareto(g["alpha"], scale=g["x_m"]),
        "f": lambda: st.f(g["d1"], g["d2"]),
        "beta": lambda: st.beta(g["alpha"], g["beta"]),
    }[name]()


def admissible(name: str, seed) -> dict:
    """Seeded random admissible parameters of a family, by name."""
    fam = FAMILIES[name]
    rng = random.Random(f"{name}-{seed}")
    while True:
        v = {p.name: p.sample(rng) for p in fam.params}
        try:
            if fam.check:
                fam.check(v)
        except DerivationError:
            continue
        return v

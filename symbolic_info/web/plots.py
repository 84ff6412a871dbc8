"""Pictures for the derivations where a picture teaches more than a number.

:func:`figures` returns plain data (:class:`Figure`: points, a marked point,
reference lines, bars) for an entry, keyed by its name; entries without a
picture, or whose parameters do not match what a picture needs, get none.
Curves evaluate the *derived* closed form: the entry is derived with the
plotted parameter left symbolic and the result is evaluated on a grid with
:func:`symbolic_info.numeric.compile_expr` on a private 15-digit context.
Evidence tables and distributions come from ``Derivation.extras``.
:func:`chart` turns a figure into an Altair chart.  No Streamlit here.

Example
-------
>>> figs = figures("entropy/normal", (("mu", "0"), ("sigma", "2")), "nats")
>>> figs[0].x_label, len(figs[0].series[0].points) > 50, figs[0].marker[0]
('standard deviation sigma', True, 2.0)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ..catalog import catalog, derive
from ..core import DerivationError
from ..numeric import NumericError, compile_expr, new_context
from ..params import parse_value

__all__ = ["Series", "Figure", "figures", "chart", "PLOTS"]

GRID = 161
"""Points per curve."""


@dataclass(frozen=True)
class Series:
    """One named set of ``(x, y)`` points; ``dashed`` for reference lines."""

    name: str
    points: tuple
    dashed: bool = False


@dataclass(frozen=True)
class Figure:
    """A picture: ``kind`` is ``"line"`` (series, optional marked point) or ``"bars"``."""

    title: str
    x_label: str
    y_label: str
    series: tuple
    marker: tuple | None = None
    kind: str = "line"
    log_x: bool = False
    log_y: bool = False
    caption: str = ""
    bars: tuple = field(default_factory=tuple)


def _value(name: str, params: dict, key: str) -> float | None:
    """A scalar parameter's current value as a float (``None`` if absent or not scalar)."""
    if key not in params:
        return None
    try:
        v = catalog()[name].param(key).parse(params[key])
    except (DerivationError, KeyError):
        return None
    return float(v) if getattr(v, "is_Rational", False) else None


def _curve(name, params: dict, units: str, free: str, xs) -> list | None:
    """The derived closed form of ``name`` as a function of ``free``, at ``xs``.

    ``None`` when the entry cannot be derived with ``free`` left symbolic or
    its result depends on anything but ``free``.
    """
    entry = catalog()[name]
    try:
        symbol = entry.param(free).symbol
        fixed = {k: v for k, v in params.items() if k != free}
        d = derive(name, units=units, dps=15, **fixed)
    except DerivationError:
        return None
    if symbol is None or d.result.free_symbols - {symbol}:
        return None
    ctx = new_context(15)
    f = compile_expr(d.result, [symbol], ctx)
    points = []
    for x in xs:
        try:
            y = float(f(ctx.mpf(x)))
        except (NumericError, ValueError, ZeroDivisionError):
            continue
        if math.isfinite(y):
            points.append((x, y))
    return points


def _at(x: float, name: str, params: dict, units: str, free: str):
    got = _curve(name, params, units, free, [x])
    return (x, got[0][1]) if got else None


def _binary(name, params, units, extras) -> list:
    p = _value(name, params, "p")
    xs = [i / (GRID - 1) for i in range(1, GRID - 1)]
    pts = _curve(name, params, units, "p", xs)
    if not pts:
        return []
    marker = _at(p, name, params, units, "p") if p is not None else None
    return [Figure(
        title=f"H(p) over [0, 1] ({units})", x_label="p", y_label=f"H(p) [{units}]",
        series=(Series("H(p)", tuple(pts)),), marker=marker,
        caption="Symmetric about p = 1/2, where it is largest; 0 at a certain outcome.",
    )]


def _normal_entropy(name, params, units, extras) -> list:
    s = _value(name, params, "sigma") or 1.0
    xs = [s * (0.04 + 2.96 * i / (GRID - 1)) for i in range(GRID)]
    pts = _curve(name, params, units, "sigma", xs)
    if not pts:
        return []
    return [Figure(
        title=f"Gaussian entropy against sigma ({units})", x_label="standard deviation sigma",
        y_label=f"h(X) [{units}]", series=(Series("h(X)", tuple(pts)),),
        marker=_at(s, name, params, units, "sigma"),
        caption="Grows like ln sigma and is negative for small sigma: differential "
        "entropy is not a count of bits.",
    )]


def _kl_normal(name, params, units, extras) -> list:
    mu2, s1, s2 = (_value(name, params, k) for k in ("mu2", "sigma1", "sigma2"))
    mu1 = _value(name, params, "mu1")
    if None in (mu1, mu2, s1, s2):
        return []
    out = []
    width = 3 * max(s1, s2)
    xs = [mu2 - width + 2 * width * i / (GRID - 1) for i in range(GRID)]
    pts = _curve(name, params, units, "mu1", xs)
    if pts:
        shifted = tuple((x - mu2, y) for x, y in pts)
        mark = _at(mu1, name, params, units, "mu1")
        out.append(Figure(
            title=f"KL against the mean difference ({units})", x_label="mu1 - mu2",
            y_label=f"D(P||Q) [{units}]", series=(Series("D(P||Q)", shifted),),
            marker=(mark[0] - mu2, mark[1]) if mark else None,
            caption="A parabola in the mean difference, zero only when the means agree "
            "(at equal variances).",
        ))
    ratios = [0.05 * math.exp(math.log(100) * i / (GRID - 1)) for i in range(GRID)]
    pts = _curve(name, params, units, "sigma1", [s2 * math.sqrt(r) for r in ratios])
    if pts:
        by_ratio = tuple(((x / s2) ** 2, y) for x, y in pts)
        mark = _at(s1, name, params, units, "sigma1")
        out.append(Figure(
            title=f"KL against the variance ratio ({units})", x_label="sigma1^2 / sigma2^2",
            y_label=f"D(P||Q) [{units}]", series=(Series("D(P||Q)", by_ratio),),
            marker=((mark[0] / s2) ** 2, mark[1]) if mark else None, log_x=True,
            caption="Not symmetric: shrinking P's variance costs less than spreading it.",
        ))
    return out


def _stirling(name, params, units, extras) -> list:
    evidence = (extras or {}).get("evidence")
    if not evidence or "table" not in evidence:
        return []
    rows = evidence["table"]
    wanted = (("leading_error", "|(1/k) ln W_k - H(p)|"),
              ("corrected_error", "|ln W_k - k H(p) - next-order term|"))
    series = []
    for key, label in wanted:
        pts = tuple((float(r["k"]), float(r[key])) for r in rows
                    if key in r and float(r[key]) > 0)
        if pts:
            series.append(Series(label, pts))
    if not series:
        return []
    predicted = (evidence.get("predicted") or {}).get("corrected_error", "")
    slope = re.search(r"slope\s*(-?\d+(?:\.\d+)?)", predicted)
    caption = "Errors in nats on log-log axes; the dashed line has the predicted slope."
    if slope and len(series) == 2:
        m = float(slope.group(1))
        k0, e0 = series[1].points[0]
        guide = tuple((k, e0 * (k / k0) ** m) for k, _ in series[1].points)
        series.append(Series(f"predicted slope {m:g}", guide, dashed=True))
    rates = evidence.get("rates") or {}
    fitted = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in rates.items() if v)
    if fitted:
        caption += f" Fitted slopes: {fitted}."
    return [Figure(
        title="Stirling error against k", x_label="word length k", y_label="error [nats]",
        series=tuple(series), log_x=True, log_y=True, caption=caption,
    )]


def _maxent_bars(name, params, units, extras) -> list:
    dist = (extras or {}).get("distribution")
    if not dist or "support" not in params:
        return []
    try:
        support = parse_value(params["support"])
    except ValueError:
        return []
    if not isinstance(support, tuple) or len(support) != len(dist):
        return []
    n = len(dist)
    bars = tuple(
        (str(x), label, value)
        for x, p in zip(support, dist, strict=True)
        for label, value in (("maximum entropy", float(p)), ("uniform", 1 / n))
    )
    return [Figure(
        title="Maximum-entropy distribution next to the uniform", x_label="x",
        y_label="probability", series=(), kind="bars", bars=bars,
        caption="The constraint tilts the uniform distribution exponentially: "
        "p_i proportional to exp(lambda x_i).",
    )]


PLOTS = {
    "binary-entropy": _binary,
    "entropy/bernoulli": _binary,
    "entropy/normal": _normal_entropy,
    "kl/normal": _kl_normal,
    "stirling/binomial": _stirling,
    "stirling/multinomial": _stirling,
    "maxent/discrete-mean": _maxent_bars,
    "maxent/discrete-moments": _maxent_bars,
}
"""Entry name -> ``(name, params, units, extras) -> [Figure]``."""


def figures(name: str, params: tuple, units: str, extras: dict | None = None) -> list:
    """The pictures for ``name`` at ``params`` (``(name, text)`` pairs), possibly none.

    ``extras`` are the derivation's extras at these parameters (derived at 15
    digits when not given).
    """
    make = PLOTS.get(name)
    if make is None or name not in catalog():
        return []
    given = dict(params)
    if extras is None:
        extras = derive(name, units=units, dps=15, **given).extras
    return make(name, given, units, extras)


def chart(fig: Figure):
    """An Altair chart for ``fig``."""
    import altair as alt
    import pandas as pd

    if fig.kind == "bars":
        df = pd.DataFrame(fig.bars, columns=["x", "distribution", "probability"])
        return alt.Chart(df, title=fig.title).mark_bar().encode(
            x=alt.X("x:N", title=fig.x_label, sort=None),
            xOffset="distribution:N",
            y=alt.Y("probability:Q", title=fig.y_label),
            color=alt.Color("distribution:N", title=None),
            tooltip=["x", "distribution", alt.Tooltip("probability:Q", format=".6f")],
        )
    rows = [(s.name, x, y, s.dashed) for s in fig.series for x, y in s.points]
    df = pd.DataFrame(rows, columns=["series", "x", "y", "dashed"])
    x_scale = alt.Scale(type="log") if fig.log_x else alt.Scale(zero=False)
    y_scale = alt.Scale(type="log") if fig.log_y else alt.Scale(zero=False)
    x = alt.X("x:Q", title=fig.x_label, scale=x_scale)
    y = alt.Y("y:Q", title=fig.y_label, scale=y_scale)
    lines = alt.Chart(df, title=fig.title).mark_line().encode(
        x=x, y=y,
        color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom")),
        strokeDash=alt.StrokeDash("dashed:N", legend=None),
        tooltip=[alt.Tooltip("x:Q", format=".4g"), alt.Tooltip("y:Q", format=".6g")],
    )
    if fig.marker is None:
        return lines
    mark = pd.DataFrame([{"x": fig.marker[0], "y": fig.marker[1], "label": "your parameters"}])
    point = alt.Chart(mark).mark_point(size=120, filled=True, color="#d62728").encode(
        x=x, y=y, tooltip=[alt.Tooltip("x:Q", format=".6g"), alt.Tooltip("y:Q", format=".6g")],
    )
    return lines + point

"""Pictures for the derivations where a picture teaches more than a number.

:func:`figures` returns plain data (:class:`Figure`: points, a marked point,
reference lines, bars) for an entry, keyed by its name; entries without a
picture, or whose parameters do not match what a picture needs, get none.
Curves evaluate the *derived* closed form: the entry is derived with the
plotted parameter left symbolic and the result is evaluated on a grid with
:func:`symbolic_info.numeric.context.compile_expr` on a private 15-digit context.
Evidence tables and distributions come from ``Derivation.extras``.
:func:`svg` draws a figure as a static SVG image.  No Streamlit here.

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
from ..numeric.context import NumericError, compile_expr, new_context
from ..params import parse_value

__all__ = ["Series", "Figure", "figures", "svg", "legend_rows", "PLOTS", "FONT_PX"]

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
    """A picture: ``kind`` is ``"line"`` (series, optional marked point), ``"bars"`` or
    ``"tree"`` (``nodes`` at ``(x, depth)`` joined by ``edges`` labelled with a bit)."""

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
    nodes: tuple = field(default_factory=tuple)  # kind "tree": (x, depth, label)
    edges: tuple = field(default_factory=tuple)  # kind "tree": (node index, node index, bit)


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
    pts = [(0.0, 0.0), *pts, (1.0, 0.0)]  # the ends by the limit 0 ln 0 = 0: H(0) = H(1) = 0
    marker = _at(p, name, params, units, "p") if p is not None else None
    return [Figure(
        title=f"H(p) over [0, 1] ({units})", x_label="p", y_label=f"H(p) [{units}]",
        series=(Series("H(p)", tuple(pts)),), marker=marker,
        caption="Symmetric about p = 1/2, where it is largest; 0 at a certain outcome.",
    )]


def _normal_entropy(name, params, units, extras) -> list:
    given = _value(name, params, "sigma")
    s = given or 1.0
    xs = [s * (0.04 + 2.96 * i / (GRID - 1)) for i in range(GRID)]
    pts = _curve(name, params, units, "sigma", xs)
    if not pts:
        return []
    return [Figure(
        title=f"Gaussian entropy against sigma ({units})", x_label="standard deviation sigma",
        y_label=f"h(X) [{units}]", series=(Series("h(X)", tuple(pts)),),
        marker=_at(s, name, params, units, "sigma") if given else None,
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


def _quantised(name, params, units, extras) -> list:
    """|H(X_delta) - (h(X) - log delta)| against delta on log-log axes (task 1.7), with the
    error of H(X_delta) - H(Y_delta) against h(X) - h(Y) when Y is given (task 1.8)."""
    evidence = (extras or {}).get("evidence")
    if not evidence or "table" not in evidence:
        return []
    rows = evidence["table"]
    unit = evidence.get("units", units)
    wanted = (("error", "|H(X_delta) - (h(X) - log delta)|"),
              ("difference error", "|H(X_delta) - H(Y_delta) - (h(X) - h(Y))|"))
    series = []
    for key, label in wanted:
        pts = tuple((float(parse_value(r["delta"])), abs(float(r[key]))) for r in rows
                    if key in r and float(r[key]) != 0)
        if len(pts) >= 2:
            series.append(Series(label, pts))
    if not series:
        return []
    d0, e0 = series[0].points[-1]
    series.append(Series("predicted slope 2 (O(delta^2))",
                         tuple((d, e0 * (d / d0) ** 2) for d, _ in series[0].points),
                         dashed=True))
    rates = evidence.get("rates") or {}
    fitted = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in rates.items() if v)
    caption = (f"Errors in {unit} on log-log axes; the dashed line has the predicted slope 2: "
               "halving delta divides the error by 4.")
    if fitted:
        caption += f" Fitted slopes over the three smallest delta: {fitted}."
    return [Figure(
        title="Quantised entropy: the error against delta", x_label="cell width delta",
        y_label=f"error [{unit}]", series=tuple(series), log_x=True, log_y=True,
        caption=caption,
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


def _capacity(name, params, units, extras) -> list:
    """The BSC's capacity against eps; I(X;Y) over the input of a two-input channel."""
    from ..measures.capacity import EPS, two_input_rows
    from ..numeric.channel_capacity import mutual_information_float

    try:
        channel = catalog()[name].param("channel").parse(params.get("channel", "bsc(1/10)"))
    except DerivationError:
        return []
    scale = 1 / math.log(2) if units == "bits" else 1.0
    out = []
    curve = derive(name, units=units, dps=15)
    if curve.result.free_symbols == {EPS}:
        ctx = new_context(15)
        f = compile_expr(curve.result, [EPS], ctx)
        pts = tuple((i / (GRID - 1), float(f(ctx.mpf(i) / (GRID - 1))))
                    for i in range(1, GRID - 1))
        marker = None
        if channel.kind == "bsc":
            e = float(channel.args[0])
            marker = (e, scale * mutual_information_float(channel.rows, [0.5, 0.5]))
        out.append(Figure(
            title=f"Capacity of the binary symmetric channel ({units})",
            x_label="crossover probability eps", y_label=f"C = 1 - H(eps) [{units}]",
            series=(Series("C(eps)", pts),), marker=marker,
            caption="Zero at eps = 1/2 (the output says nothing about the input); a channel "
            "that always flips (eps = 1) is as good as a perfect one.",
        ))
    rows = two_input_rows(channel)
    found = (extras or {}).get("capacity_achieving_input") or {}
    if rows is not None and isinstance(found.get("input"), list):
        xs = [i / (GRID - 1) for i in range(GRID)]
        pts = tuple((a, scale * mutual_information_float(rows, [1 - a, a])) for a in xs)
        star = float(found["input"][1])
        out.append(Figure(
            title=f"I(X;Y) over the input distribution ({units})",
            x_label="alpha = P(X = 1)", y_label=f"I(X;Y) [{units}]",
            series=(Series("I(X;Y)", pts),),
            marker=(star, scale * mutual_information_float(rows, [1 - star, star])),
            caption="Concave in the input; the marked maximum is the capacity, at the "
            "capacity-achieving input.",
        ))
    return out


def _huffman_tree(name, params, units, extras) -> list:
    """The Huffman tree: leaves in code-word order, each edge labelled with its bit."""
    from ..measures.huffman import huffman_code

    try:
        p = catalog()[name].param("p").parse(params.get("p", "0.4,0.3,0.2,0.1"))
    except DerivationError:
        return []
    code = huffman_code(p)
    place, nodes, edges, leaves = {}, [], [], [0]

    def visit(node, depth):
        if node in code.children:
            kids = [visit(k, depth + 1) for k in code.children[node]]
            x = sum(nodes[k][0] for k in kids) / 2
            label = str(sum(code.p[i] for i in _leaves_below(code, node)))
        else:
            x, kids = float(leaves[0]), []
            leaves[0] += 1
            label = f"x{node + 1}: {code.p[node]} -> {code.words[node]}"
        place[node] = len(nodes)
        nodes.append((x, depth, label))
        for bit, k in zip("01", kids, strict=False):
            edges.append((place[node], k, bit))
        return place[node]

    visit(code.root, 0)
    L = code.expected_length
    return [Figure(
        title="Huffman tree", x_label="", y_label="", series=(), kind="tree",
        nodes=tuple(nodes), edges=tuple(edges),
        caption=f"Each merge joins the two least probable nodes; a symbol's code word is the "
        f"path from the root. Expected length L = {L} = {float(L):.6g} bits.",
    )]


def _leaves_below(code, node) -> list:
    stack, out = [node], []
    while stack:
        n = stack.pop()
        if n in code.children:
            stack += list(code.children[n])
        else:
            out.append(n)
    return out


def _posterior_prior(name, params, units, extras) -> list:
    from .bayes_plots import posterior_prior

    return posterior_prior(name, params, units, extras)


def _rows(value) -> tuple:
    """A parsed matrix as a tuple of row tuples (empty when it is not a matrix)."""
    if not hasattr(value, "tolist"):
        return ()
    return tuple(tuple(r) for r in value.tolist())


def _exponential(name, params, units, extras) -> list:
    given = _value(name, params, "lambda")
    lam = given or 1.0
    xs = [lam * math.exp(math.log(100) * (i / (GRID - 1) - 0.5)) for i in range(GRID)]
    pts = _curve(name, params, units, "lambda", xs)
    if not pts:
        return []
    return [Figure(
        title=f"Exponential entropy against the rate ({units})", x_label="rate lambda",
        y_label=f"h(X) [{units}]", series=(Series("h(X) = 1 - ln lambda", tuple(pts)),),
        marker=_at(lam, name, params, units, "lambda") if given else None, log_x=True,
        caption="A straight line on a log axis: doubling the rate halves the spread and "
        "lowers the entropy by ln 2.",
    )]


def _student_t(name, params, units, extras) -> list:
    given = _value(name, params, "nu")
    sigma = _value(name, params, "sigma") or 1.0
    xs = [0.5 * math.exp(math.log(400) * i / (GRID - 1)) for i in range(GRID)]
    pts = _curve(name, params, units, "nu", xs)
    if not pts:
        return []
    gauss = math.log(2 * math.pi * math.e * sigma**2) / 2 / (math.log(2) if units == "bits"
                                                              else 1)
    limit = tuple((x, gauss) for x, _ in pts)
    return [Figure(
        title=f"Student's t entropy against the degrees of freedom ({units})",
        x_label="degrees of freedom nu", y_label=f"h(X) [{units}]",
        series=(Series("h(X)", tuple(pts)), Series("normal, same scale", limit, dashed=True)),
        marker=_at(given, name, params, units, "nu") if given else None, log_x=True,
        caption="Heavy tails carry more entropy; as nu grows the t distribution becomes "
        "the normal and its entropy falls to (1/2) ln(2 pi e sigma^2).",
    )]


def _mutual_information(name, params, units, extras) -> list:
    try:
        table = _rows(parse_value(params.get("pxy", "")))
    except (ValueError, DerivationError):
        return []
    if not table:
        return []
    rows = [float(sum(r)) for r in table]
    cols = [float(sum(c)) for c in zip(*table, strict=True)]
    bars = tuple(
        (f"({i + 1},{j + 1})", label, value)
        for i, r in enumerate(table) for j, v in enumerate(r)
        for label, value in (("p(x, y)", float(v)), ("p(x) p(y)", rows[i] * cols[j]))
    )
    return [Figure(
        title="The joint table next to the product of its marginals", x_label="cell (x, y)",
        y_label="probability", series=(), kind="bars", bars=bars,
        caption="I(X;Y) measures how far the joint distribution is from the product of its "
        "marginals; it is 0 exactly when every pair of bars is equal.",
    )]


def _mvnormal(name, params, units, extras) -> list:
    try:
        cov = _rows(parse_value(params.get("Sigma", "")))
        mu = parse_value(params.get("mu", ""))
    except ValueError:
        return []
    if len(cov) != 2 or not isinstance(mu, tuple) or len(mu) != 2 or not cov[0][0] > 0:
        return []
    (a, b), (_, d) = ((float(v) for v in r) for r in cov)
    l11 = math.sqrt(a)
    l21 = b / l11
    l22 = math.sqrt(max(d - l21 * l21, 0.0))
    series = []
    for k in (1, 2):
        ts = [2 * math.pi * i / (GRID - 1) for i in range(GRID)]
        pts = tuple((float(mu[0]) + k * l11 * math.cos(t),
                     float(mu[1]) + k * (l21 * math.cos(t) + l22 * math.sin(t))) for t in ts)
        series.append(Series(f"{k} standard deviation{'s' if k > 1 else ''}", pts,
                             dashed=k > 1))
    return [Figure(
        title="Contours of the bivariate normal density", x_label="x1", y_label="x2",
        series=tuple(series), marker=(float(mu[0]), float(mu[1])),
        caption="The entropy (1/2) ln((2 pi e)^n det Sigma) grows with the area of these "
        "ellipses, which is proportional to sqrt(det Sigma).",
    )]


PLOTS = {
    "entropy/exponential": _exponential,
    "entropy/student_t": _student_t,
    "mutual-information": _mutual_information,
    "entropy/mvnormal": _mvnormal,
    "binary-entropy": _binary,
    "entropy/bernoulli": _binary,
    "entropy/normal": _normal_entropy,
    "kl/normal": _kl_normal,
    "stirling/binomial": _stirling,
    "stirling/multinomial": _stirling,
    "maxent/discrete-mean": _maxent_bars,
    "maxent/discrete-moments": _maxent_bars,
    "capacity": _capacity,
    "huffman": _huffman_tree,
    "quantised-entropy": _quantised,
    "information-gain": _posterior_prior,
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


_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd")
_W, _H = 640, 380
_LEFT, _RIGHT, _TOP, _BOTTOM = 84, 18, 40, 86
FONT_PX = 16
"""Text size of axis labels, ticks and legend, in SVG pixels (the picture is drawn one per row,
at least as wide as its 640-pixel view box on a 1024-pixel screen: 14 px or more on a projector)."""
TITLE_PX = 18
LEGEND_ROW = 26
CHAR_PX = 0.6 * FONT_PX
"""Width of an average character of sans-serif text at :data:`FONT_PX`."""


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _nice_ticks(lo: float, hi: float, count: int = 5) -> list:
    """Round tick values (1, 2, 5 times a power of ten) covering ``[lo, hi]``."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / count
    step = 10 ** math.floor(math.log10(raw))
    step *= next(m for m in (1, 2, 5, 10) if step * m >= raw)
    first = math.ceil(lo / step - 1e-9)
    return [round(k * step, 12) for k in range(first, int(math.floor(hi / step + 1e-9)) + 1)]


def _fmt(v: float) -> str:
    return f"{v:.6g}"


class _Axis:
    """Maps data to pixels on a linear or log10 scale."""

    def __init__(self, lo, hi, log, a, b):
        self.log = log
        t = (lambda v: math.log10(v)) if log else (lambda v: v)
        self.t = t
        self.lo, self.hi = t(lo), t(hi)
        if self.hi == self.lo:
            self.lo, self.hi = self.lo - 0.5, self.hi + 0.5
        self.a, self.b = a, b

    def __call__(self, v):
        return self.a + (self.t(v) - self.lo) / (self.hi - self.lo) * (self.b - self.a)

    def ticks(self):
        if self.log:
            return [10.0**k for k in range(math.ceil(self.lo), math.floor(self.hi) + 1)]
        return [v for v in _nice_ticks(self.lo, self.hi) if self.lo <= v <= self.hi]

    def label(self, v) -> str:
        if self.log:
            return f"10<tspan dy='-7' font-size='{FONT_PX - 2}'>{round(math.log10(v))}</tspan>"
        return _fmt(v)


def svg(fig: Figure) -> str:
    """A static SVG picture of ``fig`` (axes, ticks, series, marked point, legend).

    Static on purpose: it costs the browser nothing to draw, so the page's
    formulas appear at once (a charting library's script is much heavier).
    """
    x0, x1, y0, y1 = _LEFT, _W - _RIGHT, _H - _BOTTOM, _TOP
    names = [s.name for s in fig.series] + ([_marker_name(fig.marker)]
                                            if fig.marker is not None else [])
    if fig.kind == "bars":
        names = list(dict.fromkeys(g for _, g, _ in fig.bars))
    height = _H + LEGEND_ROW * (len(legend_rows(names)) - 1)
    out = [f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {_W} {height}' "
           f"width='{_W}' height='{height}' font-family='sans-serif' font-size='{FONT_PX}'>",
           f"<rect width='{_W}' height='{height}' fill='white'/>",
           f"<text x='{_W / 2}' y='24' text-anchor='middle' font-size='{TITLE_PX}' "
           f"font-weight='bold'>{_esc(fig.title)}</text>"]
    if fig.kind == "bars":
        return "".join(out + _bars(fig, x0, x1, y0, y1) + ["</svg>"])
    if fig.kind == "tree":
        return "".join(out + _tree(fig, x0, x1, y0, y1) + ["</svg>"])
    points = [p for s in fig.series for p in s.points] + ([fig.marker] if fig.marker else [])
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    pad = 0 if fig.log_y else 0.05 * (max(ys) - min(ys) or 1)
    X = _Axis(min(xs), max(xs), fig.log_x, x0, x1)
    Y = _Axis(min(ys) - pad, max(ys) + pad, fig.log_y, y0, y1)
    out += _frame(X, Y, fig, x0, x1, y0, y1)
    legend = []
    for i, s in enumerate(fig.series):
        colour = "#7f7f7f" if s.dashed else _COLOURS[i % len(_COLOURS)]
        dash = " stroke-dasharray='6 4'" if s.dashed else ""
        path = " ".join(f"{X(x):.1f},{Y(y):.1f}" for x, y in s.points)
        out.append(f"<polyline points='{path}' fill='none' stroke='{colour}' "
                   f"stroke-width='2'{dash}/>")
        legend.append((s.name, colour, dash))
    if fig.marker is not None:
        mx, my = fig.marker
        out.append(f"<circle cx='{X(mx):.1f}' cy='{Y(my):.1f}' r='6' fill='#d62728'>"
                   f"<title>{_esc(f'({_fmt(mx)}, {_fmt(my)})')}</title></circle>")
        legend.append((_marker_name(fig.marker), "#d62728", "dot"))
    out += _legend(legend)
    return "".join(out + ["</svg>"])


def _frame(X, Y, fig, x0, x1, y0, y1) -> list:
    out = [f"<rect x='{x0}' y='{y1}' width='{x1 - x0}' height='{y0 - y1}' fill='none' "
           "stroke='#bbb'/>"]
    for v in X.ticks():
        px = X(v)
        out.append(f"<line x1='{px:.1f}' y1='{y1}' x2='{px:.1f}' y2='{y0}' stroke='#eee'/>")
        out.append(f"<text x='{px:.1f}' y='{y0 + 20}' text-anchor='middle'>{X.label(v)}</text>")
    for v in Y.ticks():
        py = Y(v)
        out.append(f"<line x1='{x0}' y1='{py:.1f}' x2='{x1}' y2='{py:.1f}' stroke='#eee'/>")
        out.append(f"<text x='{x0 - 6}' y='{py + 4:.1f}' text-anchor='end'>{Y.label(v)}</text>")
    out.append(f"<text x='{(x0 + x1) / 2}' y='{y0 + 42}' text-anchor='middle'>"
               f"{_esc(fig.x_label)}</text>")
    out.append(f"<text transform='translate(20 {(y0 + y1) / 2}) rotate(-90)' "
               f"text-anchor='middle'>{_esc(fig.y_label)}</text>")
    return out


def _marker_name(marker) -> str:
    return f"your parameters: ({_fmt(marker[0])}, {_fmt(marker[1])})"


def legend_rows(names: list) -> list:
    """The legend's entries in rows that fit the picture's width: ``[[(x, name), ...], ...]``.

    >>> len(legend_rows(["a"] * 3)), len(legend_rows(["a long legend entry " * 2] * 3))
    (1, 3)
    """
    rows, x = [[]], _LEFT
    for name in names:
        width = 40 + CHAR_PX * len(name)
        if rows[-1] and x + width > _W - _RIGHT:
            rows.append([])
            x = _LEFT
        rows[-1].append((x, name))
        x += width
    return rows


def _legend(items) -> list:
    out = []
    style = {name: (colour, dash) for name, colour, dash in items}
    for r, row in enumerate(legend_rows([name for name, _, _ in items])):
        y = _H - 22 + LEGEND_ROW * r
        out += _legend_row(row, style, y)
    return out


def _legend_row(row, style, y) -> list:
    out = []
    for x, name in row:
        colour, dash = style[name]
        if dash == "dot":
            out.append(f"<circle cx='{x + 10}' cy='{y - 4}' r='5' fill='{colour}'/>")
        else:
            out.append(f"<line x1='{x}' y1='{y - 4}' x2='{x + 20}' y2='{y - 4}' "
                       f"stroke='{colour}' stroke-width='2'{dash}/>")
        out.append(f"<text x='{x + 26}' y='{y}'>{_esc(name)}</text>")
    return out


def _bars(fig, x0, x1, y0, y1) -> list:
    cats = list(dict.fromkeys(c for c, _, _ in fig.bars))
    groups = list(dict.fromkeys(g for _, g, _ in fig.bars))
    top = max(v for _, _, v in fig.bars) * 1.1 or 1
    Y = _Axis(0, top, False, y0, y1)
    out = _frame(_NoTicks(), Y, fig, x0, x1, y0, y1)
    slot = (x1 - x0) / len(cats)
    width = slot * 0.8 / len(groups)
    value = {(c, g): v for c, g, v in fig.bars}
    for i, c in enumerate(cats):
        left = x0 + i * slot + slot * 0.1
        for j, g in enumerate(groups):
            v = value.get((c, g), 0)
            colour = _COLOURS[0] if j == 0 else "#bbbbbb"
            out.append(f"<rect x='{left + j * width:.1f}' y='{Y(v):.1f}' width='{width - 2:.1f}' "
                       f"height='{y0 - Y(v):.1f}' fill='{colour}'><title>{_esc(f'{g}: {v:.6f}')}"
                       "</title></rect>")
        out.append(f"<text x='{x0 + (i + 0.5) * slot:.1f}' y='{y0 + 20}' "
                   f"text-anchor='middle'>{_esc(c)}</text>")
    return out + _legend([(g, _COLOURS[0] if j == 0 else "#bbbbbb", "")
                          for j, g in enumerate(groups)])


def _tree(fig, x0, x1, y0, y1) -> list:
    width = max(x for x, _, _ in fig.nodes) or 1
    depth = max(d for _, d, _ in fig.nodes) or 1

    def at(i):
        x, d, _ = fig.nodes[i]
        return x0 + 20 + x / width * (x1 - x0 - 40), y1 + 10 + d / depth * (y0 - y1 - 20)

    out = []
    for a, b, bit in fig.edges:
        (ax, ay), (bx, by) = at(a), at(b)
        out.append(f"<line x1='{ax:.1f}' y1='{ay:.1f}' x2='{bx:.1f}' y2='{by:.1f}' "
                   "stroke='#1f77b4' stroke-width='2'/>")
        out.append(f"<text x='{(ax + bx) / 2 - 8:.1f}' y='{(ay + by) / 2:.1f}' "
                   f"fill='#d62728'>{bit}</text>")
    for i, (_, _, label) in enumerate(fig.nodes):
        x, y = at(i)
        out.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='5' fill='#1f77b4'/>")
        out.append(f"<text x='{x:.1f}' y='{y + 18:.1f}' text-anchor='middle' "
                   f"font-size='{FONT_PX - 2}'>{_esc(label)}</text>")
    return out


class _NoTicks:
    def ticks(self):
        return []

"""Pictures for the derivations where a picture teaches more than a number.

:func:`figures` returns plain data (:class:`~symbolic_info.web.figure.Figure`: points, a
marked point, reference lines, bars) for an entry, keyed by its name; entries without a
picture, or whose parameters do not match what a picture needs, get none.
Curves evaluate the *derived* closed form: the entry is derived with the
plotted parameter left symbolic and the result is evaluated on a grid with
:func:`symbolic_info.numeric.context.compile_expr` on a private 15-digit context.
Evidence tables and distributions come from ``Derivation.extras``.
:func:`symbolic_info.web.svg_picture.svg` draws a figure.  No Streamlit here.

Example
-------
>>> figs = figures("entropy/normal", (("mu", "0"), ("sigma", "2")), "nats")
>>> figs[0].x_label, len(figs[0].series[0].points) > 50, figs[0].marker[0]
('standard deviation sigma', True, 2.0)
"""

from __future__ import annotations

import math
import re

from ..catalog import catalog, derive
from ..core import DerivationError
from ..numeric.context import NumericError, compile_expr, new_context
from ..params import parse_value
from .figure import GRID, Figure, Series

__all__ = ["figures", "PLOTS"]


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

"""Pictures of two variables as plain SVG text: the joint density as a heat map, and the
information diagram with areas to scale.  No Streamlit here.

:func:`joint_grid` evaluates the joint density (or pmf) of a model or joint law on a
grid at 15 digits; :func:`heatmap_svg` draws it; :func:`diagram_svg` draws H(X) and
H(Y) as two discs whose areas are the entropies and whose overlap is I(X;Y)
(MacKay, *Information Theory, Inference, and Learning Algorithms*, Fig. 8.1).

Example
-------
>>> g = joint_grid("joint", "2 on 0 < y < x < 1", {})
>>> len(g["xs"]), max(max(r) for r in g["values"])
(40, 2.0)
>>> "<circle" in diagram_svg({"values": {"H(X)": "1", "H(Y)": "1", "I(X;Y)": "0.5"},
...                           "names": ["X", "Y"], "discrete": [True, True]})
True
"""

from __future__ import annotations

import math

import sympy as sp

from ..checker.grammar import ParseError
from ..language import (
    FamilyCall,
    Formula,
    SymbolTable,
    conditional_at,
    parse_joint,
    parse_model,
    substitute,
    support_of,
)
from ..numeric.context import NumericError, compile_expr, new_context
from ..params import parse_value
from .svg_picture import FONT_PX

__all__ = ["joint_grid", "heatmap_svg", "diagram_svg", "lens_distance", "curve_svg", "CELLS"]

CELLS = 40
"""Grid points per continuous axis."""
_W, _H = 420, 320
_ROW = FONT_PX + 4
_R = 105
"""Radius of the larger disc of the information diagram."""
_CY = 10 + _R
"""Height of the discs' centres: the three lines of values fit below them."""
"""Distance between two lines of text, in SVG pixels."""


def _values(params: dict, table: SymbolTable) -> dict:
    out = {}
    for name, s in table.symbols.items():
        if name in params:
            try:
                v = parse_value(str(params[name]))
            except Exception:  # noqa: BLE001 - a bad value: no picture, the derivation says why
                return {}
            if getattr(v, "is_Rational", False):
                out[s] = v
    return out


def _axis(lo, hi, loc, scale) -> list:
    lo = float(lo) if lo.is_finite else float(loc) - 4 * float(scale)
    hi = float(hi) if hi.is_finite else float(loc) + 4 * float(scale)
    return [lo + (hi - lo) * (i + 0.5) / CELLS for i in range(CELLS)]


def _loc_scale(dist):
    if isinstance(dist, FamilyCall):
        args = dict(dist.args)
        loc = args.get("mu", args.get("m", 0))
        scale = args.get("sigma", args.get("b", 1))
        if not isinstance(loc, tuple) and not isinstance(scale, tuple):
            return sp.sympify(loc), sp.sympify(scale)
    return sp.Integer(0), sp.Integer(3)


def _density(dist, var):
    form = dist.form if isinstance(dist, FamilyCall) else dist
    if not isinstance(form, Formula) or form.discrete:
        return None
    return form.density.subs(form.var, var)


def joint_grid(kind: str, text: str, params: dict) -> dict | None:
    """``{"xs", "ys", "values", "x", "y"}`` on a grid, or ``None`` (symbolic, discrete Y,
    or anything unreadable)."""
    try:
        return _grid(kind, text, params)
    except (ParseError, TypeError, ValueError, ZeroDivisionError, KeyError, NumericError):
        return None  # a parameter left symbolic, or a spec the derivation refuses in words


def _grid(kind: str, text: str, params: dict) -> dict | None:
    table = SymbolTable()
    try:
        obj = parse_model(text, table) if kind == "model" else parse_joint(text, table)
    except ParseError:
        return None
    sub = _values(params, table)
    x, y = sp.Symbol("gx", real=True), sp.Symbol("gy", real=True)
    if kind == "joint":
        f = obj.density.subs({obj.x: x, obj.y: y}).subs(sub)
        if obj.kind == "mvnormal":
            cov = obj.cov.subs(sub)
            if cov.free_symbols:
                return None
            xs = [float(obj.mean[0]) + (i / (CELLS - 1) - 0.5) * 8 * math.sqrt(cov[0, 0])
                  for i in range(CELLS)]
            ys = [float(obj.mean[1]) + (i / (CELLS - 1) - 0.5) * 8 * math.sqrt(cov[1, 1])
                  for i in range(CELLS)]
            return _fill(f, x, y, xs, ys, lambda *_a: True, ("x", "y"))
        (a, b), (g, h) = obj.outer_range, obj.inner_range
        if not (a.is_finite and b.is_finite):
            return None
        outer = obj.x if obj.outer == "x" else obj.y
        lo_of, hi_of = (sp.lambdify(outer, e.subs(sub)) for e in (g, h))
        inner_lo = min(float(lo_of(float(a))), float(lo_of(float(b))))
        inner_hi = max(float(hi_of(float(a))), float(hi_of(float(b))))
        if not all(math.isfinite(v) for v in (inner_lo, inner_hi)):
            return None
        outer_axis = _axis(a, b, 0, 1)
        inner_axis = _axis(sp.Float(inner_lo), sp.Float(inner_hi), 0, 1)
        xs, ys = (outer_axis, inner_axis) if obj.outer == "x" else (inner_axis, outer_axis)

        def inside(u, v):
            o, i = (u, v) if obj.outer == "x" else (v, u)
            return float(lo_of(o)) <= i <= float(hi_of(o))
        return _fill(f, x, y, xs, ys, inside, ("x", "y"))
    if len(obj.variables) != 2 or obj.variables[1].discrete:
        return None
    vx, vy = obj.variables
    prior = substitute(vx.distribution, sub)
    loc, scale = _loc_scale(prior)
    s = support_of(prior)
    if s.values is not None:
        xs = [float(v) for v in s.values][:CELLS]
        cols = []
        for v in s.values[:CELLS]:
            c = substitute(conditional_at(vy, {vx.name: v}), sub)
            p = dict(prior.form.items if isinstance(prior, FamilyCall) else prior.items)[v] \
                if not isinstance(prior, Formula) else prior.density.subs(prior.var, v)
            cols.append((float(p), _density(c, y)))
        cloc, cscale = _loc_scale(substitute(conditional_at(vy, {vx.name: s.values[-1]}), sub))
        ys = _axis(-sp.oo, sp.oo, cloc / 2, abs(cscale) + abs(cloc) / 2)
        return _columns(cols, y, xs, ys, (vx.name, vy.name))
    px = _density(prior, x)
    cond = _density(vy.distribution, y)
    if px is None or cond is None:
        return None
    f = (px * cond.subs(vx.symbol, x)).subs(sub)
    xs = _axis(s.lo, s.hi, loc, scale)
    ys = _axis(-sp.oo, sp.oo, 0, abs(scale) + 1)
    return _fill(f, x, y, xs, ys, lambda *_a: True, (vx.name, vy.name))


def _fill(f, x, y, xs, ys, inside, names) -> dict | None:
    if f.free_symbols - {x, y}:
        return None
    ctx = new_context(15)
    g = compile_expr(f, [x, y], ctx)
    values = []
    for v in ys:
        row = []
        for u in xs:
            try:
                row.append(float(g(ctx.mpf(u), ctx.mpf(v))) if inside(u, v) else 0.0)
            except (NumericError, ValueError, ZeroDivisionError, TypeError):
                row.append(0.0)
        values.append(row)
    return {"xs": xs, "ys": ys, "values": values, "x": names[0], "y": names[1]}


def _columns(cols, y, xs, ys, names) -> dict | None:
    ctx = new_context(15)
    values = [[0.0] * len(xs) for _ in ys]
    for j, (p, dens) in enumerate(cols):
        if dens is None or dens.free_symbols - {y}:
            return None
        g = compile_expr(dens, [y], ctx)
        for i, v in enumerate(ys):
            values[i][j] = p * float(g(ctx.mpf(v)))
    return {"xs": xs, "ys": ys, "values": values, "x": names[0], "y": names[1]}


def _colour(t: float) -> str:
    t = min(max(t, 0.0), 1.0)
    r, g, b = int(255 * (1 - 0.2 * t)), int(255 * (1 - 0.75 * t)), int(255 * (1 - 0.9 * t))
    return f"#{r:02x}{g:02x}{b:02x}"


def heatmap_svg(grid: dict) -> str:
    """The grid as coloured cells (darker is denser), axes labelled with the ranges."""
    top = max((v for row in grid["values"] for v in row), default=0) or 1.0
    nx, ny = len(grid["xs"]), len(grid["ys"])
    cw, ch = (_W - 60) / nx, (_H - 20 - 2 * _ROW) / ny
    out = [f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {_W} {_H}' width='{_W}' "
           f"height='{_H}' font-family='sans-serif' font-size='{FONT_PX}'>",
           f"<rect width='{_W}' height='{_H}' fill='white'/>"]
    for i, row in enumerate(grid["values"]):
        for j, v in enumerate(row):
            out.append(f"<rect x='{50 + j * cw:.1f}' y='{10 + (ny - 1 - i) * ch:.1f}' "
                       f"width='{cw + 0.5:.1f}' height='{ch + 0.5:.1f}' "
                       f"fill='{_colour(v / top)}'/>")
    xs, ys = grid["xs"], grid["ys"]
    out.append(f"<text x='{_W / 2}' y='{_H - 8}' text-anchor='middle'>{grid['x']}: "
               f"{xs[0]:.3g} .. {xs[-1]:.3g}</text>")
    out.append(f"<text x='{_ROW}' y='{_H / 2}' transform='rotate(-90 {_ROW} {_H / 2})' "
               f"text-anchor='middle'>{grid['y']}: {ys[0]:.3g} .. {ys[-1]:.3g}</text>")
    return "".join(out + ["</svg>"])


def lens_distance(r1: float, r2: float, overlap: float) -> float:
    """The distance of two circles' centres whose lens has area ``overlap`` (bisection)."""
    def area(d):
        if d >= r1 + r2:
            return 0.0
        if d <= abs(r1 - r2):
            return math.pi * min(r1, r2) ** 2
        a1 = r1**2 * math.acos((d * d + r1 * r1 - r2 * r2) / (2 * d * r1))
        a2 = r2**2 * math.acos((d * d + r2 * r2 - r1 * r1) / (2 * d * r2))
        k = (-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2)
        return a1 + a2 - 0.5 * math.sqrt(max(k, 0.0))
    lo, hi = abs(r1 - r2), r1 + r2
    for _ in range(80):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if area(mid) > overlap else (lo, mid)
    return (lo + hi) / 2


def diagram_svg(diagram: dict) -> str | None:
    """Two discs of areas H(X), H(Y) overlapping by I(X;Y); ``None`` when an entropy is
    negative (a differential entropy), where areas cannot be to scale."""
    x, y = diagram["names"]
    vals = {k: float(v) for k, v in diagram["values"].items()}
    hx, hy, i = vals[f"H({x})"], vals[f"H({y})"], max(vals[f"I({x};{y})"], 0.0)
    if hx <= 0 or hy <= 0:
        return None
    scale = _R / math.sqrt(max(hx, hy) / math.pi)
    r1, r2 = math.sqrt(hx / math.pi), math.sqrt(hy / math.pi)
    d = lens_distance(r1, r2, min(i, min(hx, hy)))
    cx = _W / 2 - d * scale / 2
    out = [f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {_W} {_H}' width='{_W}' "
           f"height='{_H}' font-family='sans-serif' font-size='{FONT_PX}'>",
           f"<rect width='{_W}' height='{_H}' fill='white'/>",
           f"<circle cx='{cx:.1f}' cy='{_CY}' r='{r1 * scale:.1f}' fill='#1f77b4' "
           "fill-opacity='0.35' stroke='#1f77b4'/>",
           f"<circle cx='{cx + d * scale:.1f}' cy='{_CY}' r='{r2 * scale:.1f}' fill='#ff7f0e' "
           "fill-opacity='0.35' stroke='#ff7f0e'/>"]
    lines = [f"H({x}) = {hx:.4g}", f"H({y}) = {hy:.4g}", f"I({x};{y}) = {i:.4g}"]
    for k, line in enumerate(lines):
        out.append(f"<text x='10' y='{_H - 10 - _ROW * (len(lines) - 1 - k)}'>{line}</text>")
    return "".join(out + ["</svg>"])


def curve_svg(extras: dict) -> str | None:
    """Course task 1.12: I(mu) in bits against the separation mu, the model's mu marked."""
    from .figure import Figure, Series
    from .svg_picture import svg

    if "curve" not in extras:
        return None
    points = tuple(tuple(p) for p in extras["curve"])
    mu = float(extras["separation"])
    marker = None
    if mu <= points[-1][0]:
        k = min(range(len(points)), key=lambda j: abs(points[j][0] - mu))
        marker = (mu, points[k][1])
    return svg(Figure("I(X;Y) of a fair bit seen through N(mu X, 1)", "separation mu",
                      "I(X;Y) in bits", (Series("I(mu)", points),
                                         Series("mu^2/(8 ln 2)", tuple(
                                             (x, x * x / 8 / math.log(2)) for x, _y in points
                                             if x * x / 8 / math.log(2) <= 1.05), True)),
                      marker))

"""Draw a :class:`~symbolic_info.web.figure.Figure` as a static SVG picture.

Axes with round ticks (linear or log10), the series, a marked point, bars or a code tree,
and a legend that wraps onto more rows; text at :data:`FONT_PX` so it stays legible on a
projector.  Static on purpose: it costs the browser nothing to draw.

Example
-------
>>> from symbolic_info.web.figure import Figure, Series
>>> svg(Figure("H(p)", "p", "bits", (Series("H", ((0.0, 0.0), (0.5, 1.0))),)))[:4]
'<svg'
"""

from __future__ import annotations

import math

from .figure import Figure

__all__ = ["svg", "legend_rows", "FONT_PX"]


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

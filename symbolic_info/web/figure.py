"""A picture as plain data: :class:`Series` of points and the :class:`Figure` that holds them.

Built by :mod:`symbolic_info.web.plots` (and the Bayes and custom-problem pages), drawn by
:func:`symbolic_info.web.svg_picture.svg`.  No Streamlit, no drawing here.

Example
-------
>>> fig = Figure("H(p)", "p", "bits", (Series("H", ((0.0, 0.0), (0.5, 1.0))),))
>>> fig.kind, fig.series[0].points[-1]
('line', (0.5, 1.0))
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["GRID", "Series", "Figure"]

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

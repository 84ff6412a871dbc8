"""What the app shows, as plain strings: no Streamlit, no math.

Every LaTeX string the Derivations page hands to KaTeX comes from
:func:`step_equation`, :func:`result_equation` or :func:`latex_strings`, so a
test can render exactly these strings with the real KaTeX.

Example
-------
>>> from symbolic_info import derive
>>> d = derive("entropy/exponential", **{"lambda": "2"})
>>> step_equation(d, 0).startswith("h(X) = ")
True
>>> md_escape("E[(X - mu)^2] = sigma^2 * 2")
'E\\\\[\\\\(X \\\\- mu\\\\)\\\\^2\\\\] \\\\= sigma\\\\^2 \\\\* 2'
"""

from __future__ import annotations

import string

from ..catalog import GROUPS
from ..core import Check, Derivation
from ..render import check_badge, result_latex, step_lines

__all__ = [
    "GROUP_LABELS",
    "group_label",
    "step_equation",
    "result_equation",
    "latex_strings",
    "badge_markdown",
    "md_escape",
    "file_stem",
    "params_key",
    "groups_in_order",
]

GROUP_LABELS = {
    "entropy": "Differential entropy",
    "divergence": "Divergences",
    "discrete": "Discrete measures",
    "limits": "Limits (Stirling)",
    "maximum entropy": "Maximum entropy",
}
"""Display names of the catalog groups (:data:`symbolic_info.catalog.GROUPS`)."""

_PUNCTUATION = set(string.punctuation)


def group_label(group: str) -> str:
    """Display name of a catalog group; unknown groups are capitalised."""
    return GROUP_LABELS.get(group, group.capitalize())


def step_equation(d: Derivation, i: int) -> str:
    """LaTeX of step ``i``: the first reads ``quantity = lhs = rhs``; a chain step ``= rhs``;
    a step that restarts the chain (a stated fact) ``lhs = rhs``."""
    lhs, rhs, _ = step_lines(d)[i]
    if i == 0:
        return f"{d.quantity} = {lhs} = {rhs}"
    return f"{lhs} = {rhs}" if lhs is not None else f"= {rhs}"


def result_equation(d: Derivation) -> str:
    """LaTeX of the result: ``quantity = closed form``."""
    return result_latex(d)


def latex_strings(d: Derivation) -> list:
    """Every LaTeX string the Derivations page renders for ``d``."""
    return [step_equation(d, i) for i in range(len(d.steps))] + [result_equation(d)]


def badge_markdown(check: Check | None) -> str:
    """A coloured Streamlit badge for a step's check (green symbolic, blue numeric, red else)."""
    label = check_badge(check)
    if check is None or not check.ok:
        colour = "red"
    elif check.method == "numeric":
        colour = "blue"
    else:
        colour = "green"
    return f":{colour}-badge[{md_escape(label)}]"


def md_escape(text: str) -> str:
    """Backslash-escape ASCII punctuation so Markdown shows ``text`` literally (no math, links)."""
    return "".join("\\" + ch if ch in _PUNCTUATION else ch for ch in text)


def file_stem(name: str) -> str:
    """A file name for downloads: ``kl/normal`` -> ``kl-normal``."""
    return name.replace("/", "-")


def params_key(params: dict) -> tuple:
    """Parameters as a hashable, ordered tuple of ``(name, text)`` (the cache key)."""
    return tuple(sorted((k, v.strip()) for k, v in params.items()))


def groups_in_order(entries) -> list:
    """The groups of ``entries`` in catalog order (unknown groups last, sorted)."""
    present = {e.group for e in entries}
    return [g for g in GROUPS if g in present] + sorted(present - set(GROUPS))

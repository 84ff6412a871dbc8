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
>>> page_data(d)["steps"][0]["latex"] == latex_strings(d)[0]
True
>>> md_escape("E[(X - mu)^2] = sigma^2 * 2")
'E\\\\[\\\\(X \\\\- mu\\\\)\\\\^2\\\\] \\\\= sigma\\\\^2 \\\\* 2'
"""

from __future__ import annotations

import string

from ..catalog import GROUPS
from ..core import Check, Derivation
from ..output.latex_document import handout
from ..output.render_latex import quantity_at
from ..output.render_layout import equation_latex
from ..render import check_badge, step_lines, to_json, to_latex, to_markdown

__all__ = [
    "LANDING",
    "DEFAULT_DPS",
    "GROUP_LABELS",
    "group_label",
    "step_equation",
    "step_equations",
    "page_data",
    "result_equation",
    "latex_strings",
    "badge_markdown",
    "beside",
    "md_escape",
    "file_stem",
    "params_key",
    "groups_in_order",
    "summary_parts",
]

LANDING = "entropy/normal"
"""The derivation the Derivations page shows when it opens (if it is in the catalog)."""
DEFAULT_DPS = 50
"""The digits the Derivations page asks for until the user changes them."""

GROUP_LABELS = {
    "entropy": "Differential entropy",
    "divergence": "Divergences",
    "discrete": "Discrete measures",
    "channels": "Channels (capacity)",
    "coding": "Source coding",
    "machine learning": "Machine learning (losses, ELBO)",
    "two variables": "Two variables",
    "limits": "Limits (Stirling)",
    "maximum entropy": "Maximum entropy",
}
"""Display names of the catalog groups (:data:`symbolic_info.catalog.GROUPS`)."""

_PUNCTUATION = set(string.punctuation)


def group_label(group: str) -> str:
    """Display name of a catalog group; unknown groups are capitalised."""
    return GROUP_LABELS.get(group, group.capitalize())


def summary_parts(summary: str) -> list:
    """The parts of an entry's summary shown as text, split at semicolons outside
    parentheses (``I(X;Y)`` keeps its semicolon); parts carrying LaTeX outside a reason's
    ``$...$`` (see :mod:`symbolic_info.output.reasons`) are left out.

    >>> summary_parts("I(X;Y) = H(X) + H(Y) - H(X,Y); Cover & Thomas; \\\\ln x")
    ['I(X;Y) = H(X) + H(Y) - H(X,Y)', 'Cover & Thomas']
    >>> summary_parts("Table 3 (the limit $\\\\alpha \\\\to 1$)")
    ['Table 3 (the limit $\\\\alpha \\\\to 1$)']
    """
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(summary + ";"):
        depth += (ch in "([{") - (ch in ")]}")
        if ch == ";" and depth <= 0:
            parts.append(summary[start:i].strip())
            start = i + 1
    return [p for p in parts if p and "\\" not in _words(p)]


def _words(text: str) -> str:
    """``text`` without its ``$...$`` formulas (all of it when the dollars do not pair)."""
    return text if text.count("$") % 2 else "".join(text.split("$")[::2])


def step_equations(d: Derivation) -> list:
    """LaTeX of each step: the first reads ``quantity = lhs = rhs``; a chain step ``= rhs``;
    a step that restarts the chain (a stated fact) ``lhs = rhs``; the substitution step
    ``quantity|_{values} = result``.  A long one is broken into aligned lines that fit the
    app's column (:func:`symbolic_info.output.render_layout.equation_latex`)."""
    out = []
    for i, (lhs, _, step) in enumerate(step_lines(d)):
        if step.at:
            sides = [lhs, step.rhs]
        elif i == 0:
            sides = [d.quantity, step.lhs, step.rhs]
        else:
            sides = [step.lhs, step.rhs] if lhs is not None else ["", step.rhs]
        out.append(equation_latex(sides))
    return out


def step_equation(d: Derivation, i: int) -> str:
    """LaTeX of step ``i`` (see :func:`step_equations`)."""
    return step_equations(d)[i]


def result_equation(d: Derivation) -> str:
    """LaTeX of the result: ``quantity = closed form`` (the quantity at the given values),
    broken into aligned lines when long."""
    at = d.substitution.at if d.substitution is not None else ()
    return equation_latex([quantity_at(d.quantity, at), d.result])


def latex_strings(d: Derivation) -> list:
    """Every LaTeX string the Derivations page renders for ``d``."""
    return step_equations(d) + [result_equation(d)]


def page_data(d: Derivation) -> dict:
    """Everything the Derivations page shows of ``d``, as plain strings, numbers and lists.

    The page renders from this, never from SymPy objects: pickling (the app's
    cache, the worker process) rebuilds unevaluated SymPy expressions and can
    change how a step prints, so the strings are made once, from the original.
    """
    v = d.verification
    steps = [
        {"rule": s.rule, "latex": eq, "badge": badge_markdown(s.check),
         "ok": bool(s.check is not None and s.check.ok),
         "method": s.check.method if s.check is not None else "unverified"}
        for s, eq in zip(d.all_steps, step_equations(d), strict=True)
    ]
    return {
        "name": d.name, "title": d.title, "units": d.units, "dps": d.dps,
        "params": dict(d.params), "value": d.value, "verified": d.verified,
        "assumptions": list(d.assumptions), "steps": steps, "result": result_equation(d),
        "verification": {
            "dps": v.dps, "reference": v.reference, "value": v.value, "method": v.method,
            "agree_digits": v.agree_digits, "ok": v.ok, "points": list(v.points),
            "notes": list(v.notes), "zero_bound": v.zero_bound, "agreement": v.agreement,
        },
        "extras": dict(d.extras),
        "beside": beside(d.extras, d.units),
        "exports": {"md": to_markdown(d), "tex": to_latex(d), "json": to_json(d),
                    "handout": handout(d)},
    }


def beside(extras: dict, units: str) -> list:
    """Sentences for the quantities shown beside a value (plain text, not Markdown).

    >>> beside({"surprisal": {"bits": "1.000", "nats": "0.693"}}, "bits")[0][:30]
    'The surprisal -log P(A) = 1.00'
    """
    out = []
    s = extras.get("surprisal")
    if isinstance(s, dict) and units in s:
        out.append(f"The surprisal -log P(A) = {s[units][:12]} {units} is a different quantity: "
                   "how unexpected the message is, not how much it changes the uncertainty "
                   "H(X) - H(X | A).")
    kl = extras.get("kl_posterior_prior")
    if isinstance(kl, dict) and units in kl:
        out.append(f"Beside it, D(posterior || prior) = {kl[units][:12]} {units}. "
                   + str(extras.get("why_they_differ", "")))
    return out


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

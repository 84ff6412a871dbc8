"""Derivation -> LaTeX, Markdown, JSON and plain text.  Pure functions.

LaTeX is KaTeX-compatible: one ``aligned`` environment, ``\\text`` for the
reasons, no macros KaTeX lacks.

Example
-------
>>> from symbolic_info import derive
>>> d = derive("entropy/exponential", **{"lambda": "2"})
>>> to_json_dict(d)["verification"]["ok"]
True
>>> print(result_latex(d))
h(X)\\big|_{\\lambda = 2} = 1 - \\ln{\\left(2 \\right)}
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import sympy as sp

from .output.reasons import reason_latex, reason_markdown, reason_unicode
from .output.render_latex import latex, quantity_at

if TYPE_CHECKING:  # annotations only: core imports render, not the other way round
    from .core import Check, Derivation, Step

__all__ = [
    "sympy_text",
    "latex",
    "steps_latex",
    "step_lines",
    "result_latex",
    "check_badge",
    "to_latex",
    "to_markdown",
    "to_json_dict",
    "to_json",
    "to_text",
    "flat_text",
    "readable_extras",
]


def step_lines(d: Derivation) -> list:
    """``(lhs_latex or None, rhs_latex, step)`` per step, the substitution step last; lhs only
    where the chain restarts, and on the substitution step the quantity at the given values."""
    lines, previous = [], None
    for step in d.all_steps:
        if step.at:
            lhs = quantity_at(d.quantity, step.at)
        else:
            lhs = None if previous is not None and step.lhs == previous else latex(step.lhs)
        lines.append((lhs, latex(step.rhs), step))
        previous = step.rhs
    return lines


def check_badge(check: Check | None) -> str:
    """A short label: ``symbolic``, ``numeric, ...``, ``asymptotic, ...``, ``FAILED`` or
    ``UNVERIFIED``."""
    if check is None or not check.ok:
        failed = check is not None and check.method in ("numeric", "asymptotic", "divergence")
        return "FAILED" if failed else "UNVERIFIED"
    where = "1 point" if len(check.points) == 1 else f"{len(check.points)} points"
    if check.method == "numeric":
        if check.agree_digits is None:
            return f"numeric, both sides vanish at {where}"
        return f"numeric, {check.agree_digits} digits at {where}"
    if check.method == "asymptotic":
        return f"asymptotic, checked numerically at {where}"
    if check.method == "divergence":
        return f"divergent, tail bound checked at {where}"
    return "symbolic"


def steps_latex(d: Derivation, reasons: bool = True) -> str:
    """All steps as one ``aligned`` block (for display math)."""
    rows = []
    for i, (lhs, rhs, step) in enumerate(step_lines(d)):
        head = lhs if lhs is not None else ""
        if i == 0:
            head = f"{d.quantity} &= {lhs}\\\\\n"
            head += "&= " + rhs
        else:
            head = (head + " &= " + rhs) if lhs is not None else "&= " + rhs
        if reasons:
            head += r" && \text{" + reason_latex(step.rule, _text) + "}"
        rows.append(head)
    return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"


def _text(s: str) -> str:
    """Escape a sentence for ``\\text{...}``."""
    for a, b in (("\\", r"\backslash "), ("{", r"\{"), ("}", r"\}"), ("_", r"\_"),
                 ("^", r"\^{}"), ("#", r"\#"), ("%", r"\%"), ("&", r"\&"), ("$", r"\$")):
        s = s.replace(a, b)
    return s


def result_latex(d: Derivation) -> str:
    """``quantity = closed form`` with the parameters substituted (the left side says so)."""
    at = d.substitution.at if d.substitution is not None else ()
    return f"{quantity_at(d.quantity, at)} = {latex(d.result)}"


def to_latex(d: Derivation) -> str:
    """A complete LaTeX document that pdflatex compiles (see :mod:`.latex_document`)."""
    from .output.latex_document import to_latex_document

    return to_latex_document(d)


def to_markdown(d: Derivation) -> str:
    """GitHub-flavoured Markdown with display math and a verification table."""
    v = d.verification
    params = ", ".join(f"`{k} = {val}`" for k, val in d.params.items()) or "none (symbolic)"
    lines = [
        f"# {d.title}",
        "",
        f"Catalog name: `{d.name}` · parameters: {params} · units: {d.units}",
        "",
        "**Assumptions:** " + "; ".join(reason_markdown(a) for a in d.assumptions) + ".",
        "",
        "## Steps",
        "",
    ]
    for i, (lhs, rhs, step) in enumerate(step_lines(d), 1):
        if i == 1:
            head = f"{d.quantity} = {lhs} = {rhs}"
        else:
            head = f"{lhs} = {rhs}" if lhs else f"= {rhs}"
        lines += [f"{i}. {reason_markdown(step.rule)} ({check_badge(step.check)})", "", "$$",
                  head, "$$", ""]
    lines += ["## Result", "", "$$", result_latex(d), "$$", ""]
    if d.value:
        lines += [f"Value: `{d.value}` {d.units}", ""]
    lines += [
        "## Verification",
        "",
        "| check | outcome |",
        "| --- | --- |",
        f"| steps | {sum(1 for s in d.all_steps if s.check and s.check.ok)} of "
        f"{len(d.all_steps)} ok |",
        f"| reference method | {v.method} |",
        f"| reference value | `{v.reference}` |",
        f"| closed form value | `{v.value}` |",
        f"| agreement | {d.verdict} |",
        f"| verified | {'yes' if d.verified else '**NO**'} |",
        "",
    ]
    for note in v.notes:
        lines += [f"- {note}"]
    for key, value in readable_extras(d.extras).items():
        lines += ["", f"## {key.replace('_', ' ').capitalize()}", "", *_extra_markdown(value)]
    return "\n".join(lines).rstrip() + "\n"


def flat_text(value) -> str:
    """Extra data on one line: ``k = v`` pairs joined by ``;``, list items by ``,``.

    >>> flat_text({"p": [1, 2], "n": 3})
    'p = 1, 2; n = 3'
    """
    if isinstance(value, dict):
        return "; ".join(f"{k} = {flat_text(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(flat_text(v) for v in value)
    return str(value)


_flat = flat_text


def _extra_markdown(value) -> list:
    """Extra data: a ``table`` (list of dicts) as a Markdown table, the rest as a list."""
    if not isinstance(value, dict):
        return [f"`{_flat(value)}`"]
    lines = []
    table = value.get("table")
    if isinstance(table, list) and table and all(isinstance(r, dict) for r in table):
        columns = list(table[0])
        lines += ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
        lines += ["| " + " | ".join(f"`{r.get(c, '')}`" for c in columns) + " |" for r in table]
        lines.append("")
    lines += [f"- {k}: {_flat(v)}" for k, v in value.items() if k != "table"]
    return lines


def sympy_text(expr) -> str:
    """Text SymPy parses back: ``sstr``, or ``srepr`` when a symbol is a Python keyword.

    A result at large parameters keeps special functions unevaluated
    (``polygamma(0, 100000)``, see :mod:`symbolic_info.symbolic.substitute`): parse such text
    under ``with sympy.evaluate(False):``, or SymPy expands it term by term.

    >>> import sympy as sp
    >>> sympy_text(1 - sp.log(sp.Symbol("sigma")))
    '1 - log(sigma)'
    >>> sympy_text(sp.Symbol("lambda"))
    "Symbol('lambda')"
    """
    import keyword

    if any(keyword.iskeyword(s.name) for s in expr.free_symbols):
        return sp.srepr(expr)
    return sp.sstr(expr)


def to_json_dict(d: Derivation) -> dict:
    """The ``derive --format json`` object (the fields README.md lists)."""
    v = d.verification
    out = {
        "name": d.name,
        "title": d.title,
        "params": dict(d.params),
        "units": d.units,
        "assumptions": [reason_unicode(a) for a in d.assumptions],
        "assumptions_latex": list(d.assumptions),
        "result": {"sympy": sympy_text(d.result), "latex": latex(d.result)},
        "value": d.value,
        "verified": d.verified,
        "steps": [_step_dict(s) for s in d.steps],
        "substitution": _step_dict(d.substitution) if d.substitution is not None else None,
        "verification": {
            "dps": v.dps,
            "reference": v.reference,
            "value": v.value,
            "method": v.method,
            "agree_digits": v.agree_digits,
            "zero_bound": v.zero_bound,
            "ok": v.ok,
            "points": list(v.points),
            "notes": list(v.notes),
        },
    }
    if d.extras:  # optional: the entry's extra data under one name (once, not also on top)
        out["extras"] = dict(d.extras)
    return out


def _step_dict(s: Step) -> dict:
    c = s.check
    return {
        "rule": reason_unicode(s.rule),
        "rule_latex": s.rule,
        "latex": f"{latex(s.lhs)} = {latex(s.rhs)}",
        "lhs": sp.sstr(s.lhs),
        "rhs": sp.sstr(s.rhs),
        "verified": bool(c and c.ok),
        "method": c.method if c else "unverified",
        "agree_digits": c.agree_digits if c else None,
        "detail": c.detail if c else "",
    }


def to_json(d: Derivation) -> str:
    """:func:`to_json_dict` as indented JSON text."""
    return json.dumps(to_json_dict(d), indent=2)


def to_text(d: Derivation) -> str:
    """A plain-text rendering for terminals, its mathematics in Unicode
    (:mod:`symbolic_info.output.unicode_math`)."""
    from .output.unicode_math import tex_to_unicode, unicode_text

    v = d.verification
    out = [d.title, f"  [{d.name}] units: {d.units}"]
    if d.params:
        out.append("  parameters: " + ", ".join(f"{k} = {val}" for k, val in d.params.items()))
    out.append("  assumptions: " + "; ".join(reason_unicode(a) for a in d.assumptions))
    out.append("")
    for i, (_, _, step) in enumerate(step_lines(d), 1):
        out.append(f"  {i}. {reason_unicode(step.rule)}  [{check_badge(step.check)}]")
        out.append(f"       {unicode_text(step.lhs)}")
        out.append(f"     = {unicode_text(step.rhs)}")
    out.append("")
    out.append(f"  result: {tex_to_unicode(d.quantity)} = {unicode_text(d.result)}")
    if d.value:
        out.append(f"  value:  {d.value} {d.units}")
    out.append(f"  reference: {v.reference} ({v.method})")
    status = "VERIFIED" if d.verified else "NOT VERIFIED"
    out.append(f"  {status}: {d.verdict}")
    out += [f"  note: {note}" for note in v.notes]
    extras = readable_extras(d.extras)
    for key, value in extras.items():
        if isinstance(value, dict) and isinstance(value.get("table"), list):
            out.append(f"  {key}:")
            for row in value["table"]:
                out.append("    " + ", ".join(f"{k} = {v}" for k, v in row.items()))
            out += [f"    {k}: {_flat(v)}" for k, v in value.items() if k != "table"]
        else:
            out.append(f"  {key}: {_flat(value)}")
    return "\n".join(out) + "\n"


def readable_extras(extras: dict) -> dict:
    """Extras for people: where a Unicode form is given, it replaces the machine forms.

    In a dict, a ``unicode`` entry hides its siblings ``sympy`` and ``latex``, and
    ``KEY_unicode`` is shown as ``KEY`` in place of ``KEY``'s own (SymPy) text.

    >>> readable_extras({"e": {"sympy": "x**2", "latex": "x^{2}", "unicode": "x²", "n": 1},
    ...                  "density": "x**2", "density_unicode": "x²"})
    {'e': {'formula': 'x²', 'n': 1}, 'density': 'x²'}
    """
    if not isinstance(extras, dict):
        return extras
    out = {}
    for key, value in extras.items():
        if key.endswith("_unicode") or (key in ("sympy", "latex") and "unicode" in extras):
            continue
        if key == "unicode":
            key = "formula"
        out[key] = readable_extras(extras.get(f"{key}_unicode", value))
    return out

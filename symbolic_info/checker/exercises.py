"""The exercise set judged: find an exercise, pose it, check an answer, print the set.

The exercises themselves are data in :mod:`.exercise_set`.  An answer is judged by the
checker against the catalog entries the exercise names (:func:`check_answer`); an answer
given to fewer decimals than the statement asks is told so (:func:`too_few_decimals`).

Example
-------
>>> [e.id for e in EXERCISES][:3]
['fair-die', 'biased-coin', 'at-most-50']
"""

from __future__ import annotations

import json
import re
import shlex

import sympy as sp

from ..output.unicode_math import markdown_text
from .exercise_set import EXERCISES, Exercise

__all__ = ["decimals_asked", "too_few_decimals", "Exercise", "EXERCISES", "exercise",
           "missing_entries", "problem_for", "check_answer", "derivations_for", "print_exercises"]


def exercise(ex_id: str) -> Exercise:
    """The exercise called ``ex_id``."""
    from ..core import DerivationError

    for e in EXERCISES:
        if e.id == ex_id:
            return e
    raise DerivationError(f"unknown exercise '{ex_id}'")


def missing_entries(ex: Exercise) -> list:
    """Catalog entries the exercise needs that are not (yet) in the catalog."""
    from ..catalog import catalog

    have = catalog()
    return [name for name in ex.entries if name not in have]


def problem_for(ex: Exercise):
    """The :class:`~symbolic_info.checker.judge.Problem` the answer is judged against."""
    from ..core import DerivationError
    from .diagnosis import Transform, basic_transforms, term_transforms
    from .judge import Problem, prepare

    missing = missing_entries(ex)
    if missing:
        raise DerivationError(f"exercise {ex.id} needs {', '.join(missing)}, "
                              "which is not in the catalog yet")
    if len(ex.parts) == 1 and ex.parts[0][0] == 1 and not ex.given:
        return prepare(ex.parts[0][1], ex.parts[0][2], ex.units)
    problems = [(c, prepare(name, params, ex.units)) for c, name, params in ex.parts]
    truth = sp.nsimplify(0) + sum((c * p.truth for c, p in problems), sp.Integer(0))
    symbols = {name: sp.Symbol(name, positive=True) for name in ex.given}
    fixed = {symbols[name]: sp.Rational(v) for name, v in ex.given.items()}
    transforms = basic_transforms(truth, ex.units) + term_transforms(truth)
    if len(problems) == 1:
        transforms = list(problems[0][1].transforms)
    return Problem(
        label=f"exercise {ex.id}",
        truth=truth,
        units=ex.units,
        symbols=symbols,
        fixed=fixed,
        points=(),
        names={s: s.name for s in symbols.values()},
        assumptions=tuple(a for _, p in problems for a in p.assumptions),
        transforms=tuple(Transform(t.sentence, t.expr) for t in transforms),
        quantity="",
        extra={"verified": all(p.extra.get("verified") for _, p in problems)},
    )


_DECIMALS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_ASKED = re.compile(r"\b(two|three|four|five|six) decimals\b")
_DECIMAL_ANSWER = re.compile(r"^\s*[-+]?\d*\.(\d*)\s*$")


def decimals_asked(ex: Exercise) -> int | None:
    """The number of decimals the statement asks for ("to three decimals"), else ``None``.

    >>> decimals_asked(exercise("biased-coin"))
    3
    """
    m = _ASKED.search(ex.statement)
    return _DECIMALS[m.group(1)] if m else None


def too_few_decimals(ex: Exercise, text: str) -> dict | None:
    """A verdict for a decimal answer with fewer decimals than the statement asks for (two
    decimals are a coarser rounding, not the asked answer); ``None`` when it is not short.

    >>> too_few_decimals(exercise("biased-coin"), "0.47")["verdict"]
    'incorrect'
    >>> too_few_decimals(exercise("biased-coin"), "0.469") is None
    True
    """
    asked, m = decimals_asked(ex), _DECIMAL_ANSWER.match(text)
    if asked is None or m is None or len(m.group(1)) >= asked:
        return None
    message = (f"the exercise asks for {asked} decimals; {text.strip()} has "
               f"{len(m.group(1))}: give the value rounded to {asked} decimals")
    return {"verdict": "incorrect", "evidence": "counterexample", "method": message,
            "mode": "claim", "claimed": {"latex": text.strip(), "value": text.strip()},
            "expected": None, "counterexample": None, "diagnosis": [message[0].upper()
                                                                    + message[1:] + "."]}


def check_answer(ex: Exercise, text: str, isolated: bool = True, **limits) -> dict:
    """Judge ``text`` as an answer to ``ex`` (in the sandbox unless ``isolated=False``).

    ``limits`` (``owner``, ``on_wait``, ``memory_mb``, ``time_limit``) go to
    :func:`~symbolic_info.checker.sandbox.run_isolated`.
    """
    from . import worker

    short = too_few_decimals(ex, text)
    if short is not None:
        return short
    payload = {"problem": problem_for(ex), "claim": text, "time_limit": limits.get("time_limit")}
    if isolated:
        from .sandbox import run_isolated

        return run_isolated("symbolic_info.checker.worker:judge_claim", payload, **limits)
    return worker.judge_claim(payload, lambda r: None)


def derivations_for(ex: Exercise) -> list:
    """The verified derivations behind the exercise (revealed on demand)."""
    from ..catalog import derive

    return [derive(name, units=ex.units, **params) for _, name, params in ex.parts]


def _as_dict(ex: Exercise) -> dict:
    return {
        "id": ex.id,
        "title": ex.title,
        "statement": ex.statement,
        "units": ex.units,
        "checked_against": [{"coefficient": c, "name": name, "params": params}
                            for c, name, params in ex.parts],
        "given": {k: str(v) for k, v in ex.given.items()},
        "hints": list(ex.hints),
        "source": ex.source,
        "available": not missing_entries(ex),
        "check": (f"symbolic-info check ANSWER --against {ex.parts[0][1]}"
                  + "".join(f" --param {shlex.quote(f'{k}={v}')}"
                            for k, v in ex.parts[0][2].items())
                  + f" --units {ex.units}") if len(ex.parts) == 1 and not ex.given else None,
    }


def print_exercises(fmt: str = "text") -> int:
    """``symbolic-info exercises``: list the exercises; returns the exit code 0."""
    rows = [_as_dict(e) for e in EXERCISES]
    if fmt == "json":
        print(json.dumps(rows, indent=2))
        return 0
    for i, r in enumerate(rows, start=1):
        status = "" if r["available"] else "  [needs an entry not in the catalog yet]"
        print(f"{i:2d}. {r['title']} ({r['id']}){status}")
        print(f"    {markdown_text(r['statement'])}")
        if r["check"]:
            print(f"    check: {r['check']}")
        print()
    return 0

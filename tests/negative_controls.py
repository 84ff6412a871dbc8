"""Negative controls shared by the test modules: an entry with one step made wrong.

>>> import sympy as sp
>>> bad = corrupt_step("entropy/exponential", lambda rhs: rhs + 1)
>>> bad.name
'entropy/exponential'
"""

from dataclasses import replace

from symbolic_info.catalog import entry
from symbolic_info.core import Step

__all__ = ["corrupt_step", "corrupt_entry", "refused_in_one_line"]


def corrupt_step(name: str, wrong, index: int = -1):
    """Entry ``name`` whose step ``index`` (default: the closed form) has ``rhs -> wrong(rhs)``."""
    return corrupt_entry(entry(name), wrong, index)


def corrupt_entry(e, wrong, index: int = -1):
    """Entry ``e`` whose step ``index`` (default: the closed form) has ``rhs -> wrong(rhs)``."""
    original = e.build

    def build(structure):
        draft = original(structure)
        steps = list(draft.steps)
        old = steps[index]
        steps[index] = Step(old.lhs, wrong(old.rhs), old.rule)
        return replace(draft, steps=tuple(steps))

    return replace(e, build=build)


def refused_in_one_line(words: str, name: str, **params) -> None:
    """``derive(name, **params)`` must raise one line of error containing ``words``."""
    import pytest

    from symbolic_info import derive
    from symbolic_info.core import DerivationError

    with pytest.raises(DerivationError) as err:
        derive(name, **params)
    assert words in str(err.value) and "\n" not in str(err.value), str(err.value)

"""The checker's modules stay small (one job each, under 500 lines) and ``checker.judge``
keeps the names other modules and users import from it."""

from pathlib import Path

import symbolic_info.checker as checker
from symbolic_info.checker import judge, problem, rounding

MAX_LINES = 500
"""The project's size limit for a module (split by job beyond it)."""
JUDGE_NAMES = ("Problem", "prepare", "judge", "judge_parsed", "prove", "upgrade_with_proof",
               "evaluate_claim", "value_at", "point_admissible", "judging_points", "NotReal",
               "AGREE_DIGITS", "WORK_DPS")
"""``checker.judge.__all__`` before the split (worker, chain and exercises import these)."""


def test_every_checker_module_is_under_the_size_limit():
    root = Path(checker.__file__).parent
    sizes = {p.relative_to(root).as_posix(): len(p.read_text().splitlines())
             for p in root.rglob("*.py")}
    assert sizes["judge.py"] > 0  # the scan sees the modules
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


def test_judge_keeps_its_public_names():
    assert tuple(judge.__all__) == JUDGE_NAMES
    assert all(hasattr(judge, name) for name in JUDGE_NAMES)
    assert judge.prepare is problem.prepare and judge.Problem is problem.Problem
    assert rounding.rounds_to.__module__ == "symbolic_info.checker.rounding"

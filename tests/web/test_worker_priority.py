"""Long derivations in the app's workers run at a lower CPU priority than everything else."""

import subprocess
import sys

import pytest

from symbolic_info.web import state, worker

NICEST = 19
"""The highest niceness Linux gives: ``os.nice`` stops there."""


def niceness_after(dps: int) -> tuple:
    """``(increment reported, niceness measured, niceness before)`` in a fresh process (never
    in pytest's own)."""
    code = ("import os\nfrom symbolic_info.web.worker import lower_priority\n"
            f"before = os.nice(0)\nstep = lower_priority({dps})\n"
            "print(step, os.nice(0) - before, before)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout.split()
    return int(out[0]), int(out[1]), int(out[2])


@pytest.mark.parametrize("dps", [worker.HEAVY_DPS + 1, 300, 1000])
def test_many_digits_lower_the_priority(dps):
    """Under ``nice -n 10`` (how the whole suite is run on the shared machine) the child
    starts at 10 and can only go to 19: the measured step is capped there."""
    step, measured, before = niceness_after(dps)
    assert before < NICEST
    assert (step, measured) == (worker.HEAVY_NICE, min(worker.HEAVY_NICE, NICEST - before))


@pytest.mark.parametrize("dps", [5, 50, worker.HEAVY_DPS])
def test_few_digits_keep_the_priority(dps):
    """Negative control, and the server's own derivations (trusted pages) are never slowed."""
    assert niceness_after(dps)[:2] == (0, 0)


def test_the_server_never_lowers_its_own_priority():
    """Trusted pages are derived in the server process itself, through page_for."""
    assert state.TRUSTED_DPS <= worker.HEAVY_DPS

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


AUTOGROUP_PROBE = ("import os\n{call}\n"
                   "group = open('/proc/self/autogroup').read().split()\n"
                   "print(os.getsid(0) == os.getpid(), group[0], group[-1], os.nice(0))")


def autogroup_after(call: str) -> tuple:
    """``(own session, autogroup, the group's nice, the process's nice)`` in a fresh process
    after ``call``."""
    code = AUTOGROUP_PROBE.format(call=call)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout.split()
    return out[0] == "True", out[1], int(out[2]), int(out[3])


def own_group() -> tuple:
    """This process's autogroup and its nice value."""
    group = open("/proc/self/autogroup").read().split()
    return group[0], int(group[-1])


def autogroups_in_effect() -> bool:
    """True where this process is scheduled in an autogroup: the file exists and names one.
    Inside a CPU cgroup of its own (a container, a CI runner) the kernel shows the file
    empty, because the cgroup, not a session's autogroup, shares out the CPU."""
    try:
        return open("/proc/self/autogroup").read().startswith("/autogroup-")
    except OSError:
        return False


needs_autogroups = pytest.mark.skipif(
    not autogroups_in_effect(), reason="this process is not scheduled in an autogroup")


@needs_autogroups
@pytest.mark.parametrize("call", [
    "from symbolic_info.web.worker import lower_priority; lower_priority(1000)",
    "from symbolic_info.web.warm import pages_at_defaults; pages_at_defaults({'names': []})",
])
def test_a_slowed_worker_is_slowed_against_other_sessions_too(call):
    """Nice values only order processes inside one autogroup: the worker starts its own
    group and gives it its nice value, so a browser or a shell elsewhere goes first too;
    the caller's group keeps its value."""
    before = own_group()
    alone, group, group_nice, nice = autogroup_after(call)
    assert alone and group != before[0]
    assert group_nice == nice > before[1]
    assert own_group() == before


@needs_autogroups
def test_a_worker_at_few_digits_stays_in_the_callers_group():
    """Negative control: without the call the child shares the caller's group and value."""
    before = own_group()
    alone, group, group_nice, nice = autogroup_after(
        "from symbolic_info.web.worker import lower_priority; lower_priority(50)")
    assert not alone and (group, group_nice) == before

"""Lower a worker process's CPU priority so that it takes only time others leave.

``os.nice`` alone is not enough on Linux with autogroups
(``/proc/sys/kernel/sched_autogroup_enabled``, on by default in most
distribution kernels): the scheduler first shares the CPUs fairly between
*autogroups*, one per session, and applies nice values only inside a group
(sched(7), "The autogroup feature").  A nice-19 worker in the server's group
therefore still gets a full share against any process of another session: a
browser on the same machine (measured: the app's first formula 1.4 s without
the start-up warm-up, 2.3 s with it), a second server, a build in a shell.
So the worker starts a session of its own, which puts it in an autogroup of
its own, and gives that group its nice value too: then it yields to the
server and to everything else on the machine.  Children it forks (both cores,
:mod:`symbolic_info.numeric.two_cores`) inherit both.  Inside a CPU cgroup of its
own (a container) the cgroup shares the CPU instead, the file reads empty, and
the nice value orders the worker after the server within it.

Example
-------
>>> import multiprocessing
>>> ctx = multiprocessing.get_context("fork")
>>> with ctx.Pool(1) as pool:
...     pool.apply(yield_cpu, (5,))
5
"""

from __future__ import annotations

import os

__all__ = ["yield_cpu", "AUTOGROUP"]

AUTOGROUP = "/proc/self/autogroup"
"""Where Linux shows (and takes) the nice value of this process's autogroup."""


def yield_cpu(increment: int) -> int:
    """In a worker process: raise its nice value by ``increment``, in its own autogroup.

    Returns the increment applied (0 where the system refuses).  Never raises: a
    worker that cannot lower its priority still does its work.
    """
    try:
        os.setsid()  # a new session: a new autogroup, apart from the server's
        alone = True
    except OSError:
        alone = False  # a group leader already: its group is shared, leave the group's value
    try:
        niceness = os.nice(increment)
    except OSError:
        return 0
    if alone:
        try:
            with open(AUTOGROUP, "w") as f:
                f.write(str(niceness))
        except OSError:
            pass  # no autogroups here (not Linux, or turned off): the nice value suffices
    return increment

"""Independent jobs shared between this process and one forked child: both cores at work.

A 1000-digit reference integrates several pieces of the support one after the other, each
a second or more of ``exp`` and ``log`` at 3400 bits.  The pieces are independent, so on a
machine with two cores :func:`run_jobs` forks one child that takes jobs from the same
queue as the parent (a shared counter: whoever is free takes the next job, so a long piece
does not leave the other core idle), sends back the values it computed, and exits.  The
wall time of the pieces then approaches half their CPU time (issue 15, "both cores").

The results are those of running the jobs here one after the other, in order:

- a job's value is plain data (a raw mpf tuple, a number) sent through a pipe;
- a job that raised in the child is run again here, so the caller sees the same
  exception with its type and message (one that raised here raises again, not run twice);
- nothing is forked when forking is not safe or not worth it: another thread is running
  (a fork copies its locks in whatever state they are), this process is itself such a
  child, fewer than two CPUs are ours, the platform has no ``fork`` or no
  ``PR_SET_PDEATHSIG`` (a child must never outlive a parent killed at its time limit), or
  ``SYMBOLIC_INFO_CORES=1``.

The child asks Linux to kill it when the parent dies (:func:`die_with_parent`), keeps the
parent's memory and CPU limits (inherited), writes nothing on the terminal, and leaves with
``os._exit`` (no ``atexit`` handler or buffered output of the parent runs twice).

Example
-------
>>> run_jobs([lambda: 1 + 1, lambda: 2 * 3, lambda: 7])
[2, 6, 7]
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable

__all__ = ["run_jobs", "cores", "die_with_parent", "SWITCH"]

SWITCH = "SYMBOLIC_INFO_CORES"
"""Environment variable: ``1`` keeps every job in this process."""

_IN_CHILD = [False]


def die_with_parent(parent_pid: int | None) -> bool:
    """Ask Linux to SIGKILL this process when its parent dies (``PR_SET_PDEATHSIG``).

    Returns False when the request is not available (not Linux, no ``prctl``).  Exits at
    once when the parent (``parent_pid``, if given) died before the request took effect.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    pr_set_pdeathsig = 1  # <linux/prctl.h>
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if os.getppid() == 1 or (parent_pid is not None and os.getppid() != parent_pid):
        os._exit(1)
    return True


def cores() -> int:
    """How many processes :func:`run_jobs` may use now (1 or 2)."""
    if os.environ.get(SWITCH, "").strip() == "1" or _IN_CHILD[0]:
        return 1
    if not (sys.platform.startswith("linux") and hasattr(os, "fork")):
        return 1
    if threading.active_count() != 1:
        return 1
    try:
        available = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        available = os.cpu_count() or 1
    return 2 if available >= 2 else 1


def run_jobs(jobs: list[Callable], child_done: Callable | None = None) -> list:
    """``[job() for job in jobs]``, the jobs shared with a forked child when :func:`cores`
    allows two (see the module's notes); each value must be picklable plain data.  The
    first job always runs here, where it may share its own parts with a child of its own
    (a forked child does all its jobs alone): put the largest first.
    ``child_done()`` runs in the child after its last job (to keep what it learnt, such as
    quadrature nodes written to disk); its errors are ignored.

    The first failing job, in order, raises here as it would have in a plain loop: its own
    exception when it ran here, else (it failed in the child) it is run again here.

    >>> run_jobs([lambda: "a", lambda: "b"])
    ['a', 'b']
    """
    if len(jobs) < 2 or cores() < 2:
        return [job() for job in jobs]
    import multiprocessing

    try:
        counter = multiprocessing.get_context("fork").Value("i", 1)  # job 0 is ours
        read_end, write_end = os.pipe()
    except OSError:  # no usable /dev/shm, no descriptors left: one process does it all
        return [job() for job in jobs]
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:  # no process to spare (RLIMIT_NPROC, memory)
        os.close(read_end)
        os.close(write_end)
        return [job() for job in jobs]
    if pid == 0:  # the child: never returns
        _child(jobs, counter, read_end, write_end, parent, child_done)
    results: dict = {}
    data = b""
    done = False
    try:
        os.close(write_end)
        i = 0
        while i < len(jobs):
            try:
                results[i] = ("ok", jobs[i]())
            except Exception as exc:  # noqa: BLE001 - raised again below, in the jobs' order
                results[i] = ("raised", exc)
                _stop(counter, len(jobs))  # later jobs are not needed: this one raises first
            i = _take(counter)
        data = _read_all(read_end)
        done = True
    finally:
        os.close(read_end)
        if not done:
            os.kill(pid, signal.SIGKILL)
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:  # SIGCHLD ignored: the child was reaped already
            pass
    try:
        results.update(pickle.loads(data))
    except Exception:  # noqa: BLE001 - a child that died mid-way: its jobs are run here
        pass
    out = []
    for i, job in enumerate(jobs):
        status, value = results.get(i, ("failed", None))
        if status == "raised":
            raise value
        out.append(value if status == "ok" else job())
    return out


def _take(counter) -> int:
    """The next job's index from the shared counter."""
    with counter.get_lock():
        i = counter.value
        counter.value = i + 1
    return i


def _stop(counter, count: int) -> None:
    """No job is handed out any more (a job failed: those after it are not needed)."""
    with counter.get_lock():
        counter.value = max(counter.value, count)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _child(jobs: list, counter, read_end: int, write_end: int, parent: int,
           child_done: Callable | None) -> None:
    """The forked child's whole life: take jobs until none is left, send their values."""
    code = 1
    try:
        os.close(read_end)
        _IN_CHILD[0] = True
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
        if not die_with_parent(parent):
            raise OSError("no PR_SET_PDEATHSIG")  # nothing done: the parent runs every job
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        results = {}
        while (i := _take(counter)) < len(jobs):
            try:
                results[i] = ("ok", jobs[i]())
            except Exception:  # noqa: BLE001 - the parent runs it again and raises it
                results[i] = ("failed", None)
                _stop(counter, len(jobs))
        payload = pickle.dumps(results)
        if child_done is not None:
            try:
                child_done()
            except Exception:  # noqa: BLE001 - keeping nodes is an optimisation only
                pass
        view = memoryview(payload)
        while view:
            view = view[os.write(write_end, view):]
        code = 0
    except BaseException:  # noqa: BLE001 - the parent runs whatever is missing
        code = 1
    finally:
        os._exit(code)

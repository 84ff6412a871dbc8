"""Run the judgement of untrusted input in a separate process with limits.

The child is started with ``fork`` when the caller is single-threaded (the
command line: cheap and safe) and otherwise from a ``forkserver`` (started
once per process with SymPy and the checker preloaded; forking a threaded
process such as a Streamlit server is not safe).  It sets a memory limit with
``resource.setrlimit`` and a CPU-time backstop, and reports back through a
pipe.  The parent waits :data:`TIME_LIMIT` seconds of wall-clock time for
the answer; on overrun it kills the child and raises a one-line
:class:`SandboxError`.  A child may send a provisional answer first (a
numeric verdict) and a final one later (the same verdict with a symbolic
proof); on overrun the provisional answer is kept and marked as such.

Example
-------
>>> run_isolated("symbolic_info.checker.sandbox:_echo", {"x": 1})
{'x': 1}
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import sys
import threading
import time

from ..core import DerivationError

__all__ = ["run_isolated", "start_method", "SandboxError", "TIME_LIMIT", "MEMORY_LIMIT_MB",
           "START_LIMIT"]

TIME_LIMIT = 5.0
"""Seconds of wall-clock time the work on one input may take."""
MEMORY_LIMIT_MB = 1024
"""Address space the child may add to what it inherited, in MiB."""
START_LIMIT = 60.0
"""Seconds allowed for starting the worker process (not counted in TIME_LIMIT)."""

_lock = threading.Lock()
_contexts: dict = {}


class SandboxError(DerivationError):
    """The isolated work failed: time or memory limit, or a crash."""


def start_method() -> str:
    """``fork`` for a single-threaded caller on Linux, else ``forkserver``."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "forkserver"


def _get_context():
    method = start_method()
    with _lock:
        if method not in _contexts:
            ctx = multiprocessing.get_context(method)
            if method == "forkserver":
                ctx.set_forkserver_preload(["symbolic_info.checker.worker"])
            _contexts[method] = ctx
        return _contexts[method]


def _echo(payload, send):
    return payload


def _limit_memory(extra_mb: int) -> None:
    import resource

    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[0])
        current = pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        current = 512 * 2**20
    limit = current + extra_mb * 2**20
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    cpu_soft, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    want = int(TIME_LIMIT * 3) + 5
    if cpu_hard == resource.RLIM_INFINITY or want < cpu_hard:
        resource.setrlimit(resource.RLIMIT_CPU, (want, cpu_hard))


def _child(conn, target: str, payload, memory_mb: int) -> None:
    """Entry point in the child process: never raises, always reports."""
    try:
        _silence()
        conn.send(("started", None))
        _limit_memory(memory_mb)
        module, _, name = target.partition(":")
        func = getattr(importlib.import_module(module), name)

        def send_partial(result):
            conn.send(("partial", result))

        result = func(payload, send_partial)
        conn.send(("final", result))
    except DerivationError as exc:
        _safe_send(conn, ("bad-input", str(exc)))
    except MemoryError:
        _safe_send(conn, ("memory", None))
    except RecursionError:
        _safe_send(conn, ("bad-input", "the input is nested too deeply"))
    except BaseException as exc:  # noqa: BLE001 - reported as one line, never a traceback
        _safe_send(conn, ("error", f"{type(exc).__name__}: {str(exc)[:200]}"))
    finally:
        try:
            conn.close()
        except OSError:
            pass


def _silence() -> None:
    """Send the child's own stdout/stderr (C libraries included) to /dev/null.

    A GMP abort or a fault handler would otherwise print on the user's
    terminal; the parent reports every failure as one line instead.
    """
    import faulthandler

    if faulthandler.is_enabled():
        faulthandler.disable()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)


def _safe_send(conn, message) -> None:
    try:
        conn.send(message)
    except (OSError, ValueError, MemoryError):
        pass


def run_isolated(target: str, payload, time_limit: float = TIME_LIMIT,
                 memory_mb: int = MEMORY_LIMIT_MB):
    """Run ``module:function(payload, send_partial)`` in a child process.

    Returns the function's (picklable) result.  Raises :class:`SandboxError`
    on a time or memory overrun or a crash, and ``DerivationError`` when the
    child reports bad input.  If the child sent a provisional result before
    overrunning, that result is returned with ``"provisional": True``.
    """
    ctx = _get_context()
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, target, payload, memory_mb), daemon=True)
    proc.start()
    child.close()
    partial = None
    try:
        if not parent.poll(START_LIMIT):
            raise SandboxError("the checker's worker process did not start")
        kind, value = parent.recv()
        deadline = time.monotonic() + time_limit
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not parent.poll(left):
                if partial is not None:
                    partial["provisional"] = True
                    return partial
                raise SandboxError(
                    f"the check took longer than its {time_limit:g} s time limit and was "
                    "stopped; simplify the input")
            try:
                kind, value = parent.recv()
            except EOFError:
                if partial is not None:
                    partial["provisional"] = True
                    return partial
                proc.join(1)
                code = proc.exitcode
                raise SandboxError(
                    "the check stopped abnormally"
                    + (f" (exit code {code})" if code not in (None, 0) else "")
                    + "; the input is probably too large to evaluate") from None
            if kind == "partial":
                partial = value
            elif kind == "final":
                return value
            elif kind == "bad-input":
                raise DerivationError(value)
            elif kind == "memory":
                raise SandboxError(
                    f"the check needed more than its {memory_mb} MiB memory limit and was "
                    "stopped; simplify the input")
            else:
                raise SandboxError(f"the check failed ({value})")
    finally:
        parent.close()
        if proc.is_alive():
            proc.kill()
        proc.join(2)

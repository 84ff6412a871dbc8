"""Run work driven by user input in a separate, killable process with limits.

The child is started with ``fork`` when the caller is single-threaded (the
command line: cheap and safe) and otherwise from a ``forkserver`` (started
once per process with SymPy and the catalog preloaded; forking a threaded
process such as a Streamlit server is not safe).  It sets a memory limit with
``resource.setrlimit`` and a CPU-time backstop, asks the kernel to kill it
when its parent dies (``PR_SET_PDEATHSIG`` on Linux), and reports back
through a pipe.

The parent waits a wall-clock time limit for the answer; on overrun it kills
the child and raises a one-line :class:`TimeLimitExceeded`.  Work may come
in two phases, each with its own limit: an optional ``setup`` (e.g. deriving
the catalog entry a claim is judged against) and the ``target`` itself.  A
child may send a provisional answer first (a numeric verdict) and a final one
later (the same verdict with a symbolic proof); on overrun the provisional
answer is kept and marked as such.

At most :data:`MAX_CHILDREN` children run at once in one process (a server
serves many users; extra requests wait up to :data:`SLOT_WAIT` seconds, then
get :class:`SandboxBusy`).  Children are registered under an ``owner`` (the
app's session id), so a server can stop every child of a session that went
away (:func:`stop_owner`, :func:`sweep`).  ``on_wait`` is called every
:data:`POLL_INTERVAL` seconds while the caller waits: to show progress, and
to let the caller abandon the work by raising (the child is then killed).

Example
-------
>>> run_isolated("symbolic_info.checker.sandbox:echo", {"x": 1})
{'x': 1}
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass

from ..core import DerivationError
from ..long_integers import allow_long_integers
from . import CHECK_TIME_LIMIT

__all__ = ["run_isolated", "start_method", "echo", "Progress", "SandboxError",
           "TimeLimitExceeded", "MemoryLimitExceeded", "SandboxBusy", "stop_owner", "sweep",
           "children", "warm_up", "TIME_LIMIT", "CHECK_TIME_LIMIT", "MEMORY_LIMIT_MB",
           "START_LIMIT", "SETUP_LIMIT", "MAX_CHILDREN", "SLOT_WAIT", "POLL_INTERVAL", "PRELOAD"]

TIME_LIMIT = 5.0
"""Seconds of wall-clock time the work on one input may take."""
SETUP_LIMIT = 20.0
"""Seconds of wall-clock time the ``setup`` phase may take (deriving the entry at the
user's parameters before a claim is judged)."""
MEMORY_LIMIT_MB = 1024
"""Address space the child may add to what it inherited, in MiB."""
START_LIMIT = 60.0
"""Seconds allowed for starting the worker process (not counted in the limits)."""
MAX_CHILDREN = max(1, int(os.environ.get("SYMBOLIC_INFO_WORKERS", "2")))
"""Children that may run at once in one process (``SYMBOLIC_INFO_WORKERS``, default 2)."""
SLOT_WAIT = 30.0
"""Seconds a request waits for a free child slot before :class:`SandboxBusy`."""
POLL_INTERVAL = 0.25
"""Seconds between calls of ``on_wait`` while the caller waits."""
PRELOAD = ("symbolic_info.checker.worker", "symbolic_info.web.worker")
"""Modules the forkserver imports once, so that each child starts warm."""

_lock = threading.Lock()
_contexts: dict = {}
_slots = threading.BoundedSemaphore(MAX_CHILDREN)
_registry: dict = {}  # owner -> set of running Process objects


class SandboxError(DerivationError):
    """The isolated work failed: time or memory limit, a full server, or a crash."""


class TimeLimitExceeded(SandboxError):
    """The child did not finish within its time limit and was killed."""


class MemoryLimitExceeded(SandboxError):
    """The child needed more than its memory limit and was stopped."""


class SandboxBusy(SandboxError):
    """Every child slot stayed taken for :data:`SLOT_WAIT` seconds."""


@dataclass(frozen=True)
class Progress:
    """What ``on_wait`` is told: the phase (``"queued"``, ``"setup"``, ``"work"``),
    seconds spent in it and its limit."""

    phase: str
    elapsed: float
    limit: float


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
                ctx.set_forkserver_preload(list(PRELOAD))
            _contexts[method] = ctx
        return _contexts[method]


def warm_up() -> None:
    """Start the forkserver now (a server calls this once, so the first child is fast)."""
    if start_method() != "forkserver":
        return
    _get_context()
    from multiprocessing import forkserver

    forkserver.ensure_running()


def echo(payload, send):
    """A target that returns its payload (for examples and tests)."""
    return payload


def _resolve(target: str):
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def _die_with_parent(parent_pid: int | None) -> None:
    """Ask Linux to SIGKILL this process when its parent dies (``PR_SET_PDEATHSIG``)."""
    from ..numeric.two_cores import die_with_parent

    die_with_parent(parent_pid)


def _limit_memory(extra_mb: int, cpu_seconds: float) -> None:
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
    want = int(cpu_seconds * 2) + 5
    if cpu_hard == resource.RLIM_INFINITY or want < cpu_hard:
        resource.setrlimit(resource.RLIMIT_CPU, (want, cpu_hard))


def _child(conn, target: str, payload, memory_mb: int, cpu_seconds: float,
           setup: str | None, parent_pid: int | None) -> None:
    """Entry point in the child process: never raises, always reports."""
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked CLI's handler is not ours
        _die_with_parent(parent_pid)
        _silence()
        allow_long_integers()  # a forkserver's child does not inherit the caller's limit
        conn.send(("started", None))
        _limit_memory(memory_mb, cpu_seconds)
        if setup is not None:
            payload = _resolve(setup)(payload)
            conn.send(("ready", None))
        func = _resolve(target)

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


# -- the parent's side ---------------------------------------------------------------


@contextlib.contextmanager
def _slot(on_wait):
    """Hold one of the :data:`MAX_CHILDREN` slots (waiting at most :data:`SLOT_WAIT` s)."""
    start = time.monotonic()
    while not _slots.acquire(timeout=POLL_INTERVAL):
        waited = time.monotonic() - start
        if waited >= SLOT_WAIT:
            raise SandboxBusy(
                f"the server is busy: {MAX_CHILDREN} computations are running and none "
                f"finished within {SLOT_WAIT:g} s; try again in a moment")
        if on_wait is not None:
            on_wait(Progress("queued", waited, SLOT_WAIT))
    try:
        yield
    finally:
        _slots.release()


def _register(owner, proc) -> None:
    with _lock:
        _registry.setdefault(owner, set()).add(proc)


def _unregister(owner, proc) -> None:
    with _lock:
        procs = _registry.get(owner)
        if procs is not None:
            procs.discard(proc)
            if not procs:
                del _registry[owner]


def children(owner=None) -> list:
    """Process ids of the running children (of ``owner``, or of everyone)."""
    with _lock:
        groups = [_registry.get(owner, ())] if owner is not None else list(_registry.values())
        return sorted(p.pid for procs in groups for p in procs if p.pid is not None)


def stop_owner(owner) -> int:
    """Kill every running child of ``owner``; returns how many were killed."""
    with _lock:
        procs = list(_registry.get(owner, ()))
    for proc in procs:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            proc.kill()
    return len(procs)


def sweep(is_alive) -> int:
    """Kill the children of every owner for which ``is_alive(owner)`` is false.

    Children without an owner (``None``: the command line, the Python API)
    are left alone.  Returns how many children were killed.
    """
    with _lock:
        owners = [o for o in _registry if o is not None]
    return sum(stop_owner(o) for o in owners if not is_alive(o))


def _wait(conn, seconds: float, phase: str, started: float, limit: float, on_wait) -> bool:
    """Poll ``conn`` for up to ``seconds``, calling ``on_wait`` between short polls."""
    end = time.monotonic() + seconds
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return conn.poll(0)
        if conn.poll(min(left, POLL_INTERVAL) if on_wait is not None else left):
            return True
        if on_wait is not None:
            on_wait(Progress(phase, time.monotonic() - started, limit))


def run_isolated(target: str, payload, time_limit: float | None = None,
                 memory_mb: int | None = None, *, setup: str | None = None,
                 setup_limit: float | None = None, label: str = "the check",
                 setup_label: str = "the preparation", advice: str = "simplify the input",
                 owner=None, on_wait=None, queued: bool = True):
    """Run ``module:function(payload, send_partial)`` in a child process.

    With ``setup`` (``module:function``), the child first computes
    ``payload = setup(payload)`` within ``setup_limit`` seconds; then
    ``time_limit`` seconds start for the target.  Returns the target's
    (picklable) result.  Raises :class:`TimeLimitExceeded` /
    :class:`MemoryLimitExceeded` on an overrun, :class:`SandboxBusy` when no
    slot became free, :class:`SandboxError` on a crash, and
    ``DerivationError`` when the child reports bad input.  If the child sent a
    provisional result before overrunning, that result is returned with
    ``"provisional": True``.  An exception raised by ``on_wait`` propagates
    after the child is killed.  Limits left out are :data:`TIME_LIMIT`,
    :data:`MEMORY_LIMIT_MB` and :data:`SETUP_LIMIT` (read at the call).
    ``queued=False`` runs without taking one of the :data:`MAX_CHILDREN` slots (for the
    server's own low-priority background work, which must never make a user wait).
    """
    time_limit = TIME_LIMIT if time_limit is None else time_limit
    memory_mb = MEMORY_LIMIT_MB if memory_mb is None else memory_mb
    setup_limit = SETUP_LIMIT if setup_limit is None else setup_limit
    with _slot(on_wait) if queued else contextlib.nullcontext():
        ctx = _get_context()
        parent, child = ctx.Pipe(duplex=False)
        parent_pid = os.getpid() if start_method() == "fork" else None
        cpu = time_limit + (setup_limit if setup else 0)
        proc = ctx.Process(target=_child, daemon=True,
                           args=(child, target, payload, memory_mb, cpu, setup, parent_pid))
        proc.start()
        _register(owner, proc)
        child.close()
        phases = [("setup", setup_limit, setup_label)] if setup else []
        phases.append(("work", time_limit, label))
        try:
            return _collect(parent, proc, phases, memory_mb, advice, on_wait)
        finally:
            _unregister(owner, proc)
            parent.close()
            if proc.is_alive():
                proc.kill()
            proc.join(2)


def _collect(parent, proc, phases: list, memory_mb: int, advice: str, on_wait):
    """Read the child's messages until the final answer, an error or an overrun.

    ``phases`` are ``(name, limit, label)`` in order; the child's ``started``
    message begins the first, each ``ready`` the next.
    """
    phase, limit, what = "starting", START_LIMIT, phases[-1][2]
    upcoming = iter(phases)
    begun = time.monotonic()
    partial = None
    while True:
        left = begun + limit - time.monotonic()
        if left <= 0 or not _wait(parent, left, phase, begun, limit, on_wait):
            if partial is not None:
                partial["provisional"] = True
                return partial
            if phase == "starting":
                raise SandboxError(f"{what} could not start its worker process")
            raise TimeLimitExceeded(f"{what} did not finish within its {limit:g} s time "
                                    f"limit and was stopped; {advice}")
        try:
            kind, value = parent.recv()
        except EOFError:
            if partial is not None:
                partial["provisional"] = True
                return partial
            proc.join(1)
            code = proc.exitcode
            raise SandboxError(
                f"{what} stopped abnormally"
                + (f" (exit code {code})" if code not in (None, 0) else "")
                + "; the input is probably too large to evaluate") from None
        if kind in ("started", "ready"):
            (phase, limit, what), begun = next(upcoming), time.monotonic()
        elif kind == "partial":
            partial = value
        elif kind == "final":
            return value
        elif kind == "bad-input":
            raise DerivationError(value)
        elif kind == "memory":
            raise MemoryLimitExceeded(f"{what} needed more than its {memory_mb} MiB memory "
                                      f"limit and was stopped; {advice}")
        else:
            raise SandboxError(f"{what} failed with an internal error ({value}); "
                               "please report it")

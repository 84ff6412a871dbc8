"""Jobs shared with a forked child: the values and errors of a plain loop, both processes at
work, and nothing forked where it is unsafe (another thread) or switched off."""

import os
import threading
import time

import pytest
import sympy as sp

from symbolic_info.numeric import quadrature, two_cores
from symbolic_info.numeric.context import NumericError, new_context

needs_two = pytest.mark.skipif(two_cores.cores() < 2, reason="needs two CPUs and fork")


def slow_pid():
    time.sleep(0.2)
    return os.getpid()


@needs_two
def test_both_processes_take_jobs_and_values_come_back_in_order():
    pids = two_cores.run_jobs([slow_pid] * 6)
    assert len(pids) == 6 and len(set(pids)) == 2 and os.getpid() in pids
    assert two_cores.run_jobs([lambda i=i: i * i for i in range(9)]) == [i * i for i in range(9)]


def test_one_core_when_switched_off_or_threaded(monkeypatch):
    monkeypatch.setenv(two_cores.SWITCH, "1")
    assert two_cores.cores() == 1
    assert set(two_cores.run_jobs([slow_pid] * 3)) == {os.getpid()}
    monkeypatch.delenv(two_cores.SWITCH)
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert two_cores.cores() == 1  # a fork would copy the other thread's locks as they are
    finally:
        stop.set()
        worker.join()


@needs_two
def test_the_first_job_runs_here_and_may_share_its_parts_when_the_child_starts_first(
        monkeypatch):
    """The first job runs in this process even when the child is first to take a job (a
    loaded machine), so that it can share its own parts with a child of its own (a forked
    child does its jobs alone): quantised-entropy's reference is the first job beside the
    value."""
    fork = os.fork

    def late_parent():
        pid = fork()
        if pid:
            time.sleep(0.3)  # the child looks for a job first
        return pid

    def parts():
        return os.getpid(), len(set(two_cores.run_jobs([slow_pid] * 4)))

    monkeypatch.setattr(os, "fork", late_parent)
    first, *others = two_cores.run_jobs([parts, slow_pid, slow_pid])
    assert first == (os.getpid(), 2) and len(others) == 2


@needs_two
def test_a_job_that_fails_only_in_the_child_is_run_again_here():
    parent = os.getpid()

    def fussy():
        time.sleep(0.2)
        if os.getpid() != parent:
            raise ValueError("not here")
        return "done"

    assert two_cores.run_jobs([fussy] * 4) == ["done"] * 4


@needs_two
def test_a_child_that_dies_leaves_its_jobs_to_the_parent():
    parent = os.getpid()

    def dies():
        time.sleep(0.2)
        if os.getpid() != parent:
            os._exit(3)
        return 1

    assert two_cores.run_jobs([dies] * 4) == [1] * 4


def test_the_first_failing_job_in_order_raises_as_in_a_loop():
    def fails(message):
        def job():
            time.sleep(0.1)
            raise NumericError(message)
        return job

    jobs = [lambda: 1, fails("first"), fails("second"), lambda: 2]
    with pytest.raises(NumericError, match="first"):
        two_cores.run_jobs(jobs)


@needs_two
def test_after_a_failing_job_no_further_job_is_started():
    """Jobs after the first failure are not needed (it raises first): none is started, so the
    error comes at once rather than after the rest of the work."""
    marks = os.pipe()

    def fails():
        raise NumericError("first")

    def later():
        os.write(marks[1], b"x")
        time.sleep(0.3)
        return 0

    with pytest.raises(NumericError, match="first"):
        two_cores.run_jobs([fails] + [later] * 8)
    os.close(marks[1])
    ran = len(os.read(marks[0], 64))
    os.close(marks[0])
    assert ran <= 2  # at most the one the child had taken before the stop


@pytest.mark.parametrize("broken", ["fork", "pipe"])
def test_no_fork_or_no_pipe_means_one_process_does_all(monkeypatch, broken):
    def refuse(*_args):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(two_cores, "cores", lambda: 2)
    monkeypatch.setattr(os, broken, refuse)
    before = len(os.listdir("/proc/self/fd"))
    assert two_cores.run_jobs([lambda i=i: i + 1 for i in range(4)]) == [1, 2, 3, 4]
    assert len(os.listdir("/proc/self/fd")) == before  # no descriptor left open


@needs_two
def test_an_ignored_sigchld_does_not_lose_the_values():
    import signal

    old = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        assert two_cores.run_jobs([slow_pid] * 4) != []
    finally:
        signal.signal(signal.SIGCHLD, old)


@needs_two
def test_a_320_digit_integral_is_shared_and_unchanged(monkeypatch):
    """The gamma(3/2, 2) density's entropy at 320 digits (1066 bits, above TWO_CORES_PREC;
    it ran at 1000 digits, twice, for the same property): two cores give the one-core value,
    and the truth k + ln theta + ln Gamma(k) + (1 - k) psi(k) (Cover & Thomas, Table 17.1),
    computed here at 420 digits; a value off by 1e-300 (negative control) is far outside."""
    x = sp.Symbol("x", positive=True)
    k, theta = sp.Rational(3, 2), 2
    logpdf = (k - 1) * sp.log(x) - x / theta - sp.loggamma(k) - k * sp.log(theta)
    density = quadrature.Density(x, logpdf, (0, sp.oo), (k * theta - theta, k * theta, 4))
    calls = []
    real = two_cores.run_jobs
    monkeypatch.setattr(two_cores, "run_jobs",
                        lambda jobs, **kw: calls.append(len(jobs)) or real(jobs, **kw))
    assert new_context(320).prec >= quadrature.TWO_CORES_PREC
    both = quadrature.differential_entropy(density, new_context(320))
    assert calls and calls[0] >= 2
    monkeypatch.setenv(two_cores.SWITCH, "1")
    one = quadrature.differential_entropy(density, new_context(320))
    truth_ctx = new_context(420)
    kk, th = truth_ctx.mpf(3) / 2, truth_ctx.mpf(2)
    truth = kk + truth_ctx.log(th) + truth_ctx.loggamma(kk) + (1 - kk) * truth_ctx.digamma(kk)
    assert both == one  # the pieces summed in the same order: bit for bit
    for value in (both, one):
        assert abs(truth_ctx.mpf(value) - truth) < truth_ctx.mpf(10) ** -320
    assert abs(truth_ctx.mpf(both) - truth * (1 + truth_ctx.mpf(10) ** -300)) > 1e-302


@needs_two
def test_a_child_never_outlives_a_derivation_stopped_at_its_time_limit(tmp_path):
    """``derive --dps 1000`` stopped at a 2 s limit mid-quadrature: the sandboxed worker is
    killed and the child it forked for the pieces dies with it (no process of this run is
    left, found by a marker in their environment).  ``kl/cauchy``, the slowest entry at 1000
    digits (5.5 s on an idle machine): ``entropy/logistic`` with a 4 s limit finished in time
    once the machine was idle, and the test failed on its premise."""
    import subprocess
    import sys
    import uuid
    from pathlib import Path

    marker = uuid.uuid4().hex
    env = dict(os.environ, SYMBOLIC_INFO_CACHE_DIR=str(tmp_path), TWO_CORES_TEST_MARK=marker,
               SYMBOLIC_INFO_DERIVATION_CACHE="off")
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from symbolic_info.cli import main; sys.exit(main())",
         "derive", "kl/cauchy", "--dps", "1000", "--time-limit", "2"],
        capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2 and "time limit" in done.stderr
    time.sleep(1)
    left = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and marker.encode() in (proc / "environ").read_bytes():
                left.append(proc.name)
        except OSError:
            continue
    assert left == []


@needs_two
def test_a_job_that_fails_here_raises_without_being_run_twice():
    """The engine's first job (the verification and the step checks beside maxent's
    competitors) may take the whole time limit before it fails: it is not run a second time
    to raise (a job that failed only in the child is still run here: the test above)."""
    runs = []

    def fails_here():
        runs.append(1)
        time.sleep(0.2)  # the child has taken the second job by now
        raise NumericError("verification failed")

    with pytest.raises(NumericError, match="verification failed"):
        two_cores.run_jobs([fails_here, lambda: time.sleep(0.3) or 1])
    assert len(runs) == 1

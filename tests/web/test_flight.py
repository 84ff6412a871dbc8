"""Identical requests that arrive together are computed once (symbolic_info.web.flight)."""

import threading
import time

import pytest
import streamlit as st

from symbolic_info.core import DerivationError
from symbolic_info.web import flight, jobs, state, worker
from symbolic_info.web.worker import BudgetExceeded


class Counter:
    """A slow computation that counts how often it ran."""

    def __init__(self, seconds=0.3, fail=None):
        self.calls, self.seconds, self.fail = 0, seconds, fail
        self.lock = threading.Lock()

    def __call__(self):
        with self.lock:
            self.calls += 1
            n = self.calls
        time.sleep(self.seconds)
        if self.fail is not None and n == 1:
            raise self.fail
        return {"run": n}


def together(n, fn):
    """Run ``fn(i)`` in ``n`` threads that start at once; ``[result or exception]``."""
    out = [None] * n
    barrier = threading.Barrier(n)

    def run(i):
        barrier.wait()
        try:
            out[i] = fn(i)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertions
            out[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return out


def test_identical_requests_run_once():
    work = Counter()
    out = together(12, lambda i: flight.once(("k", 1), work))
    assert work.calls == 1
    assert out == [{"run": 1}] * 12
    assert flight.in_flight() == 0


def test_different_requests_run_each():
    """Negative control: only identical keys share."""
    work = Counter()
    together(6, lambda i: flight.once(("k", i % 3), work))
    assert work.calls == 3


def test_a_later_request_runs_again():
    work = Counter(seconds=0)
    flight.once("later", work)
    flight.once("later", work)
    assert work.calls == 2  # nothing is kept once the computation ended (the caller caches)


@pytest.mark.parametrize("failure", [DerivationError("bad input"),
                                     BudgetExceeded("too long")])
def test_a_failure_of_the_request_is_shared(failure):
    work = Counter(fail=failure)
    out = together(8, lambda i: flight.once(("fail", type(failure)), work))
    assert work.calls == 1
    assert all(type(r) is type(failure) and str(r) == str(failure) for r in out)


def test_a_leader_that_gave_up_is_replaced():
    """The leader's session ended: the others compute instead of inheriting its failure."""
    work = Counter(fail=jobs.SessionEnded("gone"))
    out = together(8, lambda i: flight.once("leader-left", work))
    assert work.calls == 2
    assert sum(isinstance(r, jobs.SessionEnded) for r in out) == 1
    assert [r for r in out if not isinstance(r, Exception)] == [{"run": 2}] * 7


def test_a_follower_can_stop_waiting_alone():
    work = Counter(seconds=1.0)
    waits = []

    def ask(i):
        if i == 0:
            return flight.once("stop", work)
        time.sleep(0.1)  # the leader is i = 0

        def on_wait(seconds):
            waits.append(seconds)
            if i == 1 and seconds > 0.3:
                raise RuntimeError("this follower's script was rerun")

        return flight.once("stop", work, on_wait)

    out = together(4, ask)
    assert isinstance(out[1], RuntimeError)
    assert out[0] == out[2] == out[3] == {"run": 1}
    assert work.calls == 1 and waits


def test_the_app_derives_a_classes_identical_request_once(monkeypatch):
    """Forty sessions set sigma = 2 at once: one worker process, not forty."""
    st.cache_data.clear()
    calls = []

    def derive_within(name, params, units, dps, budget, **limits):
        calls.append(params)
        time.sleep(0.5)
        return {"name": name, "params": params, "units": units, "dps": dps}

    monkeypatch.setattr(worker, "derive_within", derive_within)
    params = (("mu", "0"), ("sigma", "2"))
    out = together(16, lambda i: state.page("entropy/normal", params, "nats", 50))
    assert calls == [params]
    assert all(r == out[0] for r in out) and out[0]["params"] == params
    st.cache_data.clear()

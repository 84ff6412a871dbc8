"""budget.time_budget: CPU budgets that nest."""

import signal
import threading
import time

import pytest

from symbolic_info.budget import OutOfTime, time_budget


def spin(seconds: float) -> None:
    """Use ``seconds`` of CPU time."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_a_budget_stops_work_that_overruns_it():
    with pytest.raises(OutOfTime):
        with time_budget(0.05):
            spin(5)


def test_work_within_its_budget_finishes():
    with time_budget(5):
        spin(0.01)


def test_zero_budget_is_out_of_time_at_once():
    with pytest.raises(OutOfTime):
        with time_budget(0):
            pass


def test_an_outer_budget_still_fires_after_an_inner_one_ended():
    # the timer is the process's: an inner budget that switched it off on leaving
    # would let the outer work run forever (spin(5) bounds this test)
    start = time.process_time()
    with pytest.raises(OutOfTime):
        with time_budget(0.3):
            with time_budget(10):
                spin(0.01)
            spin(5)
    assert time.process_time() - start < 4


def test_an_outer_budget_spent_inside_an_inner_one_still_fires():
    with pytest.raises(OutOfTime):
        with time_budget(0.05):
            try:
                with time_budget(10):  # the outer budget's 0.05 s applies
                    spin(5)
            except OutOfTime:
                pass  # the inner caller gives up (as symbolically_zero does) ...
            spin(5)  # ... and the outer one is out of time too


def test_no_limit_outside_the_main_thread():
    done = []

    def work():
        with time_budget(0.001):
            spin(0.05)
        done.append(True)

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert done == [True]


@pytest.mark.parametrize("seconds", [1e-7, 1e-12, 5e-324])
def test_a_tiny_positive_budget_expires_at_once(seconds):
    # a timer below a microsecond may round to 0, which switches the timer off: the
    # budget must still be a limit (spin(5) bounds the test if it is not)
    start = time.process_time()
    with pytest.raises(OutOfTime):
        with time_budget(seconds):
            spin(5)
    assert time.process_time() - start < 4


@pytest.mark.parametrize("seconds", [1e300, float("inf")])
def test_a_huge_budget_runs_the_work(seconds):
    with time_budget(seconds):
        spin(0.01)


def test_a_nan_budget_is_out_of_time_at_once():
    with pytest.raises(OutOfTime):
        with time_budget(float("nan")):
            pass


def test_a_huge_outer_budget_leaves_the_inner_limit_in_force():
    with time_budget(float("inf")):
        with pytest.raises(OutOfTime):
            with time_budget(0.05):
                spin(5)
        spin(0.01)  # the outer one did not fire


class SlowFinaliser:
    """An object whose finaliser takes CPU time: a budget's signal arriving there raises
    inside ``__del__``, where Python ignores the exception ("Exception ignored in")."""

    def __del__(self):
        spin(0.3)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_budget_whose_out_of_time_was_lost_in_a_finaliser_still_ends_the_work():
    # the sandbox's child of a long session lost its OutOfTime so and ran SymPy for the
    # 60 s wall limit instead of its 2 s budget; spin(5) bounds the test if it does not raise
    start = time.process_time()
    with pytest.raises(OutOfTime):
        with time_budget(0.05):
            SlowFinaliser()  # collected at once: the budget runs out inside __del__
            spin(5)
    assert time.process_time() - start < 4


def test_no_timer_is_left_running_after_a_budget_ran_out():
    before = signal.getsignal(signal.SIGPROF)
    for _ in range(20):
        with pytest.raises(OutOfTime):
            with time_budget(0.01):
                spin(5)
        assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
        assert signal.getsignal(signal.SIGPROF) is before

"""Bounded work from the command line (issue 9, part 3): limits, steps files, signals.

Each case runs the real console command in a fresh interpreter under a
generous timeout: a hang fails the test instead of blocking the suite.
"""

import io
import os
import re
import signal
import stat
import subprocess
import sys
import time

import pytest
from processes import children_of, wait_dead

from symbolic_info.checker import sandbox
from symbolic_info.checker.chain import MAX_CHAIN_CHARS
from symbolic_info.checker.command import check
from symbolic_info.cli import main

CLI = [sys.executable, "-m", "symbolic_info.cli"]
TIMEOUT = 180
SLOW_DERIVE = ["derive", "entropy/exponential", "--param", "lambda=3/7", "--dps", "1000"]
"""About 10 s of 1000-digit quadrature for the reference: slow by nature, not by a bug."""


def cli(*argv, stdin=None, timeout=TIMEOUT):
    return subprocess.run(CLI + list(argv), input=stdin, capture_output=True, text=True,
                          timeout=timeout)


def one_line(err: str) -> bool:
    return err.count("\n") == 1 and "Traceback" not in err and err.startswith("symbolic-info: ")


def test_check_with_a_huge_parameter_is_answered_or_refused_in_time():
    """Was: the entry was derived at k = 100000 before the sandbox started, with no limit."""
    # the subprocess timeout (well above the 20 s + 5 s limits) is the test of "no hang"
    proc = cli("check", "1", "--against", "entropy/gamma", "--param", "k=100000")
    if proc.returncode == 2:  # stopped at the limit: one clear line
        assert one_line(proc.stderr) and "did not finish within" in proc.stderr, proc.stderr
        assert "entropy/gamma" in proc.stderr
    else:  # derived within the limit: 1 is not the entropy
        assert proc.returncode == 1 and "INCORRECT" in proc.stdout, proc.stderr


def test_check_derives_the_entry_under_the_setup_limit(monkeypatch):
    monkeypatch.setattr(sandbox, "SETUP_LIMIT", 0.05)
    with pytest.raises(sandbox.TimeLimitExceeded,
                       match=r"deriving entropy/student_t at the given parameters did not "
                             r"finish within its 0\.05 s"):
        check(claim="1", against="entropy/student_t", params={"nu": "67/19"})
    monkeypatch.setattr(sandbox, "SETUP_LIMIT", 120)
    r = check(claim="1", against="entropy/student_t", params={"nu": "67/19"})
    assert r["verdict"] == "incorrect"  # negative control: with time, it is judged


def test_derive_stops_at_its_time_limit_with_one_line():
    proc = cli(*SLOW_DERIVE, "--time-limit", "1")
    assert proc.returncode == 2 and one_line(proc.stderr), proc.stderr
    assert ("derive entropy/exponential did not finish within its 1 s time limit"
            in proc.stderr)
    assert proc.stdout == ""


@pytest.mark.parametrize("value", ["0", "-3", "1e9", "nan"])
def test_time_limit_must_be_sensible(capsys, value):
    assert main(["derive", "entropy/normal", "--time-limit", value]) == 2
    err = capsys.readouterr().err
    assert one_line(err) and "--time-limit" in err


def test_derive_in_a_child_prints_the_same_as_before(capsys):
    """The fast path: the output is the library's rendering, whatever the process."""
    from symbolic_info import derive
    from symbolic_info.render import to_json

    assert main(["derive", "entropy/normal", "--param", "sigma=3/2", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert out == to_json(derive("entropy/normal", sigma="3/2")).rstrip("\n") + "\n"


def test_fifo_steps_file_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "steps.fifo"
    os.mkfifo(fifo)
    proc = cli("check", "--steps", str(fifo), timeout=60)
    assert proc.returncode == 2 and one_line(proc.stderr), proc.stderr
    assert "FIFO" in proc.stderr and "not a regular file" in proc.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # left as it was


def test_directory_and_device_steps_files_are_refused(capsys, tmp_path):
    for path, kind in [(str(tmp_path), "a directory"), ("/dev/zero", "a device")]:
        assert main(["check", "--steps", path]) == 2
        err = capsys.readouterr().err
        assert one_line(err) and kind in err and "not a regular file" in err


def test_steps_from_standard_input(monkeypatch, capsys):
    right = "log(a*b^2)\n= log(a) + 2 log(b)\n"
    wrong = right + "= log(a) + log(2 b)\n"  # negative control
    proc = cli("check", "--steps", "-", "--format", "json", stdin=wrong)  # a real pipe, once
    assert proc.returncode == 1 and '"first_wrong"' in proc.stdout, proc.stderr
    for argv, text, verdict in [([], right, "CORRECT"),
                                (["--against", "entropy/exponential"],
                                 "1 - log(lambda)\n= log(e/lambda)\n", "")]:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        assert main(["check", "--steps", "-", *argv]) == 0
        assert verdict in capsys.readouterr().out


def test_standard_input_is_read_only_up_to_the_cap():
    proc = cli("check", "--steps", "-", stdin="1\n" * MAX_CHAIN_CHARS)
    assert proc.returncode == 2 and one_line(proc.stderr), proc.stderr
    assert f"larger than {MAX_CHAIN_CHARS}" in proc.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_the_worker_dies_with_the_command(sig):
    """SIGTERM unwinds and kills the child; SIGKILL leaves it to PR_SET_PDEATHSIG."""
    proc = subprocess.Popen(CLI + SLOW_DERIVE + ["--time-limit", "600"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        end = time.monotonic() + 60
        kids = []
        while not kids and proc.poll() is None and time.monotonic() < end:
            time.sleep(0.05)
            kids = children_of(proc.pid)
        assert kids, "the derivation did not run in a child process"
        time.sleep(0.3)  # let the child get to work
        proc.send_signal(sig)
        proc.wait(30)
        assert not wait_dead(kids, 10), "the child outlived the command"
        if sig == signal.SIGTERM:
            assert proc.returncode == 2
            assert proc.stderr.read() == "symbolic-info: terminated\n"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_derivation_showing_a_5000_digit_integer_is_printed():
    """gamma(2500, 1/125) puts 125^2500 (5,243 digits) into the steps; Python's default
    limit of 4,300 digits for str() of an int made the output an internal error."""
    r = subprocess.run([sys.executable, "-m", "symbolic_info.cli", "derive", "entropy",
                        "--param", "X=1/2*exponential(1) + 1/2*gamma(2500, 1/125)",
                        "--format", "json"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and '"verified": true' in r.stdout, r.stderr


@pytest.mark.parametrize("preset", [None, "1000", "0"])
def test_importing_and_deriving_leave_the_int_to_str_limit_alone(preset):
    """A library does not change the interpreter's settings: the int-to-str limit stays
    what the program set (Python's default, a lower or no limit) through the import of every
    layer and a derivation; only the programs' entry points raise it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONINTMAXSTRDIGITS"}
    if preset is not None:
        env["PYTHONINTMAXSTRDIGITS"] = preset
    code = ("import sys\nbefore = sys.get_int_max_str_digits()\n"
            "import symbolic_info, symbolic_info.cli, symbolic_info.render, "
            "symbolic_info.checker.sandbox, symbolic_info.web.worker\n"
            "assert symbolic_info.derive('entropy/normal', sigma='2').verified\n"
            "print(before, sys.get_int_max_str_digits())")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    before, after = r.stdout.split()
    assert before == {None: "4300"}.get(preset, preset) and after == before


@pytest.fixture
def default_int_limit():
    """Python's default int-to-str limit (4,300 digits) in this process for one test (an
    AppTest runs app.py here, which raises it)."""
    before = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(4300)
    yield
    sys.set_int_max_str_digits(before)


def test_the_apps_worker_prints_a_5000_digit_integer(default_int_limit):
    """The app's child (a fork of this process at Python's limit of 4,300 digits, or a
    forkserver's child) raises the limit itself: its page shows 125^2500 (5,243 digits)."""
    from symbolic_info.web import worker

    p = worker.derive_within("entropy", (("X", "1/2*exponential(1) + 1/2*gamma(2500, 1/125)"),),
                             "nats", 30, 600)
    assert p["verified"] and re.search(r"\d{5243}", p["exports"]["json"])

"""Every hostile or extreme input through the real command line: answered or refused in time?

Runs each line of ``tests/hostile_inputs.txt`` as ``symbolic-info check LINE --against
entropy/exponential`` (a line holding a NUL byte, which cannot be an argument, goes through
``--steps -``), then a list of extreme ``derive``, ``check`` and ``export`` inputs (huge and
tiny parameters, long lists, slow precisions, FIFOs, oversized standard input, links), each
in a fresh process with a cap of ``--cap`` seconds.  Prints seconds, exit code and the
outcome per input, and the maximum against the budget (issue 9: every input answered or
refused within 30 s).  A canary file named by the injection attempts must never appear.

Usage::

    python benchmarks/bench_hostile.py [--cap 60] [--budget 30] [--only-extreme]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import header, table

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "hostile_inputs.txt"
CLI = [sys.executable, "-m", "symbolic_info.cli"]
THOUSAND = ",".join(["1/1000"] * 1000)


def extreme_inputs(tmp: Path) -> list:
    """``(label, argv, stdin)`` of the extreme inputs (argv after ``symbolic-info``)."""
    fifo = tmp / "steps.fifo"
    os.mkfifo(fifo)
    (tmp / "outside").mkdir()
    (tmp / "link").symlink_to(tmp / "outside")
    big = 10_000
    rows = [
        ("gamma k=100000", ["derive", "entropy/gamma", "--param", "k=100000"]),
        ("gamma k=10000", ["derive", "entropy/gamma", "--param", "k=10000"]),
        ("student_t nu=100000", ["derive", "entropy/student_t", "--param", "nu=100000"]),
        ("beta 1e5, 1e5", ["derive", "entropy/beta", "--param", "alpha=100000",
                           "beta=100000"]),
        ("erlang k=100000", ["derive", "entropy/erlang", "--param", "k=100000"]),
        ("f 1e5, 1e5", ["derive", "entropy/f", "--param", "d1=100000", "d2=100000"]),
        ("chi k=100000", ["derive", "entropy/chi", "--param", "k=100000"]),
        ("chi_squared k=100000", ["derive", "entropy/chi_squared", "--param", "k=100000"]),
        ("kl/gamma k1=100000", ["derive", "kl/gamma", "--param", "k1=100000", "theta1=1",
                                "k2=3", "theta2=2"]),
        ("maxent/normal sigma=1e400", ["derive", "maxent/normal", "--param", "sigma=1e400"]),
        ("maxent/normal sigma=1e-400", ["derive", "maxent/normal", "--param",
                                        "sigma=1e-400"]),
        ("kl/poisson lambda1=1e400", ["derive", "kl/poisson", "--param", "lambda1=1e400",
                                      "lambda2=1"]),
        ("weibull k=1e400", ["derive", "entropy/weibull", "--param", "k=1e400"]),
        ("generalized_normal beta=1e-400", ["derive", "entropy/generalized_normal", "--param",
                                            "beta=1e-400"]),
        ("normal sigma=1e400", ["derive", "entropy/normal", "--param", "sigma=1e400"]),
        ("exponential lambda=1e-400", ["derive", "entropy/exponential", "--param",
                                       "lambda=1e-400"]),
        ("categorical 1000 x 1/1000", ["derive", "entropy/categorical", "--param",
                                       f"p={THOUSAND}"]),
        ("kl/categorical 1000 items", ["derive", "kl/categorical", "--param", f"p1={THOUSAND}",
                                       f"p2={THOUSAND}"]),
        ("mvnormal mu of 200", ["derive", "entropy/mvnormal", "--param",
                                "mu=" + ",".join(["0"] * 200), "Sigma=[[1,0],[0,1]]"]),
        ("uniform a=2 (b default)", ["derive", "entropy/uniform", "--param", "a=2"]),
        ("triangular c=5", ["derive", "entropy/triangular", "--param", "c=5"]),
        ("discrete-mean mean=1e-12", ["derive", "maxent/discrete-mean", "--param",
                                      "support=0,1,2", "mean=1e-12"]),
        ("exponential at 1000 digits", ["derive", "entropy/exponential", "--param",
                                        "lambda=3/7", "--dps", "1000"]),
        ("kl/normal at 1000 digits", ["derive", "kl/normal", "--param", "mu1=0", "sigma1=1",
                                      "mu2=1e-25", "sigma2=1.000000000000000000000000000001",
                                      "--dps", "1000"]),
        ("check vs gamma k=100000", ["check", "1", "--against", "entropy/gamma", "--param",
                                     "k=100000"]),
        ("check vs kl/gamma k1=100000", ["check", "1", "--against", "kl/gamma", "--param",
                                         "k1=100000", "theta1=1", "k2=3", "theta2=2"]),
        ("check vs categorical 1000", ["check", "0", "--against", "entropy/categorical",
                                       "--param", f"p={THOUSAND}"]),
        ("check tiny KL", ["check", "6.6974e-300", "--against", "kl/bernoulli", "--param",
                           "p1=1e-300", "p2=1e-299"]),
        ("check --steps FIFO", ["check", "--steps", str(fifo)]),
        ("check --steps /dev/zero", ["check", "--steps", "/dev/zero"]),
        ("check --steps directory", ["check", "--steps", str(tmp)]),
        ("export into a link", ["export", str(tmp / "link")]),
        ("export ''", ["export", ""]),
    ]
    out = [(label, argv, None) for label, argv in rows]
    out.append(("check --steps - (1 MB stdin)", ["check", "--steps", "-"], "1\n" * 500_000))
    out.append(("check --steps - (chain)", ["check", "--steps", "-", "--against",
                                            "entropy/exponential"],
                "1 - log(lambda)\n= log(e/lambda)\n"))
    out.append(("check 10000-digit number", ["check", "9" * big, "--against",
                                             "entropy/exponential", "--param", "lambda=2"],
                None))
    return out


def corpus_inputs(canary: Path) -> list:
    """``(label, argv, stdin)`` for each line of the hostile corpus."""
    out = []
    for line in CORPUS.read_text(encoding="utf-8").split("\n"):
        if line == "" or line.startswith("# "):
            continue
        text = re.sub(r"\{U\+([0-9A-F]{4,5})\}", lambda m: chr(int(m.group(1), 16)), line)
        text = text.replace("CANARY", str(canary))
        if "\0" in text:
            out.append((repr(text), ["check", "--steps", "-", "--against",
                                     "entropy/exponential"], text + "\n"))
        else:
            out.append((repr(text), ["check", f"--claim={text}", "--against",
                                     "entropy/exponential"], None))
    return out


def run(argv: list, stdin: str | None, cap: float) -> tuple:
    """``(seconds or None at the cap, exit code, one-line outcome)``."""
    start = time.perf_counter()
    try:
        proc = subprocess.run(CLI + argv, input=stdin, capture_output=True, text=True,
                              timeout=cap, cwd=str(ROOT), errors="replace")
    except subprocess.TimeoutExpired:
        return None, None, f"no answer within {cap:g} s"
    seconds = time.perf_counter() - start
    if proc.returncode in (0, 1):
        verdict = re.search(r"^verdict:\s+(\S+)", proc.stdout, re.M)
        outcome = f"verdict {verdict.group(1)}" if verdict else proc.stdout.split("\n", 1)[0]
    else:
        lines = proc.stderr.strip().splitlines()
        outcome = lines[-1] if lines else "(no message)"
        if len(lines) != 1 or "Traceback" in proc.stderr:
            outcome = f"NOT ONE LINE ({len(lines)} lines): {outcome}"
    return seconds, proc.returncode, outcome


def shorten(text: str, width: int) -> str:
    text = text.replace("|", "\\|")
    return text if len(text) <= width else text[: width - 3] + "..."


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cap", type=float, default=60.0)
    ap.add_argument("--budget", type=float, default=30.0)
    ap.add_argument("--only-extreme", action="store_true")
    args = ap.parse_args(argv)
    header("Hostile and extreme inputs through the command line")
    worst, over, rows = 0.0, [], []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        canary = tmp / "canary"
        groups = [("extreme", extreme_inputs(tmp))]
        if not args.only_extreme:
            groups.append(("corpus", corpus_inputs(canary)))
        for group, inputs in groups:
            for label, command, stdin in inputs:
                seconds, code, outcome = run(command, stdin, args.cap)
                shown = args.cap if seconds is None else seconds
                worst = max(worst, shown)
                if seconds is None or seconds > args.budget or outcome.startswith("NOT ONE"):
                    over.append(label)
                what = command[0] if group == "extreme" else "check claim"
                rows.append([group, what, shorten(label, 48),
                             "> cap" if seconds is None else f"{seconds:.2f}",
                             "-" if code is None else code, shorten(outcome, 110)])
                print(f"{len(rows):4d} {rows[-1][4]!s:>3} {rows[-1][3]:>7}  {label[:60]}",
                      file=sys.stderr, flush=True)
        executed = canary.exists()
        print(f"Each input in a fresh process, cap {args.cap:g} s.\n")
        table(["group", "command", "input", "seconds", "exit", "outcome"], rows)
    print(f"- inputs: {len(rows)}; slowest: {worst:.2f} s; budget {args.budget:g} s: "
          f"{'ok' if not over else 'OVER for ' + ', '.join(over)}")
    print("- canary file created by an input: "
          + ("YES (an input was executed)" if executed else "no"))
    return 1 if over or executed else 0


if __name__ == "__main__":
    sys.exit(main())

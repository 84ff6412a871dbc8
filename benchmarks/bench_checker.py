"""Benchmark of the checker: typical claims (budget 2 s) and hostile inputs (budget 5 s).

Run: ``python benchmarks/bench_checker.py [--repeat N]``.  Prints two tables:

1. typical claims: preparing the problem (the catalog derivation, cold and
   warm), judging in-process, and judging through the sandbox process
   (``fork`` from this single-threaded script, and ``forkserver`` as the app
   uses it from a threaded server), median of N runs;
2. hostile inputs through the sandbox: time to the refusal or verdict.

Also one end-to-end ``symbolic-info check`` command line (a fresh process).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import threading
import time

TYPICAL = [
    ("entropy/normal", {}, None, "1/2*log(2*pi*e*sigma^2)"),
    ("entropy/normal", {}, None, r"\frac{1}{2}\ln\left(2\pi e\sigma\right)"),
    ("entropy/normal", {"sigma": "3/2"}, "bits", "2.632"),
    ("entropy/exponential", {}, None, "1 + log(lambda)"),
    ("binary-entropy", {"p": "0.9"}, None, "0.469"),
    ("kl/normal", {}, None, "log(sigma2/sigma1) + (sigma1^2 + (mu1-mu2)^2)/(2*sigma2^2) - 1/2"),
]

HOSTILE = [
    "__import__('os').system('true')",
    "9**9**9",
    "factorial(10**9)",
    "10^10^10",
    "(" * 5000 + "1" + ")" * 5000,
    "1+" * 500_000 + "1",
    r"\input{/etc/passwd}",
    "lambda\u202e^2",
    "lambda^lambda^lambda^lambda",
    "exp(exp(exp(lambda*20)))",
    "((lambda+1)^1000 + 1)^1000",
]


def _median(f, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _forkserver_call(target, payload):
    """Run ``run_isolated`` from a second thread, as in the threaded app (forkserver)."""
    from symbolic_info.checker.sandbox import run_isolated

    box = {}
    stop = threading.Event()
    keeper = threading.Thread(target=stop.wait)
    keeper.start()
    try:
        box["r"] = run_isolated(target, payload)
    finally:
        stop.set()
        keeper.join()
    return box["r"]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)

    from symbolic_info import catalog
    from symbolic_info.checker import worker
    from symbolic_info.checker.judge import prepare
    from symbolic_info.checker.sandbox import run_isolated
    from symbolic_info.core import DerivationError

    target = "symbolic_info.checker.worker:judge_claim"
    print(f"Typical claims (median of {args.repeat}; seconds)")
    header = (f"{'entry':<20} {'claim':<34} {'verdict':<9} {'prep cold':>9} {'prep warm':>9} "
              f"{'judge':>7} {'fork':>7} {'fksrv':>7}")
    print(header)
    print("-" * len(header))
    first_forkserver = None
    for name, params, units, claim in TYPICAL:
        if name not in catalog():
            print(f"{name:<20} (not in the catalog)")
            continue
        t = time.perf_counter()
        problem = prepare(name, params, units)
        cold = time.perf_counter() - t
        warm = _median(lambda n=name, p=params, u=units: prepare(n, p, u), args.repeat)
        payload = {"problem": problem, "claim": claim}
        verdict = worker.judge_claim(payload, lambda r: None)["verdict"]
        judge = _median(lambda pl=payload: worker.judge_claim(pl, lambda r: None), args.repeat)
        fork = _median(lambda pl=payload: run_isolated(target, pl), args.repeat)
        if first_forkserver is None:
            t = time.perf_counter()
            _forkserver_call(target, payload)
            first_forkserver = time.perf_counter() - t
        fks = _median(lambda pl=payload: _forkserver_call(target, pl), args.repeat)
        shown = claim if len(claim) <= 34 else claim[:31] + "..."
        print(f"{name:<20} {shown:<34} {verdict:<9} {cold:9.2f} {warm:9.3f} {judge:7.3f} "
              f"{fork:7.3f} {fks:7.3f}")
    print(f"(forkserver start, once per server process: {first_forkserver:.2f} s)")

    print()
    print("Hostile inputs through the sandbox (fork; seconds to the answer)")
    problem = prepare("entropy/exponential", {}, None)
    print(f"{'input':<40} {'seconds':>8}  outcome")
    for text in HOSTILE:
        t = time.perf_counter()
        try:
            r = run_isolated(target, {"problem": problem, "claim": text})
            outcome = f"verdict {r['verdict']}"
        except DerivationError as exc:
            outcome = f"refused: {str(exc)[:60]}"
        dt = time.perf_counter() - t
        shown = repr(text) if len(repr(text)) <= 40 else repr(text)[:37] + "..."
        print(f"{shown:<40} {dt:8.3f}  {outcome}")

    print()
    cmd = [sys.executable, "-m", "symbolic_info.cli", "check", "1 - ln(lambda)", "--against",
           "entropy/exponential"]
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    print(f"End to end: symbolic-info check '1 - ln(lambda)' --against entropy/exponential: "
          f"{time.perf_counter() - t:.2f} s (exit {proc.returncode}; new process incl. imports)")


if __name__ == "__main__":
    main()

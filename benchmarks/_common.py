"""Shared helpers of the benchmark scripts: timing, tables, machine facts.

Run a script from the repository root, e.g. ``python benchmarks/bench_catalog.py``.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from importlib import metadata

__all__ = ["header", "median", "param_args", "table", "timed", "timed_twice", "cpu_timed_twice",
           "run_python", "budget"]


def param_args(params: dict) -> list:
    """``--param K=V`` words for the CLI, a blank default left out (the CLI refuses an empty
    value; leaving it out asks for the same default).

    >>> param_args({"X": "normal(0, 1)", "Y": "", "delta": "1/10"})
    ['--param', 'X=normal(0, 1)', '--param', 'delta=1/10']
    """
    return [w for k, v in params.items() if str(v).strip() for w in ("--param", f"{k}={v}")]


def header(title: str) -> None:
    """Print the title and what the figures depend on (cores, versions)."""
    names = ("symbolic_info", "sympy", "mpmath", "gmpy2", "scipy", "streamlit")
    versions = []
    for name in names:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} absent")
    import mpmath

    print(f"## {title}\n")
    print(f"- machine: {os.cpu_count()} cores, {platform.machine()}, Python "
          f"{platform.python_version()}, mpmath backend {mpmath.libmp.BACKEND}")
    print(f"- load average at start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"- versions: {', '.join(versions)}\n")


def median(xs) -> float:
    return statistics.median(xs) if xs else float("nan")


def timed(fn, *args, **kwargs):
    """``(seconds, result)`` of one call."""
    t = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - t, result


def timed_twice(fn, *args, **kwargs):
    """``(first seconds, second seconds, result)``: a cold call, then the same call again."""
    first, result = timed(fn, *args, **kwargs)
    again, _ = timed(fn, *args, **kwargs)
    return first, again, result


def cpu_timed_twice(fn, *args, **kwargs):
    """``(first wall s, first CPU s, second wall s, result)``: a cold call, then the same call
    again.  CPU is this process's user + system time (``time.process_time``): on a shared,
    loaded machine wall time measures the neighbours, CPU time the work."""
    cpu = time.process_time()
    first, result = timed(fn, *args, **kwargs)
    cpu = time.process_time() - cpu
    again, _ = timed(fn, *args, **kwargs)
    return first, cpu, again, result


def run_python(code: str, timeout: float) -> tuple:
    """Run ``code`` in a fresh interpreter: ``(wall seconds or None on timeout, stdout)``."""
    t = time.perf_counter()
    try:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None, ""
    return time.perf_counter() - t, out.stdout


def budget(value: float | None, limit: float) -> str:
    """``ok`` or ``OVER`` against a budget in seconds."""
    if value is None:
        return "OVER"
    return "ok" if value <= limit else "OVER"


def table(columns: list, rows: list) -> None:
    """Print a Markdown table."""
    print("| " + " | ".join(columns) + " |")
    print("|" + "|".join("---" for _ in columns) + "|")
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")
    print()


def seconds(x: float | None, cap: float | None = None) -> str:
    if x is None:
        return f"> {cap:g} (cap)" if cap else "timeout"
    return f"{x:.3f}"

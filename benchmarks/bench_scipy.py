"""Against scipy.stats: differential entropy in double precision vs ours at 50 digits.

For every one-dimensional family at its default parameters: the time of
``scipy.stats.<dist>.entropy()`` (median of ``--repeat`` calls, a fresh frozen
distribution each time), how many significant digits of scipy's value agree
with our verified 50-digit value, and our warm derive + verify time (derivation
cache cleared, steps checked).  The scipy parametrisation is the one the test
suite uses (``tests/families/test_families.py``).

Usage::

    python benchmarks/bench_scipy.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time

HERE = os.path.dirname(__file__)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tests"))

from _common import header, median, table  # noqa: E402
from test_families import scipy_dist  # noqa: E402

from symbolic_info import derive  # noqa: E402
from symbolic_info.catalog import catalog, clear_cache  # noqa: E402
from symbolic_info.export import default_params  # noqa: E402
from symbolic_info.families import FAMILIES  # noqa: E402


def digits(a: float, b: float) -> str:
    if a == b:
        return ">= 16"
    return f"{-math.log10(abs(a - b) / abs(b)):.1f}" if b else "-"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    header("Differential entropy: scipy.stats (double precision) vs symbolic_info (50 digits)")
    rows = []
    for name in FAMILIES:
        entry = catalog()[f"entropy/{name}"]
        params = default_params(entry)
        values = {k: entry.param(k).parse(v) for k, v in params.items()}
        ours = derive(entry.name, dps=50, **params)
        warm = []
        for _ in range(args.repeat):
            clear_cache()
            t = time.perf_counter()
            derive(entry.name, dps=50, **params)
            warm.append(time.perf_counter() - t)
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            value = float(scipy_dist(name, values).entropy())
            times.append(time.perf_counter() - t)
        rows.append([name, f"{median(times) * 1e3:.2f}", digits(value, float(ours.value)),
                     f"{median(warm) * 1e3:.1f}", ours.verification.agree_digits])
    table(["family", "scipy entropy() (ms)", "scipy digits agreeing", "ours warm (ms)",
           "ours digits (verified)"], rows)


if __name__ == "__main__":
    main()

"""Benchmark of recognising a formula as a catalog family (``measures/custom_family.py``).

Run: ``python benchmarks/bench_recognise.py``.  For each density written out, the CPU
seconds of ``recognise`` (this process's user + system time): the first call in the process
(the search's Newton fits and SymPy's exact comparison, nothing remembered) and the median of
three more calls, with what was recognised.  The search's budget is ``RECOGNISE_BUDGET`` CPU
seconds; a density that is no family member spends what the search needs to give up.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import header, median, table  # noqa: E402

DENSITIES = [
    "exp(-x^2/2)/sqrt(2*pi) on (-oo, oo)",
    "exp(-(x-5)^2/2)/sqrt(2*pi) on (-oo, oo)",
    "exp(-(x-5)^2/8)/sqrt(8*pi) on (-oo, oo)",
    "10*exp(-50*(x+40)^2)/sqrt(2*pi) on (-oo, oo)",
    "exp(-abs(x-7)/2)/4 on (-oo, oo)",
    "2/(pi*(4+(x-1)^2)) on (-oo, oo)",
    "x^2*exp(-x/2)/16 on [0, oo)",
    "3*exp(-3*x) on [0, oo)",
    "exp(-x^2/2)*(1+x^2)/(2*sqrt(2*pi)) on (-oo, oo)",
    "(exp(-(x-2)^2/2) + exp(-(x+2)^2/2))/(2*sqrt(2*pi)) on (-oo, oo)",
    "3*x^2 + 1/2 on [0, 1]",
]


def main() -> None:
    from symbolic_info.language import parse_distribution
    from symbolic_info.measures.custom_family import RECOGNISE_BUDGET, recognise

    header(f"recognise: a density written out as a catalog family (budget {RECOGNISE_BUDGET} "
           "CPU s)")
    rows = []
    for text in DENSITIES:
        form = parse_distribution(text)
        times, found = [], None
        for _ in range(4):
            start = time.process_time()
            found = recognise(form)
            times.append(time.process_time() - start)
        shown = "none" if found is None else f"{found[0]} {found[1]}"
        rows.append((text, f"{times[0]:.3f}", f"{median(times[1:]):.3f}", shown))
    table(("density", "first CPU s", "again CPU s (median of 3)", "recognised as"), rows)


if __name__ == "__main__":
    main()

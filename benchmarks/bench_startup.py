"""How fast a fresh process answers: import, ``--help``, ``list`` and ``derive`` at 50 digits.

    python benchmarks/bench_startup.py [--repeat N] [--derive-repeat M] [--only PREFIX]
                                       [--cache all|both|cached|warm|cold]

Every figure is the wall time of a new interpreter (``subprocess.run``), so
it includes Python's own start-up (shown as ``python -c pass``).  ``derive``
runs every catalog entry at its default parameters with ``--dps 50``, with
the on-disk caches (``SYMBOLIC_INFO_CACHE_DIR``) in three states: *cached*
(a directory filled by one unmeasured run first: the finished derivation
answers, no SymPy), *warm* (the same, with the finished derivations removed
before each run: SymPy and the entry's module are imported and the result
verified, the step checks come from the step cache) and *cold* (a new empty
directory for every run: everything is computed); ``both`` is warm and cold,
``all`` (the default) the three.  The user's own cache is never touched.  Prints the command and the
load average (``uptime``) before and after, then the tables: median and
worst over the fresh processes of the wall time and of the CPU time (user +
system of the process and the children it waited for: on a machine shared
with other work, the CPU time is what the wall time would be on an idle
core), against the budgets of issue 15.  Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
from _common import header, median, param_args, table  # noqa: E402

FAILURES: list = []
"""Commands that did not succeed (their times are still shown)."""
BUDGETS = {"import": 0.3, "help": 0.5, "list": 0.5, "derive median": 1.0, "derive worst": 2.0}


def cli() -> list:
    """The ``symbolic-info`` console script next to this interpreter (or ``-m``-like code)."""
    exe = shutil.which("symbolic-info", path=os.path.dirname(sys.executable))
    code = "import sys; from symbolic_info.cli import main; sys.exit(main())"
    return [exe] if exe else [sys.executable, "-c", code]


def wall(argv: list, env: dict | None = None) -> tuple:
    """``(wall seconds, CPU seconds)`` of one fresh process ``argv`` (failures are listed).

    The CPU time (user + system of the process and of the children it waited for, such as
    the sandboxed child of ``derive``) is what the wall time would be on an idle core: the
    figure to compare when other work shares the machine.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=600)
    elapsed = time.perf_counter() - t
    if done.returncode:
        FAILURES.append(f"`{shown(argv)}`: exit {done.returncode}: "
                        f"{done.stderr.strip()[-200:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def shown(argv: list) -> str:
    """``argv`` with the program's directory left out."""
    return " ".join([Path(argv[0]).name, *argv[1:]])


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def spread(times: list) -> list:
    """Median and worst wall time, then median and worst CPU time, as table cells."""
    walls, cpus = [t[0] for t in times], [t[1] for t in times]
    return [f"{median(walls):.3f}", f"{max(walls):.3f}", f"{median(cpus):.3f}", f"{max(cpus):.3f}"]


def verdict(value: float, limit: float) -> str:
    return "ok" if value <= limit else "OVER"


def startup_rows(repeat: int) -> list:
    """``(what, command, times, budget)`` for the interpreter, the import, --help and list."""
    py = sys.executable
    cases = [
        ("python itself", [py, "-c", "pass"], None),
        ("import symbolic_info", [py, "-c", "import symbolic_info"], BUDGETS["import"]),
        ("symbolic-info --help", [*cli(), "--help"], BUDGETS["help"]),
        ("symbolic-info list", [*cli(), "list"], BUDGETS["list"]),
        ("symbolic-info list --format json", [*cli(), "list", "--format", "json"],
         BUDGETS["list"]),
    ]
    rows = []
    for what, argv, limit in cases:
        times = [wall(argv) for _ in range(repeat)]
        rows.append((what, argv, times, limit))
    return rows


def derive_argv(name: str, params: dict) -> list:
    # a generous time limit: a cold step cache on a loaded machine can pass the default 20 s
    argv = [*cli(), "derive", name, "--dps", "50", "--format", "json", "--time-limit", "600",
            *param_args(params)]
    return argv


def derive_times(argv: list, repeat: int, mode: str) -> list:
    """``repeat`` fresh-process times of ``argv`` with the caches ``cached``, ``warm`` (steps
    only) or ``cold`` (see the module's docstring)."""
    times = []
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        env = dict(os.environ, SYMBOLIC_INFO_CACHE="on")
        filled = Path(tmp) / "filled"
        if mode != "cold":
            env["SYMBOLIC_INFO_CACHE_DIR"] = str(filled)
            wall(argv, env)  # fills the caches; not measured
        for i in range(repeat):
            if mode == "cold":
                env["SYMBOLIC_INFO_CACHE_DIR"] = str(Path(tmp) / f"cold{i}")
            elif mode == "warm":
                shutil.rmtree(filled / "derivations", ignore_errors=True)
            times.append(wall(argv, env))
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5,
                    help="fresh processes per start-up figure (import, --help, list)")
    ap.add_argument("--derive-repeat", type=int, default=3,
                    help="fresh processes per entry and cache state")
    ap.add_argument("--only", default="", help="derive only entries whose name starts so")
    ap.add_argument("--cache", choices=["all", "both", "cached", "warm", "cold"],
                    default="all")
    args = ap.parse_args()

    from symbolic_info.catalog import catalog  # the bench's own process; not measured
    from symbolic_info.export import default_params

    header("Fresh-process start-up")
    print(f"- command: `{' '.join(sys.argv)}`")
    print(f"- uptime load at start: {load()}\n")

    rows = []
    for what, argv, times, limit in startup_rows(args.repeat):
        cells = spread(times)
        rows.append([what, f"`{shown(argv)}`", *cells, f"{limit:g}" if limit else "-",
                     verdict(median([t[0] for t in times]), limit) if limit else "-"])
    table(["what", "command", "wall median s", "wall worst s", "CPU median s", "CPU worst s",
           "budget s", "wall"], rows)

    modes = {"all": ["cached", "warm", "cold"], "both": ["warm", "cold"]}.get(args.cache,
                                                                            [args.cache])
    per_entry, summary = [], {m: [] for m in modes}
    cols = ["entry"] + [f"{m} {s}" for m in modes for s in (
        "wall median s", "wall worst s", "CPU median s", "CPU worst s")]
    print(f"`symbolic-info derive NAME --param <defaults> --dps 50 --format json "
          f"--time-limit 600`, {args.derive_repeat} fresh processes per entry and cache "
          f"state\n")
    # the header; each entry's row follows as soon as it is measured
    print("| " + " | ".join(cols) + " |\n|" + "|".join("---" for _ in cols) + "|", flush=True)
    for name, entry in catalog().items():
        if not name.startswith(args.only):
            continue
        argv = derive_argv(name, default_params(entry))
        row = [name]
        for mode in modes:
            times = derive_times(argv, args.derive_repeat, mode)
            summary[mode].append(times)
            row += spread(times)
        per_entry.append(row)
        print("| " + " | ".join(row) + " |", flush=True)
    print()

    rows = []
    for mode in modes:
        for kind, index in (("wall", 0), ("CPU", 1)):
            medians = [median([t[index] for t in times]) for times in summary[mode]]
            if not medians:
                continue
            every = [t[index] for times in summary[mode] for t in times]
            worst_name = per_entry[max(range(len(medians)), key=medians.__getitem__)][0]
            what = f"derive, caches {mode}, {kind}"
            rows += [
                [f"{what}: median over entries", f"{median(medians):.3f}",
                 f"{BUDGETS['derive median']:g}",
                 verdict(median(medians), BUDGETS["derive median"])],
                [f"{what}: worst entry median ({worst_name})", f"{max(medians):.3f}",
                 f"{BUDGETS['derive worst']:g}", verdict(max(medians), BUDGETS["derive worst"])],
                [f"{what}: worst single process", f"{max(every):.3f}",
                 f"{BUDGETS['derive worst']:g}", verdict(max(every), BUDGETS["derive worst"])],
            ]
    table(["summary", "seconds", "budget s", ""], rows)
    for failure in FAILURES:
        print(f"- failed: {failure}")
    print(f"- uptime load at end: {load()}")


if __name__ == "__main__":
    main()

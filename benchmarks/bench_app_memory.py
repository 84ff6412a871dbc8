"""The app's memory under a stream of overrunning requests (issue 9: stays under 1 GB).

    python benchmarks/bench_app_memory.py [--minutes 4] [--tabs 3]

Starts ``streamlit run app.py`` headless on a loopback port and drives it
with a few headless Chromium tabs (Playwright, Debian's ``/usr/bin/chromium``).
Each tab asks for work on extreme values (huge shape parameters, a 1000-item
categorical, 1000 digits) that overruns its time or memory limit, then
either changes its request (a rerun) or is closed (its session ends) after
a random 5 to 25 seconds; new tabs keep arriving for ``--minutes``.  Every
second a sampler reads from ``/proc`` the resident memory (RSS; PSS counts
shared pages once) of the server and of every process below it: the
forkserver and resource tracker (depth 1) and the worker processes
(depth 2).  Prints the samples every 15 s, then the peak, and the processes
left 15 s after the last tab closed.  Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import threading
import time

from _common import header, table
from playwright.sync_api import sync_playwright

from symbolic_info.web.server import CHROMIUM, descendants, server

BUDGET_MB = 1024
THOUSAND = ",".join(["1/1000"] * 1000)
REQUESTS = (
    ("entropy/gamma", "k", ("100000", "100001", "99999")),
    ("entropy/student_t", "nu", ("100000", "123457")),
    ("kl/gamma", "k1", ("100000", "77777")),
    ("entropy/beta", "alpha", ("100000", "99998")),
    ("entropy/categorical", "p", (THOUSAND,)),
    ("entropy/exponential", None, ("1000",)),  # 1000 digits: slow by nature
)
"""``(entry, parameter to set, values)``; ``None`` sets the digits instead."""


def _status(pid: int, field: str) -> int:
    """A ``kB`` field of ``/proc/PID/status`` (or ``smaps_rollup`` for Pss), in kB."""
    path = f"/proc/{pid}/smaps_rollup" if field == "Pss" else f"/proc/{pid}/status"
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def sample(root: int) -> dict:
    """RSS and PSS in MB by depth, and the number of worker processes."""
    depth = descendants(root)
    rss = {d: 0.0 for d in (0, 1, 2)}
    pss = 0.0
    for pid, d in depth.items():
        rss[min(d, 2)] += _status(pid, "VmRSS") / 1024
        pss += _status(pid, "Pss") / 1024
    workers = sum(1 for d in depth.values() if d >= 2)
    return {"server": rss[0], "helpers": rss[1], "workers": rss[2], "n": workers,
            "total": sum(rss.values()), "pss": pss}


class Sampler(threading.Thread):
    """Samples the server's process tree once a second."""

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root, self.rows, self.stop = root, [], threading.Event()
        self.start_time = time.monotonic()

    def run(self):
        while not self.stop.wait(1.0):
            self.rows.append((time.monotonic() - self.start_time, sample(self.root)))


def open_tab(browser, url: str, request: tuple, value: str):
    """A new tab (its own session) asking for ``request`` at ``value``."""
    name, param, _ = request
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(f"{url}/?entry={name}")
    page.wait_for_selector('[data-testid="stMain"] .katex', timeout=120_000)
    ask(page, request, value)
    return context, page


def ask(page, request: tuple, value: str) -> None:
    """Type ``value`` into the request's parameter (or the digits) and submit it."""
    name, param, _ = request
    sidebar = page.get_by_test_id("stSidebar")
    if param is None:
        box = sidebar.get_by_role("spinbutton", name="Digits")
    else:
        # the label is Markdown-escaped ("k\\: shape"): match the name before the colon
        box = sidebar.get_by_role("textbox", name=re.compile(rf"^{re.escape(param)}\\?:"))
    box.fill(value)
    box.press("Enter")


def drive(url: str, minutes: float, tabs: int, seed: int) -> dict:
    rng = random.Random(seed)
    counts = {"opened": 0, "reruns": 0, "closed": 0}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        open_tabs = []  # (context, page, request, deadline)
        end = time.monotonic() + minutes * 60
        i = 0
        while time.monotonic() < end:
            while len(open_tabs) < tabs:
                request = REQUESTS[i % len(REQUESTS)]
                i += 1
                context, page = open_tab(browser, url, request, request[2][0])
                counts["opened"] += 1
                open_tabs.append([context, page, request, time.monotonic()
                                  + rng.uniform(5, 25)])
            time.sleep(0.5)
            for tab in list(open_tabs):
                context, page, request, deadline = tab
                if time.monotonic() < deadline:
                    continue
                if rng.random() < 0.5 and len(request[2]) > 1:
                    ask(page, request, rng.choice(request[2][1:]))
                    counts["reruns"] += 1
                    tab[3] = time.monotonic() + rng.uniform(5, 25)
                else:
                    context.close()
                    counts["closed"] += 1
                    open_tabs.remove(tab)
        for context, *_ in open_tabs:
            context.close()
            counts["closed"] += 1
        browser.close()
    return counts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=4.0)
    ap.add_argument("--tabs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=9)
    args = ap.parse_args(argv)
    header("App memory under a stream of overrunning requests")
    with server() as running:
        sampler = Sampler(running.pid)
        sampler.start()
        counts = drive(running.url, args.minutes, args.tabs, args.seed)
        closed_at = time.monotonic() - sampler.start_time
        time.sleep(15)
        after = sample(running.pid)
        sampler.stop.set()
        sampler.join()
    rows = sampler.rows
    shown = [r for k, r in enumerate(rows) if k % 15 == 0 or k == len(rows) - 1]
    print(f"{args.tabs} tabs at a time for {args.minutes:g} min: {counts['opened']} opened, "
          f"{counts['reruns']} changed their request (rerun), {counts['closed']} closed; "
          f"requests: {', '.join(r[0] for r in REQUESTS)} on extreme values.\n")
    table(["t (s)", "server MB", "forkserver etc. MB", "workers", "workers MB",
           "total RSS MB", "total PSS MB"],
          [[f"{t:.0f}", f"{s['server']:.0f}", f"{s['helpers']:.0f}", s["n"],
            f"{s['workers']:.0f}", f"{s['total']:.0f}", f"{s['pss']:.0f}"] for t, s in shown])
    peak = max(rows, key=lambda r: r[1]["total"])
    most = max(s["n"] for _, s in rows)
    print(f"- peak total RSS {peak[1]['total']:.0f} MB at {peak[0]:.0f} s (PSS "
          f"{max(s['pss'] for _, s in rows):.0f} MB); budget {BUDGET_MB} MB: "
          f"{'ok' if peak[1]['total'] < BUDGET_MB else 'OVER'}")
    print(f"- most worker processes at once: {most}")
    print(f"- 15 s after the last tab closed (at {closed_at:.0f} s): {after['n']} worker "
          f"processes, total RSS {after['total']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

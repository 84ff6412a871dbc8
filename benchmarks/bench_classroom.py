"""A lecture hall opens the app together: N concurrent sessions against one server.

    python benchmarks/bench_classroom.py [--sessions 10 20 40] [--repeat 1] [--values 1]
                                         [--heavy 0] [--lecture kl/normal] [--settle 600]
                                         [--no-settle]

Starts ``streamlit run app.py`` headless (:func:`symbolic_info.web.server.server`),
lets it settle (a first visit, then the background warm-up of the catalog,
:mod:`symbolic_info.web.warm`, runs to its end: the teacher opened the app
before the class), then starts N sessions at once.  Each is a lightweight
client speaking Streamlit's own websocket protocol (``/_stcore/stream``,
protobuf ``BackMsg`` / ``ForwardMsg``, the messages a browser tab sends), so
the figures are the server's: N headless Chromium pages on the same two
cores would measure the browsers' rendering instead (DESIGN.md).  Every
session

1. loads the app (the landing derivation): *first formula* is the time from
   the request until the first formula (``$$`` LaTeX) arrives;
2. opens the lecture's derivation: picks its topic, then the entry;
3. changes a parameter (``--values K``: the sessions use K different values,
   1 = everyone follows the teacher's "set sigma2 = 3"; user values run in a
   worker process);
4. switches the units to bits;
5. checks a claim on the "Check your work" page (opens the page, picks the
   entry, submits the KL formula: judged in a sandboxed worker).

An *interaction* is the time from sending the widget change until its
result is shown: the first formula of the rerun where the page has formulas
(the derivation above the pictures and downloads, which follow), else the end
of the rerun (``script_finished``); the end of the rerun is reported too.  An *error* is a session
whose page showed an exception, an error or a warning (a budget overrun, a
busy server), lost its connection, missed an expected text, or did not
finish within the timeout.  ``--heavy H`` adds H sessions that ask for the
landing entry at its defaults at 1000 digits at the same moment (work in a
worker process, which must not stall the others).  Memory is the RSS of the
server's whole process tree (server, forkserver, workers), sampled every
0.2 s; CPU is the user + system time during the class of the server process, of its
workers and of the warm-up worker (nice 19), per session (server and workers), and the
server process's per script run (every rerun a session asked for: this figure carries over to
an idle machine, where N simultaneous clicks need about N times it of the server's one core).
A session's rerun stays on the page it shows, as a browser tab's does.  Prints the
command, the load (``uptime``) and a table per N.  Not a test: nothing is
asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import threading
import time

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

sys.path.insert(0, os.path.dirname(__file__))
from _common import header, table  # noqa: E402

from symbolic_info import catalog  # noqa: E402
from symbolic_info.web.server import descendants, server  # noqa: E402
from symbolic_info.web.view import LANDING, group_label  # noqa: E402

BUDGETS = {"first formula p95": 5.0, "interaction p95": 2.0}
CLAIMS = {
    "kl/normal": "log(sigma2/sigma1) + (sigma1^2 + (mu1 - mu2)^2)/(2*sigma2^2) - 1/2",
    "entropy/normal": "1/2*log(2*pi*e*sigma^2)",
}
VALUES = ("3", "5/2", "7/2", "4", "9/2", "11/4", "13/4", "15/4")
TIMEOUT = 180.0
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


class SessionFailed(Exception):
    """What went wrong in one session (counted as an error)."""


class Client:
    """One browser tab, as Streamlit's websocket protocol sees it."""

    def __init__(self, url: str):
        self.ws_url = url.replace("http", "ws", 1) + "/_stcore/stream"
        self.ws = None
        self.widgets: dict = {}  # user key -> widget id
        self.buttons: dict = {}  # label -> widget id
        self.pages: dict = {}  # page name -> page script hash
        self.page = None  # the page this tab shows (a rerun stays on it, as a browser's does)
        self.runs = 0  # script runs this tab asked for
        self.sent = None  # when the last rerun was sent
        self.state: dict = {}  # user key -> the value this tab set

    async def __aenter__(self):
        self.ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"],
                                           max_size=None, open_timeout=TIMEOUT)
        return self

    async def __aexit__(self, *exc):
        await self.ws.close()

    async def rerun(self, states: dict | None = None, page: str | None = None,
                    trigger: str | None = None) -> dict:
        """Send a rerun (``states``: user key -> string value; ``trigger``: a button label)
        and read until the script finished: ``{"first_formula", "seconds", "texts"}``."""
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = ""
        self.page = page or self.page
        rerun.page_script_hash = self.pages.get(self.page, "") if self.page else ""
        self.runs += 1
        self.state.update(states or {})
        for key, value in self.state.items():  # like a tab: every widget's current value
            if key not in self.widgets:
                continue
            w = rerun.widget_states.widgets.add()
            w.id = self.widgets[key]
            if isinstance(value, str):
                w.string_value = value
            else:  # a number input
                w.double_value = float(value)
        if trigger is not None:
            w = rerun.widget_states.widgets.add()
            w.id = self.buttons[trigger]
            w.trigger_value = True
        start = self.sent = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        first, texts, problems = None, [], []
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), TIMEOUT)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "navigation":
                self.pages = {p.page_name: p.page_script_hash for p in fwd.navigation.app_pages}
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                name = element.WhichOneof("type")
                el = getattr(element, name)
                wid = getattr(el, "id", "") if hasattr(el, "id") else ""
                if wid:
                    if "-" in wid and not wid.endswith("-None"):
                        self.widgets[wid.split("-", 2)[-1]] = wid
                    if name == "button":
                        self.buttons[el.label] = wid
                body = getattr(el, "body", "") if hasattr(el, "body") else ""
                if name == "markdown" and body.startswith("$$") and first is None:
                    first = time.perf_counter() - start
                if name == "exception":
                    problems.append(f"exception: {el.message[:120]}")
                if name == "alert":
                    texts.append(body)
                    if el.format in (Alert.ERROR, Alert.WARNING):
                        problems.append(f"{Alert.Format.Name(el.format).lower()}: {body[:160]}")
                if body:
                    texts.append(body)
            elif kind == "script_finished":
                break
        if problems:
            raise SessionFailed("; ".join(problems))
        seconds = time.perf_counter() - start
        return {"first_formula": first, "seconds": seconds,
                "shown": first if first is not None else seconds,
                "texts": texts}


def expect(result: dict, text: str, what: str) -> dict:
    if not any(text in t for t in result["texts"]):
        raise SessionFailed(f"{what}: '{text}' not shown")
    return result


async def lecture(url: str, index: int, args) -> dict:
    """One student's session: ``{"first_formula", "interactions": {kind: s}, "error"}``."""
    entry = catalog()[args.lecture]
    value = VALUES[index % args.values]
    param = "sigma2" if args.lecture == "kl/normal" else entry.params[-1].name
    out = {"first_formula": None, "interactions": {}, "finished": {}, "error": None, "runs": 0}
    c = Client(url)
    try:
        async with c:
            r = await c.rerun()
            out["first_formula"] = r["first_formula"]
            steps = [
                ("open topic", {"topic": group_label(entry.group)}, None, None, None),
                ("open lecture", {f"entry::{entry.group}": entry.title}, None, None,
                 entry.title),
                ("change parameter", {f"param::{entry.name}::{param}": value}, None, None,
                 "Verified"),
                ("switch units", {f"units::{entry.name}": "bits"}, None, None, "Value in bits"),
                ("open check page", {}, "Check your work", None, "Check your work"),
                ("pick entry to check", {"check::entry": f"{entry.title}  ({entry.name})"},
                 None, None, None),
            ]
            for kind, states, page, trigger, shows in steps:
                r = await c.rerun(states, page=page, trigger=trigger)
                out["interactions"][kind] = r["shown"]
                out["finished"][kind] = r["seconds"]
                if shows:
                    expect(r, shows, kind)
            r = await c.rerun({"check::claim": CLAIMS[entry.name]}, page="Check your work",
                              trigger="Check")
            out["interactions"]["check claim"] = r["shown"]
            out["finished"]["check claim"] = r["seconds"]
            expect(r, "orrect", "check claim")
    except (SessionFailed, OSError, asyncio.TimeoutError, KeyError,
            websockets.exceptions.WebSocketException) as exc:
        out["error"] = f"{type(exc).__name__}: {exc}"[:300]
    out["runs"] = c.runs
    return out


async def heavy(url: str, dps: int) -> dict:
    """A session asking for the landing entry at ``dps`` digits (a worker's long job):
    ``{"seconds", "outcome", "error"}``."""
    out = {"seconds": None, "outcome": None, "error": None, "runs": 0}
    c = Client(url)
    try:
        async with c:
            await c.rerun()
            try:
                r = await c.rerun({"dps": dps})
                out["outcome"] = "verified" if any("Verified" in t for t in r["texts"]) else "?"
            except SessionFailed as exc:  # a budget overrun is shown as a warning
                out["outcome"] = str(exc)[:120]
            out["seconds"] = time.perf_counter() - c.sent
    except (OSError, asyncio.TimeoutError, KeyError,
            websockets.exceptions.WebSocketException) as exc:
        out["error"] = f"{type(exc).__name__}: {exc}"[:300]
    out["runs"] = c.runs
    return out


class TreeMonitor:
    """Samples a process tree every 0.2 s: the peak of its total RSS, and the CPU time of the
    server process, of its worker processes and of the warm-up worker (nice 19) separately
    (a process that ends between two samples loses at most 0.2 s of its CPU time)."""

    def __init__(self, root: int):
        self.root, self.peak, self.stop = root, 0, threading.Event()
        self.cpu: dict = {}  # pid -> [first CPU s, last CPU s, niceness]
        self.thread = threading.Thread(target=self.run, daemon=True)

    def sample(self) -> int:
        rss = 0
        for pid in descendants(self.root):
            try:
                with open(f"/proc/{pid}/statm") as f:
                    rss += int(f.read().split()[1]) * PAGE_SIZE
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except (OSError, ValueError, IndexError):
                continue
            cpu = (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
            first = self.cpu.get(pid, [cpu if self.started else 0.0])[0]
            self.cpu[pid] = [first, cpu, int(fields[16])]
        self.peak = max(self.peak, rss)
        return rss

    def run(self):
        while not self.stop.wait(0.2):
            self.sample()

    def seconds(self, which) -> float:
        """CPU seconds used during the run by the processes ``which(pid, nice)`` selects."""
        return sum(last - first for pid, (first, last, nice) in self.cpu.items()
                   if which(pid, nice))

    def __enter__(self):
        self.started = False
        self.sample()  # a process already running counts from here
        for record in self.cpu.values():
            record[0] = record[1]
        self.started = True
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        self.end_rss = self.sample()
        self.server = self.seconds(lambda pid, nice: pid == self.root)
        self.workers = self.seconds(lambda pid, nice: pid != self.root and nice < 19)
        self.warm = self.seconds(lambda pid, nice: nice >= 19)


def settle(root: int, url: str, timeout: float) -> float:
    """Visit once, then wait for the warm-up: until a worker at nice 19 has appeared (at most
    60 s) and none has been seen for 20 s (a chunk's worker lowers its priority only once
    it has started, which takes seconds on a busy machine)."""
    start = time.perf_counter()
    asyncio.run(_visit(url))
    seen, quiet_since = False, time.monotonic()
    while time.perf_counter() - start < timeout:
        niced = False
        for pid in descendants(root):
            try:
                with open(f"/proc/{pid}/stat") as f:
                    niced |= int(f.read().rsplit(")", 1)[1].split()[16]) >= 19
            except (OSError, ValueError, IndexError):
                continue
        seen |= niced
        if niced:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since > (20 if seen else 60):
            break
        time.sleep(0.5)
    return time.perf_counter() - start


async def _visit(url: str) -> None:
    async with Client(url) as c:
        await c.rerun()


def quantile(xs: list, q: float) -> float | None:
    if not xs:
        return None
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, int(round(q * (len(xs) - 1)))))]


def by_kind(students: list) -> dict:
    """``{interaction: [seconds of every session that got that far]}``, in scenario order."""
    out: dict = {}
    for s in students:
        for kind, seconds in s["interactions"].items():
            out.setdefault(kind, []).append(seconds)
    return out


def fmt(x) -> str:
    return "-" if x is None else f"{x:.2f}"


async def classroom(url: str, n: int, args) -> tuple:
    jobs = [lecture(url, i, args) for i in range(n)]
    jobs += [heavy(url, args.heavy_dps) for _ in range(args.heavy)]
    results = await asyncio.gather(*jobs)
    return results[:n], results[n:]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, nargs="+", default=[10, 20, 40])
    ap.add_argument("--repeat", type=int, default=1, help="classes per N")
    ap.add_argument("--values", type=int, default=1,
                    help=f"distinct parameter values among the sessions (1..{len(VALUES)})")
    ap.add_argument("--heavy", type=int, default=0,
                    help="extra sessions asking for --heavy-dps digits at the same time")
    ap.add_argument("--heavy-dps", type=int, default=1000)
    ap.add_argument("--lecture", default="kl/normal", choices=sorted(CLAIMS))
    ap.add_argument("--settle", type=float, default=600,
                    help="seconds to wait at most for the warm-up before the class")
    ap.add_argument("--no-settle", action="store_true",
                    help="start the class right after the first visit (warm-up still running)")
    args = ap.parse_args()
    args.values = max(1, min(args.values, len(VALUES)))

    header("A class at once: concurrent sessions against one server")
    print(f"- command: `{' '.join(sys.argv)}`")
    print(f"- lecture: `{args.lecture}`, landing `{LANDING}`, {args.values} distinct "
          f"parameter value(s), {args.heavy} extra {args.heavy_dps}-digit session(s)")
    rows, heavy_rows, failures = [], [], []
    with server() as running:
        if args.no_settle:
            asyncio.run(_visit(running.url))
            print("- settle: first visit only")
        else:
            print(f"- settle (first visit and the catalog's warm-up, at most {args.settle:g} "
                  f"s): {settle(running.pid, running.url, args.settle):.0f} s")
        for n in args.sessions:
            for rep in range(args.repeat):
                load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
                t = time.perf_counter()
                with TreeMonitor(running.pid) as mon:
                    students, heavies = asyncio.run(classroom(running.url, n, args))
                wall = time.perf_counter() - t
                firsts = [s["first_formula"] for s in students if s["first_formula"] is not None]
                inter = [v for s in students for v in s["interactions"].values()]
                finished = [v for s in students for v in s["finished"].values()]
                errors = [s["error"] for s in students if s["error"]]
                runs = sum(s["runs"] for s in students + heavies)
                failures += errors[:3]
                per_kind = "; ".join(f"{k} {fmt(quantile(v, 0.95))}"
                                     for k, v in by_kind(students).items())
                rows.append([n, rep + 1, load, fmt(quantile(firsts, 0.5)),
                             fmt(quantile(firsts, 0.95)), fmt(quantile(inter, 0.5)),
                             fmt(quantile(inter, 0.95)), fmt(quantile(finished, 0.95)),
                             len(errors),
                             f"{mon.peak / 2**20:.0f}", f"{mon.end_rss / 2**20:.0f}",
                             f"{mon.server:.1f} / {mon.workers:.1f} / {mon.warm:.1f}",
                             f"{(mon.server + mon.workers) / n:.2f}",
                             f"{1000 * mon.server / max(runs, 1):.0f}", f"{wall:.1f}",
                             per_kind])
                for h in heavies:
                    heavy_rows.append([n, rep + 1, fmt(h["seconds"]), h["outcome"] or "-",
                                       h["error"] or "-"])
    print(f"- uptime load at end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    table(["N", "run", "load at start", "first formula p50 s", "first formula p95 s",
           "interaction p50 s", "interaction p95 s", "rerun finished p95 s", "errors",
           "peak RSS MiB",
           "RSS at end MiB", "CPU s: server / workers / warm-up", "CPU s per session",
           "server CPU ms per script run", "class wall s",
           "p95 per interaction s"], rows)
    print(f"Budgets (N = 40): first formula p95 <= {BUDGETS['first formula p95']:g} s, "
          f"interaction p95 <= {BUDGETS['interaction p95']:g} s, no errors.\n")
    if heavy_rows:
        table(["N", "run", f"{args.heavy_dps}-digit request s", "outcome", "error"], heavy_rows)
    for f in failures:
        print(f"- error: {f}")


if __name__ == "__main__":
    main()

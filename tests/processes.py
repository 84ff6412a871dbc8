"""Helpers for tests about child processes: which exist, which are alive (Linux /proc)."""

import time

from symbolic_info.web.server import descendants


def alive(pid: int) -> bool:
    """True while process ``pid`` exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def children_of(pid: int) -> list:
    """The live processes whose parent is ``pid``."""
    return sorted(p for p, depth in descendants(pid).items() if depth == 1)


def wait_dead(pids, seconds: float = 5.0) -> list:
    """The pids still alive after waiting up to ``seconds``."""
    end = time.monotonic() + seconds
    while any(alive(p) for p in pids) and time.monotonic() < end:
        time.sleep(0.05)
    return [p for p in pids if alive(p)]

"""Nagle's algorithm off on the app server's TCP sockets: no 40 ms stall per file.

Streamlit 1.67 binds its listening socket as ``socket.socket(family)``, protocol
number 0, and asyncio turns Nagle's algorithm off only on sockets whose protocol
is ``IPPROTO_TCP`` (``asyncio.base_events._set_nodelay``), so no connection of
the server has ``TCP_NODELAY``.  uvicorn writes a response's head and body in two
``send`` calls; Nagle holds the body until the head is acknowledged, and the
browser acknowledges late (Linux's delayed ACK, 40 ms; RFC 1122, 4.2.3.2, and
RFC 896).  So every request after the first on a kept-alive connection waited
about 44 ms, even a 2 kB file: the ~110 script files a browser loads before the
first formula, six connections at a time, and every websocket message.

:func:`turn_off_nagle` sets ``TCP_NODELAY`` on every TCP socket of the process:
the connections open now and the listening socket, whose option Linux copies
to each connection it accepts later.  :func:`once` does that at the first
script run of a server.

Example
-------
>>> import socket
>>> with socket.create_server(("127.0.0.1", 0)) as s:
...     turn_off_nagle() >= 1 and s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) > 0
True
"""

from __future__ import annotations

import os
import socket
import threading

__all__ = ["turn_off_nagle", "once"]

_done = threading.Event()
_lock = threading.Lock()


def _tcp(sock: socket.socket) -> bool:
    return sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM


def turn_off_nagle() -> int:
    """Set ``TCP_NODELAY`` on each TCP socket this process has open; returns how many.

    Each socket is reached through a duplicate of its descriptor (closed again),
    so no socket object of the server is touched.  Linux only (``/proc/self/fd``);
    elsewhere it does nothing and returns 0.
    """
    try:
        fds = [int(fd) for fd in os.listdir("/proc/self/fd")]
    except OSError:
        return 0
    count = 0
    for fd in fds:
        try:
            if not os.readlink(f"/proc/self/fd/{fd}").startswith("socket:"):
                continue
            dup = os.dup(fd)
        except OSError:  # closed meanwhile, or the listing's own descriptor
            continue
        try:
            sock = socket.socket(fileno=dup)
        except OSError:  # a kind of socket Python cannot wrap
            os.close(dup)
            continue
        with sock:
            if _tcp(sock):
                try:
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    count += 1
                except OSError:
                    pass
    return count


def once() -> None:
    """:func:`turn_off_nagle` at the first call in this process; later calls return at once."""
    if _done.is_set():
        return
    with _lock:
        if not _done.is_set():
            turn_off_nagle()
            _done.set()

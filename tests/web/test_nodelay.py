"""Nagle's algorithm is off on the app server's sockets (symbolic_info.web.nodelay).

Streamlit binds its listening socket with protocol number 0, so asyncio leaves Nagle's
algorithm on; with the browser's delayed ACK each further request on a connection
waited about 44 ms (a 2 kB script file or ``/_stcore/health``: 44-96 ms with curl on
the server of the old code, 1-8 ms with this change).  The tests check the socket
option itself, never a time.  Each fails on the code before the change (no module, and
``app.py`` did not call it).
"""

import socket
import subprocess
import sys
import textwrap
from pathlib import Path

from symbolic_info.web import nodelay

ROOT = Path(__file__).resolve().parents[2]


def streamlit_like_listener() -> socket.socket:
    """A listening socket bound as Streamlit 1.67 binds its own: protocol number 0."""
    sock = socket.socket(family=socket.AF_INET)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    return sock


def accepted(listener: socket.socket) -> tuple:
    client = socket.create_connection(listener.getsockname())
    conn, _ = listener.accept()
    return client, conn


def nodelay_of(sock: socket.socket) -> bool:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0


def test_the_premise_a_protocol_0_listener_gives_connections_with_nagle_on():
    """Negative control: without the change, an accepted connection keeps Nagle on (and
    asyncio would not turn it off: its protocol number is not IPPROTO_TCP)."""
    with streamlit_like_listener() as listener:
        client, conn = accepted(listener)
        with client, conn:
            assert listener.proto == 0 and conn.proto != socket.IPPROTO_TCP
            assert not nodelay_of(conn)


def test_open_connections_and_later_ones_get_nodelay():
    with streamlit_like_listener() as listener:
        client, before = accepted(listener)
        with client, before:
            assert nodelay.turn_off_nagle() >= 2
            assert nodelay_of(listener) and nodelay_of(before)
            late_client, after = accepted(listener)  # Linux copies the listener's option
            with late_client, after:
                assert nodelay_of(after)


def test_other_sockets_are_left_alone():
    left, right = socket.socketpair()  # AF_UNIX: no TCP option to set
    with left, right:
        nodelay.turn_off_nagle()
        assert left.fileno() >= 0 and right.send(b"x") == 1 and left.recv(1) == b"x"


def test_the_app_turns_nagle_off_at_its_first_run():
    """In a fresh interpreter (``once`` acts once per process): a listener like the
    server's has Nagle on before the app's first run and off after it."""
    script = textwrap.dedent(f"""
        import socket
        from streamlit.testing.v1 import AppTest
        sock = socket.socket(family=socket.AF_INET)
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        before = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        at = AppTest.from_file({str(ROOT / "app.py")!r}, default_timeout=900).run()
        assert not at.exception, at.exception
        print(before, sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=900, cwd=str(ROOT))
    assert done.returncode == 0, done.stderr[-2000:]
    before, after = map(int, done.stdout.split()[-2:])
    assert before == 0 and after != 0


def test_a_socket_python_cannot_wrap_is_skipped_without_a_leak(monkeypatch):
    import os

    def refuse(*args, **kwargs):
        raise OSError("unsupported socket family")

    with streamlit_like_listener():
        open_before = len(os.listdir("/proc/self/fd"))
        monkeypatch.setattr(nodelay.socket, "socket", refuse)
        assert nodelay.turn_off_nagle() == 0
        monkeypatch.undo()
        assert len(os.listdir("/proc/self/fd")) == open_before

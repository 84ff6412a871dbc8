"""Run derivations in a fresh interpreter under a time limit (test helper).

A derivation that hangs (``digamma(100000)`` expanded term by term took minutes and
gigabytes) must fail its test, not stall the suite: :func:`derive_all` runs a batch in a
child process with a timeout and returns one record per request.

Run as a script it reads ``[[name, params, dps], ...]`` as JSON on stdin and prints one
JSON line per request: ``{"ok": true, "json": <derive --format json>}`` or
``{"ok": false, "error": <message>, "kind": <exception class>}``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

TIMEOUT = 300
"""Seconds for a whole batch (generous: the machine may be shared and loaded)."""


def derive_all(requests: list, timeout: float = TIMEOUT) -> list:
    """``[(name, params, dps), ...]`` -> one record each (see the module docstring)."""
    env = dict(os.environ, SYMBOLIC_INFO_CACHE="off")
    proc = subprocess.run([sys.executable, __file__], input=json.dumps(requests),
                          capture_output=True, text=True, timeout=timeout, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return [json.loads(line) for line in proc.stdout.splitlines()]


def _main() -> None:
    from symbolic_info import derive
    from symbolic_info.core import DerivationError
    from symbolic_info.render import to_json_dict

    for name, params, dps in json.loads(sys.stdin.read()):
        try:
            record = {"ok": True, "json": to_json_dict(derive(name, dps=dps, **params))}
        except DerivationError as exc:
            record = {"ok": False, "error": str(exc), "kind": "DerivationError"}
        except Exception as exc:  # noqa: BLE001 - reported to the test, which fails
            record = {"ok": False, "error": str(exc), "kind": type(exc).__name__}
        print(json.dumps(record), flush=True)


if __name__ == "__main__":
    _main()

"""The on-disk cache of finished derivations: a cached answer is the fresh one, a stale or
foreign one is never shown, ``--fresh`` and ``SYMBOLIC_INFO_CACHE=off`` compute anew, and a
cached answer needs no SymPy.

Each CLI run is a new interpreter (as a user's is), with its own cache folder.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest

from symbolic_info import disk_cache
from symbolic_info.engine import derivation_cache

HEAVY = ("sympy", "mpmath", "numpy", "gmpy2", "symbolic_info.checker.sandbox")
"""Modules loaded by deriving: SymPy and the rest in the sandboxed child, the sandbox (which
starts that child) in the command's own process."""
REQUEST = ["derive", "entropy/exponential", "--param", "lambda=3/2", "--dps", "30"]
SLACK = ("--time-limit", "600")
"""Added to every ``derive`` here: the default 20 s of wall-clock time is not always enough for
a cold interpreter on a loaded machine, and no test in this file is about the limit."""


def cli(cache_dir, *argv, mode="on"):
    """``symbolic-info argv`` in a new interpreter: ``(exit code, stdout, stderr, which of
    :data:`HEAVY` it loaded)``."""
    argv = [*argv, *SLACK] if argv[0] == "derive" else list(argv)
    probe = ("import contextlib, sys\nfrom symbolic_info.cli import main\n"
             f"code = main({argv!r})\n"
             f"print('HEAVY=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
             "sys.exit(code)\n")
    env = dict(os.environ, SYMBOLIC_INFO_CACHE=mode, SYMBOLIC_INFO_CACHE_DIR=str(cache_dir))
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env=env, timeout=300)
    out, _, heavy = done.stdout.rpartition("HEAVY=")
    return done.returncode, out, done.stderr, [m for m in heavy.strip().split(",") if m]


def stored(cache_dir) -> list:
    return sorted((cache_dir / "derivations").glob("*.json"))


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_cached_answer_equals_a_fresh_one_and_loads_no_sympy(tmp_path, fmt):
    first = cli(tmp_path, *REQUEST, "--format", fmt)
    assert first[0] == 0 and first[3] == ["symbolic_info.checker.sandbox"]
    assert len(stored(tmp_path)) == 1
    again = cli(tmp_path, *REQUEST, "--format", fmt)
    assert again[:2] == first[:2] and again[3] == []  # served without a child, SymPy, mpmath
    uncached = cli(tmp_path / "elsewhere", *REQUEST, "--format", fmt, mode="off")
    assert uncached[:2] == first[:2] and not (tmp_path / "elsewhere").exists()
    if fmt == "json":
        d = json.loads(again[1])
        assert d["verification"]["ok"] and d["verification"]["dps"] == 30


def test_each_field_of_the_request_has_its_own_answer(tmp_path):
    base = cli(tmp_path, *REQUEST, "--format", "json")[1]
    other = {
        "params": cli(tmp_path, "derive", "entropy/exponential", "--param", "lambda=2",
                      "--dps", "30", "--format", "json")[1],
        "dps": cli(tmp_path, *REQUEST[:-1], "31", "--format", "json")[1],
        "units": cli(tmp_path, *REQUEST, "--units", "bits", "--format", "json")[1],
        "format": cli(tmp_path, *REQUEST, "--format", "markdown")[1],
    }
    assert len(stored(tmp_path)) == 5
    for field, out in other.items():
        assert out != base, field
    assert json.loads(other["dps"])["verification"]["dps"] == 31
    assert json.loads(other["units"])["units"] == "bits"


def test_fresh_computes_anew_and_replaces_a_tampered_answer(tmp_path):
    """Negative control: a stored answer is shown as stored (so the cache really answers),
    and ``--fresh`` ignores it, derives again and stores the real answer."""
    real = cli(tmp_path, *REQUEST, "--format", "json")[1]
    (path,) = stored(tmp_path)
    data = json.loads(path.read_text())
    path.write_text(json.dumps({**data, "output": "tampered"}))
    assert cli(tmp_path, *REQUEST, "--format", "json")[1] == "tampered\n"
    fresh = cli(tmp_path, *REQUEST, "--format", "json", "--fresh")
    assert fresh[0] == 0 and fresh[1] == real and fresh[3] != []
    assert cli(tmp_path, *REQUEST, "--format", "json")[1] == real


def test_fresh_checks_the_steps_anew(tmp_path):
    cli(tmp_path, *REQUEST)
    steps = {p: p.stat().st_mtime_ns for p in (tmp_path / "steps").glob("*.json")}
    assert steps
    for p in steps:
        os.utime(p, ns=(0, 0))
    cli(tmp_path, *REQUEST, "--fresh")
    assert all(p.stat().st_mtime_ns > 0 for p in steps)  # every check was written again


def test_errors_are_not_stored(tmp_path):
    code, _, err, _ = cli(tmp_path, "derive", "entropy/exponential", "--param", "lambda=-1")
    assert code == 2 and err.startswith("symbolic-info:") and stored(tmp_path) == []
    code, _, _, _ = cli(tmp_path, "derive", "entropy/nonesuch")
    assert code == 2 and stored(tmp_path) == []


def test_an_answer_stored_by_other_code_is_not_used(tmp_path, monkeypatch):
    """A change of the code's fingerprint makes every stored answer unreachable."""
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE", "on")
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE_DIR", str(tmp_path))
    request = {"name": "entropy/normal", "params": {"sigma": "2"}, "units": None, "dps": 50,
               "format": "text"}
    code = {"now": "a" * 64}
    monkeypatch.setattr(disk_cache, "fingerprint", lambda: code["now"])
    monkeypatch.setattr(disk_cache, "source_fingerprint", lambda _package: code["now"])
    derivation_cache.store(request, "made by code a")
    assert derivation_cache.load(request) == "made by code a"
    code["now"] = "b" * 64
    assert derivation_cache.load(request) is None
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE", "refresh")  # --fresh's mode: writes, never reads
    derivation_cache.store(request, "made by code b")
    assert derivation_cache.load(request) is None
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE", "on")
    assert derivation_cache.load(request) == "made by code b"


def test_an_answer_computed_while_the_code_changed_is_not_stored(tmp_path, monkeypatch):
    """The key names the code the command started with; a child that ran after an edit
    may have printed the new code's answer, so nothing is stored then."""
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE", "on")
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE_DIR", str(tmp_path))
    request = {"name": "entropy/normal", "params": {}, "units": None, "dps": 50,
               "format": "text"}
    monkeypatch.setattr(disk_cache, "fingerprint", lambda: "a" * 64)
    monkeypatch.setattr(disk_cache, "source_fingerprint", lambda _package: "c" * 64)
    derivation_cache.store(request, "made by edited code")
    assert derivation_cache.load(request) is None
    monkeypatch.setattr(disk_cache, "source_fingerprint", lambda _package: "a" * 64)
    derivation_cache.store(request, "made by code a")  # the control: unchanged code stores
    assert derivation_cache.load(request) == "made by code a"


def test_a_file_under_another_request_s_key_is_not_used(tmp_path, monkeypatch):
    """Negative control: the file's own record of the request must match, not only its name."""
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE", "on")
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE_DIR", str(tmp_path))
    one = {"name": "entropy/normal", "params": {"sigma": "2"}, "units": None, "dps": 50,
           "format": "text"}
    two = {**one, "params": {"sigma": "3"}}
    derivation_cache.store(one, "sigma 2")
    folder = tmp_path / "derivations"
    (folder / f"{derivation_cache.key(one)}.json").rename(
        folder / f"{derivation_cache.key(two)}.json")
    assert derivation_cache.load(two) is None and derivation_cache.load(one) is None


@pytest.mark.parametrize("junk", ["", "{", "[]", '{"request": 1}', '{"output": 3}'])
def test_unreadable_files_are_ignored(tmp_path, monkeypatch, junk):
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE", "on")
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE_DIR", str(tmp_path))
    request = {"name": "kl/normal", "params": {}, "units": "bits", "dps": 20, "format": "json"}
    (tmp_path / "derivations").mkdir()
    (tmp_path / "derivations" / f"{derivation_cache.key(request)}.json").write_text(junk)
    assert derivation_cache.load(request) is None


def test_the_fingerprint_follows_every_source_file(tmp_path):
    """A changed byte, a new module or a renamed one gives another fingerprint."""
    copy = tmp_path / "pkg"
    shutil.copytree(disk_cache.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    base = disk_cache.source_fingerprint(copy)
    assert base == disk_cache.fingerprint()
    target = copy / "engine" / "run.py"
    text = target.read_bytes()
    target.write_bytes(text + b"\n")
    assert disk_cache.source_fingerprint(copy) != base
    target.write_bytes(text)
    assert disk_cache.source_fingerprint(copy) == base
    (copy / "extra.py").write_text("")
    assert disk_cache.source_fingerprint(copy) != base
    (copy / "extra.py").unlink()
    (copy / "core.py").rename(copy / "core2.py")
    assert disk_cache.source_fingerprint(copy) != base


def test_the_store_keeps_at_most_its_bound(tmp_path, monkeypatch):
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE", "on")
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE_DIR", str(tmp_path))
    store = disk_cache.DiskStore("bounded", max_files=3)
    for i in range(6):
        store.store(f"{i:064x}", {"i": i})
        os.utime(store.folder() / f"{i:064x}.json", ns=(i, i))
    store.prune()
    assert sorted(json.loads(p.read_text())["i"] for p in store.folder().glob("*.json")) == [
        3, 4, 5]


def test_the_derivation_cache_alone_can_be_switched_off(tmp_path):
    """``SYMBOLIC_INFO_DERIVATION_CACHE=off`` (the precision benchmark's setting): a repeated
    request is derived again in the child (SymPy loaded), nothing is stored under
    ``derivations``, and the step cache is still written and read."""
    env = dict(os.environ, SYMBOLIC_INFO_CACHE="on", SYMBOLIC_INFO_CACHE_DIR=str(tmp_path),
               SYMBOLIC_INFO_DERIVATION_CACHE="off")
    probe = ("import sys\nfrom symbolic_info.cli import main\n"
             f"code = main({REQUEST + ['--format', 'json', *SLACK]!r})\n"
             "print('CHILD=' + str('symbolic_info.checker.sandbox' in sys.modules))\n"
             "sys.exit(code)\n")
    runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           env=env, timeout=300) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0]
    assert all(r.stdout.rstrip().endswith("CHILD=True") for r in runs)  # derived both times
    assert runs[0].stdout == runs[1].stdout
    assert stored(tmp_path) == []
    assert list((tmp_path / "steps").glob("*.json"))  # the step cache stays on
    on = cli(tmp_path, *REQUEST, "--format", "json")  # control: without the switch it stores
    assert on[0] == 0 and len(stored(tmp_path)) == 1

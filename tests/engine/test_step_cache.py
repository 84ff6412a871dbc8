"""The persistent step cache: content-addressed, never stale, can be switched off."""

import sympy as sp

from symbolic_info.core import Check
from symbolic_info.engine import run as engine
from symbolic_info.engine import step_cache

X = sp.Symbol("x", positive=True)


def test_key_changes_with_the_step_the_points_and_the_precision():
    base = step_cache.step_key(sp.log(X**2), 2 * sp.log(X), {}, [{X: 2}], 50)
    assert base == step_cache.step_key(sp.log(X**2), 2 * sp.log(X), {}, [{X: 2}], 50)
    assert base != step_cache.step_key(sp.log(X**2), 3 * sp.log(X), {}, [{X: 2}], 50)
    assert base != step_cache.step_key(sp.log(X**2), 2 * sp.log(X), {}, [{X: 3}], 50)
    assert base != step_cache.step_key(sp.log(X**2), 2 * sp.log(X), {}, [{X: 2}], 60)


def test_store_then_load_round_trips(tmp_path, monkeypatch):
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE", "on")
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE_DIR", str(tmp_path))
    check = Check("numeric", True, 50, 48, ({"x": "2"},), "agree to 48 digits")
    step_cache.store("k" * 64, check)
    assert step_cache.load("k" * 64) == check
    assert step_cache.load("j" * 64) is None


def test_switched_off_it_neither_stores_nor_loads(tmp_path, monkeypatch):
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE", "off")
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE_DIR", str(tmp_path))
    step_cache.store("k" * 64, Check("symbolic", True))
    assert not list(tmp_path.rglob("*.json"))
    assert step_cache.load("k" * 64) is None


def test_a_fresh_run_reuses_cached_checks_and_a_corrupted_step_is_checked_anew(tmp_path,
                                                                               monkeypatch):
    """Negative control: a wrong step has its own key, so a cached 'ok' cannot leak to it."""
    from symbolic_info.catalog import entry

    monkeypatch.setenv("SYMBOLIC_INFO_CACHE", "on")
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE_DIR", str(tmp_path))
    e = entry("entropy/exponential")
    _draft, steps = engine.checked_steps.__wrapped__(e, ())
    assert all(s.check.ok for s in steps) and list(tmp_path.rglob("*.json"))

    def refuse(*args):
        raise AssertionError("check_step called although the check is cached")

    real = engine.check_step
    monkeypatch.setattr(engine, "check_step", refuse)
    _draft, again = engine.checked_steps.__wrapped__(e, ())
    assert [s.check for s in again] == [s.check for s in steps]

    monkeypatch.setattr(engine, "check_step", real)
    points = [e.symbols_of(v) for v in engine.sample_values(e, (), {}, 3)]
    last = steps[-1]
    wrong = engine._check(last.lhs, last.rhs + sp.Rational(1, 1000), points, _draft.densities)
    assert not wrong.ok and wrong.method == "numeric"


def test_a_step_with_numbers_of_more_than_4300_digits_has_a_key():
    """A gamma(2500, 1/125) in a mixture puts 125^2500 (5,243 digits) into a step: Python
    refuses str() of such an int, and the key was an internal error."""
    big = sp.Integer(125) ** 2500
    x = sp.Symbol("x")
    lhs, rhs = x / big, sp.Rational(3, big) * sp.exp(-x)
    key = step_cache.step_key(lhs, rhs, {}, [{x: big + 1}], 50)
    assert key != step_cache.step_key(lhs, rhs, {}, [{x: big + 2}], 50)
    assert key != step_cache.step_key(lhs, rhs + sp.Rational(1, big), {}, [{x: big + 1}], 50)
    assert key != step_cache.step_key(lhs, rhs, {}, [int(big)], 50)
    assert step_cache.step_key(lhs, rhs, {}, [int(big)], 50) != \
        step_cache.step_key(lhs, rhs, {}, [int(big) + 1], 50)

"""Quadrature nodes on disk (issue 15, precision): read back exactly, ignored when damaged,
and never able to pass a wrong reference off as verified (negative controls: nodes whose
weights are off by a relative 10^-360, stored with a valid checksum, must not verify at 600
digits; a rule whose weights are all off by 10^-200 must not verify at 300 digits, where the
nodes of 512 bits and more are stored as well)."""

import mpmath
import pytest
import sympy as sp

from symbolic_info.catalog import entry as catalog_entry
from symbolic_info.engine.run import run
from symbolic_info.numeric import node_store, quadrature, rule_nodes
from symbolic_info.numeric.context import new_context

R = sp.Rational


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE", "on")
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(rule_nodes, "_NODES", {})
    monkeypatch.setattr(rule_nodes, "_DIRTY", set())
    return tmp_path / "nodes"


def key_of(path):
    kind, *numbers = path.stem.split("_")
    return (kind, *map(int, numbers))


def entropy_at(dps):
    x = sp.Symbol("x", positive=True)
    lam = R(7, 3)
    density = quadrature.Density(x, sp.log(lam) - lam * x, (0, sp.oo), (1 / lam,))
    return quadrature.differential_entropy(density, new_context(dps))


def truth(dps):
    """Cover & Thomas, Example 8.1.1: h = 1 - ln(7/3)."""
    ctx = mpmath.MPContext()
    ctx.dps = 2 * dps
    return 1 - ctx.log(ctx.mpf(7) / 3)


def test_nodes_read_back_give_the_same_sum(store):
    first = entropy_at(300)
    files = sorted(store.rglob("*.bin"))
    assert files
    rule_nodes._NODES.clear()
    again = entropy_at(300)
    assert again == first
    assert abs(first - truth(300)) < mpmath.mpf(10) ** -300


def test_a_damaged_file_is_ignored(store):
    entropy_at(300)
    for path in store.rglob("*.bin"):
        data = bytearray(path.read_bytes())
        data[-1] ^= 0xFF
        path.write_bytes(bytes(data))
        assert node_store.load(path.parent.name, key_of(path)) is None
    rule_nodes._NODES.clear()
    assert abs(entropy_at(300) - truth(300)) < mpmath.mpf(10) ** -300


def test_nothing_is_read_or_written_when_the_cache_is_off(store, monkeypatch):
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE", "off")
    entropy_at(300)
    assert not store.exists() or not list(store.rglob("*.bin"))


def correct_to(text, dps):
    t = truth(dps)
    ctx = t.context
    unit = ctx.mpf(10) ** (ctx.floor(ctx.log10(abs(t))) - dps + 1)
    return abs(ctx.mpf(text) - t) <= unit / 2 * (1 + ctx.mpf(10) ** -10)


def test_wrong_nodes_on_disk_never_pass_as_verified_digits(store):
    """Weights off by a relative 10^-360, stored with a valid checksum, are read (the
    reference at 600 digits is then 360 digits right), and the verification either fails
    or recomputes the reference at a precision whose nodes are right: every digit shown
    stays right.  (At 1000 digits with 10^-600, the same code: 2.5 times the cost.)"""
    params = {"lambda": R(7, 3)}
    e = catalog_entry("entropy/exponential")
    assert run(e, params, None, 600).verification.ok
    ctx = mpmath.MPContext()
    ctx.prec = 2500
    off = 1 + ctx.mpf(10) ** -360
    for path in store.rglob("*.bin"):
        version, key = path.parent.name, key_of(path)
        nodes = node_store.load(version, key)
        bad = [(t, y, (ctx.make_mpf(w) * off)._mpf_) for t, y, w in nodes]
        node_store.save(version, key, bad)
    rule_nodes._NODES.clear()
    err = abs(entropy_at(600) - truth(600))
    assert mpmath.mpf(10) ** -370 < err < mpmath.mpf(10) ** -350
    rule_nodes._NODES.clear()
    v = run(e, params, None, 600).verification
    assert not v.ok or (correct_to(v.reference, 600) and correct_to(v.value, 600))


def test_a_wrong_node_rule_does_not_verify(store, monkeypatch):
    """Negative control: every weight off by a relative 10^-200, at every precision."""
    rule = rule_nodes._node

    def wrong(kind, t, et, ctx):
        y, w = rule(kind, t, et, ctx)
        return y, w * (1 + ctx.mpf(10) ** -200)

    monkeypatch.setattr(rule_nodes, "_node", wrong)
    d = run(catalog_entry("entropy/exponential"), {"lambda": R(7, 3)}, None, 300)
    assert not d.verification.ok and not d.verified
    assert 190 <= d.verification.agree_digits <= 210


def test_refresh_mode_reads_no_stored_nodes_and_old_rules_are_dropped(store, monkeypatch):
    """``derive --fresh`` (mode refresh) trusts nothing on disk; a save removes the folders
    of other rule versions (never read again) so that they do not fill the store."""
    nodes = [((0, 1, 0, 1), (0, 3, -1, 2), (1, 5, -3, 3))]
    node_store.save("old", ("finite", 100, 0, 1), nodes)
    node_store.save("new", ("finite", 100, 0, 1), nodes)
    assert not (store / "old").exists() and (store / "new").is_dir()
    assert node_store.load("new", ("finite", 100, 0, 1)) == nodes
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE", "refresh")
    assert node_store.load("new", ("finite", 100, 0, 1)) is None


def test_a_failed_write_leaves_no_temporary_file(tmp_path):
    from symbolic_info.disk_cache import DiskStore

    store = DiskStore("x", 10)
    with pytest.MonkeyPatch.context() as m:
        m.setenv("SYMBOLIC_INFO_CACHE", "on")
        m.setenv("SYMBOLIC_INFO_CACHE_DIR", str(tmp_path))
        store.store("k", {"a": object()})  # not JSON: the write fails
        store.store("ok", {"a": 1})
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["ok.json"]


def test_a_longer_stored_list_is_never_replaced_by_a_shorter_one(store):
    """Two processes (the pieces of a quadrature on two cores) grow the same key's list; the
    one that writes last may hold fewer nodes.  Control: a longer list does replace."""
    nodes = [((0, k, 0, max(1, k.bit_length())), (0, 3, -1, 2), (1, 5, -3, 3))
             for k in range(1, 40)]
    key = ("finite", 1024, 3, 1)
    node_store.save("v", key, nodes[:30])
    node_store.save("v", key, nodes[:10])
    assert node_store.load("v", key) == nodes[:30]
    node_store.save("v", key, nodes)
    assert node_store.load("v", key) == nodes


def test_nodes_a_child_stored_are_read_instead_of_generated(store, monkeypatch):
    """After a quadrature shared with a child, a node list that must grow is looked up on
    disk once more (the child may have stored a longer one) before nodes are generated."""
    ctx = new_context(400)
    key = ("finite", rule_nodes.node_prec(ctx.prec), 2, 1)
    rule_nodes.nodes_at("finite", 2, 1, 40, ctx)
    rule_nodes.store_nodes()
    longer = list(rule_nodes.nodes_at("finite", 2, 1, 80, ctx))  # as a child would grow it
    node_store.save(rule_nodes.node_version(), key, longer)
    rule_nodes._NODES[key] = longer[:40]  # this process still holds the short list
    monkeypatch.setattr(rule_nodes, "_EPOCH", [rule_nodes._EPOCH[0] + 1])
    calls = []
    real = rule_nodes._node
    monkeypatch.setattr(rule_nodes, "_node", lambda *a: calls.append(1) or real(*a))
    assert rule_nodes.nodes_at("finite", 2, 1, 80, ctx) == longer
    assert calls == []  # read, not generated
    assert rule_nodes.nodes_at("finite", 2, 1, 90, ctx)[:80] == longer  # grows from there
    assert len(calls) == 10

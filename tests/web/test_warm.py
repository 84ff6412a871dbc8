"""The catalog derived ahead of time: pages computed in a background worker seed the app's
caches, so an entry opened later needs no work in the server."""

import pytest
import streamlit as st

from symbolic_info import catalog
from symbolic_info.checker.sandbox import run_isolated
from symbolic_info.web import state, warm, worker
from symbolic_info.web.view import DEFAULT_DPS, LANDING

NAMES = ["entropy/exponential", "binary-entropy"]  # binary-entropy has a picture


def no_derivation(payload, send_partial=None):
    raise AssertionError(f"the server derived {payload['name']} although it was seeded")


@pytest.fixture
def empty_caches():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def test_every_entry_is_warmed_once_landing_first():
    names = warm.ordered_names()
    assert names[0] == LANDING
    assert sorted(names) == sorted(catalog())
    assert sum(warm.chunks(names), []) == names
    assert all(1 <= len(c) <= warm.CHUNK for c in warm.chunks(names))


def test_the_request_is_the_one_the_page_makes_first():
    for name in NAMES:
        params, units, dps = warm.request_of(name)
        entry = catalog()[name]
        assert units == entry.default_units and dps == DEFAULT_DPS
        assert state.trusted(name, params, dps)
        assert dict(params) == {p.name: p.default.strip() for p in entry.params}


@pytest.fixture(scope="module")
def background():
    """One real warm-up of :data:`NAMES` (a background process at nice 19): the pages it
    handed back and how many it seeded.  Both tests below read this one run: a second
    process derived the same pages again, and at nice 19 it waits for every other process
    on the machine (over 200 s each under the suite's load)."""
    handed = {}

    def recording(*args, **kwargs):
        pages = run_isolated(*args, **kwargs)
        handed.update(pages)
        return pages

    st.cache_data.clear()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(warm, "run_isolated", recording)
        seeded = warm.warm_up(NAMES)
    st.cache_data.clear()
    return handed, seeded


def test_background_pages_equal_the_server_pages(background):
    pages, seeded = background
    assert sorted(pages) == sorted(NAMES) and seeded == len(NAMES)
    for name, (page, _) in pages.items():
        params, units, dps = warm.request_of(name)
        assert page == worker.page_for({"name": name, "params": params, "units": units,
                                        "dps": dps})
        assert page["verified"]
    assert pages["binary-entropy"][1] and pages["binary-entropy"][1][0]["svg"].startswith("<")


def test_seeded_pages_are_served_without_deriving(background, empty_caches, monkeypatch):
    """warm_up seeds what its background process hands back (that process's pages, from
    the run above) and the server then serves them without deriving."""
    pages, _ = background
    monkeypatch.setattr(warm, "run_isolated", lambda target, payload, **kw: {
        name: pages[name] for name in payload["names"]})
    seeded = warm.warm_up(NAMES)
    assert seeded == len(NAMES)
    monkeypatch.setattr(worker, "page_for", no_derivation)
    monkeypatch.setattr(worker, "pictures_for", no_derivation)
    for name in NAMES:
        params, units, dps = warm.request_of(name)
        page = state.page(name, params, units, dps)
        assert page["name"] == name and page["verified"]
    params, units, _ = warm.request_of("binary-entropy")
    figures = state.pictures("binary-entropy", params, units)
    assert figures and figures[0]["svg"].startswith("<")


def test_without_seeding_the_server_derives(empty_caches, monkeypatch):
    """Negative control for the test above: an empty cache does reach the derivation."""
    monkeypatch.setattr(worker, "page_for", no_derivation)
    params, units, dps = warm.request_of(NAMES[0])
    with pytest.raises(AssertionError, match="although it was seeded"):
        state.page(NAMES[0], params, units, dps)


def test_only_trusted_requests_are_seeded(empty_caches):
    fake = {"name": "entropy/exponential", "verified": True}
    assert not state.seed_trusted("entropy/exponential", (("lambda", "7"),), "nats", 50, fake)
    assert not state.seed_trusted("entropy/exponential", (("lambda", "2"),), "nats", 300, fake)
    assert not state.seed_trusted("no/such-entry", (), "nats", 50, fake)
    assert not state.seed_trusted_pictures("entropy/laplace", (), "nats", [])  # no plot


@pytest.mark.parametrize("value, on", [("off", False), ("0", False), ("no", False),
                                       ("on", True), (None, True)])
def test_the_switch(monkeypatch, value, on):
    if value is None:
        monkeypatch.delenv("SYMBOLIC_INFO_WARM", raising=False)
    else:
        monkeypatch.setenv("SYMBOLIC_INFO_WARM", value)
    assert warm.enabled() is on


def test_start_does_nothing_when_off(monkeypatch):
    monkeypatch.setenv("SYMBOLIC_INFO_WARM", "off")
    assert warm.start() is False

"""The lazy table of families and KL specifications: one entry builds its own data only.

Which families a fresh process builds is checked through ``FAMILIES.built()`` in a new
interpreter; the time this saves is measured by ``benchmarks/bench_startup.py``.
"""

import subprocess
import sys
import threading

import pytest

from symbolic_info.catalog import catalog
from symbolic_info.families import FAMILIES
from symbolic_info.families.kl_specs import KL_SPECS
from symbolic_info.lazy_table import LazyTable
from symbolic_info.measures import divergence, entropy


def built_after(code: str) -> tuple:
    """``(families built, KL specifications built)`` in a new interpreter after ``code``."""
    probe = (f"{code}\nfrom symbolic_info.families import FAMILIES\n"
             "from symbolic_info.families.kl_specs import KL_SPECS\n"
             "print(','.join(FAMILIES.built()) + ';' + ','.join(KL_SPECS.built()))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, timeout=120).stdout.strip().splitlines()[-1]
    families, specs = out.split(";")
    return tuple(f for f in families.split(",") if f), tuple(s for s in specs.split(",") if s)


@pytest.mark.parametrize(("name", "families", "specs"), [
    ("entropy/gamma", ("gamma",), ()),
    ("kl/weibull", ("weibull",), ("weibull",)),
    ("cross-entropy/lognormal", ("lognormal",), ("lognormal",)),
])
def test_an_entry_builds_only_its_own_family(name, families, specs):
    assert built_after(f"from symbolic_info.catalog import entry\nentry({name!r})") == (
        families, specs)


def test_deriving_builds_only_what_the_entry_needs():
    code = ("from symbolic_info.catalog import derive\n"
            "assert derive('entropy/normal', mu='0', sigma='1').verified")
    assert built_after(code) == (("normal",), ())


def test_the_whole_catalog_still_builds_every_family():  # negative control of the above
    families, specs = built_after("from symbolic_info.catalog import catalog\ncatalog()")
    assert families == tuple(FAMILIES) and specs == tuple(KL_SPECS)


def test_the_tables_hold_every_entry_once_and_the_same_objects():
    assert [e.name for e in entropy.ENTRIES] == [f"entropy/{f}" for f in FAMILIES]
    assert [e.name for e in divergence.ENTRIES] == (
        [f"kl/{f}" for f in KL_SPECS] + [f"cross-entropy/{f}" for f in KL_SPECS])
    for e in (*entropy.ENTRIES, *divergence.ENTRIES):
        assert catalog()[e.name] is e
    for name, family in FAMILIES.items():
        assert family.name == name and FAMILIES[name] is family
    for name, spec in KL_SPECS.items():
        assert spec.family == name and KL_SPECS[name] is spec


def test_each_value_is_built_once_even_from_many_threads():
    calls = []
    barrier = threading.Barrier(8)

    def slow():
        calls.append(1)
        return object()

    table = LazyTable({"a": slow})
    seen = []

    def look():
        barrier.wait()
        seen.append(table["a"])

    threads = [threading.Thread(target=look) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and all(v is seen[0] for v in seen)


def test_a_table_behaves_as_a_read_only_mapping():
    table = LazyTable({"x": lambda: 1, "y": lambda: 2})
    assert dict(table) == {"x": 1, "y": 2} and table.get("z") is None and "z" not in table
    with pytest.raises(KeyError):
        table["z"]
    with pytest.raises(TypeError):
        table["x"] = 3  # a Mapping has no __setitem__

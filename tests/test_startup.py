"""A fresh process stays light: the import, ``--help`` and ``list`` load no SymPy.

What is imported is checked through ``sys.modules`` in a new interpreter;
times are measured in ``benchmarks/bench_startup.py``, never asserted here.
"""

import json
import subprocess
import sys

import pytest

from symbolic_info import listing

HEAVY = ("sympy", "mpmath", "numpy", "scipy", "streamlit", "gmpy2")


def heavy_modules_after(code: str) -> list:
    """The heavy modules a new interpreter has loaded after running ``code``."""
    probe = (f"{code}\nimport sys\n"
             f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, timeout=120)
    return [m for m in out.stdout.rstrip("\n").rsplit("\n", 1)[-1].split(",") if m]


def run_cli(*argv: str) -> str:
    """``symbolic_info.cli.main(argv)`` in a new interpreter: its stdout, then the loaded heavy
    modules on the last line."""
    code = (f"import contextlib, sys\nfrom symbolic_info.cli import main\n"
            f"with contextlib.suppress(SystemExit):\n    main({list(argv)!r})\n")
    probe = code + (f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=120).stdout


def test_import_loads_no_heavy_module():
    assert heavy_modules_after("import symbolic_info") == []


def test_names_of_the_package_still_work_after_a_light_import():
    code = ("import symbolic_info\n"
            "assert symbolic_info.derive('entropy/normal', sigma='2').verified\n"
            "assert 'kl/normal' in symbolic_info.catalog()")
    assert "sympy" in heavy_modules_after(code)  # negative control: deriving does load SymPy


@pytest.mark.parametrize("argv", [("--help",), ("list",), ("list", "--format", "json"),
                                  ("derive", "--help")])
def test_help_and_list_load_no_heavy_module(argv):
    out = run_cli(*argv).splitlines()
    assert out[-1] == "", f"{argv} imported {out[-1]}"


def test_list_json_equals_the_registry():
    text = run_cli("list", "--format", "json")
    printed = json.loads(text[: text.rindex("]") + 1])
    assert printed == listing.registry_rows()


def test_shipped_table_equals_the_registry():
    shipped = json.loads(listing.INDEX.read_text(encoding="utf-8"))
    assert shipped == listing.index_rows(), (
        "symbolic_info/catalog_index.json is stale: run 'python -m symbolic_info.listing'")
    assert [r["name"] for r in shipped] == list(__import__("symbolic_info").catalog())


def test_a_stale_table_is_told_apart(tmp_path, monkeypatch):
    """Negative control: a table that lost an entry, or renamed a title, is not the registry."""
    rows = listing.index_rows()
    stale = tmp_path / "index.json"
    moved = [{**rows[0], "topic": "elbo"}, *rows[1:]]
    for broken in (rows[1:], [{**rows[0], "title": rows[0]["title"] + "!"}, *rows[1:]], moved):
        stale.write_text(json.dumps(broken), encoding="utf-8")
        monkeypatch.setattr(listing, "INDEX", stale)
        assert listing.rows() == [{k: r[k] for k in listing.FIELDS} for r in broken]
        assert broken != listing.index_rows()
        if broken is not moved:
            assert listing.rows() != listing.registry_rows()


def test_a_request_delegated_to_a_family_entry_imports_that_topic_alone():
    """``entropy`` of ``exponential(2)`` is the catalog's ``entropy/exponential``: both entries
    are found through the index (``catalog.entry`` and ``catalog.find``), not by importing
    every topic module (0.7 s of CPU of a cold ``information-in-message``, which delegates
    the same way; ``capacity`` loads numpy)."""
    code = ("import sys\nfrom symbolic_info import derive\n"
            "from symbolic_info.catalog import entry\n"
            "d = derive('entropy', X='exponential(2)', dps=15)\n"
            "assert d.verified and d.value.startswith('0.306852819'), d.value\n"
            "print('numpy' in sys.modules)\n"
            "entry('capacity')\n"  # negative control: the probe sees an import
            "print('numpy' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout.split()
    assert out == ["False", "True"], out


def test_a_wrong_topic_in_the_table_still_finds_the_entry(tmp_path, monkeypatch):
    """A table naming the wrong module (or none) falls back to the whole registry."""
    from symbolic_info.catalog import catalog, entry, find

    rows = listing.index_rows()
    wrong = [{**r, "topic": "elbo" if r["topic"] != "elbo" else "huffman"} for r in rows]
    path = tmp_path / "index.json"
    path.write_text(json.dumps(wrong), encoding="utf-8")
    monkeypatch.setattr(listing, "INDEX", path)
    assert listing.topics()["entropy/normal"] == "elbo"
    for name in ("entropy/normal", "capacity", "elbo/gaussian"):
        assert entry(name) is catalog()[name] is find(name)
    assert find("entropy/no-such-family") is None


def test_every_topic_named_in_the_table_defines_its_entry():
    from symbolic_info.catalog import catalog, topic_entries

    assert len(listing.topics()) == len(catalog())
    for name, topic in listing.topics().items():
        assert topic_entries(topic)[name] is catalog()[name]


@pytest.mark.parametrize("content", [None, "", "{not json", '{"a": 1}', '[{"name": "x"}]'])
def test_unreadable_table_falls_back_to_the_registry(tmp_path, monkeypatch, content):
    path = tmp_path / "index.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    monkeypatch.setattr(listing, "INDEX", path)
    assert listing.rows() == listing.registry_rows()


def test_write_regenerates_the_table(tmp_path):
    path = listing.write(tmp_path / "index.json")
    assert json.loads(path.read_text(encoding="utf-8")) == listing.index_rows()

"""Every cache of the package is bounded: the server's memory must not grow with its users.

Each ``st.cache_data`` / ``st.cache_resource`` has ``max_entries`` or ``ttl``; each
``functools.lru_cache`` a finite ``maxsize``.  Read from the source (AST), so a new cache
without a limit fails here.
"""

import ast
from pathlib import Path

import pytest

import symbolic_info

PACKAGE = Path(symbolic_info.__file__).resolve().parent
SOURCES = sorted(PACKAGE.rglob("*.py"))


def unbounded_caches(source: str) -> list:
    """``(line, text)`` of every cache decorator in ``source`` that has no limit."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for deco in node.decorator_list:
            call = deco if isinstance(deco, ast.Call) else None
            name = ast.unparse(call.func if call else deco)
            keywords = {k.arg: k.value for k in call.keywords} if call else {}
            if name.endswith(("cache_data", "cache_resource")):
                limits = [keywords[k] for k in ("max_entries", "ttl") if k in keywords]
                if all(ast.unparse(v) == "None" for v in limits):  # also true when none given
                    found.append((node.lineno, ast.unparse(deco)))
            elif name.endswith(("lru_cache", "functools.cache")) or name == "cache":
                size = keywords.get("maxsize", call.args[0] if call and call.args else None)
                if size is None or ast.unparse(size) == "None":
                    found.append((node.lineno, ast.unparse(deco)))
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_cache_has_a_limit(path):
    assert unbounded_caches(path.read_text(encoding="utf-8")) == []


def test_the_package_has_streamlit_caches_to_check():
    text = "".join(p.read_text(encoding="utf-8") for p in SOURCES)
    assert text.count("st.cache_data(") >= 5


@pytest.mark.parametrize("decorator", [
    "@st.cache_data", "@st.cache_data(show_spinner=False)", "@st.cache_resource",
    "@st.cache_data(max_entries=None)", "@lru_cache", "@lru_cache(maxsize=None)",
    "@functools.lru_cache(None)", "@cache", "@functools.cache",
])
def test_an_unbounded_cache_is_caught(decorator):
    """Negative controls: each of these would let a cache grow without end."""
    source = f"{decorator}\ndef f(x):\n    return x\n"
    assert unbounded_caches(source) == [(2, decorator[1:])]


@pytest.mark.parametrize("decorator", [
    "@st.cache_data(max_entries=128, show_spinner=False)", "@st.cache_resource(ttl=3600)",
    "@lru_cache(maxsize=256)", "@functools.lru_cache(64)",
])
def test_a_bounded_cache_passes(decorator):
    assert unbounded_caches(f"{decorator}\ndef f(x):\n    return x\n") == []

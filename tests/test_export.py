"""derivations/ must equal a fresh `symbolic-info export` (it is generated, never hand-edited)."""

from pathlib import Path

import pytest

from symbolic_info.export import export

ROOT = Path(__file__).resolve().parent.parent / "derivations"
HINT = "regenerate with: symbolic-info export derivations/"


def _files(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*.md"))}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    root = tmp_path_factory.mktemp("export")
    export(root)
    return _files(root)


def test_committed_gallery_equals_a_fresh_export(fresh):
    committed = _files(ROOT)
    assert not sorted(set(fresh) - set(committed)), f"missing from derivations/; {HINT}"
    assert not sorted(set(committed) - set(fresh)), f"stale files in derivations/; {HINT}"
    changed = sorted(k for k in fresh if fresh[k] != committed[k])
    assert not changed, f"out of date in derivations/: {changed}; {HINT}"


def test_every_exported_entry_is_verified(fresh):
    index = fresh["index.md"]
    assert "NOT verified" not in index
    assert index.count("· verified") == len(fresh) - 1

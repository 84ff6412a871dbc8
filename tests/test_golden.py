"""derivations/ must equal a fresh `symbolic-info export` (it is generated, never hand-edited)."""

from pathlib import Path

from symbolic_info.cli import main

ROOT = Path(__file__).resolve().parent.parent / "derivations"


def _files(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*.md"))}


def test_committed_gallery_equals_a_fresh_export(tmp_path, capsys):
    assert main(["export", str(tmp_path)]) == 0
    fresh, committed = _files(tmp_path), _files(ROOT)
    missing = sorted(set(fresh) - set(committed))
    stale = sorted(set(committed) - set(fresh))
    changed = sorted(k for k in set(fresh) & set(committed) if fresh[k] != committed[k])
    hint = "regenerate with: symbolic-info export derivations/"
    assert not missing, f"missing from derivations/: {missing}; {hint}"
    assert not stale, f"stale files in derivations/: {stale}; {hint}"
    assert not changed, f"out of date in derivations/: {changed}; {hint}"


def test_every_exported_entry_is_verified(tmp_path, capsys):
    main(["export", str(tmp_path)])
    index = (tmp_path / "index.md").read_text()
    assert "NOT verified" not in index
    assert index.count("· verified") == len(_files(tmp_path)) - 1

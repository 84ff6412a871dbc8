"""``export DIR``: the committed gallery equals a fresh export, and export writes only its own
files (no links followed, nothing foreign overwritten, no empty path)."""

import os
from pathlib import Path

import pytest
import sympy as sp
from negative_controls import corrupt_step

from symbolic_info.catalog import entry
from symbolic_info.cli import main
from symbolic_info.core import DerivationError
from symbolic_info.engine.run import run
from symbolic_info.export import INDEX, MARKER, export

ROOT = Path(__file__).resolve().parent.parent / "derivations"
HINT = "regenerate with: symbolic-info export derivations/"


def _files(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*.md"))}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory, run_cache):
    root = tmp_path_factory.mktemp("export")
    # nothing is cleared first: what a derivation shows must not depend on what this worker
    # computed before (test_quantised_history.py: the cell sums kept by other tests)
    with run_cache():  # the step checks shared with the other catalog sweeps (conftest.py)
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

def test_the_shared_step_checks_do_not_pass_a_wrong_step(run_cache):
    """Negative control for the sweeps' shared step checks (``run_cache``, conftest.py):
    once the right entry's checks are stored, a closed form off by 1/1000 still fails its
    own step check (and the verification)."""
    values = {"mu": sp.Rational(1, 3), "sigma": sp.Rational(3, 2)}
    with run_cache() as folder:
        right = run(entry("entropy/normal"), values, None, 30)
        bad = run(corrupt_step("entropy/normal", lambda rhs: rhs + sp.Rational(1, 1000)),
                  values, None, 30)
    assert right.verified and any((folder / "steps").iterdir())  # the checks were stored
    assert right.steps[-1].check.ok and bad.steps[-1].check.ok is False
    assert not bad.verified


NAMES = ["entropy/exponential"]


def refused(capsys, directory) -> str:
    assert main(["export", str(directory)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def test_writes_marked_files_and_overwrites_only_its_own(tmp_path):
    paths = export(tmp_path, names=NAMES)
    page = tmp_path / "entropy" / "exponential.md"
    assert sorted(paths) == sorted([str(page), str(tmp_path / INDEX)])
    for p in paths:
        assert open(p, encoding="utf-8").readline() == MARKER + "\n"
    fresh = page.read_text(encoding="utf-8")
    page.write_text(MARKER + "\nstale text\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("someone else's file")  # not in the way
    export(tmp_path, names=NAMES)
    assert page.read_text(encoding="utf-8") == fresh  # own file: refreshed in full
    assert (tmp_path / "notes.txt").read_text() == "someone else's file"


def test_a_foreign_file_is_not_overwritten(tmp_path, capsys):
    (tmp_path / "entropy").mkdir()
    foreign = tmp_path / "entropy" / "exponential.md"
    foreign.write_text("# my own notes\n")
    with pytest.raises(DerivationError, match="was not written by 'symbolic-info export'"):
        export(tmp_path, names=NAMES)
    assert foreign.read_text() == "# my own notes\n"
    assert not (tmp_path / INDEX).exists()  # refused before writing anything
    (tmp_path / INDEX).write_text("")  # an empty file is not foreign text...
    foreign.unlink()
    export(tmp_path, names=NAMES)  # ...so this export succeeds (negative control)
    (tmp_path / INDEX).write_text("# Derivations\n")  # same title, but no marker
    assert "index.md" in refused(capsys, tmp_path)
    assert (tmp_path / INDEX).read_text() == "# Derivations\n"


def test_a_directory_that_is_a_link_is_refused(tmp_path, capsys):
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "link").symlink_to(outside)
    assert "symbolic link" in refused(capsys, tmp_path / "link")
    assert not any(outside.iterdir())


@pytest.mark.parametrize("where", ["entropy", "entropy/exponential.md", "index.md"])
def test_links_inside_are_not_written_through(tmp_path, where):
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.md"
    victim.write_text(MARKER + "\nlooks like ours\n")  # even a marked target is not followed
    root = tmp_path / "out"
    (root / "entropy").mkdir(parents=True)
    link = root / where
    if where == "entropy":
        link.rmdir()
        link.symlink_to(outside, target_is_directory=True)
    else:
        link.symlink_to(victim)
    with pytest.raises(DerivationError, match="symbolic link"):
        export(root, names=NAMES)
    assert sorted(os.listdir(outside)) == ["victim.md"]
    assert victim.read_text() == MARKER + "\nlooks like ours\n"


def test_a_dangling_link_is_not_created_through(tmp_path):
    root = tmp_path / "out"
    root.mkdir()
    (root / INDEX).symlink_to(tmp_path / "created-outside.md")
    with pytest.raises(DerivationError, match="symbolic link"):
        export(root, names=NAMES)
    assert not (tmp_path / "created-outside.md").exists()


def test_an_empty_path_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # on failure, nothing lands in the repository
    for empty in ("", "   "):
        with pytest.raises(DerivationError, match="path is empty"):
            export(empty, names=NAMES)
        assert "path is empty" in refused(capsys, empty)
    assert not os.listdir(tmp_path)


def test_a_file_in_place_of_the_directory_is_refused(tmp_path, capsys):
    target = tmp_path / "file"
    target.write_text("x")
    assert "not a directory" in refused(capsys, target)
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "entropy").write_text("x")  # a file where a folder goes
    with pytest.raises(DerivationError, match="not a directory"):
        export(tmp_path / "d", names=NAMES)

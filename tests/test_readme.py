"""The README's examples run as written: its Python session and its shell commands."""

import doctest
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
TEXT = README.read_text()
CLI = [sys.executable, "-c", "import sys; from symbolic_info.cli import main; sys.exit(main())"]


def _commands() -> list:
    """``(argv, shown output, exit code)`` for every ``$ symbolic-info ...`` console line.

    A line either is followed by the error it prints (exit 2) or ends in ``# exit N``.
    """
    found = []
    for block in re.findall(r"```console\n(.*?)```", TEXT, re.S):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("$ symbolic-info "):
                shown = []
                for nxt in lines[i + 1:]:
                    if nxt.startswith("$ "):
                        break
                    shown.append(nxt)
                command, _, note = line[2:].partition("  # exit ")
                found.append((shlex.split(command)[1:], "\n".join(shown).strip(),
                              int(note) if note else None))
    return found


def test_python_session_in_readme_runs():
    result = doctest.testfile(str(README), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 3 and result.failed == 0


def test_quick_start_is_exactly_the_two_scripts():
    quick = TEXT.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"```bash\n(.*?)\n```", quick, re.S) == ["bash scripts/app.sh",
                                                              "bash scripts/test.sh"]
    ci = (README.parent / ".ci" / "run").read_text()
    assert "bash scripts/test.sh" in ci


def _steps_file() -> str:
    """The ``my_steps.txt`` the README shows (the first text block after its name)."""
    after = TEXT.split("`my_steps.txt` above is", 1)[1]
    return re.search(r"```text\n(.*?)```", after, re.S).group(1)


def test_every_console_example_states_its_exit_code():
    assert len(_commands()) >= 5
    assert all(shown or code is not None for _argv, shown, code in _commands())


@pytest.mark.parametrize("argv,shown,code", _commands(), ids=lambda v: " ".join(v)[:50]
                         if isinstance(v, list) else None)
def test_console_examples_behave_as_shown(argv, shown, code, tmp_path):
    (tmp_path / "my_steps.txt").write_text(_steps_file())
    out = subprocess.run([*CLI, *argv], capture_output=True, text=True, cwd=tmp_path,
                         timeout=120, check=False)
    assert "Traceback" not in out.stderr
    if shown:  # an error example: exactly the line shown, exit 2
        assert out.returncode == 2 and out.stderr.strip() == shown
    else:
        assert out.returncode == code, (out.stdout[-500:], out.stderr)


def _shell_snippets() -> list:
    """Every ```bash block of the README, and every ``$ ...`` line of its console blocks."""
    snippets = re.findall(r"```bash\n(.*?)```", TEXT, re.S)
    for block in re.findall(r"```console\n(.*?)```", TEXT, re.S):
        snippets += [line[2:] for line in block.splitlines() if line.startswith("$ ")]
    return snippets


def test_every_shell_example_is_valid_bash():
    """The README's commands are typed into a shell, not split by Python: an unquoted
    ``--claim -ln(2)+1`` is a bash syntax error although shlex reads it."""
    snippets = _shell_snippets()
    assert len(snippets) >= 10
    bad = [s for s in snippets
           if subprocess.run(["bash", "-n", "-c", s], capture_output=True, check=False).returncode]
    assert not bad
    assert subprocess.run(["bash", "-n", "-c", "symbolic-info check --claim -ln(2)+1"],
                          capture_output=True, check=False).returncode  # the control

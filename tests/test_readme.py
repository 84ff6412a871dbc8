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
    """``(argv, shown output)`` for every ``$ symbolic-info ...`` line of a console block."""
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
                found.append((shlex.split(line[2:])[1:], "\n".join(shown).strip()))
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


@pytest.mark.parametrize("argv,shown", _commands(), ids=lambda v: " ".join(v)[:50]
                         if isinstance(v, list) else None)
def test_console_examples_behave_as_shown(argv, shown, tmp_path):
    (tmp_path / "my_steps.txt").write_text("1 - log(lambda)\n-log(lambda) + 1\n")
    out = subprocess.run([*CLI, *argv], capture_output=True, text=True, cwd=tmp_path,
                         timeout=120, check=False)
    assert "Traceback" not in out.stderr
    if shown:  # an error example: exactly the line shown, exit 2
        assert out.returncode == 2 and out.stderr.strip() == shown
    else:  # the checks in the README are all correct claims except the one marked wrong
        assert out.returncode in (0, 1), out.stderr

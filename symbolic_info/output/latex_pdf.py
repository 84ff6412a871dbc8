"""Compile a LaTeX document with pdflatex in a bounded child process.

Used by the app for the PDF handout and by the tests that compile every
entry.  The documents come from :mod:`symbolic_info.output.latex_document` (every
piece of user text escaped), and pdflatex runs anyway with shell escape off,
in a fresh temporary directory, under a time limit (the child is killed
when it is reached) and, on POSIX, an address-space and output-size limit.

Example
-------
>>> result = run_pdflatex(r"\\documentclass{article}\\begin{document}x\\end{document}")
>>> result.ok if pdflatex_path() else True
True
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass

from ..core import DerivationError

__all__ = ["pdflatex_path", "run_pdflatex", "compile_pdf", "PdfLatexResult", "log_problems",
           "TIME_LIMIT", "MEMORY_MB"]

TIME_LIMIT = 30.0
"""Seconds one pdflatex run may take before it is killed."""
MEMORY_MB = 1024
"""Address-space limit of the pdflatex process (MB)."""
_MAX_OUTPUT_BYTES = 64 * 2**20


@dataclass(frozen=True)
class PdfLatexResult:
    """One pdflatex run: ``ok`` (exit 0 and a PDF), the PDF bytes, the log text."""

    ok: bool
    pdf: bytes
    log: str


def pdflatex_path() -> str | None:
    """The ``pdflatex`` executable on ``PATH``, or ``None`` (Debian: ``texlive-latex-base``)."""
    return shutil.which("pdflatex")


def _limits():  # pragma: no cover - runs in the child
    import resource

    limit = MEMORY_MB * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_FSIZE, (_MAX_OUTPUT_BYTES, _MAX_OUTPUT_BYTES))


def run_pdflatex(tex: str, time_limit: float = TIME_LIMIT) -> PdfLatexResult:
    """Run ``pdflatex -interaction=nonstopmode -halt-on-error -no-shell-escape`` once on ``tex``.

    Raises :class:`~symbolic_info.core.DerivationError` when pdflatex is
    missing or does not finish within ``time_limit`` seconds.
    """
    exe = pdflatex_path()
    if exe is None:
        raise DerivationError("pdflatex is not installed (Debian: apt-get install "
                              "texlive-latex-base)")
    with tempfile.TemporaryDirectory(prefix="symbolic_info_tex_") as work:
        with open(os.path.join(work, "doc.tex"), "w", encoding="utf-8") as f:
            f.write(tex)
        env = dict(os.environ, openout_any="p", openin_any="p", shell_escape="f")
        try:
            done = subprocess.run(
                [exe, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
                 "doc.tex"], cwd=work, env=env, stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=time_limit,
                preexec_fn=_limits if sys.platform != "win32" else None)
        except subprocess.TimeoutExpired:
            raise DerivationError(f"pdflatex did not finish within {time_limit:g} s") from None
        log = _read(os.path.join(work, "doc.log")).decode("latin-1")
        pdf = _read(os.path.join(work, "doc.pdf"))
    return PdfLatexResult(done.returncode == 0 and bool(pdf), pdf, log)


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return b""


def log_problems(log: str, marker: str | None = None) -> list:
    r"""Errors (``!`` lines) and overfull boxes in a pdflatex log, one line each.

    With ``marker``, each problem is prefixed by the text of the last log
    line that started with it (a document that writes ``\typeout{<marker>
    name}`` before each part names the part at fault).

    >>> log_problems("ENTRY a\nOverfull \\hbox (3pt too wide) in paragraph\nENTRY b", "ENTRY")
    ['ENTRY a: Overfull \\hbox (3pt too wide) in paragraph']
    """
    problems, where = [], ""
    for line in log.splitlines():
        if marker and line.startswith(marker):
            where = line.strip()
        elif line.startswith("!") or re.match(r"Overfull \\[hv]box", line):
            problems.append(f"{where}: {line.strip()}" if where else line.strip())
    return problems


def compile_pdf(tex: str, time_limit: float = TIME_LIMIT) -> bytes:
    """The PDF of ``tex``; :class:`~symbolic_info.core.DerivationError` if it does not compile."""
    result = run_pdflatex(tex, time_limit)
    if not result.ok:
        first = (log_problems(result.log) or ["no PDF was written"])[0]
        raise DerivationError(f"pdflatex failed: {first}")
    return result.pdf

#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, then run all of it.
#   bash scripts/test.sh [pytest args]
# Installs Debian's chromium (browser test), node/npm (KaTeX check) and
# texlive-latex-base (pdflatex: every entry's LaTeX document is compiled) when missing,
# creates .venv,
# installs the package with its test extra, and runs pytest on both cores.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: chromium (browser test), node and npm (the KaTeX check), pdflatex (the
# LaTeX documents and handouts).
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
command -v pdflatex >/dev/null 2>&1 || missing="$missing texlive-latex-base"
if [ -n "$missing" ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing Debian packages:$missing"
  $sudo apt-get update -q >/dev/null
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q $missing >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'

# Both cores (pytest-xdist): each worker takes half of the tests in order and, once done,
# takes over the rest of the other's; arguments after these replace them (-n 0: one process).
exec .venv/bin/python -m pytest -n 2 --dist worksteal "$@"

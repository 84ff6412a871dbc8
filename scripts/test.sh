#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, then run all of it.
#   bash scripts/test.sh [pytest args]
# Installs Debian's chromium (for the browser test) when missing, creates .venv,
# installs the package with its test extra, and runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing Debian's chromium for the browser test"
  $sudo apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'

exec .venv/bin/python -m pytest "$@"

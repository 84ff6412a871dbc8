#!/usr/bin/env bash
# Set up a virtual environment with the app's dependencies and start the teaching app.
#   bash scripts/app.sh [streamlit options]     -> http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[app]'
exec .venv/bin/streamlit run app.py --browser.gatherUsageStats false "$@"

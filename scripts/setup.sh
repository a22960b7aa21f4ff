#!/usr/bin/env bash
# Set up what the book and the tests need: a virtual environment with quizkit and its
# extras, and (with --test) Chromium and the npm packages the browser tests use.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.quizkit-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e '.[book,figures,test]'
  touch "$stamp"
fi

if [ "${1:-}" = "--test" ]; then
  if ! command -v chromium >/dev/null 2>&1; then
    echo "Installing Debian's Chromium for the browser tests (apt-get, as root or through sudo;" \
      "needs the Debian mirror; about a minute and 440 MB the first time)..."
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null
    else
      sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
    fi
  fi
  if [ ! -d node_modules/axe-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --silent --no-audit --no-fund
  fi
fi

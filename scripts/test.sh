#!/usr/bin/env bash
# Set up what the tests need (venv, Chromium, axe-core) and run every test:
# unit and property tests, the real book build, nbval on every notebook, Node and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
# -n auto: one pytest-xdist worker per core (the book is built once, in the background, and
# shared; tests/conftest.py); --durations=15 lists the slowest tests, so a regression shows.
# Arguments given here come after, so `scripts/test.sh -n 0` runs in one process.
exec .venv/bin/python -m pytest -n auto --durations=15 "$@"

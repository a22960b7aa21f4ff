#!/usr/bin/env bash
# Set up what the tests need (venv, Chromium, axe-core) and run every test:
# unit and property tests, the real book build, nbval on every notebook, Node and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
exec .venv/bin/python -m pytest "$@"

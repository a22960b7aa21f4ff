#!/usr/bin/env bash
# Set everything up and build the HTML book, offline, failing on any warning.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/jupyter-book build . -W -n --keep-going
echo
echo "The book is built: open $(pwd)/_build/html/index.html in a browser."

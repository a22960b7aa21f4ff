#!/usr/bin/env bash
# Start JupyterLab on the exercise notebooks (or what the arguments name), with the course's
# environment. As root (many containers and fresh machines) JupyterLab refuses to start
# unless told --allow-root, so the flag is added there.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/jupyter ]; then
  echo "No .venv yet: run scripts/build-book.sh first." >&2
  exit 1
fi
extra=()
if [ "$(id -u)" = 0 ]; then
  extra+=(--allow-root)
fi
if [ $# -eq 0 ]; then
  set -- chapters/exercises/
fi
exec .venv/bin/jupyter lab "${extra[@]}" "$@"

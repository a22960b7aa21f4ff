#!/usr/bin/env bash
# Re-run the exercise notebooks and save their outputs (what nbval compares against).
# Run after changing which questions a notebook shows, or the wording of those questions.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/jupyter nbconvert --to notebook --execute --inplace \
  --ExecutePreprocessor.store_widget_state=False \
  --ExecutePreprocessor.record_timing=False \
  chapters/exercises/*.ipynb

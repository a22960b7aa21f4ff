#!/usr/bin/env bash
# Re-run the exercise notebooks and save their outputs (what nbval compares against).
# Run after changing which questions a notebook shows, or the wording of those questions.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Saved outputs keep only the quiz's HTML form: a notebook opened before it is run then lists
# its questions instead of showing "Error displaying widget" for widgets without a kernel.
QUIZKIT_HTML_ONLY=1 .venv/bin/jupyter nbconvert --to notebook --execute --inplace \
  --ExecutePreprocessor.store_widget_state=False \
  --ExecutePreprocessor.record_timing=False \
  chapters/exercises/*.ipynb

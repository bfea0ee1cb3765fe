#!/usr/bin/env bash
# Install DataMed's dependencies into ./.venv (Python) and ./node_modules (CSS, icons, charts),
# then build the trimmed CSS and the icons the pages use (build/static, scripts/build_static.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
if [ ! -d node_modules/bootstrap ] || [ ! -d node_modules/purgecss ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --silent --no-audit --no-fund
fi
# Again after adding a template, an icon or a class: the build reads every app's sources.
node scripts/build_static.mjs

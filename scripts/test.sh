#!/usr/bin/env bash
# Set up DataMed and run the whole test suite (lint and import contract included). Extra arguments go to pytest.
# The database is SQLite unless DATABASE_URL points at PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
# The import contract (.importlinter): every app imports only the floors below it.
.venv/bin/lint-imports
.venv/bin/python -m pytest "$@"

#!/usr/bin/env bash
# Lighthouse 12 on a phone (mobile emulation) for every main page of DataMed served as in
# production: DEBUG off, collectstatic with whitenoise's compressed, fingerprinted manifest,
# gunicorn with gunicorn.conf.py, on the demo data (seed_demo) in a throwaway SQLite database,
# signed in as the demo user. Figures: docs/benchmarks.md («Páginas en el teléfono»).
#
#   bash scripts/lighthouse.sh [OUTPUT_DIR] [RUNS]    # default test-artifacts/lighthouse, 3 runs
#   LIGHTHOUSE_ONLY="pacientes|historia" bash scripts/lighthouse.sh   # only the pages named so
#
# Needs Chromium (CHROME_PATH, default /usr/bin/chromium); the npm packages lighthouse and
# chrome-launcher are devDependencies (package.json). About 15 s per page and run.
set -euo pipefail
cd "$(dirname "$0")/.."

OUTPUT_DIR=${1:-test-artifacts/lighthouse}
RUNS=${2:-3}
PORT=${LIGHTHOUSE_PORT:-8093}

bash scripts/setup.sh
WORK=$(mktemp -d /tmp/datamed-lighthouse.XXXXXX)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

export DEBUG=false
export SECRET_KEY="lighthouse-$(date +%s%N)"
export DATA_DIR="$WORK"
export DATABASE_URL="sqlite:///$WORK/datamed.sqlite3"
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=false
export SECURE_HSTS_SECONDS=0
export DATAMED_MFA_REQUIRED_GROUPS=""
export HOST=127.0.0.1 PORT LOG_LEVEL=WARNING

echo "== Base de demostración y archivos estáticos de producción"
.venv/bin/python manage.py migrate --noinput >/dev/null
.venv/bin/python manage.py seed_demo >/dev/null
.venv/bin/python manage.py update_statistics >/dev/null
.venv/bin/python manage.py collectstatic --noinput --clear >/dev/null
.venv/bin/python scripts/lighthouse/pages.py >"$WORK/pages.json"

echo "== gunicorn en http://127.0.0.1:$PORT"
.venv/bin/python -m gunicorn --config gunicorn.conf.py --access-logfile /dev/null >"$WORK/gunicorn.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then break; fi
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/gunicorn.log"; exit 1; }
  sleep 0.5
done

echo "== Lighthouse ($RUNS corridas por página, se conserva la mediana)"
node scripts/lighthouse/run.mjs "http://127.0.0.1:$PORT" demo demo-datamed "$WORK/pages.json" "$OUTPUT_DIR" "$RUNS"

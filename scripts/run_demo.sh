#!/usr/bin/env bash
# Set up DataMed on its embedded SQLite database, load the demo data and serve it locally.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py seed_demo
.venv/bin/python manage.py update_statistics
# The demo's role users (coordinacion, …) sign in with the password alone: unless the variable
# is set, no group is obliged to enrol a second factor here (production default:
# Administrador,Coordinador). Password-reset e-mails are printed below (console backend).
export DATAMED_MFA_REQUIRED_GROUPS="${DATAMED_MFA_REQUIRED_GROUPS-}"
echo "Verificación en dos pasos obligatoria para: ${DATAMED_MFA_REQUIRED_GROUPS:-ningún grupo (demostración)}"
echo "DataMed: http://127.0.0.1:${PORT:-8000}/  (usuario y contraseña arriba)"
exec .venv/bin/python manage.py runserver "127.0.0.1:${PORT:-8000}"

#!/bin/sh
# Release phase of every deployment (Procfile `release`, Docker entrypoint): first a backup of
# the current database, then the migrations. If the backup fails nothing is migrated. Last,
# the query planner's statistics (see operations/statistics.py).
set -eu
cd "$(dirname "$0")/.."
python manage.py backup --keep "${BACKUP_KEEP:-14}"
python manage.py migrate --noinput
python manage.py update_statistics

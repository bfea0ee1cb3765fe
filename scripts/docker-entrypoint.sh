#!/bin/sh
# Container start: the release phase (backup, then migrate), then the command (gunicorn by
# default). On a platform that already runs the Procfile's release phase once per deployment,
# set DATAMED_SKIP_RELEASE=1 so that every replica does not repeat it.
set -eu
if [ "${DATAMED_SKIP_RELEASE:-0}" != "1" ]; then
  sh scripts/release.sh
fi
exec "$@"

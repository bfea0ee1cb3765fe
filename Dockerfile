# DataMed: slim, non-root image. Static files are collected at build time; at start the
# entrypoint takes a backup, applies migrations and then runs gunicorn (scripts/release.sh).

# --- front-end packages (Bootstrap, icons, Chart.js), served by the application itself ---
# The trimmed CSS and the icons are built from every app's templates and sources
# (scripts/build_static.mjs); the build tools (devDependencies) stay in this stage.
FROM node:22-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/build_static.mjs && npm prune --omit=dev --no-audit --no-fund

# --- application ---
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DEBUG=false \
    DATA_DIR=/data \
    BACKUP_DIR=/backups \
    PORT=8000 \
    MPLCONFIGDIR=/tmp/matplotlib
# pg_dump/pg_restore for backups (Debian bookworm ships PostgreSQL 15, as compose.yaml runs).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system datamed \
    && useradd --system --gid datamed --home-dir /app --no-create-home datamed \
    && mkdir -p /data /backups \
    && chown datamed:datamed /data /backups
WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt
COPY --from=assets /app/node_modules ./node_modules
COPY --from=assets /app/build ./build
COPY . .
# A build-time key only: collectstatic needs settings, not the production secret.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput

USER datamed
EXPOSE 8000
VOLUME ["/data", "/backups"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "scripts/healthcheck.py"]
ENTRYPOINT ["sh", "scripts/docker-entrypoint.sh"]
CMD ["gunicorn", "--config", "gunicorn.conf.py"]

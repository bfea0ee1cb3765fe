"""Gunicorn settings for DataMed (Procfile `web`, Dockerfile). Everything comes from the
environment; the defaults suit a small host behind a reverse proxy that ends TLS."""

import os

wsgi_app = "datamed.wsgi:application"
bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104 - inside a container
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A page must answer well within this; a worker stuck longer is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# The application is loaded once, before the workers are forked: a worker (re)starts in
# milliseconds and shares the loaded code's memory. Nothing opens a database connection while
# loading, so no connection is shared between workers.
preload_app = True
# Recycle workers now and then, so a slow leak never grows unbounded. Every 10,000 requests:
# a busy worker (50 requests/s) is replaced every few minutes, not every 20 seconds, each
# replacement starting with empty template and URL caches and a new database connection.
max_requests = 10_000
max_requests_jitter = 1_000
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# The proxy that may set X-Forwarded-* (comma-separated addresses).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

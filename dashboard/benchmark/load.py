"""The pages under load on a real server: gunicorn (2 workers) and headless locust.

Each GET page of ``pages.PAGES`` (the trivial reference view included) is requested back to
back by ``clients`` concurrent locust users for ``seconds``, one page at a time, against the
benchmark database; requests/s, p95 and errors (any status other than 200) are read from
locust's CSV summary. Locust runs on the same machine and takes CPU from the server: read
each page as a ratio to the trivial view measured in the same run.
"""

import csv
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection

from dashboard.benchmark import pages

BASE_DIR = Path(settings.BASE_DIR)
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
WORKERS = 2


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _server_env() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dashboard.benchmark.settings",
        "DATABASE_URL": _database_url(),
        "DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,  # the session was signed with it
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
    }


def _wait_until_up(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn terminó antes de responder")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{pages.TRIVIAL_PATH}", timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn no respondió en el puerto {port}")


def _locust(
    port: int, path: str, session_key: str | None, seconds: float, clients: int, workdir: str
) -> dict:
    prefix = str(Path(workdir) / "run")
    command = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--only-summary",
        "--host",
        f"http://127.0.0.1:{port}",
        "-u",
        str(clients),
        "-r",
        str(clients),
        "-t",
        f"{int(seconds)}s",
        "--csv",
        prefix,
        "--exit-code-on-error",
        "0",
    ]
    env = {**os.environ, "BENCH_PATH": path, "BENCH_SESSION": session_key or ""}
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=seconds + 60)  # noqa: S603
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["Name"] == "Aggregated")
    completed = int(row["Request Count"])
    return {
        "peticiones": completed,
        "rps": round(float(row["Requests/s"]), 1),
        "p95_ms": float(row["95%"]) if completed else None,  # locust writes N/A without requests
        "errores": int(row["Failure Count"]),
    }


def run(targets, port: int, seconds: float, clients: int, session_key: str, log=print) -> dict:
    """Serve the benchmark database with gunicorn and load every GET page in turn."""
    # DEBUG=false serves hashed names from the manifest: collect with the server's settings.
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=_server_env(),
        check=True,
    )
    connection.close()  # the server's workers open their own connections
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "datamed.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=_server_env(),
        start_new_session=True,
    )
    rows = []
    try:
        _wait_until_up(port, server)
        with tempfile.TemporaryDirectory() as workdir:
            for page in pages.PAGES:
                if page.post:
                    continue
                session = None if page.anonymous else session_key
                figures = _locust(port, page.url(targets), session, seconds, clients, workdir)
                rows.append({"página": page.name, **figures})
                log(
                    f"carga · {page.name:36} {figures['rps']:7.1f} req/s  p95 {figures['p95_ms']} ms  errores {figures['errores']}"
                )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    trivial = rows[0]["rps"] or 1
    for row in rows:
        row["relación"] = round(row["rps"] / trivial, 2)
    return {
        "workers": WORKERS,
        "concurrencia": clients,
        "segundos_por_página": seconds,
        "páginas": rows,
    }

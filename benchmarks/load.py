"""The pages under load on a real server: gunicorn (2 workers) and a bounded load generator.

Each GET page of ``pages.PAGES`` except the downloads (the trivial reference view included) is
requested back to back by ``clients`` threads for ``seconds``, one page at a time, against the benchmark
database: requests/s, p95 and errors (any status other than 200). Each page is first loaded the
same way for ``WARMUP_SECONDS``, not measured: the in-process figures are taken after a warm-up
too, and without one a page's window included each worker's first renders of it and its
database pages' first reads (the first of three back-to-back windows of the dashboard ran at
36 req/s, the next two at 44 and 57). The generator is a few
threads with ``http.client`` rather than locust: on this machine locust's run-time limit
ended every run after a fraction of a second with no request made (its timer follows the
wall clock, which jumps here). The generator runs on the same machine and takes CPU from
the server: read each page as a ratio to the trivial view measured in the same run.

The server runs with the product's ``gunicorn.conf.py`` (read from the working directory:
preloaded application, workers recycled every ~10,000 requests), with the worker count and
address set here and its access log discarded (a line per request would fill the benchmark's
output).
"""

import http.client
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from benchmarks import pages

BASE_DIR = Path(settings.BASE_DIR)
WORKERS = 2
WARMUP_SECONDS = 2.0


def database_url(name: str | None = None) -> str:
    """DATABASE_URL of the default connection's database, or of database ``name`` (a file for
    SQLite) on the same engine and server."""
    db = connection.settings_dict
    name = name or db["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{name}"


def _server_env() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_URL": database_url(),
        "DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,  # the session was signed with it
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "API_THROTTLE_USER": pages.UNLIMITED_USER_RATE,
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


def _load(port: int, path: str, session_key: str | None, seconds: float, clients: int) -> dict:
    """``clients`` threads request ``path`` back to back for ``seconds`` (keep-alive
    connections); any status other than 200, or a connection error, counts as an error."""
    headers = {"Cookie": f"sessionid={session_key}"} if session_key else {}
    timings: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:  # at least one request per client, then until the deadline
            begin = time.perf_counter()
            try:
                connection_.request("GET", path, headers=headers)
                response = connection_.getresponse()
                response.read()
                failed = response.status != 200
            except (OSError, http.client.HTTPException):
                failed = True
                connection_.close()
                connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            with lock:
                timings.append((time.perf_counter() - begin) * 1000)
                errors[0] += failed
            if time.perf_counter() >= deadline:
                break
        connection_.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "peticiones": len(timings),
        "rps": round(len(timings) / elapsed, 1),
        "p95_ms": round(pages.percentile(timings, 0.95), 1) if timings else None,
        "errores": errors[0],
    }


@contextmanager
def serve(port: int):
    """gunicorn serving the benchmark database on 127.0.0.1:``port`` until the block ends."""
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
            "--access-logfile",
            os.devnull,
        ],
        cwd=BASE_DIR,
        env=_server_env(),
        start_new_session=True,
    )
    try:
        _wait_until_up(port, server)
        yield
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def run(targets, port: int, seconds: float, clients: int, session_key: str, log=print) -> dict:
    """Load every GET page in turn on the server of ``serve(port)``."""
    rows = []
    for page in pages.PAGES:
        if page.post or page.download:
            continue
        session = None if page.anonymous else session_key
        _load(port, page.url(targets), session, WARMUP_SECONDS, clients)
        figures = _load(port, page.url(targets), session, seconds, clients)
        rows.append({"página": page.name, **figures})
        log(
            f"carga · {page.name:36} {figures['rps']:7.1f} req/s  p95 {figures['p95_ms']} ms  errores {figures['errores']}"
        )
    trivial = rows[0]["rps"] or 1
    for row in rows:
        row["relación"] = round(row["rps"] / trivial, 2)
    return {
        "workers": WORKERS,
        "concurrencia": clients,
        "segundos_por_página": seconds,
        "segundos_de_calentamiento": WARMUP_SECONDS,
        "páginas": rows,
    }

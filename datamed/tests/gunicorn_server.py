"""gunicorn as deployed (the project's ``gunicorn.conf.py``) on loopback, for tests that need
several server processes writing one database at once.

SQLite's test database lives in memory: ``server_database`` copies it to a file (already
migrated, with the test's data) through SQLite's backup API, in the write-ahead log as a
deployed database is, so the server's processes share it as they would in production; it is
read back here through a connection alias. On PostgreSQL the server uses the test database.
"""

import copy
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.utils import load_backend

from benchmarks.load import database_url

BASE_DIR = Path(settings.BASE_DIR)
SERVER_START_SECONDS = 60
SERVER_ALIAS = "servidor"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_database(tmp_path: Path) -> tuple[str, str]:
    """(database name for the server, connection alias to read it from here)."""
    if connection.vendor != "sqlite":
        return connection.settings_dict["NAME"], DEFAULT_DB_ALIAS
    path = tmp_path / "servidor.sqlite3"
    target = sqlite3.connect(path)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.execute("PRAGMA journal_mode = WAL")  # as every deployed database is after `migrate`
    target.close()
    config = copy.deepcopy(connection.settings_dict)
    config["NAME"] = str(path)
    connections[SERVER_ALIAS] = load_backend(config["ENGINE"]).DatabaseWrapper(config, SERVER_ALIAS)
    return str(path), SERVER_ALIAS


def server_environment(database: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "datamed.settings",
        "DATABASE_URL": database_url(database),
        "DEBUG": "true",
        "SECRET_KEY": settings.SECRET_KEY,  # the readers' session was signed with it
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "API_THROTTLE_USER": "1000000/min",
        "LOG_LEVEL": "WARNING",
    }


class Server:
    """gunicorn as deployed (``gunicorn.conf.py``: preloaded, 2 workers), on loopback."""

    def __init__(self, database: str, log: Path):
        self.database = database
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**server_environment(database), "HOST": "127.0.0.1", "PORT": str(self.port)}
        env.update(WEB_CONCURRENCY="2", GUNICORN_THREADS="2")
        self.log_path = log
        self.log = log.open("w")
        self.process = subprocess.Popen(  # noqa: S603 - fixed program and arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "gunicorn.conf.py",
                "--access-logfile",
                os.devnull,
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log_path.read_text()[-3000:]
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2):  # noqa: S310 - loopback
                    return
            except OSError:
                time.sleep(0.3)
        raise AssertionError("gunicorn no respondió")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()
        self.log.close()


def forget_server_database(alias: str) -> None:
    if alias != DEFAULT_DB_ALIAS:
        connections[alias].close()
        del connections[alias]


@contextmanager
def serving(tmp_path: Path) -> Iterator[tuple[Server, str]]:
    """gunicorn up on the test's data; yields it and the alias that reads its database here."""
    database, alias = server_database(tmp_path)
    server = Server(database, tmp_path / "gunicorn.log")
    try:
        server.wait_until_up()
        yield server, alias
    finally:
        server.stop()
        forget_server_database(alias)

"""People saving at the same moment, on the server a clinic runs: gunicorn with the project's
``gunicorn.conf.py`` (2 workers, 2 threads each) on loopback, against a database file (SQLite,
in the write-ahead log, as deployed) or the test database (PostgreSQL).

Seven clients at once for a bounded number of requests: three register monitorings through the
API (token), one creates patients, one suspends and reactivates cycles, and two read the
dashboard, the patient list and the API. Afterwards: no answer 5xx (nor a refused write), every
201 saved exactly once (one row and one attention-log line per monitoring, one patient and one
cycle per created patient), each moved cycle in the state of its last move, and every stored
summary and count equal to its recomputation (``refresh_cycle_summaries --check``).

SQLite's test database lives in memory: it is copied to a file (already migrated, with the test
data) through SQLite's backup API, so the server's processes share it as they would in production.
"""

import copy
import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.utils import load_backend
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from exams.models import Monitoreo, Seguimiento
from exams.tests.factories import record_data
from patients.choices import EstadoIngreso
from patients.models import Ingreso, Patient, today
from patients.tests.factories import PatientFactory, patient_form_data

BASE_DIR = Path(settings.BASE_DIR)
MONITORING_WRITERS = 3
PER_CLIENT = 12
SERVER_START_SECONDS = 60
REQUEST_TIMEOUT = 30


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url(name: str) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{name}"


def _server_database(tmp_path: Path) -> tuple[str, str]:
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
    connections["servidor"] = load_backend(config["ENGINE"]).DatabaseWrapper(config, "servidor")
    return str(path), "servidor"


def _environment(database: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "datamed.settings",
        "DATABASE_URL": _database_url(database),
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
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**_environment(database), "HOST": "127.0.0.1", "PORT": str(self.port)}
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


class Clients:
    """Every request's outcome, from every client thread."""

    def __init__(self, server: Server, token: str, session_key: str):
        self.server = server
        self.token, self.session_key = token, session_key
        self.lock = threading.Lock()
        self.statuses: Counter = Counter()
        self.failures: list[str] = []
        self.created_monitorings: list[int] = []
        self.created_patients: list[str] = []
        self.last_move: dict[int, str] = {}

    def request(self, method: str, path: str, body: dict | None = None, api: bool = True) -> tuple[int, dict]:
        headers = (
            {"Authorization": f"Token {self.token}"} if api else {"Cookie": f"sessionid={self.session_key}"}
        )
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        url = f"{self.server.url}{path}"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310 - loopback
                status, content = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, content = error.code, error.read()
        except OSError as error:
            status, content = type(error).__name__, b""
        with self.lock:
            self.statuses[status] += 1
        payload = json.loads(content) if api and content[:1] in (b"{", b"[") else {}
        return status, payload

    def expect(self, what: str, status, wanted: int, payload: dict) -> bool:
        if status == wanted:
            return True
        with self.lock:
            self.failures.append(f"{what}: {status} {str(payload)[:300]}")
        return False

    def register_monitorings(self, patients: list[int]) -> None:
        for number in range(PER_CLIENT):
            body = {**record_data("monitoreo"), "paciente": patients[number % len(patients)]}
            status, payload = self.request("POST", reverse("api:record-monitoreo-list"), body)
            if self.expect("monitoreo", status, 201, payload):
                with self.lock:
                    self.created_monitorings.append(payload["id"])

    def create_patients(self) -> None:
        for number in range(PER_CLIENT):
            document = f"8800{number:04d}"
            body = {**patient_form_data(documento=document), "estrato": 3}
            status, payload = self.request("POST", reverse("api:patient-list"), body)
            if self.expect("paciente", status, 201, payload):
                with self.lock:
                    self.created_patients.append(document)

    def move_cycles(self, cycles: list[int]) -> None:
        for number in range(PER_CLIENT):
            cycle = cycles[number % len(cycles)]
            suspended = self.last_move.get(cycle) == EstadoIngreso.SUSPENDIDO
            action, body, state = (
                ("reactivate", {}, EstadoIngreso.ACTIVO)
                if suspended
                else (
                    "suspend",
                    {"fecha": today().isoformat(), "motivo": "Espera de equipo"},
                    EstadoIngreso.SUSPENDIDO,
                )
            )
            status, payload = self.request("POST", reverse(f"api:cycle-{action}", args=[cycle]), body)
            if self.expect(f"ciclo {action}", status, 200, payload):
                self.last_move[cycle] = state

    def read(self, offset: int) -> None:
        pages = [
            (reverse("dashboard:index"), False),
            (reverse("patients:list"), False),
            (reverse("api:dashboard"), True),
            (reverse("api:patient-list"), True),
        ]
        for number in range(PER_CLIENT):
            path, api = pages[(offset + number) % len(pages)]
            status, payload = self.request("GET", path, api=api)
            self.expect(f"lectura {path}", status, 200, payload)


def _run_together(*targets) -> None:
    threads = [threading.Thread(target=target, args=args) for target, *args in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=PER_CLIENT * REQUEST_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "un cliente no terminó a tiempo"


def _check_summaries(database: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed program and arguments
        [sys.executable, "manage.py", "refresh_cycle_summaries", "--check"],
        cwd=BASE_DIR,
        env=_environment(database),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_people_saving_at_the_same_moment_get_no_server_error_and_nothing_is_lost(
    django_user_model, tmp_path
):
    start = today() - __import__("datetime").timedelta(days=40)
    writing = [PatientFactory(cycle=start).pk for _ in range(6)]
    moving = [PatientFactory(cycle=start).ingresos.get().pk for _ in range(3)]
    user = django_user_model.objects.create_superuser("concurrencia", password="clave-segura-123")
    token = Token.objects.create(user=user).key
    reader = Client()
    reader.force_login(user)
    session_key = reader.session.session_key
    patients_before = Patient.objects.count()

    database, alias = _server_database(tmp_path)
    server = Server(database, tmp_path / "gunicorn.log")
    try:
        server.wait_until_up()
        clients = Clients(server, token, session_key)
        _run_together(
            *[
                (clients.register_monitorings, writing[k::MONITORING_WRITERS])
                for k in range(MONITORING_WRITERS)
            ],
            (clients.create_patients,),
            (clients.move_cycles, moving),
            (clients.read, 0),
            (clients.read, 2),
        )
    finally:
        server.stop()
    server_errors = {
        status: total
        for status, total in clients.statuses.items()
        if not isinstance(status, int) or status >= 500
    }

    assert server_errors == {}, (tmp_path / "gunicorn.log").read_text()[-3000:]
    assert clients.failures == []
    assert sum(clients.statuses.values()) == PER_CLIENT * (MONITORING_WRITERS + 4)
    monitorings = Monitoreo.objects.using(alias)
    assert sorted(monitorings.values_list("pk", flat=True)) == sorted(clients.created_monitorings)
    assert len(clients.created_monitorings) == PER_CLIENT * MONITORING_WRITERS
    lines = Seguimiento.objects.using(alias).filter(tipo_servicio="Monitoreo")
    assert sorted(lines.values_list("registro_id", flat=True)) == sorted(clients.created_monitorings)
    created = Patient.objects.using(alias).filter(documento__in=clients.created_patients)
    assert created.count() == len(clients.created_patients) == PER_CLIENT
    assert Patient.objects.using(alias).count() == patients_before + PER_CLIENT
    assert (
        Ingreso.objects.using(alias).filter(paciente__in=created, estado=EstadoIngreso.ACTIVO).count()
        == PER_CLIENT
    )
    states = dict(Ingreso.objects.using(alias).filter(pk__in=moving).values_list("pk", "estado"))
    assert states == clients.last_move
    check = _check_summaries(database)
    assert check.returncode == 0, check.stdout + check.stderr
    if alias != DEFAULT_DB_ALIAS:
        connections[alias].close()
        del connections[alias]

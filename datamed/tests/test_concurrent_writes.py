"""People saving at the same moment, on the server a clinic runs: gunicorn with the project's
``gunicorn.conf.py`` (2 workers, 2 threads each) on loopback, against a database file (SQLite,
in the write-ahead log, as deployed) or the test database (PostgreSQL).

Seven clients at once for a bounded number of requests: three register monitorings through the
API (token), one creates patients, one suspends and reactivates cycles, and two read the
dashboard, the patient list and the API. Afterwards: no answer 5xx (nor a refused write), every
201 saved exactly once (one row and one attention-log line per monitoring, one patient and one
cycle per created patient), each moved cycle in the state of its last move, and every stored
summary and count equal to its recomputation (``refresh_cycle_summaries --check``).

SQLite's test database lives in memory: the server gets a file copy of it (see
``datamed.tests.gunicorn_server``).
"""

import datetime
import json
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from datamed.tests.gunicorn_server import BASE_DIR, Server, server_environment, serving
from exams.models import Monitoreo, Seguimiento
from exams.tests.factories import record_data
from patients.choices import EstadoIngreso
from patients.models import Ingreso, Patient, today
from patients.tests.factories import PatientFactory, patient_form_data

MONITORING_WRITERS = 3
PER_CLIENT = 12
REQUEST_TIMEOUT = 30


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
        env=server_environment(database),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_people_saving_at_the_same_moment_get_no_server_error_and_nothing_is_lost(
    django_user_model, tmp_path
):
    start = today() - datetime.timedelta(days=40)
    writing = [PatientFactory(cycle=start).pk for _ in range(6)]
    moving = [PatientFactory(cycle=start).ingresos.get().pk for _ in range(3)]
    user = django_user_model.objects.create_superuser("concurrencia", password="clave-segura-123")
    token = Token.objects.create(user=user).key
    reader = Client()
    reader.force_login(user)
    session_key = reader.session.session_key
    patients_before = Patient.objects.count()

    with serving(tmp_path) as (server, alias):
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
        server_errors = {
            status: total
            for status, total in clients.statuses.items()
            if not isinstance(status, int) or status >= 500
        }

        assert server_errors == {}, server.log_path.read_text()[-3000:]
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
        active = Ingreso.objects.using(alias).filter(paciente__in=created, estado=EstadoIngreso.ACTIVO)
        assert active.count() == PER_CLIENT
        states = dict(Ingreso.objects.using(alias).filter(pk__in=moving).values_list("pk", "estado"))
        assert states == clients.last_move
        check = _check_summaries(server.database)
        assert check.returncode == 0, check.stdout + check.stderr

"""The measured pages, declared in one table, and the in-process measurement.

Adding a page (an export, an API list) is one ``Page`` line: a name, and a function from the
data set's ``Targets`` to the URL (or to the URL and the POST data).
"""

import math
import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from benchmarks.dataset import first_heavy_patient_id
from benchmarks.urls import TRIVIAL_PATH
from careplan import benchmark as careplan_benchmark
from exams.registry import RECORD_TYPES
from patients.choices import EstadoIngreso
from patients.models import Ingreso, Patient


@dataclass(frozen=True)
class Targets:
    """Concrete rows of the generated data that the pages are pointed at."""

    middle_page: int
    document: str
    surname: str
    two_words: str
    history_patient: int
    register_patient: int

    @classmethod
    def find(cls, patients: int) -> "Targets":
        active = Ingreso.objects.active()
        pages = max(1, math.ceil(active.count() / settings.DATAMED_PAGE_SIZE))
        sample = Patient.objects.get(
            pk=active.order_by("paciente_id").values_list("paciente_id", flat=True)[active.count() // 2]
        )
        heavy = first_heavy_patient_id(patients)
        other = (
            active.exclude(paciente_id=heavy).order_by("-id").values_list("paciente_id", flat=True).first()
        )
        return cls(
            middle_page=max(1, pages // 2),
            document=sample.documento,
            surname=sample.apellido.split()[0],
            two_words=f"{sample.nombre.split()[0]} {sample.apellido.split()[0]}",
            history_patient=heavy,
            register_patient=other or heavy,
        )


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[Targets], str]
    post: Callable[[Targets], dict] | None = None
    #: pages that list rows must stay within 1.5× from 1k to 100k patients
    shows_rows: bool = True
    #: requested without the session cookie (the reference view touches no table)
    anonymous: bool = False
    #: a file download (an export): timed to its first chunk in process, left out of the load
    #: run, where each request would download the whole program
    download: bool = False


def _list(query: str = "") -> Callable[[Targets], str]:
    """The patient list with ``query`` filled from the targets, percent-encoded for a real
    HTTP client (a search for two words holds a space)."""
    return lambda t: reverse("patients:list") + quote(query.format(t=t), safe="?=&")


def _monitoring_post(t: Targets) -> dict:
    from exams.tests.factories import form_data  # the same valid form the tests post

    return form_data("monitoreo")


BENCHMARK_USERNAME = "benchmark"


def signed_in_client() -> Client:
    """A test client signed in as the benchmark's superuser (created in the data set's database
    on first use), on the host the pages are measured for."""
    user, _ = get_user_model().objects.get_or_create(
        username=BENCHMARK_USERNAME, defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


#: One user makes every measured request, far more than a person: the API's per-user limit
#: would answer 429 (in process and on the load server alike).
UNLIMITED_USER_RATE = "1000000/min"


@contextmanager
def unthrottled():
    """The API's per-user limit lifted while measuring in this process."""
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "user": UNLIMITED_USER_RATE}
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        yield


#: The simplest possible Django view (see ``benchmarks.urls``): the noise floor.
TRIVIAL = Page("vista trivial (referencia)", lambda t: TRIVIAL_PATH, shows_rows=False, anonymous=True)

PAGES: tuple[Page, ...] = (
    TRIVIAL,
    Page("tablero", lambda t: reverse("dashboard:index"), shows_rows=False),
    Page("pacientes, página 1", _list()),
    Page("pacientes, página media", _list("?page={t.middle_page}")),
    Page("filtro mes cápita 5", _list("?mes=5")),
    Page("búsqueda por documento", _list("?q={t.document}")),
    Page("búsqueda por apellido", _list("?q={t.surname}")),
    Page("búsqueda por dos palabras", _list("?q={t.two_words}")),
    Page("gestión de seguimientos", lambda t: reverse("patients:follow")),
    Page("historia clínica (~50 registros)", lambda t: reverse("exams:clinical", args=[t.history_patient])),
    Page(
        "exportar pacientes activos (CSV)", lambda t: reverse("patients:export", args=["csv"]), download=True
    ),
    Page(
        "exportar gestión de seguimientos (CSV)",
        lambda t: reverse("patients:follow_export", args=["csv"]),
        download=True,
    ),
    Page(
        "exportar sin atención (CSV)",
        lambda t: reverse("dashboard:no_attention_export", args=["csv"]),
        download=True,
    ),
    Page(
        "exportar monitoreos (CSV)",
        lambda t: reverse("exams:records_export", args=["monitoreo", "csv"]),
        download=True,
    ),
    Page(
        "exportar historia clínica (CSV)",
        lambda t: reverse("exams:clinical_export", args=[t.history_patient, "csv"]),
        download=True,
    ),
    *(
        Page(f"API {name}", lambda t, route=route: reverse(f"api:{route}"), shows_rows=route != "dashboard")
        for name, route in (
            ("pacientes", "patient-list"),
            ("ciclos", "cycle-list"),
            *((f"registros {rt.slug}", f"record-{rt.slug}-list") for rt in RECORD_TYPES),
            ("atenciones", "attention-list"),
            ("tablero", "dashboard"),
        )
    ),
    *(
        Page(name, url, shows_rows=shows_rows, download=download)
        for name, url, shows_rows, download in careplan_benchmark.PAGES
    ),
    Page(
        "registrar monitoreo (POST)",
        lambda t: reverse("exams:register", args=[t.register_patient, "monitoreo"]),
        post=_monitoring_post,
        shows_rows=False,
    ),
)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Result:
    name: str
    url: str
    queries: int
    p50: float
    p95: float
    requests: int
    shows_rows: bool

    def as_dict(self) -> dict:
        return {
            "página": self.name,
            "url": self.url,
            "consultas": self.queries,
            "p50_ms": round(self.p50, 1),
            "p95_ms": round(self.p95, 1),
            "peticiones": self.requests,
            "muestra_filas": self.shows_rows,
        }


def measure(client: Client, page: Page, targets: Targets, requests: int, warmup: int) -> Result:
    client = Client(HTTP_HOST="127.0.0.1") if page.anonymous else client
    url = page.url(targets)
    data = page.post(targets) if page.post else None
    expected = 302 if page.post else 200

    def call():
        response = client.post(url, data) if data is not None else client.get(url)
        if response.status_code != expected:
            raise RuntimeError(f"{url} respondió {response.status_code} (se esperaba {expected})")
        if response.streaming:  # an export: its time to the first chunk (headers and first rows)
            next(iter(response.streaming_content), None)
            response.close()  # ends the download (and its database cursor) at once
        return response

    for _ in range(warmup):
        call()
    timings, queries = [], 0
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            begin = time.perf_counter()
            call()
            timings.append((time.perf_counter() - begin) * 1000)
        queries = len(captured)
    return Result(
        page.name,
        url,
        queries,
        statistics.median(timings),
        percentile(timings, 0.95),
        requests,
        page.shows_rows,
    )


def measure_all(client: Client, targets: Targets, requests: int, warmup: int, progress=None) -> list[Result]:
    results = []
    for page in PAGES:
        results.append(measure(client, page, targets, requests, warmup))
        if progress:
            progress(results[-1])
    return results


def cycle_state_mix() -> dict:
    from django.db.models import Count

    rows = Ingreso.objects.values("estado").annotate(total=Count("id")).order_by()
    mix = {row["estado"]: row["total"] for row in rows}
    return {state: mix.get(state, 0) for state in EstadoIngreso.values}


def explain_heaviest(client: Client, targets: Targets, per_page: int = 1) -> list[dict]:
    """PostgreSQL plans (EXPLAIN ANALYZE, BUFFERS) of each page's slowest queries."""
    from django.conf import settings as django_settings

    plans = []
    debug = django_settings.DEBUG
    django_settings.DEBUG = True  # query times are recorded only with DEBUG
    try:
        for page in PAGES:
            if page.post or page.anonymous:
                continue
            url = page.url(targets)
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            heaviest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
            for query in [q for q in heaviest if q["sql"].startswith("SELECT")][:per_page]:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                plans.append({"página": page.name, "sql": query["sql"], "plan": plan})
    finally:
        django_settings.DEBUG = debug
    return plans

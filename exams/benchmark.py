"""How the clinical history grows with the records of the cycle shown (10 → 200 by default).

In one transaction, rolled back at the end (nothing stays in the database measured): one
patient per size, each with an ACTIVO cycle holding that many valid records spread over the
eight types (registered through the forms and services, as the page's «Registrar» does, with
their attention-log lines), and a superuser who sees every button. The sizes are measured by
turns in one process (``rounds`` times each: a warm-up, then ``requests`` timed requests
through Django's test client), so both are taken under the same conditions of the machine; a
size's figure is the median of its turns' medians. The SQL query count must not change with
the number of records.
"""

import datetime
import math
import statistics
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exams import services
from exams.registry import RECORD_TYPES
from patients.models import today

#: A cycle started this long ago holds every care date the records use.
CYCLE_DAYS = 400


class _Rollback(Exception):
    pass


@dataclass
class SizeResult:
    records: int
    queries: int
    p50_ms: float
    p95_ms: float
    cpu_p50_ms: float
    turns_ms: list[float]

    def as_dict(self) -> dict:
        return {
            "registros": self.records,
            "consultas": self.queries,
            "p50_ms": round(self.p50_ms, 2),
            "p95_ms": round(self.p95_ms, 2),
            "cpu_p50_ms": round(self.cpu_p50_ms, 2),
            "medianas_por_turno": [round(t, 2) for t in self.turns_ms],
        }


def register_records(ingreso, user, count: int) -> None:
    """``count`` valid records over the eight types, care dates spread over the cycle."""
    from exams.tests.factories import form_data  # the same valid forms the tests post

    for n in range(count):
        record_type = RECORD_TYPES[n % len(RECORD_TYPES)]
        on = (today() - datetime.timedelta(days=n * 7 % CYCLE_DAYS)).isoformat()
        care = record_type.model.care_date_field
        form = record_type.form(
            form_data(record_type.slug, **{care: on}), ingreso=ingreso, prefix=record_type.slug
        )
        if not form.is_valid():
            raise RuntimeError(f"{record_type.slug}: {form.errors.as_json()}")
        services.register_record(form.save(commit=False), ingreso, user)


def cycle_patient(number: int):
    """A patient whose ACTIVO cycle started ``CYCLE_DAYS`` ago."""
    from patients.tests.factories import PatientFactory

    return PatientFactory(
        documento=str(97_000_000 + number), cycle=today() - datetime.timedelta(days=CYCLE_DAYS)
    )


def _percentile(values: list[float], share: float) -> float:
    """Nearest rank (the p95 of 60 values is the 57th smallest)."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


def _measure(client: Client, url: str, requests: int, warmup: int) -> tuple[list[float], list[float]]:
    for _ in range(warmup):
        client.get(url)
    wall, cpu = [], []
    for _ in range(requests):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - begin) * 1000)
        cpu.append((time.process_time() - begin_cpu) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} respondió {response.status_code}")
    return wall, cpu


def history_growth(
    sizes: tuple[int, ...] = (10, 200), requests: int = 20, warmup: int = 5, rounds: int = 3, progress=None
) -> list[SizeResult]:
    """Per size (records in the cycle shown): SQL queries and p50/p95 of the history page."""
    results = []
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_superuser("benchmark-historia", None, None)
            urls = {}
            for number, size in enumerate(sizes):
                patient = cycle_patient(number)
                register_records(patient.ingresos.get(), user, size)
                urls[size] = reverse("exams:clinical", args=[patient.pk])
                if progress:
                    progress(f"paciente con {size} registros listo")
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(user)
            turns = {size: [] for size in sizes}
            for turn in range(rounds):
                for size in sizes:
                    wall, cpu = _measure(client, urls[size], requests, warmup)
                    turns[size].append((wall, cpu))
                    if progress:
                        progress(f"turno {turn + 1}, {size} registros: p50 {statistics.median(wall):.1f} ms")
            for size in sizes:
                with CaptureQueriesContext(connection) as queries:
                    client.get(urls[size])
                every = [t for wall, _ in turns[size] for t in wall]
                results.append(
                    SizeResult(
                        records=size,
                        queries=len(queries),
                        p50_ms=statistics.median(statistics.median(wall) for wall, _ in turns[size]),
                        p95_ms=_percentile(every, 0.95),
                        cpu_p50_ms=statistics.median(statistics.median(cpu) for _, cpu in turns[size]),
                        turns_ms=[statistics.median(wall) for wall, _ in turns[size]],
                    )
                )
            raise _Rollback
    except _Rollback:
        pass
    return results

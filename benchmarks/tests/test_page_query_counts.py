"""Every page the benchmark measures makes the same number of SQL queries on a small and on a
ten times larger generated data set (the benchmark's own generator and page table, so a page
added there is pinned here too)."""

import pytest
from django.test import Client
from django.urls import clear_url_caches

from benchmarks import pages
from benchmarks.dataset import Generator
from patients.models import Patient

# Transactional: the benchmark stops each download after its first chunk by closing the
# response, which ends the request as a server does (and would close a test transaction's
# connection).
pytestmark = pytest.mark.django_db(transaction=True)

SMALL, LARGE = 40, 400


def _query_counts(client) -> dict[str, int]:
    targets = pages.Targets.find(Patient.objects.count())
    counts = {}
    for page in pages.PAGES:  # measure() also checks each response's status
        counts[page.name] = pages.measure(client, page, targets, requests=1, warmup=1).queries
    return counts


@pytest.fixture
def benchmark_client(coordinator, settings):
    settings.ROOT_URLCONF = "benchmarks.urls"
    clear_url_caches()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(coordinator)
    yield client
    clear_url_caches()


def test_every_page_makes_the_same_queries_at_two_data_sizes(benchmark_client):
    Generator(SMALL).run()
    small = _query_counts(benchmark_client)
    Generator(LARGE - SMALL, seed=8).run()
    assert Patient.objects.count() == LARGE
    large = _query_counts(benchmark_client)
    assert large == small
    assert small[pages.TRIVIAL.name] == 0
    assert all(count > 0 for name, count in small.items() if name != pages.TRIVIAL.name)


def test_generated_data_has_the_shape_the_benchmark_promises():
    from dashboard.selectors import cycles_without_recent_attention
    from exams.models import Seguimiento
    from exams.registry import RECORD_TYPES
    from patients.choices import EstadoIngreso
    from patients.models import Ingreso
    from summaries.selectors import stale_cycle_summaries

    Generator(200).run()
    states = set(Ingreso.objects.values_list("estado", flat=True))
    assert states == set(EstadoIngreso.values)
    assert Ingreso.objects.filter(estado=EstadoIngreso.TERMINADO).count() > 0
    assert Ingreso.objects.values("paciente").distinct().count() < Ingreso.objects.count()  # earlier cycles
    assert all(rt.model.objects.exists() for rt in RECORD_TYPES)
    assert Seguimiento.objects.exists() and not stale_cycle_summaries().exists()
    heavy = pages.Targets.find(200).history_patient
    assert Seguimiento.objects.filter(ingreso__paciente_id=heavy).count() >= 40
    overdue_share = cycles_without_recent_attention().count() / Ingreso.objects.active().count()
    assert 0.15 < overdue_share < 0.40  # about one active patient in four

"""Every list endpoint makes the same number of SQL queries with 10 and with 500 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exams.models import Seguimiento
from exams.registry import RECORD_TYPES
from exams.tests.factories import record_data
from patients.models import Ingreso, Patient, today
from patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db
LISTS = [
    "/api/v1/patients/",
    "/api/v1/cycles/",
    "/api/v1/attentions/",
    *[f"/api/v1/records/{record_type.slug}/" for record_type in RECORD_TYPES],
]


def _add_rows(count: int, author) -> None:
    """``count`` patients with a cycle, and ``count`` records of every type and log lines
    (bulk inserts: the data, not the services, are under test here)."""
    patients = Patient.objects.bulk_create(
        PatientFactory.build(documento=f"{9_000_000 + Patient.objects.count() + n}") for n in range(count)
    )
    cycles = Ingreso.objects.bulk_create(Ingreso(paciente=p, fecha_inicio=today()) for p in patients)
    for record_type in RECORD_TYPES:
        values = record_data(record_type.slug)
        record_type.model.objects.bulk_create(
            record_type.model(ingreso=cycle, registrado_por=author, **values) for cycle in cycles
        )
    Seguimiento.objects.bulk_create(
        Seguimiento(ingreso=cycle, registrado_por=author, fecha_atencion=today(), tipo_servicio="Monitoreo")
        for cycle in cycles
    )


def _queries(api, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200, response.data
    return len(queries)


def test_list_query_counts_do_not_grow_with_the_data(api, coordinator):
    _add_rows(10, coordinator)
    small = {url: _queries(api, url) for url in LISTS}
    _add_rows(490, coordinator)
    large = {url: _queries(api, url) for url in LISTS}
    assert large == small
    counted = LISTS[:2]  # patients and cycles: page numbers and a count
    assert {url: api.get(url).data["count"] for url in counted} == dict.fromkeys(counted, 500)


def test_records_and_the_log_page_by_cursor_newest_first_without_a_count(api, coordinator):
    _add_rows(7, coordinator)
    for url in LISTS[2:]:
        seen, page = [], api.get(url, {"page_size": 3}).data
        assert "count" not in page
        while True:
            seen += [row["id"] for row in page["results"]]
            if not page["next"]:
                break
            page = api.get(page["next"]).data
        assert len(seen) == 7 and seen == sorted(seen, reverse=True), url

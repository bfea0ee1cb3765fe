"""The clinical history with 10 and with 200 records in the cycle: the same SQL queries, and
every row keeps its cells, author and «Editar» link (built in Python: ``record_rows``)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exams.benchmark import cycle_patient, register_records
from exams.models import SeguimientoAdaptacion
from exams.registry import RECORD_TYPES
from exams.selectors import patient_cycles
from exams.services import register_record
from patients.choices import EstadoIngreso
from patients.models import Ingreso, today

pytestmark = pytest.mark.django_db


def _history(client, patient):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("exams:clinical", args=[patient.pk]))
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize("role", ["coordinator", "Terapia respiratoria", "Consulta"])
def test_query_count_is_the_same_with_10_and_200_records(client, coordinator, member, role):
    user = coordinator if role == "coordinator" else member(role)
    client.force_login(user)
    small, large = cycle_patient(1), cycle_patient(2)
    register_records(small.ingresos.get(), coordinator, 10)
    register_records(large.ingresos.get(), coordinator, 200)
    small_page, small_queries = _history(client, small)
    large_page, large_queries = _history(client, large)
    assert small_queries == large_queries
    sections = {s.record_type.slug: len(s.records) for s in large_page.context["sections"]}
    assert sum(sections.values()) == 200 and all(sections[rt.slug] >= 25 for rt in RECORD_TYPES)


def test_rows_keep_cells_author_and_edit_link_of_the_records_the_user_may_edit(client, coordinator, member):
    therapist = member("Terapia respiratoria", "terapeuta")
    therapist.first_name, therapist.last_name = "Tomás", "Rueda"
    therapist.save()
    patient = cycle_patient(3)
    ingreso = patient.ingresos.get()
    own = register_record(SeguimientoAdaptacion(observaciones="<b>tolera</b> bien"), ingreso, therapist)
    other = register_record(SeguimientoAdaptacion(observaciones="control"), ingreso, coordinator)
    client.force_login(therapist)
    body = _history(client, patient)[0].content.decode()
    assert "&lt;b&gt;tolera&lt;/b&gt; bien" in body and "<b>tolera" not in body
    assert "Tomás Rueda" in body and "Alicia" in body
    own_edit = reverse("exams:edit", args=["seguimiento", own.pk])
    assert f'href="{own_edit}"' in body
    assert reverse("exams:edit", args=["seguimiento", other.pk]) not in body
    day = own.fecha_atencion
    assert f'Editar<span class="visually-hidden"> nota de seguimiento del {day:%d/%m/%Y}</span>' in body
    assert f'href="{reverse("exams:register", args=[patient.pk, "monitoreo"])}"' in body


def test_read_only_cycle_shows_rows_without_edit_links(client_logged, coordinator):
    patient = cycle_patient(4)
    ingreso = patient.ingresos.get()
    register_records(ingreso, coordinator, 16)
    Ingreso.objects.filter(pk=ingreso.pk).update(estado=EstadoIngreso.TERMINADO, fecha_fin=today())
    body = _history(client_logged, patient)[0].content.decode()
    assert "/exams/edit/" not in body and "/register_" not in body
    assert body.count('<td class="no-print"></td></tr>') == 16  # every record, no button


def test_cycles_carry_the_mes_capita_the_database_gives(patient):
    first = patient.ingresos.get()
    Ingreso.objects.filter(pk=first.pk).update(
        fecha_inicio=today() - datetime.timedelta(days=700),
        fecha_fin=today() - datetime.timedelta(days=200),
        estado=EstadoIngreso.TERMINADO,
    )
    Ingreso.objects.create(paciente=patient, fecha_inicio=today() - datetime.timedelta(days=95))
    annotated = {c.pk: (c.meses_db, c.mes_capita_db) for c in Ingreso.objects.with_mes_capita()}
    cycles = patient_cycles(patient)
    assert [c.fecha_inicio for c in cycles] == sorted((c.fecha_inicio for c in cycles), reverse=True)
    assert {c.pk: (c.meses_db, c.mes_capita_db) for c in cycles} == annotated

"""/exams/patients/<id>/clinical/: every type newest first, summary, checklist, read-only past cycles."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exams.models import Neumologia, PolisomnografiaBasal, SeguimientoAdaptacion
from exams.services import register_record
from exams.tests.factories import register_monitoring
from patients.choices import EstadoIngreso
from patients.models import today

pytestmark = pytest.mark.django_db


def _url(patient, **params):
    url = reverse("exams:clinical", args=[patient.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def _monitoring(ingreso, user, days_ago=0, residual="4", days4="80"):
    return register_monitoring(ingreso, user, days4=days4, residual=residual, days_ago=days_ago)


def test_history_shows_records_newest_first_with_summary(client_logged, coordinator, patient):
    ingreso = patient.ingresos.get()
    ingreso.fecha_inicio = today() - datetime.timedelta(days=30)
    ingreso.save()
    register_record(PolisomnografiaBasal(iah=Decimal("32"), ido=5, eficiencia=80), ingreso, coordinator)
    _monitoring(ingreso, coordinator, days_ago=10, residual="8", days4="50")
    _monitoring(ingreso, coordinator, days_ago=2, residual="4", days4="80")
    response = client_logged.get(_url(patient))
    sections = {s.record_type.slug: s for s in response.context["sections"]}
    assert [m.hipopnea_residual for m in sections["monitoreo"].records] == [Decimal("4"), Decimal("8")]
    body = response.content.decode()
    assert "GRAVE" in body and "Adherente" in body and "87,50" in body
    assert response.context["last_attention"].fecha_atencion == today() - datetime.timedelta(days=2)
    assert response.context["ingreso"].mes_capita_db in (1, 2)
    assert "Pendiente" in body  # checklist: e.g. no nutrition yet


def test_history_offers_register_buttons_for_an_active_cycle(client_logged, patient):
    body = client_logged.get(_url(patient)).content.decode()
    assert reverse("exams:register", args=[patient.pk, "basal"]) in body
    assert reverse("exams:register", args=[patient.pk, "seguimiento"]) not in body  # it is a tab


def test_earlier_cycles_are_read_only(client_logged, coordinator, patient):
    old = patient.ingresos.get()
    register_record(Neumologia(medico_tratante="Dr. Antiguo"), old, coordinator)
    old.estado, old.fecha_fin = EstadoIngreso.TERMINADO, today()
    old.save()
    patient.ingresos.create(fecha_inicio=today())
    current = client_logged.get(_url(patient))
    assert "Dr. Antiguo" not in current.content.decode()
    past = client_logged.get(_url(patient, ingreso=old.pk))
    body = past.content.decode()
    assert "Dr. Antiguo" in body and "solo lectura" in body
    assert "/register_" not in body and "/exams/edit/" not in body


def test_another_patients_cycle_is_not_shown(client_logged, coordinator, patient):
    from patients.tests.factories import PatientFactory

    other = PatientFactory().ingresos.get()
    response = client_logged.get(_url(patient, ingreso=other.pk))
    assert response.context["ingreso"].paciente_id == patient.pk


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_records(client_logged, coordinator, patient):
    ingreso = patient.ingresos.get()
    for _ in range(2):
        _monitoring(ingreso, coordinator)
        register_record(SeguimientoAdaptacion(observaciones="nota"), ingreso, coordinator)
        register_record(PolisomnografiaBasal(iah=10, ido=1, eficiencia=90), ingreso, coordinator)
    small = _count(client_logged, _url(patient))
    for _ in range(166):
        _monitoring(ingreso, coordinator)
        register_record(SeguimientoAdaptacion(observaciones="nota"), ingreso, coordinator)
        register_record(PolisomnografiaBasal(iah=10, ido=1, eficiencia=90), ingreso, coordinator)
    assert _count(client_logged, _url(patient)) == small

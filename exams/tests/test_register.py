"""Registering each record type through its page: saved into the ACTIVO cycle, logged once."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from datamed.exceptions import StateConflict
from exams import services
from exams.models import Monitoreo, PolisomnografiaBasal, Seguimiento
from exams.registry import RECORD_TYPES, REGISTRY
from exams.tests.factories import form_data, monitoring
from patients.choices import EstadoIngreso
from patients.models import Ingreso, today
from patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def _url(patient, slug):
    return reverse("exams:register", args=[patient.pk, REGISTRY[slug].register_slug])


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda rt: rt.slug)
def test_each_type_is_registered_into_the_active_cycle(client_logged, coordinator, patient, record_type):
    response = client_logged.post(_url(patient, record_type.slug), form_data(record_type.slug))
    assert response.status_code == 302, response.context and [f.errors for _, f in response.context["tabs"]]
    record = record_type.model.objects.get()
    assert record.ingreso == patient.ingreso_activo
    assert record.registrado_por == coordinator
    log = Seguimiento.objects.filter(tipo_servicio=record_type.model.__name__, registro_id=record.pk)
    assert log.count() == (1 if record_type.model.writes_attention_log else 0)
    if record_type.model.writes_attention_log:
        line = log.get()
        assert (line.ingreso, line.fecha_atencion, line.registrado_por) == (
            record.ingreso,
            record.care_date,
            coordinator,
        )


def test_register_page_shows_every_tab_form(client_logged, patient):
    response = client_logged.get(_url(patient, "monitoreo"))
    assert [rt.slug for rt, _ in response.context["tabs"]] == ["monitoreo", "seguimiento"]
    assert 'id="tab-seguimiento"' in response.content.decode()


def test_seguimiento_page_redirects_to_the_monitoring_tab(client_logged, patient):
    response = client_logged.get(reverse("exams:register", args=[patient.pk, "seguimiento"]))
    assert response.url == _url(patient, "monitoreo")


def test_unknown_type_is_404(client_logged, patient):
    assert client_logged.get(reverse("exams:register", args=[patient.pk, "radiografia"])).status_code == 404


def test_monitoring_copies_the_latest_basal_and_ignores_posted_derived_values(client_logged, patient):
    client_logged.post(_url(patient, "basal"), form_data("basal", iah="20", fecha_basal="2026-01-01"))
    client_logged.post(_url(patient, "basal"), form_data("basal", iah="32"))
    data = form_data("monitoreo", hipopnea_residual="4")
    data.update({"monitoreo-hipopnea_basal": "99", "monitoreo-porcentaje_correccion": "1"})
    client_logged.post(_url(patient, "monitoreo"), data)
    monitoring = Monitoreo.objects.get()
    assert (monitoring.hipopnea_basal, monitoring.porcentaje_correccion) == (Decimal("32"), Decimal("87.50"))


def test_monitoring_without_basal_has_no_correction(client_logged, patient):
    client_logged.post(_url(patient, "monitoreo"), form_data("monitoreo"))
    monitoring = Monitoreo.objects.get()
    # Empty, not a measured 0.
    assert (monitoring.hipopnea_basal, monitoring.porcentaje_correccion) == (None, None)


def test_posted_severity_and_total_are_ignored(client_logged, patient):
    client_logged.post(
        _url(patient, "basal"), {**form_data("basal", iah="4.99"), "basal-severidad_apnea": "GRAVE"}
    )
    assert PolisomnografiaBasal.objects.get().severidad_apnea == "NORMAL"
    client_logged.post(_url(patient, "psicologia"), {**form_data("psicologia"), "psicologia-total": "1"})
    assert patient.ingreso_activo.psicologia_set.get().total == 22


@pytest.mark.parametrize("estado", [EstadoIngreso.SUSPENDIDO, EstadoIngreso.TERMINADO])
def test_no_record_without_an_active_cycle(client_logged, estado):
    patient = PatientFactory()
    patient.ingresos.update(estado=estado, fecha_fin=today() if estado == "TERMINADO" else None)
    response = client_logged.post(_url(patient, "monitoreo"), form_data("monitoreo"), follow=True)
    assert "solo se agregan a un ciclo ACTIVO" in response.content.decode()
    assert Monitoreo.objects.count() == 0 and Seguimiento.objects.count() == 0


def test_no_record_for_a_patient_without_cycles(client_logged):
    patient = PatientFactory(cycle=False)
    response = client_logged.post(_url(patient, "basal"), form_data("basal"), follow=True)
    assert "solo se agregan a un ciclo ACTIVO" in response.content.decode()
    assert PolisomnografiaBasal.objects.count() == 0


def test_cycle_is_not_null_in_the_database(patient):
    with pytest.raises(IntegrityError), transaction.atomic():
        Seguimiento.objects.create(ingreso_id=None, fecha_atencion=today(), tipo_servicio="Monitoreo")
    with pytest.raises(IntegrityError), transaction.atomic():
        PolisomnografiaBasal.objects.create(ingreso_id=None, iah=Decimal("3"), ido=1, eficiencia=90)


def test_care_date_before_the_cycle_start_is_refused(client_logged):
    patient = PatientFactory(cycle=today() - datetime.timedelta(days=5))
    before = (today() - datetime.timedelta(days=6)).isoformat()
    response = client_logged.post(_url(patient, "psicologia"), form_data("psicologia", fecha_atencion=before))
    assert "La fecha no puede ser anterior al inicio del ciclo." in response.content.decode()
    assert Seguimiento.objects.count() == 0


def test_basal_study_may_precede_the_cycle(client_logged):
    patient = PatientFactory(cycle=today() - datetime.timedelta(days=5))
    before = (today() - datetime.timedelta(days=40)).isoformat()
    client_logged.post(_url(patient, "basal"), form_data("basal", fecha_basal=before))
    assert PolisomnografiaBasal.objects.count() == 1


def test_monitoring_form_shows_the_basal_iah_read_only(client_logged, patient):
    client_logged.post(_url(patient, "basal"), form_data("basal", iah="27.5"))
    response = client_logged.get(_url(patient, "monitoreo"))
    field = dict((rt.slug, form) for rt, form in response.context["tabs"])["monitoreo"]["hipopnea_basal"]
    assert field.field.disabled and field.value() == Decimal("27.50")
    assert 'name="monitoreo-hipopnea_basal"' in response.content.decode()


def _cycle_changed_after_it_was_read(changes: dict):
    """A cycle as a page read it, then changed in the database before the save took the lock."""
    patient = PatientFactory(cycle=today() - datetime.timedelta(days=20))
    seen = patient.ingreso_activo
    Ingreso.objects.filter(pk=seen.pk).update(**changes)
    return seen


def test_a_record_is_validated_again_when_its_cycle_start_moved_meanwhile(coordinator):
    seen = _cycle_changed_after_it_was_read({"fecha_inicio": today() - datetime.timedelta(days=2)})
    record = monitoring(today() - datetime.timedelta(days=10))

    with pytest.raises(ValidationError) as refused:
        services.register_record(record, seen, coordinator)

    assert refused.value.message_dict == {
        "fecha_atencion": ["La fecha no puede ser anterior al inicio del ciclo."]
    }
    assert Monitoreo.objects.count() == 0 and Seguimiento.objects.count() == 0


def test_a_record_is_refused_when_its_cycle_was_suspended_meanwhile(coordinator):
    seen = _cycle_changed_after_it_was_read({"estado": EstadoIngreso.SUSPENDIDO})

    with pytest.raises(StateConflict):
        services.register_record(monitoring(today()), seen, coordinator)

    assert Monitoreo.objects.count() == 0 and Seguimiento.objects.count() == 0

"""Every create/change/void leaves a history row with its author; reads of a clinical
history are logged; coordinators see both; nothing can be hard-deleted from the admin."""

import pytest
from django.urls import reverse

from exams.models import Psicologia
from exams.tests.factories import form_data
from patients.models import Patient, today
from patients.tests.factories import patient_form_data
from users.models import ClinicalAccess

pytestmark = pytest.mark.django_db


def test_history_rows_with_the_acting_user_after_create_edit_and_void(client, member):
    coordinator = member("Coordinador", "coordinadora")
    psychologist = member("Psicología", "psicologa")
    client.force_login(coordinator)
    client.post(reverse("patients:create"), patient_form_data())
    patient = Patient.objects.get()
    client.post(reverse("patients:detail", args=[patient.pk]), patient_form_data(nombre="Carmenza"))
    ingreso = patient.ingresos.get()
    client.post(
        reverse("patients:change_state", args=[ingreso.pk, "SUSPENDIDO"]),
        {"fecha_terminacion": today().isoformat(), "motivo_estado": "Viaje"},
    )
    assert [(h.history_type, h.history_user) for h in patient.history.order_by("history_id")] == [
        ("+", coordinator),
        ("~", coordinator),
    ]
    assert patient.history.earliest("history_id").nombre == "Carmen"
    assert [(h.history_type, h.estado, h.history_user) for h in ingreso.history.order_by("history_id")] == [
        ("+", "ACTIVO", coordinator),
        ("~", "SUSPENDIDO", coordinator),
    ]
    client.post(reverse("patients:change_state", args=[ingreso.pk, "ACTIVO"]))

    client.force_login(psychologist)
    client.post(reverse("exams:register", args=[patient.pk, "psicologia"]), form_data("psicologia"))
    record = Psicologia.objects.get()
    edit = {
        k.replace("psicologia-", "psicologia-"): v for k, v in form_data("psicologia", calidad="3").items()
    }
    client.post(reverse("exams:edit", args=["psicologia", record.pk]), edit)
    client.force_login(coordinator)
    client.post(reverse("exams:void", args=["psicologia", record.pk]), {"motivo_anulacion": "Duplicado"})
    rows = [
        (h.history_type, h.calidad, h.anulado, h.history_user) for h in record.history.order_by("history_id")
    ]
    assert rows == [
        ("+", 12, False, psychologist),
        ("~", 3, False, psychologist),
        ("~", 3, True, coordinator),
    ]


def test_coordinators_see_the_trail_and_the_reads(client, member, patient):
    reader = member("Consulta", "lectora")
    client.force_login(reader)
    client.get(reverse("exams:clinical", args=[patient.pk]))
    access = ClinicalAccess.objects.get()
    assert (access.usuario, access.paciente, access.ingreso) == (reader, patient, patient.ingreso_activo)
    detail = client.get(reverse("patients:detail", args=[patient.pk]))
    assert "Trazabilidad" not in detail.content.decode()

    client.force_login(member("Coordinador", "coordinadora"))
    body = client.get(reverse("patients:detail", args=[patient.pk])).content.decode()
    assert "Trazabilidad de cambios" in body and "Últimas consultas" in body and "lectora" in body


def test_trail_of_a_record_is_shown_to_coordinators_only(client, member, patient):
    psychologist = member("Psicología", "psicologa")
    client.force_login(psychologist)
    client.post(reverse("exams:register", args=[patient.pk, "psicologia"]), form_data("psicologia"))
    edit_url = reverse("exams:edit", args=["psicologia", Psicologia.objects.get().pk])
    assert "Trazabilidad del registro" not in client.get(edit_url).content.decode()
    client.force_login(member("Coordinador", "coordinadora"))
    assert "Trazabilidad del registro" in client.get(edit_url).content.decode()


def test_admin_cannot_delete_clinical_data(client, django_user_model, patient):
    from exams.services import register_record

    superuser = django_user_model.objects.create_superuser("root", password="clave-segura-123")
    record = register_record(
        Psicologia(inventario_depre_beck=1, inventario_ansiedad_beck=1, calidad=1, cantidad=1),
        patient.ingreso_activo,
        superuser,
    )
    client.force_login(superuser)
    for url in (
        f"/admin/exams/psicologia/{record.pk}/delete/",
        f"/admin/patients/patient/{patient.pk}/delete/",
        f"/admin/patients/ingreso/{patient.ingreso_activo.pk}/delete/",
    ):
        assert client.post(url, {"post": "yes"}).status_code == 403, url
    changelist = client.get("/admin/patients/patient/").content.decode()
    assert "delete_selected" not in changelist
    assert Psicologia.objects.filter(pk=record.pk).exists() and Patient.objects.filter(pk=patient.pk).exists()

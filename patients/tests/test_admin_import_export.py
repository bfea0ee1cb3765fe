"""The admin's import (preview, then confirm) and export of patients and cycles."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exams.tests.factories import register_monitoring
from patients.models import Patient, today
from patients.tests.factories import PatientFactory
from patients.tests.spreadsheets import csv_bytes, read_xlsx, row, xlsx_bytes

pytestmark = pytest.mark.django_db
IMPORT = reverse("admin:patients_patient_import")
PROCESS = reverse("admin:patients_patient_process_import")
XLSX, CSV = "0", "1"  # positions in PatientAdmin.import_formats and export_formats


def _upload(client, content: bytes, name: str, fmt: str):
    return client.post(IMPORT, {"import_file": SimpleUploadedFile(name, content), "format": fmt})


def test_import_page_links_the_template(client_logged):
    page = client_logged.get(IMPORT).content.decode()
    assert reverse("patients:import_template") in page


def test_preview_then_confirm_imports_the_file(client_logged):
    preview = _upload(client_logged, xlsx_bytes([row(documento="10"), row(documento="11")]), "p.xlsx", XLSX)
    assert preview.status_code == 200
    assert Patient.objects.count() == 0, "the preview saves nothing"
    confirm_form = preview.context["confirm_form"]
    assert [r.import_type for r in preview.context["result"].valid_rows()] == ["new", "new"]
    response = client_logged.post(PROCESS, {**confirm_form.initial, "confirm": "Confirmar"})
    assert response.status_code == 302
    assert sorted(Patient.objects.values_list("documento", flat=True)) == ["10", "11"]
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("pacientes nuevos: 2" in m for m in messages)


def test_windows_1252_csv_with_semicolons_through_the_admin(client_logged):
    content = csv_bytes([row(documento="20", apellido="Peña")], delimiter=";", encoding="cp1252")
    preview = _upload(client_logged, content, "p.csv", CSV)
    client_logged.post(PROCESS, {**preview.context["confirm_form"].initial, "confirm": "Confirmar"})
    assert Patient.objects.get(documento="20").apellido == "Peña"


def test_bad_rows_are_listed_and_there_is_nothing_to_confirm(client_logged):
    content = xlsx_bytes([row(documento="30"), row(documento="31", ciudad="CALI")])
    preview = _upload(client_logged, content, "p.xlsx", XLSX)
    assert "confirm_form" not in preview.context
    assert "fila 3: ciudad: La ciudad elegida no pertenece al departamento." in preview.content.decode()
    assert Patient.objects.count() == 0


def test_a_row_that_went_bad_after_the_preview_saves_nothing_at_confirmation(client_logged, coordinator):
    preview = _upload(client_logged, xlsx_bytes([row(documento="40"), row(documento="41")]), "p.xlsx", XLSX)
    # Meanwhile someone registers patient 41 with an attention 5 days ago: the file's program
    # start (today) would now move the cycle past that attention, which the service refuses.
    late = PatientFactory(documento="41", cycle=today() - datetime.timedelta(days=10))
    register_monitoring(late.ingresos.get(), coordinator, days_ago=5)
    response = client_logged.post(
        PROCESS, {**preview.context["confirm_form"].initial, "confirm": "Confirmar"}
    )
    assert response.status_code == 302 and response.url == IMPORT
    assert not Patient.objects.filter(documento="40").exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "No se importó nada." in messages
    assert any(
        m.startswith("fila 3: fecha_inicio_programa: El ciclo tiene atenciones desde") for m in messages
    )


def _staff(member, group: str):
    user = member(group)
    user.is_staff = True
    user.save()
    return user


def test_import_needs_the_right_to_add_patients(client, member):
    client.force_login(_staff(member, "Consulta"))
    assert client.get(IMPORT).status_code == 403
    client.force_login(_staff(member, "Coordinador"))
    assert client.get(IMPORT).status_code == 200


def test_admin_export_of_patients_and_cycles_needs_the_export_permission(client, member):
    PatientFactory(documento="50")
    export = reverse("admin:patients_patient_export")
    client.force_login(_staff(member, "Consulta"))
    assert client.get(export).status_code == 403
    coordinator = _staff(member, "Coordinador")
    assert coordinator.groups.filter(pk=Group.objects.get(name="Coordinador").pk).exists()
    client.force_login(coordinator)
    assert client.get(export).status_code == 200
    response = client.post(export, {"format": "0", "resource": "0", "patientresource_documento": "on"})
    assert response.status_code == 200, response.content[:500]
    sheet = next(iter(read_xlsx(response.content).values()))
    assert "50" in [str(value) for value in sheet[1]]
    cycles = client.post(reverse("admin:patients_ingreso_export"), {"format": "0", "resource": "0"})
    assert cycles.status_code == 200

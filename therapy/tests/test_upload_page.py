"""Uploading device data from the clinical page: who may, what the user sees, what is saved."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exams.tests.factories import register_monitoring
from therapy.models import NocheTerapia
from therapy.synthetic import Night, str_edf
from therapy.tests.conftest import days

pytestmark = pytest.mark.django_db


def _upload(client, ingreso, name="STR.edf", data=None, follow=True):
    data = data if data is not None else str_edf(ingreso.fecha_inicio, [Night(300)] * 20)
    url = reverse("therapy:upload", args=[ingreso.paciente_id])
    return client.post(url, {"archivo": SimpleUploadedFile(name, data)}, follow=follow)


def test_a_respiratory_therapist_uploads_an_str_edf(client, member, cycle_started):
    ingreso = cycle_started(30)
    client.force_login(member("Terapia respiratoria"))
    response = _upload(client, ingreso)
    body = response.content.decode()
    assert "20 noches nuevas, 0 actualizadas" in body
    assert NocheTerapia.objects.filter(ingreso=ingreso).count() == 20
    assert 'id="nights-chart"' in body and 'id="therapy-charts-data"' in body
    assert "En riesgo" in body  # 20 good nights, day 30 of 90: 21 still reachable


@pytest.mark.parametrize("group", ["Psicología", "Consulta", "Coordinador"])
def test_users_without_the_monitoring_right_get_403(client, member, cycle_started, group):
    ingreso = cycle_started(30)
    client.force_login(member(group))
    assert _upload(client, ingreso, follow=False).status_code == 403
    assert not NocheTerapia.objects.exists()


def test_a_bad_file_shows_the_problem_and_saves_nothing(client_logged, cycle_started):
    ingreso = cycle_started(30)
    response = _upload(client_logged, ingreso, data=b"no soy un EDF" * 40)
    assert "No se importó nada: «STR.edf» no es un archivo EDF" in response.content.decode()
    assert not NocheTerapia.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client_logged, cycle_started, settings):
    settings.DATAMED_DEVICE_UPLOAD_MAX_MB = 0
    response = _upload(client_logged, cycle_started(30))
    assert "El archivo supera el límite de 0 MB." in response.content.decode()
    assert not NocheTerapia.objects.exists()


def test_the_upload_form_is_shown_only_to_who_may_use_it(client, member, cycle_started):
    ingreso = cycle_started(30)
    url = reverse("exams:clinical", args=[ingreso.paciente_id])
    client.force_login(member("Consulta"))
    assert 'id="device-upload"' not in client.get(url).content.decode()
    client.force_login(member("Terapia respiratoria", "otra"))
    assert 'id="device-upload"' in client.get(url).content.decode()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_clinical_page_query_count_does_not_grow_with_nights(client_logged, coordinator, cycle_started):
    from therapy import services

    ingreso = cycle_started(400)
    url = reverse("exams:clinical", args=[ingreso.paciente_id])
    services.import_device_file(ingreso, "STR.edf", str_edf(ingreso.fecha_inicio, [Night(300)] * 10))
    register_monitoring(ingreso, coordinator)
    small = _count(client_logged, url)
    services.import_device_file(ingreso, "STR.edf", str_edf(ingreso.fecha_inicio, [Night(300)] * 390))
    for n in range(5):
        register_monitoring(ingreso, coordinator, days_ago=n + 1)
    assert _count(client_logged, url) == small


def test_charts_carry_the_last_ninety_nights(client_logged, cycle_started):
    from therapy import services

    ingreso = cycle_started(200)
    nights = [Night(480 if d % 2 else 120, ahi=3.0) for d in range(150)]
    services.import_device_file(ingreso, "STR.edf", str_edf(ingreso.fecha_inicio, nights))
    response = client_logged.get(reverse("exams:clinical", args=[ingreso.paciente_id]))
    charts = response.context["therapy"]["charts"]["nights"]
    assert charts["nights"] == 90 and charts["dates"][-1] == (ingreso.fecha_inicio + days(149)).isoformat()
    assert charts["hours"][-1] == 8.0 and charts["hours"][-2] == 2.0
    assert charts["meeting_hours"] == 45
    assert "45 con 4 horas o más" in response.content.decode()
    assert isinstance(charts["dates"][0], str) and datetime.date.fromisoformat(charts["dates"][0])

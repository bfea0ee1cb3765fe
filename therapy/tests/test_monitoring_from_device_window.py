"""A monitoring pre-filled from a window of device nights, reviewed and saved by the therapist."""

import pytest
from django.urls import reverse

from exams.choices import FuenteMonitoreo
from exams.models import Monitoreo
from exams.services import register_record
from exams.tests.factories import form_data
from therapy import services
from therapy.synthetic import Night, str_edf
from therapy.tests.conftest import days

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(cycle_started):
    ingreso = cycle_started(60)
    nights = (
        [Night(300, ahi=2.0, pressure=9.5)] * 20 + [Night(0)] * 5 + [Night(180, ahi=4.0, pressure=9.5)] * 5
    )
    services.import_device_file(ingreso, "STR.edf", str_edf(ingreso.fecha_inicio, nights))
    return ingreso


def _register_url(ingreso, start, end):
    url = reverse("exams:register", args=[ingreso.paciente_id, "monitoreo"])
    return f"{url}?desde={start.isoformat()}&hasta={end.isoformat()}"


def test_the_form_is_pre_filled_from_the_window(client_logged, imported):
    start = imported.fecha_inicio
    response = client_logged.get(_register_url(imported, start, start + days(29)))
    form = response.context["tabs"][0][1]
    assert str(form.initial["uso_diario"]) == "83.33"  # 25 of 30 nights used
    assert str(form.initial["dias_uso_horas_4"]) == "66.67"
    assert str(form.initial["horas_uso_diario"]) == "4.60"  # (20·300 + 5·180) / 25 / 60
    assert str(form.initial["hipopnea_residual"]) == "2.26"  # (2·6000 + 4·900) / 6900
    assert str(form.initial["presion_ipap"]) == "9.50"
    assert form.initial["fuente"] == FuenteMonitoreo.EQUIPO
    assert "noches del" in response.content.decode()


def test_saving_keeps_the_window_and_source_shown_in_its_row(client_logged, imported):
    start, end = imported.fecha_inicio, imported.fecha_inicio + days(29)
    data = form_data(
        "monitoreo",
        uso_diario="83.33",
        dias_uso_horas_4="66.67",
        horas_uso_diario="4.6",
        hipopnea_residual="2.26",
        presion_ipap="9.5",
        fuente="EQUIPO",
        ventana_inicio=start.isoformat(),
        ventana_fin=end.isoformat(),
    )
    response = client_logged.post(reverse("exams:register", args=[imported.paciente_id, "monitoreo"]), data)
    assert response.status_code == 302
    saved = Monitoreo.objects.get()
    assert (saved.fuente, saved.ventana_inicio, saved.ventana_fin) == ("EQUIPO", start, end)
    page = client_logged.get(reverse("exams:clinical", args=[imported.paciente_id])).content.decode()
    assert f"Equipo: {start:%d/%m/%Y}–{end:%d/%m/%Y}" in page


def test_a_manual_monitoring_stays_manual(client_logged, imported):
    response = client_logged.post(
        reverse("exams:register", args=[imported.paciente_id, "monitoreo"]), form_data("monitoreo")
    )
    assert response.status_code == 302
    assert Monitoreo.objects.get().origen == "Registro manual"


def test_device_source_without_a_window_is_refused(coordinator, imported):
    from django.core.exceptions import ValidationError

    from exams.tests.factories import register_monitoring

    monitoring = register_monitoring(imported, coordinator)
    monitoring.pk = None
    monitoring._state.adding = True
    monitoring.fuente = FuenteMonitoreo.EQUIPO
    with pytest.raises(ValidationError):
        register_record(monitoring, imported, coordinator)


def test_a_window_without_nights_gives_an_empty_form(client_logged, imported):
    start = imported.fecha_inicio + days(40)
    response = client_logged.get(_register_url(imported, start, start + days(5)))
    assert response.context["prefilled"] is None

"""A record edited in the admin goes through ``update_record`` like the page: the derived
values are recomputed from what was typed (never taken from the post), the attention-log line
follows the care date, the author is in the history; what the services own is read-only.

The clock is frozen (noon in Bogotá) and every date is fixed."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from exams.choices import SeveridadApnea
from exams.models import PolisomnografiaBasal, Psicologia, Seguimiento
from exams.services import register_record, void_record
from exams.tests.factories import monitoring, record_data
from patients import services as patient_services
from patients.choices import MotivoCierre
from patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 2, 10)
CARE = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 17, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def cycle(db):
    return PatientFactory(cycle=START).ingresos.get()


def _url(record) -> str:
    return reverse(f"admin:exams_{record._meta.model_name}_change", args=[record.pk])


def _post(client, record, slug: str, **changes):
    data = {**record_data(slug), **changes, "_save": "Guardar"}
    return client.post(_url(record), data)


def _basal(cycle, iah="32"):
    return register_record(
        PolisomnografiaBasal(fecha_basal=CARE, iah=Decimal(iah), ido=Decimal(12), eficiencia=Decimal(85)),
        cycle,
    )


def _monitoring(cycle, residual="4"):
    return register_record(monitoring(CARE, residual=residual), cycle)


def test_basal_severity_follows_the_iah_typed_in_the_admin(client_logged, cycle):
    basal = _basal(cycle)
    assert basal.severidad_apnea == SeveridadApnea.GRAVE
    response = _post(
        client_logged,
        basal,
        "basal",
        fecha_basal=CARE.isoformat(),
        iah="10",
        severidad_apnea=SeveridadApnea.GRAVE,
    )
    assert response.status_code == 302
    basal.refresh_from_db()
    assert (basal.iah, basal.severidad_apnea) == (Decimal("10.00"), SeveridadApnea.LEVE)


def test_monitoring_correction_and_log_line_follow_the_admin_edit(client_logged, coordinator, cycle):
    _basal(cycle, iah="40")
    monitoring = _monitoring(cycle)
    assert monitoring.porcentaje_correccion == Decimal("90.00")
    new_date = datetime.date(2026, 3, 9)
    response = _post(
        client_logged,
        monitoring,
        "monitoreo",
        fecha_atencion=new_date.isoformat(),
        hipopnea_residual="10",
        porcentaje_correccion="1",  # not a form field: ignored
        hipopnea_basal="1",
    )
    assert response.status_code == 302
    monitoring.refresh_from_db()
    assert (monitoring.hipopnea_basal, monitoring.porcentaje_correccion) == (
        Decimal("40.00"),
        Decimal("75.00"),
    )
    line = Seguimiento.objects.get(tipo_servicio="Monitoreo", registro_id=monitoring.pk)
    assert line.fecha_atencion == new_date  # the log line follows, as on the page
    cycle.refresh_from_db()
    assert cycle.ultima_atencion == new_date  # and the cycle's summary with it
    assert monitoring.history.first().history_user == coordinator


def test_psychology_total_is_recomputed(client_logged, cycle):
    record = register_record(
        Psicologia(
            fecha_atencion=CARE, inventario_depre_beck=10, inventario_ansiedad_beck=5, calidad=8, cantidad=9
        ),
        cycle,
    )
    assert record.total == 17
    _post(client_logged, record, "psicologia", fecha_atencion=CARE.isoformat(), calidad="3", total="99")
    record.refresh_from_db()
    assert record.total == 3 + 10  # cantidad from the factory data


def test_the_page_rules_are_field_errors_in_the_admin(client_logged, cycle):
    monitoring = _monitoring(cycle)
    response = _post(client_logged, monitoring, "monitoreo", fecha_atencion="2026-02-01")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors == {"fecha_atencion": ["La fecha no puede ser anterior al inicio del ciclo."]}
    monitoring.refresh_from_db()
    assert monitoring.fecha_atencion == CARE


def test_what_the_services_own_is_read_only(client_logged, cycle):
    monitoring = _monitoring(cycle)
    form = client_logged.get(_url(monitoring)).context["adminform"].form
    editable = set(form.fields)
    assert "hipopnea_residual" in editable and "fecha_atencion" in editable
    owned = {"ingreso", "registrado_por", "anulado", "motivo_anulacion", "porcentaje_correccion"}
    owned |= {"hipopnea_basal", "fuente", "ventana_inicio", "ventana_fin"}
    assert not owned & editable
    other = PatientFactory(cycle=START).ingresos.get()
    _post(
        client_logged,
        monitoring,
        "monitoreo",
        fecha_atencion=CARE.isoformat(),
        ingreso=other.pk,
        anulado="on",
    )
    monitoring.refresh_from_db()
    assert (monitoring.ingreso_id, monitoring.anulado) == (cycle.pk, False)


def test_a_voided_record_cannot_be_edited_in_the_admin(client_logged, coordinator, cycle):
    monitoring = _monitoring(cycle)
    void_record(monitoring, "Duplicado", coordinator)
    assert not client_logged.get(_url(monitoring)).context["adminform"].form.fields
    response = _post(client_logged, monitoring, "monitoreo", hipopnea_residual="30")
    assert "Un registro anulado no se puede modificar." in response.content.decode()
    monitoring.refresh_from_db()
    assert monitoring.hipopnea_residual == Decimal("4.00")


def test_a_record_of_a_closed_cycle_cannot_be_edited_in_the_admin(client_logged, coordinator, cycle):
    monitoring = _monitoring(cycle)
    patient_services.terminate_cycle(cycle, datetime.date(2026, 6, 1), MotivoCierre.OTRO, "Alta", coordinator)
    response = _post(client_logged, monitoring, "monitoreo", hipopnea_residual="30")
    assert "El ciclo de este registro no está activo: solo se puede consultar." in response.content.decode()
    monitoring.refresh_from_db()
    assert monitoring.hipopnea_residual == Decimal("4.00")


def test_an_earlier_version_cannot_be_restored_around_the_void(client_logged, coordinator, cycle):
    """Restoring the version before the void would make the record valid again without the
    services (its log line still voided): the admin shows old versions, never restores them."""
    monitoring = _monitoring(cycle)
    valid_version = monitoring.history.first()
    void_record(monitoring, "Duplicado", coordinator)
    url = reverse("admin:exams_monitoreo_simple_history", args=[monitoring.pk, valid_version.history_id])
    assert client_logged.get(url).status_code == 200
    response = client_logged.post(url, {**record_data("monitoreo"), "_save": "Guardar"})
    assert response.status_code == 302
    monitoring.refresh_from_db()
    assert monitoring.anulado
    shown = [str(m) for m in client_logged.get(response.url).context["messages"]]
    assert "Las versiones anteriores solo se consultan: para corregir, edite el dato actual." in shown

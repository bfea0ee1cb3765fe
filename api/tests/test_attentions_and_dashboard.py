"""/api/v1/attentions/ (the attention log, read-only) and /api/v1/dashboard/ (the page's
figures, from the same selectors)."""

import pytest
from django.urls import reverse

from exams.tests.factories import register_monitoring
from patients.choices import EstadoIngreso
from patients.models import today
from patients.tests.dates import months_ago
from patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def test_attention_log_lists_the_lines_written_with_the_records(api, coordinator, patient):
    monitoring = register_monitoring(patient.ingreso_activo, coordinator)
    PatientFactory()
    response = api.get("/api/v1/attentions/", {"paciente": patient.pk})
    assert response.status_code == 200
    [line] = response.data["results"]
    assert (line["tipo_servicio"], line["registro_id"], line["paciente"]) == (
        "Monitoreo",
        monitoring.pk,
        patient.pk,
    )
    assert line["registrado_por"] == coordinator.username
    assert api.get(f"/api/v1/attentions/{line['id']}/").data == line


def test_attention_log_is_read_only(api, coordinator, patient):
    register_monitoring(patient.ingreso_activo, coordinator)
    assert api.post("/api/v1/attentions/", {"ingreso": patient.ingreso_activo.pk}).status_code == 405
    line = api.get("/api/v1/attentions/").data["results"][0]
    assert api.patch(f"/api/v1/attentions/{line['id']}/", {"anulado": True}).status_code == 405
    assert api.delete(f"/api/v1/attentions/{line['id']}/").status_code == 405


def test_dashboard_gives_the_figures_of_the_page(api, client_logged, coordinator):
    adherent = PatientFactory(cycle=months_ago(2), entidad_salud="SANITAS")
    register_monitoring(adherent.ingreso_activo, coordinator, days4="90")
    low = PatientFactory(cycle=months_ago(0))
    register_monitoring(low.ingreso_activo, coordinator, days4="40")
    PatientFactory(cycle=months_ago(20), programa="PROGRAMA INSOMNIO")
    closed = PatientFactory()
    closed.ingresos.update(estado=EstadoIngreso.TERMINADO, fecha_fin=today())
    page = client_logged.get(reverse("dashboard:index")).context
    figures = api.get("/api/v1/dashboard/").json()
    assert figures["active_patients"] == page["active_patients"] == 3
    assert figures["by_month"] == page["by_month"]
    assert figures["adherence"] == page["adherence"] | {"share": 50.0}
    assert figures["past_program_end"] == page["past_program_end"] == 1
    assert figures["by_eps"] == page["by_eps"] and figures["by_program"] == page["by_program"]
    assert figures["without_recent_attention"] == page["overdue_page"].paginator.count
    assert figures["last_admitted"]["id"] == page["last_admitted"].pk
    assert figures["no_attention_days"] == page["no_attention_days"]


def test_dashboard_is_for_signed_in_users(token_client, member):
    assert token_client(member("Consulta")).get("/api/v1/dashboard/").status_code == 200

from django.urls import reverse

from careplan.tests.helpers import item, psychology_on
from patients.tests.dates import months_ago
from patients.tests.factories import PatientFactory


def test_the_clinical_history_shows_the_cycle_plan_as_a_timeline(client_logged, db):
    patient = PatientFactory(cycle=months_ago(4))
    ingreso = patient.ingresos.get()
    psychology_on(ingreso, item(ingreso, "psicologia", mes=1).ventana_inicio)
    response = client_logged.get(reverse("exams:clinical", args=[patient.pk]))
    body = response.content.decode()
    assert 'id="plan-cuidado"' in body
    panel = response.context["care_plan"]
    states = {line.item.item.etiqueta: line.estado for line in panel["lines"]}
    assert states["Valoración de psicología · mes 1"] == "CUMPLIDO"
    assert states["Valoración de nutrición · mes 1"] == "VENCIDO"
    assert states["Valoración de psicología · mes 18"] == "PROXIMO"
    assert panel["counts"]["CUMPLIDO"] == 1
    assert len(panel["lines"]) == 26

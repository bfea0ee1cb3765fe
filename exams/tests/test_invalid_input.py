"""Each record type's invalid input: a Spanish message on the field and nothing saved."""

import datetime

import pytest
from django.urls import reverse

from exams.models import Seguimiento
from exams.registry import REGISTRY
from exams.tests.factories import form_data
from patients.models import today

pytestmark = pytest.mark.django_db
TOMORROW = (today() + datetime.timedelta(days=1)).isoformat()

CASES = [
    ("monitoreo", {"uso_diario": "101"}, "uso_diario", "menor o igual a 100"),
    ("monitoreo", {"dias_uso_horas_4": "-1"}, "dias_uso_horas_4", "mayor o igual a 0"),
    ("monitoreo", {"horas_uso_diario": "25"}, "horas_uso_diario", "menor o igual a 24"),
    ("monitoreo", {"hipopnea_residual": "-3"}, "hipopnea_residual", "mayor o igual a 0"),
    (
        "monitoreo",
        {"modo_ventilatorio": "BPAP", "presion_epap": ""},
        "presion_epap",
        "obligatoria en modo BPAP",
    ),
    (
        "monitoreo",
        {"modo_ventilatorio": "BPAP", "presion_ipap": "10", "presion_epap": "10"},
        "presion_epap",
        "menor que la IPAP",
    ),
    (
        "monitoreo",
        {"modo_ventilatorio": "BPAP ST", "presion_ipap": "14", "presion_epap": "8"},
        "frecuencia_respiratoria",
        "obligatoria en BPAP ST",
    ),
    (
        "monitoreo",
        {"modo_ventilatorio": "CPAP", "presion_epap": "6"},
        "presion_epap",
        "En modo CPAP no se registra",
    ),
    ("monitoreo", {"modo_ventilatorio": ""}, "modo_ventilatorio", "obligatorio"),
    ("monitoreo", {"fecha_atencion": TOMORROW}, "fecha_atencion", "no puede estar en el futuro"),
    ("seguimiento", {"observaciones": ""}, "observaciones", "obligatorio"),
    ("basal", {"iah": "-1"}, "iah", "mayor o igual a 0"),
    ("basal", {"ido": "-0.5"}, "ido", "mayor o igual a 0"),
    ("basal", {"eficiencia": "100.5"}, "eficiencia", "menor o igual a 100"),
    ("basal", {"iah": ""}, "iah", "obligatorio"),
    (
        "titulacion",
        {"tipo_titulacion": "BPAP", "presion_ipap": "8", "presion_epap": "9"},
        "presion_epap",
        "menor que la IPAP",
    ),
    ("titulacion", {"tipo_mascara": ""}, "tipo_mascara", "obligatorio"),
    ("titulacion", {"talla_mascara": "No especificado"}, "talla_mascara", "Escoja una opción válida"),
    ("neumologia", {"medico_tratante": ""}, "medico_tratante", "obligatorio"),
    ("neumologia", {"fecha_consulta": TOMORROW}, "fecha_consulta", "no puede estar en el futuro"),
    ("psicologia", {"inventario_depre_beck": "64"}, "inventario_depre_beck", "menor o igual a 63"),
    ("psicologia", {"inventario_ansiedad_beck": "-1"}, "inventario_ansiedad_beck", "mayor o igual a 0"),
    ("psicologia", {"calidad": "0"}, "calidad", "mayor o igual a 1"),
    ("psicologia", {"cantidad": "21"}, "cantidad", "menor o igual a 20"),
    ("nutricion", {"carbohidratos_pct": "120"}, "carbohidratos_pct", "menor o igual a 100"),
    ("nutricion", {"cafeina": "-2"}, "cafeina", "mayor o igual a 0"),
    ("nutricion", {"estado_nutricional": "GORDO"}, "estado_nutricional", "Escoja una opción válida"),
    ("equipo_medico", {"marca_equipo": ""}, "marca_equipo", "obligatorio"),
    ("equipo_medico", {"modo_ventilatorio": "BiPAP"}, "modo_ventilatorio", "Escoja una opción válida"),
]


@pytest.mark.parametrize(
    ("slug", "overrides", "field", "message"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES]
)
def test_invalid_input_saves_nothing(client_logged, patient, slug, overrides, field, message):
    record_type = REGISTRY[slug]
    url = reverse("exams:register", args=[patient.pk, record_type.register_slug])
    response = client_logged.post(url, form_data(slug, **overrides))
    assert response.status_code == 200
    form = dict((rt.slug, form) for rt, form in response.context["tabs"])[slug]
    assert any(message in error for error in form.errors[field]), form.errors
    assert message in response.content.decode()
    assert record_type.model.objects.count() == 0
    assert Seguimiento.objects.count() == 0

"""The RIPS of a hand-built month, checked field by field against the technical annex's
structure (Res. 2275 de 2023): transaction, usuarios, consultas."""

import datetime
import io
import json

import pytest

from exams.services import void_record
from rips import generator, validation
from rips.tests.conftest import (
    monitoring,
    nutrition_record,
    psychology,
    pulmonology,
    register,
    sanitas_patient,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hand_built(rips_settings, professional, month):
    first, _ = month
    day = first.replace
    ana = sanitas_patient(
        tipo_documento="CC", documento="63111222", genero="F", ciudad="BUCARAMANGA", zona="URBANA",
        diagnostico_clinico="G47.3",
    )  # fmt: skip
    beto = sanitas_patient(
        tipo_documento="TI", documento="1005999888", genero="M", departamento="SANTANDER",
        ciudad="FLORIDABLANCA", zona="RURAL", diagnostico_clinico="G47.0",
    )  # fmt: skip
    other_eps = sanitas_patient(entidad_salud="ECOPETROL", documento="91222333")
    register(pulmonology(day(day=20)), ana, professional)
    register(monitoring(day(day=3)), ana, professional)
    register(psychology(day(day=10)), ana, professional)
    voided = register(psychology(day(day=15)), ana, professional)
    void_record(voided, "Registrado por error", professional)
    register(monitoring(first - datetime.timedelta(days=1)), ana, professional)  # previous month
    register(nutrition_record(day(day=5)), beto, professional)
    register(monitoring(day(day=4)), other_eps, professional)
    return ana, beto


def generate(period) -> tuple[generator.Result, dict]:
    out = io.StringIO()
    result = generator.write(period, out)
    return result, json.loads(out.getvalue())


def test_transaction_header(hand_built, period):
    result, rips = generate(period)
    assert result.ok, result.problems
    assert list(rips) == ["numDocumentoIdObligado", "numFactura", "tipoNota", "numNota", "usuarios"]
    assert rips["numDocumentoIdObligado"] == "900123456"
    assert rips["numFactura"] == "FE123"
    assert rips["tipoNota"] is None and rips["numNota"] is None
    assert validation.check_document(rips) == []


def test_one_usuario_per_patient_with_services_of_the_eps(hand_built, period):
    result, rips = generate(period)
    assert [u["numDocumentoIdentificacion"] for u in rips["usuarios"]] == ["63111222", "1005999888"]
    assert [u["consecutivo"] for u in rips["usuarios"]] == [1, 2]
    assert (result.usuarios, result.servicios) == (2, 4)


def test_usuario_fields(hand_built, period):
    _, rips = generate(period)
    ana, beto = rips["usuarios"]
    assert {k: v for k, v in ana.items() if k != "servicios"} == {
        "tipoDocumentoIdentificacion": "CC",
        "numDocumentoIdentificacion": "63111222",
        "tipoUsuario": "01",
        "fechaNacimiento": "1970-05-17",
        "codSexo": "M",  # mujer
        "codPaisResidencia": "170",
        "codMunicipioResidencia": "68001",
        "codZonaTerritorialResidencia": "02",  # urbana
        "incapacidad": "NO",
        "consecutivo": 1,
        "codPaisOrigen": "170",
    }
    assert beto["tipoDocumentoIdentificacion"] == "TI"
    assert beto["codSexo"] == "H"
    assert beto["codMunicipioResidencia"] == "68276"
    assert beto["codZonaTerritorialResidencia"] == "01"  # rural
    assert list(beto["servicios"]) == ["consultas"]
    assert beto["servicios"]["consultas"][0]["codDiagnosticoPrincipal"] == "G470"
    assert beto["servicios"]["consultas"][0]["codConsulta"] == "890306"  # nutrición, control


def test_consultas_each_valid_line_once_in_date_order(hand_built, period, month):
    _, rips = generate(period)
    consultas = rips["usuarios"][0]["servicios"]["consultas"]
    first = month[0]
    assert [c["fechaInicioAtencion"][:10] for c in consultas] == [
        f"{first.replace(day=3):%Y-%m-%d}",
        f"{first.replace(day=10):%Y-%m-%d}",
        f"{first.replace(day=20):%Y-%m-%d}",
    ]
    assert [c["codConsulta"] for c in consultas] == ["TEST01", "890308", "TEST03"]
    assert [c["consecutivo"] for c in consultas] == [1, 2, 3]


def test_consulta_fields(hand_built, period, month):
    _, rips = generate(period)
    consulta = rips["usuarios"][0]["servicios"]["consultas"][0]
    assert consulta == {
        "codPrestador": "680010012301",
        "fechaInicioAtencion": f"{month[0].replace(day=3):%Y-%m-%d} 00:00",  # registered another day
        "numAutorizacion": None,
        "codConsulta": "TEST01",
        "modalidadGrupoServicioTecSal": "01",
        "grupoServicios": "01",
        "codServicio": 344,
        "finalidadTecnologiaSalud": "16",
        "causaMotivoAtencion": "38",
        "codDiagnosticoPrincipal": "G473",
        "codDiagnosticoRelacionado1": None,
        "codDiagnosticoRelacionado2": None,
        "codDiagnosticoRelacionado3": None,
        "tipoDiagnosticoPrincipal": "03",
        "tipoDocumentoIdentificacion": "CC",
        "numDocumentoIdentificacion": "13800111",
        "vrServicio": 50000,
        "conceptoRecaudo": "05",
        "valorPagoModerador": 0,
        "numFEVPagoModerador": None,
        "consecutivo": 1,
    }


def test_voided_lines_are_never_reported(hand_built, period):
    _, rips = generate(period)
    dates = [c["fechaInicioAtencion"][8:10] for c in rips["usuarios"][0]["servicios"]["consultas"]]
    assert "15" not in dates


def test_an_empty_period_is_a_problem_not_an_empty_file(rips_settings, period):
    result, rips = generate(period)
    assert rips["usuarios"] == []
    assert result.problems == ["No hay atenciones de esta EPS en el periodo: no hay nada que informar."]

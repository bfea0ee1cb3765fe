"""Record types that write no attention-log line (sleep studies, equipment delivery) are
reported only where the mapping says the IPS performed or supplied them: off by default."""

import io
import json

import pytest

from exams.services import void_record
from rips import generator, validation
from rips.models import MapeoRegistro
from rips.tests.conftest import basal, device, register, sanitas_patient, titration

pytestmark = pytest.mark.django_db


@pytest.fixture
def studies(rips_settings, professional, month):
    patient = sanitas_patient(documento="63444555")
    day = month[0].replace
    register(basal(day(day=2)), patient, professional)
    register(titration(day(day=9)), patient, professional)
    register(device(day(day=12)), patient, professional)
    voided = register(basal(day(day=4)), patient, professional)
    void_record(voided, "Duplicado", professional)
    return patient


def generate(period):
    out = io.StringIO()
    result = generator.write(period, out)
    return result, json.loads(out.getvalue())


def test_off_by_default_nothing_to_report(studies, period):
    result, rips = generate(period)
    assert rips["usuarios"] == []
    assert not result.ok


def test_studies_as_procedimientos_when_the_ips_performs_them(studies, period, month):
    MapeoRegistro.objects.filter(tipo_registro__in=["basal", "titulacion"]).update(incluir=True)
    result, rips = generate(period)
    assert result.ok, result.problems
    servicios = rips["usuarios"][0]["servicios"]
    assert list(servicios) == ["procedimientos"]
    basal_study, titration_study = servicios["procedimientos"]  # the voided study is left out
    assert basal_study == {
        "codPrestador": "680010012301",
        "fechaInicioAtencion": f"{month[0].replace(day=2):%Y-%m-%d} 00:00",
        "idMIPRES": None,
        "numAutorizacion": None,
        "codProcedimiento": "TEST04",
        "viaIngresoServicioSalud": "02",
        "modalidadGrupoServicioTecSal": "01",
        "grupoServicios": "02",
        "codServicio": 344,
        "finalidadTecnologiaSalud": "15",
        "tipoDocumentoIdentificacion": "CC",
        "numDocumentoIdentificacion": "13800111",
        "codDiagnosticoPrincipal": "G473",
        "codDiagnosticoRelacionado": None,
        "codComplicacion": None,
        "vrServicio": 50000,
        "conceptoRecaudo": "05",
        "valorPagoModerador": 0,
        "numFEVPagoModerador": None,
        "consecutivo": 1,
    }
    assert titration_study["codProcedimiento"] == "TEST05"
    assert titration_study["finalidadTecnologiaSalud"] == "16"
    assert titration_study["consecutivo"] == 2
    assert validation.check_document(rips) == []


def test_device_under_otros_servicios_when_the_ips_supplies_it(studies, period, month):
    MapeoRegistro.objects.filter(tipo_registro="equipo_medico").update(incluir=True)
    result, rips = generate(period)
    assert result.ok, result.problems
    assert rips["usuarios"][0]["servicios"] == {
        "otrosServicios": [
            {
                "codPrestador": "680010012301",
                "numAutorizacion": None,
                "idMIPRES": None,
                "fechaSuministroTecnologia": f"{month[0].replace(day=12):%Y-%m-%d} 00:00",
                "tipoOS": "01",
                "codTecnologiaSalud": "PAP-01",
                "nomTecnologiaSalud": "Equipo de presión positiva en la vía aérea (PAP)",
                "cantidadOS": 1,
                "tipoDocumentoIdentificacion": "CC",
                "numDocumentoIdentificacion": "13800111",
                "vrUnitOS": 50000,
                "vrServicio": 50000,
                "conceptoRecaudo": "05",
                "valorPagoModerador": 0,
                "numFEVPagoModerador": None,
                "consecutivo": 1,
            }
        ]
    }

"""Nothing is produced until the RIPS is clean; every problem is listed as
``usuario N (CC 123), consulta M: campo: motivo``, one kind of bad value at a time."""

import io
import json

import pytest

from rips import generator, validation
from rips.models import Administradora, Ips, MapeoRegistro
from rips.tests.conftest import monitoring, register, sanitas_patient
from users.models import Perfil

pytestmark = pytest.mark.django_db

WHO = "usuario 1 (CC 63111222)"


@pytest.fixture
def one_consulta(rips_settings, professional, month):
    patient = sanitas_patient(documento="63111222")
    register(monitoring(month[0].replace(day=7)), patient, professional)
    return patient


def problems(period) -> list[str]:
    return generator.write(period, io.StringIO()).problems


def mapping(**values):
    MapeoRegistro.objects.filter(tipo_registro="monitoreo").update(**values)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"cod_cups": ""}, f"{WHO}, consulta 1: codConsulta: falta el código CUPS en el mapeo del tipo de registro"),
        ({"cod_cups": "8903"}, f"{WHO}, consulta 1: codConsulta: «8903» no tiene el formato CUPS (6 caracteres)"),
        ({"modalidad": "05"}, f"{WHO}, consulta 1: modalidadGrupoServicioTecSal: «05» no está en la tabla ModalidadAtencion"),
        ({"grupo_servicios": "09"}, f"{WHO}, consulta 1: grupoServicios: «09» no está en la tabla GrupoServicios"),
        ({"finalidad": "99"}, f"{WHO}, consulta 1: finalidadTecnologiaSalud: «99» no está en la tabla RIPSFinalidadConsultaVersion2"),
        ({"causa": "13"}, f"{WHO}, consulta 1: causaMotivoAtencion: «13» no está en la tabla RIPSCausaExternaVersion2"),
        ({"causa": ""}, f"{WHO}, consulta 1: causaMotivoAtencion: falta (vacío)"),
        ({"tipo_diagnostico": "04"}, f"{WHO}, consulta 1: tipoDiagnosticoPrincipal: «04» no está en la tabla RIPSTipoDiagnosticoPrincipalVersion2"),
        ({"diagnostico": "G47.3"}, f"{WHO}, consulta 1: codDiagnosticoPrincipal: «G47.3» no tiene el formato CIE-10 sin punto (p. ej. G473)"),
        ({"concepto_recaudo": "06"}, f"{WHO}, consulta 1: conceptoRecaudo: «06» no está en la tabla ConceptoRecaudo"),
        ({"cod_servicio": ""}, f"{WHO}, consulta 1: codServicio: falta (vacío)"),
    ],
)  # fmt: skip
def test_each_bad_mapping_value_is_reported(one_consulta, period, change, expected):
    mapping(**change)
    assert problems(period) == [expected]


def test_missing_professional_document_is_a_problem_not_a_crash(one_consulta, period):
    Perfil.objects.update(numero_documento="")
    assert problems(period) == [
        f"{WHO}, consulta 1: tipoDocumentoIdentificacion: el profesional que registró la atención no tiene "
        "documento en su perfil"
    ]


def test_record_type_without_mapping(one_consulta, period):
    MapeoRegistro.objects.filter(tipo_registro="monitoreo").delete()
    assert problems(period) == [
        f"{WHO}, consulta 1: tipo de registro: «Monitoreo de adherencia» no tiene mapeo RIPS configurado"
    ]


def test_missing_ips_and_eps_code(one_consulta, period):
    Ips.objects.all().delete()
    Administradora.objects.filter(entidad_salud="SANITAS").delete()
    found = problems(period)
    assert "transacción: numDocumentoIdObligado: la IPS no está configurada (NIT y código REPS)" in found
    assert "transacción: EPS SANITAS: no tiene código de administradora configurado" in found
    assert f"{WHO}: tipoUsuario: falta (vacío)" in found
    assert f"{WHO}, consulta 1: codPrestador: falta (vacío)" in found


def test_foreign_document_has_no_country_of_origin(rips_settings, professional, month, period):
    patient = sanitas_patient(tipo_documento="CE", documento="E998877")
    register(monitoring(month[0].replace(day=7)), patient, professional)
    assert problems(period) == [
        "usuario 1 (CE E998877): codPaisOrigen: DataMed no registra el país de origen del documento "
        "extranjero: informe un documento colombiano o complete el RIPS a mano"
    ]


def test_bad_invoice_number(one_consulta, month):
    period = generator.Period(eps="SANITAS", desde=month[0], hasta=month[1], factura="FE 123/4")
    assert problems(period) == [
        "transacción: numFactura: «FE 123/4» no tiene el formato de número de factura (hasta 20 letras o dígitos)"
    ]


def clean_usuario(period):
    out = io.StringIO()
    generator.write(period, out)
    usuario = json.loads(out.getvalue())["usuarios"][0]
    origins = [("consultas", 1, "monitoreo")]
    assert validation.check_usuario(usuario, origins) == []
    return usuario, origins


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("tipoDocumentoIdentificacion", "XX", "«XX» no está en la tabla TipoIDPISIS"),
        ("numDocumentoIdentificacion", "63.111", "«63.111» no tiene el formato de documento"),
        ("fechaNacimiento", "17/05/1970", "«17/05/1970» no tiene el formato AAAA-MM-DD"),
        ("codSexo", "F", "«F» no está en la tabla Sexo"),
        ("codZonaTerritorialResidencia", "U", "«U» no está en la tabla ZonaVersion2"),
        ("codMunicipioResidencia", "", "falta (vacío)"),
        ("tipoUsuario", "12", "«12» no está en la tabla RIPSTipoUsuarioVersion2"),
    ],
)
def test_each_bad_usuario_value_is_reported(one_consulta, period, field, value, reason):
    usuario, origins = clean_usuario(period)
    usuario[field] = value
    who = f"usuario 1 ({usuario['tipoDocumentoIdentificacion']} {usuario['numDocumentoIdentificacion']})"
    assert f"{who}: {field}: {reason}" in validation.check_usuario(usuario, origins)


def test_bad_date_time_of_care_is_reported(one_consulta, period):
    usuario, origins = clean_usuario(period)
    usuario["servicios"]["consultas"][0]["fechaInicioAtencion"] = "2026-11-03T08:00"
    assert validation.check_usuario(usuario, origins) == [
        f"{WHO}, consulta 1: fechaInicioAtencion: «2026-11-03T08:00» no tiene el formato AAAA-MM-DD HH:MM"
    ]


def test_the_json_schema_catches_what_the_value_checks_do_not(one_consulta, period):
    usuario, origins = clean_usuario(period)
    usuario["servicios"]["consultas"][0]["campoInventado"] = 1
    assert validation.check_usuario(usuario, origins) == [
        f"{WHO}: servicios.consultas.0: no cumple la estructura del anexo técnico (additionalProperties)"
    ]


def test_nothing_is_written_while_there_are_problems(one_consulta, period, tmp_path):
    mapping(cod_cups="")
    target = tmp_path / "rips.json"
    result = generator.generate_to_path(period, str(target))
    assert not result.ok
    assert list(tmp_path.iterdir()) == []


def test_a_clean_rips_is_written(one_consulta, period, tmp_path):
    target = tmp_path / "rips.json"
    assert generator.generate_to_path(period, str(target)).ok
    assert list(tmp_path.iterdir()) == [target]
    assert validation.check_document(json.loads(target.read_text(encoding="utf-8"))) == []


def test_the_schema_is_a_valid_json_schema():
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(validation.schema())


def test_the_schema_sees_each_new_shape_once(one_consulta, period):
    usuario, origins = clean_usuario(period)
    shapes = validation.ShapeCache()
    assert validation.check_usuario(usuario, origins, shapes) == []
    assert len(shapes.seen) == 1
    assert validation.check_usuario(usuario, origins, shapes) == []
    assert len(shapes.seen) == 1  # same shape: the values were checked one by one
    usuario["servicios"]["consultas"][0]["campoInventado"] = 1
    assert validation.check_usuario(usuario, origins, shapes) == [
        f"{WHO}: servicios.consultas.0: no cumple la estructura del anexo técnico (additionalProperties)"
    ]

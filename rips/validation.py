"""Validation of the RIPS before anything is delivered (SPEC §11).

Every value is checked against the Ministry's reference tables (``rips.codes``) and formats,
then each ``usuarios`` entry against the JSON Schema of the structure kept in the project
(``rips/rips_schema.json``, validated with ``jsonschema``). ``jsonschema`` takes milliseconds
per entry, too slow for 100,000 of them in 30 s, so an entry is validated against the schema in
full when its *shape* (keys, nesting, value types, which lists are empty) has not been seen yet
in the run: entries of a known shape differ only in values, and every value has already been
checked one by one above (lists, patterns, dates). A problem reads
``usuario N (CC 123), consulta M: campo: motivo``; a missing setting (IPS, EPS code, a record
type's CUPS, a professional's document) is such a problem, never a crash.
"""

import json
import re
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator

from rips import codes

SCHEMA_PATH = Path(__file__).with_name("rips_schema.json")
SERVICE_LABEL = {
    codes.Lista.CONSULTAS: "consulta",
    codes.Lista.PROCEDIMIENTOS: "procedimiento",
    codes.Lista.OTROS_SERVICIOS: "otro servicio",
}
FACTURA_RE = re.compile(r"^[A-Za-z0-9-]{1,20}$")
DOCUMENT_RE = re.compile(r"^[A-Za-z0-9]{1,20}$")
NUMERIC_DOCUMENTS = {"CC", "TI", "RC"}

MISSING = "falta (vacío)"


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validators() -> tuple[Draft202012Validator, Draft202012Validator]:
    """(whole transaction, one usuario): the second is the schema's ``$defs/usuario`` resolved
    against the whole document."""
    full = schema()
    Draft202012Validator.check_schema(full)
    usuario = {"$ref": "#/$defs/usuario", "$defs": full["$defs"]}
    return Draft202012Validator(full), Draft202012Validator(usuario)


def schema_problems(instance: dict, where: str, *, usuario: bool) -> list[str]:
    validator = _validators()[1 if usuario else 0]
    problems = []
    for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
        path = ".".join(str(part) for part in error.absolute_path) or "(estructura)"
        problems.append(f"{where}: {path}: no cumple la estructura del anexo técnico ({error.validator})")
    return problems


def shape(usuario: dict) -> tuple:
    """The structure of a ``usuarios`` entry without its values: its keys and value types, and
    for each list of services whether it is empty and the keys and value types of its items
    (services are flat objects: a nested value shows as its type, ``dict`` or ``list``)."""
    return (
        tuple(usuario),
        tuple(map(type, usuario.values())),
        tuple(
            (name, not items, frozenset((tuple(item), tuple(map(type, item.values()))) for item in items))
            for name, items in usuario["servicios"].items()
        )
        if isinstance(usuario.get("servicios"), dict)
        else None,
    )


class ShapeCache:
    """Shapes already validated against the schema during one generation."""

    def __init__(self):
        self.seen: set = set()

    def is_new(self, usuario: dict) -> bool:
        key = shape(usuario)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True


@cache
def _values(choices) -> frozenset:
    return frozenset(choices.values)


def _in(value, choices, label: str) -> str | None:
    if value in (None, ""):
        return MISSING
    if value not in _values(choices):
        return f"«{value}» no está en la tabla {label}"
    return None


def _pattern(value, regex: re.Pattern, what: str) -> str | None:
    if value in (None, ""):
        return MISSING
    if not regex.match(str(value)):
        return f"«{value}» no tiene el formato {what}"
    return None


def check_transaction(head: dict, period, settings) -> list[str]:
    problems = []
    where = "transacción"
    if settings.ips is None:
        problems.append(f"{where}: numDocumentoIdObligado: la IPS no está configurada (NIT y código REPS)")
    else:
        if reason := _pattern(head["numDocumentoIdObligado"], codes.NIT_RE, "de NIT (solo dígitos)"):
            problems.append(f"{where}: numDocumentoIdObligado: {reason}")
    if reason := _pattern(head["numFactura"], FACTURA_RE, "de número de factura (hasta 20 letras o dígitos)"):
        problems.append(f"{where}: numFactura: {reason}")
    if settings.administradora is None:
        problems.append(f"{where}: EPS {period.eps}: no tiene código de administradora configurado")
    if period.desde > period.hasta:
        problems.append(f"{where}: periodo: la fecha inicial es posterior a la final")
    return problems


def _usuario_reasons(usuario: dict) -> list[tuple[str, str]]:
    tipo = usuario["tipoDocumentoIdentificacion"]
    documento = usuario["numDocumentoIdentificacion"]
    reasons = [
        ("tipoDocumentoIdentificacion", _in(tipo, codes.TipoDocumento, "TipoIDPISIS")),
        ("numDocumentoIdentificacion", _pattern(documento, DOCUMENT_RE, "de documento")),
        ("tipoUsuario", _in(usuario["tipoUsuario"], codes.TipoUsuario, "RIPSTipoUsuarioVersion2")),
        ("fechaNacimiento", _pattern(usuario["fechaNacimiento"], codes.DATE_RE, "AAAA-MM-DD")),
        ("codSexo", _in(usuario["codSexo"], codes.Sexo, "Sexo")),
        ("codMunicipioResidencia", _pattern(usuario["codMunicipioResidencia"], codes.DIVIPOLA_RE, "DIVIPOLA")),
        ("codZonaTerritorialResidencia", _in(usuario["codZonaTerritorialResidencia"], codes.Zona, "ZonaVersion2")),
        ("codPaisOrigen", None if usuario["codPaisOrigen"] else "DataMed no registra el país de origen del "
         "documento extranjero: informe un documento colombiano o complete el RIPS a mano"),
    ]  # fmt: skip
    if tipo in NUMERIC_DOCUMENTS and documento and not str(documento).isdigit():
        reasons.append(("numDocumentoIdentificacion", f"«{documento}» debe ser numérico para {tipo}"))
    return reasons


def _service_reasons(lista: str, service: dict, slug: str) -> list[tuple[str, str | None]]:
    from exams.registry import REGISTRY

    if len(service) <= 2:  # no mapping row for the record type
        label = REGISTRY[slug].label if slug in REGISTRY else slug
        return [("tipo de registro", f"«{label}» no tiene mapeo RIPS configurado")]
    pro_tipo = service["tipoDocumentoIdentificacion"]
    pro_numero = service["numDocumentoIdentificacion"]
    reasons = [
        (
            "codPrestador",
            _pattern(service["codPrestador"], codes.REPS_RE, "de código REPS (10 a 12 dígitos)"),
        ),
        ("conceptoRecaudo", _in(service["conceptoRecaudo"], codes.ConceptoRecaudo, "ConceptoRecaudo")),
        (
            "tipoDocumentoIdentificacion",
            "el profesional que registró la atención no tiene documento en su perfil"
            if not pro_numero
            else _in(pro_tipo, codes.TipoDocumento, "TipoIDPISIS"),
        ),
        (
            "numDocumentoIdentificacion",
            None if not pro_numero else _pattern(pro_numero, DOCUMENT_RE, "de documento"),
        ),
    ]
    if lista == codes.Lista.OTROS_SERVICIOS:
        reasons += [
            ("fechaSuministroTecnologia", _pattern(service["fechaSuministroTecnologia"], codes.DATETIME_RE, "AAAA-MM-DD HH:MM")),
            ("tipoOS", _in(service["tipoOS"], codes.TipoOtroServicio, "TipoOtrosServicios")),
            ("codTecnologiaSalud", None if service["codTecnologiaSalud"] else f"{MISSING}: configure el código en el mapeo"),
            ("nomTecnologiaSalud", None if service["nomTecnologiaSalud"] else MISSING),
        ]  # fmt: skip
        return reasons
    code_field = "codConsulta" if lista == codes.Lista.CONSULTAS else "codProcedimiento"
    cups = service[code_field]
    service_code = service["codServicio"]
    reasons += [
        ("fechaInicioAtencion", _pattern(service["fechaInicioAtencion"], codes.DATETIME_RE, "AAAA-MM-DD HH:MM")),
        (code_field, "falta el código CUPS en el mapeo del tipo de registro" if not cups
         else _pattern(cups, codes.CUPS_RE, "CUPS (6 caracteres)")),
        ("modalidadGrupoServicioTecSal", _in(service["modalidadGrupoServicioTecSal"], codes.Modalidad, "ModalidadAtencion")),
        ("grupoServicios", _in(service["grupoServicios"], codes.GrupoServicios, "GrupoServicios")),
        ("codServicio", MISSING if service_code in ("", None) else (
            None if isinstance(service_code, int) else f"«{service_code}» no es un código numérico")),
        ("finalidadTecnologiaSalud", _in(service["finalidadTecnologiaSalud"], codes.Finalidad, "RIPSFinalidadConsultaVersion2")),
        ("codDiagnosticoPrincipal", _pattern(service["codDiagnosticoPrincipal"], codes.CIE10_RE, "CIE-10 sin punto (p. ej. G473)")),
    ]  # fmt: skip
    if lista == codes.Lista.CONSULTAS:
        reasons += [
            ("causaMotivoAtencion", _in(service["causaMotivoAtencion"], codes.Causa, "RIPSCausaExternaVersion2")),
            ("tipoDiagnosticoPrincipal", _in(service["tipoDiagnosticoPrincipal"], codes.TipoDiagnostico,
                                             "RIPSTipoDiagnosticoPrincipalVersion2")),
        ]  # fmt: skip
    else:
        reasons.append(
            (
                "viaIngresoServicioSalud",
                _in(service["viaIngresoServicioSalud"], codes.ViaIngreso, "ViaIngresoUsuario"),
            )
        )
    return reasons


def check_usuario(
    usuario: dict, origins: list[tuple[str, int, str]], shapes: ShapeCache | None = None
) -> list[str]:
    """Every problem of one ``usuarios`` entry, each on its own line."""
    who = f"usuario {usuario['consecutivo']} ({usuario['tipoDocumentoIdentificacion']} {usuario['numDocumentoIdentificacion']})"
    problems = [f"{who}: {name}: {reason}" for name, reason in _usuario_reasons(usuario) if reason]
    servicios = usuario["servicios"]
    for lista, number, slug in origins:
        service = servicios[lista][number - 1]
        where = f"{who}, {SERVICE_LABEL[lista]} {number}"
        problems += [
            f"{where}: {name}: {reason}" for name, reason in _service_reasons(lista, service, slug) if reason
        ]
    if not problems and (shapes is None or shapes.is_new(usuario)):
        # The value checks passed: the structure must too (a safety net for the writer).
        problems = schema_problems(usuario, who, usuario=True)
    return problems


def check_document(document: dict) -> list[str]:
    """The whole transaction against the schema (for tests and small files)."""
    return schema_problems(document, "transacción", usuario=False)

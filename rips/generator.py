"""The RIPS of an EPS and a period, in the JSON of Resolución 2275 de 2023 (SPEC §11).

One transaction per invoice: the IPS's NIT, the invoice number, no note; one ``usuarios`` entry
per patient with services in the period, each with its ``servicios``:

- every valid attention-log line (``exams.Seguimiento``) once, as ``consultas`` or
  ``procedimientos`` per the mapping of its record type; voided lines never;
- the record types that write no attention-log line (sleep studies, equipment delivery) only
  where their mapping says the IPS performed or supplied them (``MapeoRegistro.incluir``):
  studies as ``procedimientos``, the device under ``otrosServicios``.

It streams: the rows come from the database in chunks (``iterator()``), in patient order, a
patient's services are turned into one ``usuarios`` entry, validated (``rips.validation``) and
written before the next patient is read. Nothing is delivered until the whole transaction is
clean: the JSON goes to a temporary file that only becomes the output when no problem was found.

Start of care (``fechaInicioAtencion``, ``YYYY-MM-DD HH:MM``): DataMed keeps the care *date*;
the time is the record's registration time (Bogotá) when it was registered that same day, and
00:00 otherwise.
"""

import datetime
import heapq
import io
import itertools
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, NamedTuple

from django.contrib.auth import get_user_model
from django.utils import timezone

from exams import models as exams
from exams.registry import REGISTRY
from patients.geography import divipola
from rips import codes, validation
from rips.models import Administradora, Ips, MapeoRegistro

CHUNK = 2000

#: attention-log ``tipo_servicio`` (the record's model name) → record-type slug
SLUG_OF_MODEL = {record_type.model.__name__: slug for slug, record_type in REGISTRY.items()}
#: record types that write no attention-log line, reported only when the IPS provides them
NO_LOG_TYPES = tuple(slug for slug, rt in REGISTRY.items() if not rt.model.writes_attention_log)

PATIENT_FIELDS = (
    "ingreso__paciente_id",
    "ingreso__paciente__tipo_documento",
    "ingreso__paciente__documento",
    "ingreso__paciente__fecha_nacimiento",
    "ingreso__paciente__genero",
    "ingreso__paciente__ciudad",
    "ingreso__paciente__zona",
    "ingreso__paciente__diagnostico_clinico",
)
#: document types issued by Colombia: the country of origin is Colombia
COLOMBIAN_DOCUMENTS = {"CC", "TI", "RC", "CN"}


class Row(NamedTuple):
    """One service of one patient, as read from the database."""

    paciente_id: int
    tipo_documento: str
    documento: str
    fecha_nacimiento: datetime.date
    genero: str
    ciudad: str
    zona: str
    diagnostico: str
    fecha: datetime.date
    slug: str
    id: int
    registrado_por_id: int | None
    created_at: datetime.datetime


@dataclass(frozen=True)
class Period:
    eps: str
    desde: datetime.date
    hasta: datetime.date
    factura: str


@dataclass
class Result:
    """What a generation found: the problems (empty when clean) and what was written."""

    problems: list[str] = field(default_factory=list)
    usuarios: int = 0
    servicios: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Settings:
    """The settings a generation reads once: IPS, EPS, mappings, professionals' documents."""

    ips: Ips | None
    administradora: Administradora | None
    mappings: dict[str, MapeoRegistro]
    professionals: dict[int, tuple[str, str]]
    zone: datetime.tzinfo = field(default_factory=timezone.get_current_timezone)

    @classmethod
    def load(cls, eps: str) -> "Settings":
        user_model = get_user_model()
        professionals = {
            pk: (tipo or "", numero or "")
            for pk, tipo, numero in user_model.objects.values_list(
                "pk", "perfil__tipo_documento", "perfil__numero_documento"
            ).iterator(chunk_size=CHUNK)
        }
        return cls(
            ips=Ips.current(),
            administradora=Administradora.objects.filter(entidad_salud=eps).first(),
            mappings={m.tipo_registro: m for m in MapeoRegistro.objects.all()},
            professionals=professionals,
        )


# ---------------------------------------------------------------------------- reading


def _log_rows(period: Period) -> Iterator[Row]:
    rows = (
        exams.Seguimiento.objects.filter(
            anulado=False,
            fecha_atencion__gte=period.desde,
            fecha_atencion__lte=period.hasta,
            ingreso__entidad_salud=period.eps,
        )
        .order_by("ingreso__paciente_id", "fecha_atencion", "id")
        .values_list(
            *PATIENT_FIELDS, "fecha_atencion", "tipo_servicio", "id", "registrado_por_id", "created_at"
        )
    )
    for *patient, fecha, tipo, pk, author, created in rows.iterator(chunk_size=CHUNK):
        yield Row(*patient, fecha, SLUG_OF_MODEL.get(tipo, tipo), pk, author, created)


def _record_rows(period: Period, slug: str) -> Iterator[Row]:
    model = REGISTRY[slug].model
    care = model.care_date_field
    rows = (
        model.objects.valid()
        .filter(
            **{f"{care}__gte": period.desde, f"{care}__lte": period.hasta},
            ingreso__entidad_salud=period.eps,
        )
        .order_by("ingreso__paciente_id", care, "id")
        .values_list(*PATIENT_FIELDS, care, "id", "registrado_por_id", "created_at")
    )
    for *patient, fecha, pk, author, created in rows.iterator(chunk_size=CHUNK):
        yield Row(*patient, fecha, slug, pk, author, created)


def service_rows(period: Period, settings: Settings) -> Iterator[Row]:
    """Every service of the period in patient order, merged from the attention log and the
    record types the IPS reports without a log line (each source read in chunks)."""
    sources: list[Iterable[Row]] = [_log_rows(period)]
    for slug in NO_LOG_TYPES:
        mapping = settings.mappings.get(slug)
        if mapping is not None and mapping.incluir:
            sources.append(_record_rows(period, slug))
    return heapq.merge(*sources, key=lambda row: (row.paciente_id, row.fecha, row.slug, row.id))


# ---------------------------------------------------------------------------- building


def start_of_care(row: Row, zone=None) -> str:
    zone = zone or timezone.get_current_timezone()
    registered = row.created_at.astimezone(zone) if row.created_at else None
    if registered is not None and registered.date() == row.fecha:
        return f"{row.fecha:%Y-%m-%d} {registered:%H:%M}"
    return f"{row.fecha:%Y-%m-%d} 00:00"


def _service_code(value: str) -> int | str:
    """``codServicio`` is numeric in the annex; a non-numeric value is kept for the report."""
    return int(value) if value.isdigit() else value


def build_service(
    row: Row, mapping: MapeoRegistro | None, settings: Settings, consecutivo: int
) -> tuple[str, dict]:
    """(list name, the service's JSON object) for one row."""
    ips = settings.ips
    tipo_doc, num_doc = settings.professionals.get(row.registrado_por_id, ("", ""))
    common_pro = {"tipoDocumentoIdentificacion": tipo_doc, "numDocumentoIdentificacion": num_doc}
    cod_prestador = ips.cod_prestador if ips else ""
    if mapping is None:
        return codes.Lista.CONSULTAS, {"codPrestador": cod_prestador, "consecutivo": consecutivo}
    diagnosis = mapping.diagnostico or codes.cie10_without_dot(row.diagnostico)
    when = start_of_care(row, settings.zone)
    if mapping.lista == codes.Lista.OTROS_SERVICIOS:
        return mapping.lista, {
            "codPrestador": cod_prestador,
            "numAutorizacion": None,
            "idMIPRES": None,
            "fechaSuministroTecnologia": when,
            "tipoOS": mapping.tipo_os,
            "codTecnologiaSalud": mapping.cod_cups,
            "nomTecnologiaSalud": mapping.nombre_tecnologia,
            "cantidadOS": 1,
            **common_pro,
            "vrUnitOS": mapping.valor,
            "vrServicio": mapping.valor,
            "conceptoRecaudo": mapping.concepto_recaudo,
            "valorPagoModerador": 0,
            "numFEVPagoModerador": None,
            "consecutivo": consecutivo,
        }
    if mapping.lista == codes.Lista.PROCEDIMIENTOS:
        return mapping.lista, {
            "codPrestador": cod_prestador,
            "fechaInicioAtencion": when,
            "idMIPRES": None,
            "numAutorizacion": None,
            "codProcedimiento": mapping.cod_cups,
            "viaIngresoServicioSalud": mapping.via_ingreso,
            "modalidadGrupoServicioTecSal": mapping.modalidad,
            "grupoServicios": mapping.grupo_servicios,
            "codServicio": _service_code(mapping.cod_servicio),
            "finalidadTecnologiaSalud": mapping.finalidad,
            **common_pro,
            "codDiagnosticoPrincipal": diagnosis,
            "codDiagnosticoRelacionado": None,
            "codComplicacion": None,
            "vrServicio": mapping.valor,
            "conceptoRecaudo": mapping.concepto_recaudo,
            "valorPagoModerador": 0,
            "numFEVPagoModerador": None,
            "consecutivo": consecutivo,
        }
    return codes.Lista.CONSULTAS, {
        "codPrestador": cod_prestador,
        "fechaInicioAtencion": when,
        "numAutorizacion": None,
        "codConsulta": mapping.cod_cups,
        "modalidadGrupoServicioTecSal": mapping.modalidad,
        "grupoServicios": mapping.grupo_servicios,
        "codServicio": _service_code(mapping.cod_servicio),
        "finalidadTecnologiaSalud": mapping.finalidad,
        "causaMotivoAtencion": mapping.causa,
        "codDiagnosticoPrincipal": diagnosis,
        "codDiagnosticoRelacionado1": None,
        "codDiagnosticoRelacionado2": None,
        "codDiagnosticoRelacionado3": None,
        "tipoDiagnosticoPrincipal": mapping.tipo_diagnostico,
        **common_pro,
        "vrServicio": mapping.valor,
        "conceptoRecaudo": mapping.concepto_recaudo,
        "valorPagoModerador": 0,
        "numFEVPagoModerador": None,
        "consecutivo": consecutivo,
    }


def build_usuario(
    rows: list[Row], consecutivo: int, settings: Settings
) -> tuple[dict, list[tuple[str, int, str]]]:
    """One ``usuarios`` entry from a patient's rows, and for each service (list, number, slug)."""
    first = rows[0]
    servicios: dict[str, list[dict]] = {}
    origins = []
    for row in rows:
        mapping = settings.mappings.get(row.slug)
        lista, service = build_service(row, mapping, settings, 0)
        numbered = servicios.setdefault(str(lista), [])
        service["consecutivo"] = len(numbered) + 1
        numbered.append(service)
        origins.append((str(lista), len(numbered), row.slug))
    administradora = settings.administradora
    usuario = {
        "tipoDocumentoIdentificacion": first.tipo_documento,
        "numDocumentoIdentificacion": first.documento,
        "tipoUsuario": administradora.tipo_usuario if administradora else "",
        "fechaNacimiento": f"{first.fecha_nacimiento:%Y-%m-%d}",
        "codSexo": str(codes.SEXO_DE_GENERO.get(first.genero, "")),
        "codPaisResidencia": codes.COLOMBIA,
        "codMunicipioResidencia": divipola(first.ciudad),
        "codZonaTerritorialResidencia": str(codes.ZONA_DE_ZONA.get(first.zona, "")),
        "incapacidad": "NO",
        "consecutivo": consecutivo,
        "codPaisOrigen": codes.COLOMBIA if first.tipo_documento in COLOMBIAN_DOCUMENTS else "",
        "servicios": servicios,
    }
    return usuario, origins


def iter_usuarios(period: Period, settings: Settings) -> Iterator[tuple[dict, list[tuple[str, int, str]]]]:
    """The ``usuarios`` entries one at a time, in patient order (a generator: one patient's
    rows in memory at a time)."""
    grouped = itertools.groupby(service_rows(period, settings), key=lambda row: row.paciente_id)
    for number, (_, rows) in enumerate(grouped, start=1):
        yield build_usuario(list(rows), number, settings)


# ---------------------------------------------------------------------------- writing


def header(period: Period, settings: Settings) -> dict:
    return {
        "numDocumentoIdObligado": settings.ips.nit if settings.ips else "",
        "numFactura": period.factura,
        "tipoNota": None,
        "numNota": None,
    }


def write(period: Period, out: IO[str], settings: Settings | None = None) -> Result:
    """Validate and write the transaction to ``out`` (a text stream), one usuario at a time.

    The caller must discard ``out`` when the result has problems: the file is written while it
    is validated, so that nothing needs to be kept in memory."""
    settings = settings or Settings.load(period.eps)
    result = Result()
    head = header(period, settings)
    result.problems.extend(validation.check_transaction(head, period, settings))
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "usuarios": [')
    shapes = validation.ShapeCache()
    for usuario, origins in iter_usuarios(period, settings):
        result.problems.extend(validation.check_usuario(usuario, origins, shapes))
        if result.usuarios:
            out.write(", ")
        out.write(json.dumps(usuario, ensure_ascii=False, separators=(",", ":")))
        result.usuarios += 1
        result.servicios += len(origins)
    out.write("]}")
    if not result.usuarios:
        result.problems.append("No hay atenciones de esta EPS en el periodo: no hay nada que informar.")
    return result


def generate_to_path(period: Period, path: str) -> Result:
    """Write the RIPS to ``path`` only if it is clean (a temporary file beside it until then)."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".rips-", suffix=".json", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            result = write(period, out)
        if result.ok:
            os.replace(temporary, path)
        return result
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def generate_to_tempfile(period: Period) -> tuple[Result, IO[bytes] | None]:
    """The RIPS in an anonymous temporary file, rewound (None when there are problems)."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    text = io.TextIOWrapper(spool, encoding="utf-8", write_through=True)
    result = write(period, text)
    text.flush()
    text.detach()
    if not result.ok:
        spool.close()
        return result, None
    spool.seek(0)
    return result, spool


def file_name(period: Period) -> str:
    return f"RIPS_{period.eps}_{period.factura}_{period.desde:%Y%m%d}_{period.hasta:%Y%m%d}.json"

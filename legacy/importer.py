"""Import an earlier DataMed installation's database into this one (``import_legacy_datamed``).

One function per legacy table, in dependency order: users, patients, cycles, the eight record
types, the attention log. Everything runs in one transaction; rows are built in memory and
written in batches (``writer.py``), each with a simple-history creation row whose change reason
says where it came from. Ids are kept when free; every imported row is written to
``legacy.LegacyIdMap``, so a second run recognises it and changes nothing.

Rows are not passed through ``full_clean()``: the legacy data breaks some of this project's
rules (a city outside its department, a placeholder instead of a choice), and the import keeps
such values deliberately and reports them, while the forms keep refusing them for new data.
Values the database itself cannot hold are repaired (and reported) or the row is skipped
(and reported): nothing is dropped silently.
"""

import contextlib
import datetime
import gc
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from exams.models import Seguimiento
from legacy import versions, vocab
from legacy.attention import Entry, match_lines
from legacy.convert import RowConverter, SkipRow, as_date, as_datetime, local_date
from legacy.models import LegacyIdMap
from legacy.records import RECORD_TABLES, RecordTable
from legacy.report import ImportReport, TableReport
from legacy.source import LegacySource
from legacy.writer import HistoryWriter, TableWriter, as_values
from patients.choices import OPEN_STATES, EstadoIngreso, MotivoCierre
from patients.geography import city_belongs_to
from patients.models import DEFAULT_VALOR_CAPITA, Ingreso, Patient, today
from patients.signals import cycles_written
from summaries.services import refresh_cycle_summaries

CHANGE_REASON = "Importado de DataMed anterior"


class DryRunRollback(Exception):
    """Raised at the end of a dry run to undo everything."""


@dataclass
class Context:
    source: LegacySource
    report: ImportReport
    now: datetime.datetime = field(default_factory=timezone.now)
    #: legacy table → legacy id → id in this database (earlier runs and this one)
    ids: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))
    #: (table, legacy id, new id) of the rows imported by this run
    new_map_rows: list[tuple[str, int, int]] = field(default_factory=list)
    #: legacy patient id → its cycles as (legacy id, start, end or None), after repairs
    cycles_by_patient: dict[int, list[tuple[int, datetime.date, datetime.date | None]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    #: legacy cycle id → legacy patient id
    patient_of_cycle: dict[int, int] = field(default_factory=dict)
    imported_cycles: list[int] = field(default_factory=list)
    sources: "RecordSources | None" = None
    #: (legacy table, legacy id) → id of the cycle the record was imported into
    record_cycle: dict[tuple, int] = field(default_factory=dict)
    #: the legacy patients' rows (their admission columns give the cycles of an early version)
    patient_rows: list[dict] = field(default_factory=list)

    def remember(self, table: str, legacy_id: int, new_id: int) -> None:
        self.ids[table][legacy_id] = new_id
        self.new_map_rows.append((table, legacy_id, new_id))


class IdAllocator:
    """Keeps a legacy id when this database has no row with it, else hands out a fresh one."""

    def __init__(self, model: type[models.Model], legacy_ids: list[int]):
        low, high = min(legacy_ids, default=0), max(legacy_ids, default=0)
        self.taken = set(
            model._default_manager.filter(pk__gte=low, pk__lte=high).values_list("pk", flat=True)
        )
        top = model._default_manager.aggregate(top=models.Max("pk"))["top"] or 0
        self.next = max(top, high) + 1

    def __call__(self, legacy_id: int, report: TableReport) -> int:
        if legacy_id not in self.taken:
            self.taken.add(legacy_id)
            return legacy_id
        new_id, self.next = self.next, self.next + 1
        report.repair(legacy_id, f"el id {legacy_id} ya estaba ocupado: se importa con el id {new_id}")
        return new_id


def _history_reason(new_id: int, legacy_id: int) -> str:
    """Name the legacy id in the history row when the row got a new one."""
    return CHANGE_REASON if new_id == legacy_id else f"{CHANGE_REASON} (id anterior {legacy_id})"


def _write(ctx: Context, model: type[models.Model], rows: list[tuple[int, dict]]) -> None:
    """Insert (legacy id, values) rows and the creation row of each in the model's history."""
    table = TableWriter(model)
    history = HistoryWriter(model, ctx.now, CHANGE_REASON)
    for legacy_id, values in rows:
        table.add(values)
        history.add(values["id"], _history_reason(values["id"], legacy_id))
    table.flush()
    history.flush()


def _pending(report: TableReport, rows, known: dict[int, int]):
    """The legacy rows an earlier run did not import yet; counts what is read and already here."""
    for row in rows:
        report.read += 1
        if row["id"] in known:
            report.already += 1
            continue
        yield row


def _load_known_ids(ctx: Context) -> None:
    for table, legacy_id, new_id in LegacyIdMap.objects.values_list("tabla", "legacy_id", "new_id"):
        ctx.ids[table][legacy_id] = new_id


# --- users -----------------------------------------------------------------------------------


def import_users(ctx: Context) -> None:
    """Users keep their names and flags but get no usable password: they reset it."""
    report = ctx.report.table("auth_user", "usuarios")
    user_model = get_user_model()
    rows = list(ctx.source.rows("auth_user"))
    known = ctx.ids["auth_user"]
    existing = dict(user_model.objects.values_list("username", "pk"))
    allocate = IdAllocator(user_model, [row["id"] for row in rows])
    users = []
    for row in _pending(report, rows, known):
        legacy_id = row["id"]
        if row["username"] in existing:
            ctx.remember("auth_user", legacy_id, existing[row["username"]])
            report.already += 1
            report.repair(legacy_id, f"ya existía el usuario «{row['username']}»: se usa ese")
            continue
        user = user_model(
            id=allocate(legacy_id, report),
            username=row["username"],
            first_name=row.get("first_name") or "",
            last_name=row.get("last_name") or "",
            email=row.get("email") or "",
            is_staff=bool(row.get("is_staff")),
            is_superuser=bool(row.get("is_superuser")),
            is_active=bool(row.get("is_active", True)),
            date_joined=as_datetime(row.get("date_joined")) or ctx.now,
            password=make_password(None),
        )
        users.append(user)
        ctx.remember("auth_user", legacy_id, user.pk)
    user_model.objects.bulk_create(users, batch_size=1000)
    report.imported += len(users)
    if users:
        without_email = sorted(user.username for user in users if not user.email)
        note = (
            f"{len(users)} usuario(s) importado(s) sin contraseña: cada uno elige la suya con "
            "«¿Olvidó su contraseña o aún no tiene una?» en /users/password/reset/, con el correo "
            "registrado; un administrador les asigna su grupo (rol)."
        )
        if without_email:
            note += f" Sin correo (asígnelo en el admin antes): {', '.join(without_email)}."
        ctx.report.notes.append(note)


# --- patients --------------------------------------------------------------------------------


def _celular(convert: RowConverter) -> tuple[str, str]:
    """Mobile and landline; a mobile that is not one (or not 10 digits) moves to the landline."""
    telefono = convert.text("telefono")
    raw = str(convert.row.get("celular") or "").strip()
    digits = "".join(char for char in raw if char.isdigit())
    if len(digits) == 12 and digits.startswith("57"):
        digits = digits[2:]
    if not raw or (len(digits) == 10 and digits.startswith("3")):
        return digits, telefono
    if not telefono:
        convert.note("celular", f"celular «{raw}» no es un celular colombiano: se guarda como teléfono")
        return "", raw[:20]
    convert.note(
        "celular", f"celular «{raw}» no es un celular colombiano y el teléfono ya tiene valor: queda vacío"
    )
    return "", telefono


def _place(convert: RowConverter) -> dict:
    departamento = convert.choice(vocab.DEPARTAMENTO, "departamento")
    ciudad = convert.choice(vocab.CIUDAD, "ciudad")
    if departamento and ciudad and not city_belongs_to(ciudad, departamento):
        convert.note(
            "ciudad",
            f"la ciudad {ciudad} no pertenece al departamento {departamento}: se conserva como estaba "
            "(el formulario pedirá corregirla al editar)",
        )
    return {"departamento": departamento, "ciudad": ciudad}


def _patient(convert: RowConverter) -> Patient:
    row = convert.row
    tipo = vocab.TIPO_DOCUMENTO(row.get("tipo_documento"))
    if tipo is None:
        raise SkipRow(f"tipo de documento «{row.get('tipo_documento')}» desconocido")
    fecha_nacimiento = convert.date("fecha_nacimiento")
    if fecha_nacimiento is None:
        raise SkipRow("sin fecha de nacimiento")
    estrato = convert.integer("estrato", low=1)
    if estrato > 6:
        raise SkipRow(f"estrato {estrato} fuera de 1..6")
    celular, telefono = _celular(convert)
    valor_capita = convert.decimal("valor_capita") if row.get("valor_capita") is not None else None
    if valor_capita is None:
        convert.note("valor_capita", f"sin valor cápita: se usa el valor por defecto {DEFAULT_VALOR_CAPITA}")
        valor_capita = DEFAULT_VALOR_CAPITA
    return Patient(
        nombre=convert.text("nombre"),
        apellido=convert.text("apellido"),
        tipo_documento=tipo,
        documento=convert.text("documento"),
        fecha_nacimiento=fecha_nacimiento,
        genero=convert.choice(vocab.GENERO, "genero"),
        zona=convert.choice(vocab.ZONA, "zona"),
        telefono=telefono,
        celular=celular,
        estado_civil=convert.choice(vocab.ESTADO_CIVIL, "estado_civil"),
        entidad_salud=convert.choice(vocab.ENTIDAD_SALUD, "entidad_salud"),
        estrato=estrato,
        peso=convert.decimal("peso"),
        altura=convert.decimal("altura"),
        perimetro_abdominal=convert.decimal("perimetro_abdominal"),
        cuello=convert.decimal("cuello"),
        medico_remitente=convert.text("medico_remitente"),
        especialidad=convert.text("especialidad"),
        diagnostico_clinico=convert.choice(vocab.DIAGNOSTICO, "diagnostico_clinico"),
        programa=convert.choice(vocab.PROGRAMA, "programa"),
        valor_capita=valor_capita,
        **_place(convert),
    )


def import_patients(ctx: Context) -> None:
    """Patients keep their id; one whose document already exists here is linked to that one."""
    report = ctx.report.table("patients_patient", "pacientes")
    rows = ctx.patient_rows = list(ctx.source.rows("patients_patient"))
    known = ctx.ids["patients_patient"]
    by_document = {
        (tipo, doc): pk for tipo, doc, pk in Patient.objects.values_list("tipo_documento", "documento", "pk")
    }
    allocate = IdAllocator(Patient, [row["id"] for row in rows])
    list_kept_values = versions.kept_values_lister(ctx.source, "patients_patient")
    patients = []
    for row in _pending(report, rows, known):
        legacy_id = row["id"]
        convert = RowConverter(Patient, row, report)
        try:
            patient = _patient(convert)
        except SkipRow as reason:
            report.skip(legacy_id, str(reason))
            continue
        existing = by_document.get((patient.tipo_documento, patient.documento))
        if existing is not None:
            ctx.remember("patients_patient", legacy_id, existing)
            report.already += 1
            report.repair(
                legacy_id, f"ya existía el paciente {patient.tipo_documento} {patient.documento}: se usa ese"
            )
            continue
        convert.report_rule_breaks(patient)
        if list_kept_values:
            list_kept_values(convert)
        patient.pk = allocate(legacy_id, report)
        patient.created_at = ctx.now
        by_document[(patient.tipo_documento, patient.documento)] = patient.pk
        patients.append((legacy_id, as_values(patient)))
        ctx.remember("patients_patient", legacy_id, patient.pk)
    _write(ctx, Patient, patients)
    report.imported += len(patients)


# --- cycles ----------------------------------------------------------------------------------


def _closing_reason(estado: str, motivo: str) -> tuple[str, str]:
    """(motivo_cierre, motivo) of a legacy cycle: free-text closing reasons → the choice list."""
    if estado != EstadoIngreso.TERMINADO or not motivo:
        return "", motivo
    mapped = vocab.MOTIVO_CIERRE(motivo)
    return (mapped, motivo) if mapped else (MotivoCierre.OTRO, motivo)


def _cycle(convert: RowConverter) -> Ingreso:
    row = convert.row
    fecha_inicio = convert.date("fecha_inicio")
    if fecha_inicio is None:
        raise SkipRow("sin fecha de inicio")
    fecha_fin = convert.date("fecha_fin")
    if fecha_fin is not None and fecha_fin < fecha_inicio:
        convert.note("fecha_fin", f"fecha de fin {fecha_fin} anterior al inicio: se usa la de inicio")
        fecha_fin = fecha_inicio
    estado = vocab.ESTADO_INGRESO(row.get("estado"))
    if estado is None:
        estado = EstadoIngreso.TERMINADO if fecha_fin else EstadoIngreso.ACTIVO
        convert.note("estado", f"estado «{row.get('estado')}» desconocido: se toma {estado}")
    motivo_cierre, motivo = _closing_reason(estado, str(row.get("motivo") or "").strip())
    return Ingreso(
        fecha_inicio=fecha_inicio,
        fecha_fin=fecha_fin,
        estado=estado,
        motivo=motivo,
        motivo_cierre=motivo_cierre,
        fecha_cambio_estado=fecha_fin if estado == EstadoIngreso.TERMINADO else None,
    )


def _close_extra_open_cycles(
    cycles: list[tuple[int, Ingreso]], other_open_start, report: TableReport
) -> None:
    """Leave one open cycle per patient: the latest. Each earlier open one is closed (TERMINADO)
    as of the day before the next cycle starts.

    ``other_open_start`` is the start of an open cycle the patient already has in this database
    (a linked patient): then every imported open cycle is closed.
    """
    ordered = sorted(cycles, key=lambda item: (item[1].fecha_inicio, item[0]))
    open_ones = [item for item in ordered if item[1].estado in OPEN_STATES]
    to_close = open_ones if other_open_start else open_ones[:-1]
    for legacy_id, cycle in to_close:
        later = [other.fecha_inicio for _, other in ordered if other.fecha_inicio > cycle.fecha_inicio]
        if other_open_start and other_open_start > cycle.fecha_inicio:
            later.append(other_open_start)
        next_start = min(later, default=today() + datetime.timedelta(days=1))
        cycle.fecha_fin = max(cycle.fecha_inicio, next_start - datetime.timedelta(days=1))
        cycle.estado = EstadoIngreso.TERMINADO
        cycle.fecha_cambio_estado = cycle.fecha_fin
        cycle.motivo_cierre = MotivoCierre.OTRO
        cycle.motivo = "Cerrado al importar: el paciente tenía otro ciclo abierto."
        report.repair(
            legacy_id,
            f"segundo ciclo abierto del paciente: se cierra (TERMINADO) el {cycle.fecha_fin:%d/%m/%Y}, "
            "día anterior al inicio del siguiente",
        )


def import_cycles(ctx: Context) -> None:
    report = ctx.report.table("patients_ingreso", "ciclos (ingresos)")
    rows = list(ctx.source.rows("patients_ingreso")) or versions.admission_cycles(
        ctx.source, ctx.patient_rows
    )
    patient_ids = ctx.ids["patients_patient"]
    known = ctx.ids["patients_ingreso"]
    by_patient: dict[int, list[tuple[int, Ingreso]]] = defaultdict(list)
    for row in rows:
        report.read += 1
        legacy_id = row["id"]
        try:
            if row["paciente_id"] not in patient_ids:
                raise SkipRow(f"su paciente {row['paciente_id']} no se importó")
            by_patient[row["paciente_id"]].append((legacy_id, _cycle(RowConverter(Ingreso, row, report))))
        except SkipRow as reason:
            report.skip(legacy_id, str(reason))
    # Open cycles this database already had (not brought by an earlier run): one query, no IN list.
    imported_before = set(known.values())
    open_here = {
        patient: start
        for pk, patient, start in Ingreso.objects.open().values_list("pk", "paciente_id", "fecha_inicio")
        if pk not in imported_before
    }
    allocate = IdAllocator(Ingreso, [row["id"] for row in rows])
    # patients 0003–0004 kept when each cycle was created
    created_at = {row["id"]: as_datetime(row.get("created_at")) for row in rows}
    new_cycles = []
    for legacy_patient, cycles in by_patient.items():
        patient_id = patient_ids[legacy_patient]
        _close_extra_open_cycles(cycles, open_here.get(patient_id), report)
        for legacy_id, cycle in cycles:
            ctx.patient_of_cycle[legacy_id] = legacy_patient
            ctx.cycles_by_patient[legacy_patient].append((legacy_id, cycle.fecha_inicio, cycle.fecha_fin))
            if legacy_id in known:
                report.already += 1
                continue
            cycle.paciente_id = patient_id
            cycle.pk = allocate(legacy_id, report)
            cycle.created_at = created_at.get(legacy_id) or ctx.now
            new_cycles.append((legacy_id, as_values(cycle)))
            ctx.remember("patients_ingreso", legacy_id, cycle.pk)
            ctx.imported_cycles.append(cycle.pk)
    _write(ctx, Ingreso, new_cycles)
    report.imported += len(new_cycles)


# --- clinical records and the attention log --------------------------------------------------


def _owner(row: dict):
    """What the matching groups a record or line by: its cycle, or before exams 0016 (records
    and lines belonged to the patient then) its patient."""
    if row["ingreso_id"] is None and row.get("patient_id") is not None:
        return ("paciente", row["patient_id"])
    return row["ingreso_id"]


def _entry(table: str, row: dict, service) -> Entry:
    return Entry((table, row["id"]), service, _owner(row), row["registrado_por_id"], row["created_at"])


def _covering_cycle(ctx: Context, legacy_patient: int, on: datetime.date) -> int | None:
    """The patient's only cycle (legacy id) whose dates cover ``on``, else ``None``."""
    covering = [
        legacy_id
        for legacy_id, start, end in ctx.cycles_by_patient.get(legacy_patient, ())
        if start <= on <= (end or today())
    ]
    return covering[0] if len(covering) == 1 else None


def _patient_cycle(ctx: Context, legacy_patient: int, on: datetime.date) -> tuple[int | None, bool]:
    """(legacy id, covers ``on``) of the cycle of a record or line the source ties to its patient
    (before exams 0016): the one covering ``on``, else the last one started by then, else the
    patient's first."""
    covering = _covering_cycle(ctx, legacy_patient, on)
    if covering is not None:
        return covering, True
    cycles = sorted(ctx.cycles_by_patient.get(legacy_patient, ()), key=lambda cycle: (cycle[1], cycle[0]))
    started = [cycle for cycle in cycles if cycle[1] <= on]
    chosen = started[-1] if started else cycles[0] if cycles else None
    return (chosen[0] if chosen else None), False


@dataclass
class RecordSources:
    """Everything read from the legacy record tables and log, with the line of each record."""

    rows: dict[str, list[dict]]
    lines: dict[int, dict]
    line_of: dict[tuple, int]
    record_of_line: dict[int, tuple]
    #: equipment serial → legacy patient ids whose cycles hold equipment with that serial
    patients_by_serial: dict[str, set[int]]


def _read_timestamped(ctx: Context, table: str) -> list[dict]:
    """The rows of a record table or of the log, each ``created_at`` parsed once, here: the
    matching, the record's import and its log line's all use it."""
    rows = list(ctx.source.rows(table))
    for row in rows:
        row["created_at"] = as_datetime(row["created_at"])
    return rows


def read_records(ctx: Context) -> RecordSources:
    rows = {spec.table: _read_timestamped(ctx, spec.table) for spec in RECORD_TABLES}
    lines = {row["id"]: row for row in _read_timestamped(ctx, "exams_seguimiento")}
    records = [
        _entry(spec.table, row, spec.service)
        for spec in RECORD_TABLES
        if spec.service
        for row in rows[spec.table]
    ]
    line_entries = [
        _entry("exams_seguimiento", row, vocab.TIPO_SERVICIO(row["tipo_servicio"])) for row in lines.values()
    ]
    matched = match_lines(records, line_entries)
    line_of = {record_key: line_key[1] for record_key, line_key in matched.items()}
    serials: dict[str, set[int]] = defaultdict(set)
    for row in rows["exams_equipomedico"]:
        if row["ingreso_id"] in ctx.patient_of_cycle and row.get("serial_equipo"):
            serials[str(row["serial_equipo"]).strip()].add(ctx.patient_of_cycle[row["ingreso_id"]])
    return RecordSources(rows, lines, line_of, {line: record for record, line in line_of.items()}, serials)


def _patient_of_orphan(ctx: Context, spec: RecordTable, row: dict, line: dict | None) -> int | None:
    """What identifies the patient of a record saved without a cycle: its log line's cycle or,
    for equipment, the same device serial delivered in one patient's cycle."""
    if line is not None and line["ingreso_id"] in ctx.patient_of_cycle:
        return ctx.patient_of_cycle[line["ingreso_id"]]
    if spec.table == "exams_equipomedico":
        owners = ctx.sources.patients_by_serial.get(str(row.get("serial_equipo") or "").strip(), set())
        if len(owners) == 1:
            return next(iter(owners))
    return None


def _line_date(line: dict | None) -> datetime.date | None:
    try:
        return as_date(line["fecha_atencion"]) if line else None
    except ValueError:
        return None


def _care_date(ctx: Context, spec: RecordTable, convert: RowConverter, line: dict | None) -> datetime.date:
    """The record's own date column, else its log line's date, else ``created_at`` in Bogotá."""
    if spec.date_column:
        own = convert.date(spec.date_column, spec.model.care_date_field)
        if own is not None:
            return own
    derived, origin = _line_date(line), "su línea de atención"
    if derived is None:
        derived, origin = (
            local_date(convert.row["created_at"] or ctx.now),
            "su fecha de registro",
        )
    if spec.date_column:
        convert.note(spec.model.care_date_field, f"sin {spec.date_column}: se toma la fecha de {origin}")
    return derived


def _record_cycle(ctx: Context, spec: RecordTable, convert: RowConverter, line, care_date) -> int:
    """Legacy id of the record's cycle; a record without one is attached when exactly one cycle
    of its patient covers its date."""
    row = convert.row
    if row["ingreso_id"] is not None:
        if row["ingreso_id"] not in ctx.ids["patients_ingreso"]:
            raise SkipRow(f"su ciclo {row['ingreso_id']} no se importó")
        return row["ingreso_id"]
    if row.get("patient_id") is not None:
        return _cycle_of_patient_record(ctx, convert, care_date)
    legacy_patient = _patient_of_orphan(ctx, spec, row, line)
    if legacy_patient is None:
        raise SkipRow("sin ciclo y sin nada que identifique al paciente (ni línea de atención ni serial)")
    cycle = _covering_cycle(ctx, legacy_patient, care_date)
    if cycle is None or cycle not in ctx.ids["patients_ingreso"]:
        raise SkipRow(
            f"sin ciclo: ningún ciclo único del paciente {legacy_patient} cubre el {care_date:%d/%m/%Y}"
        )
    convert.note(
        "ingreso", f"sin ciclo: se asigna al ciclo {cycle} del paciente, que cubre el {care_date:%d/%m/%Y}"
    )
    return cycle


def _cycle_of_patient_record(ctx: Context, convert: RowConverter, care_date) -> int:
    """Before exams 0016 a record belonged to its patient: the patient's cycle for its date."""
    legacy_patient = convert.row["patient_id"]
    if legacy_patient not in ctx.ids["patients_patient"]:
        raise SkipRow(f"su paciente {legacy_patient} no se importó")
    cycle, covers = _patient_cycle(ctx, legacy_patient, care_date)
    if cycle is None or cycle not in ctx.ids["patients_ingreso"]:
        raise SkipRow(f"su paciente {legacy_patient} no tiene ciclo importado")
    if not covers:
        convert.note(
            "ingreso",
            f"ningún ciclo del paciente cubre el {care_date:%d/%m/%Y}: se asigna a su ciclo {cycle}, "
            "el más cercano anterior (o el primero)",
        )
    return cycle


def import_record_table(ctx: Context, spec: RecordTable) -> None:
    report = ctx.report.table(spec.table, spec.label)
    rows = ctx.sources.rows[spec.table]
    known = ctx.ids[spec.table]
    users = ctx.ids["auth_user"]
    allocate = IdAllocator(spec.model, [row["id"] for row in rows])
    list_kept_values = versions.kept_values_lister(ctx.source, spec.table)
    records = []
    for row in _pending(report, rows, known):
        legacy_id = row["id"]
        line_id = ctx.sources.line_of.get((spec.table, legacy_id))
        line = ctx.sources.lines.get(line_id)
        convert = RowConverter(spec.model, row, report)
        try:
            care_date = _care_date(ctx, spec, convert, line)
            cycle = _record_cycle(ctx, spec, convert, line, care_date)
            values = spec.fields(convert)
            if list_kept_values:
                list_kept_values(convert)
        except SkipRow as reason:
            report.skip(legacy_id, str(reason))
            continue
        author = users.get(row["registrado_por_id"])
        if row["registrado_por_id"] is not None and author is None:
            convert.note("registrado_por", f"su autor {row['registrado_por_id']} no existe: queda sin autor")
        created = row["created_at"] or ctx.now
        values.update(
            {
                "id": allocate(legacy_id, report),
                spec.model.care_date_field: care_date,
                "ingreso_id": ctx.ids["patients_ingreso"][cycle],
                "registrado_por_id": author,
                "created_at": created,
                "updated_at": created,
            }
        )
        records.append((legacy_id, values))
        ctx.remember(spec.table, legacy_id, values["id"])
        ctx.record_cycle[(spec.table, legacy_id)] = values["ingreso_id"]
    _write(ctx, spec.model, records)
    report.imported += len(records)


def import_attention_log(ctx: Context) -> None:
    """Log lines keep their cycle; a line without one takes its record's. Each matched line
    points at its record (``registro_id``)."""
    table = "exams_seguimiento"
    report = ctx.report.table(table, "bitácora de atenciones")
    known = ctx.ids[table]
    users = ctx.ids["auth_user"]
    allocate = IdAllocator(Seguimiento, list(ctx.sources.lines))
    writer = TableWriter(Seguimiento)
    for row in _pending(report, ctx.sources.lines.values(), known):
        legacy_id = row["id"]
        record_key = ctx.sources.record_of_line.get(legacy_id)
        record_id = ctx.ids[record_key[0]].get(record_key[1]) if record_key else None
        ingreso_id = ctx.ids["patients_ingreso"].get(row["ingreso_id"])
        record_cycle = ctx.record_cycle.get(record_key) if record_key else None
        fecha = RowConverter(Seguimiento, row, report).date("fecha_atencion")
        if fecha is None:
            fecha = local_date(row["created_at"])
        if record_cycle is not None and record_cycle != ingreso_id:
            if row["ingreso_id"] is not None or row.get("patient_id") is None:
                report.repair(legacy_id, "línea sin ciclo (o de otro ciclo): toma el ciclo de su registro")
            ingreso_id = record_cycle
        elif ingreso_id is None and row.get("patient_id") in ctx.ids["patients_patient"]:
            cycle, covers = _patient_cycle(ctx, row["patient_id"], fecha)
            ingreso_id = ctx.ids["patients_ingreso"].get(cycle)
            if ingreso_id is not None and not covers:
                report.repair(
                    legacy_id, f"ningún ciclo del paciente cubre el {fecha:%d/%m/%Y}: va a su ciclo {cycle}"
                )
        if ingreso_id is None:
            reason = (
                "sin ciclo y sin registro que lo indique"
                if row["ingreso_id"] is None
                else (f"su ciclo {row['ingreso_id']} no se importó")
            )
            report.skip(legacy_id, reason)
            continue
        servicio = vocab.TIPO_SERVICIO(row["tipo_servicio"])
        if servicio is None:
            servicio = str(row["tipo_servicio"] or "")[:100]
            report.repair(legacy_id, f"tipo de servicio «{row['tipo_servicio']}» desconocido: se conserva")
        new_id = allocate(legacy_id, report)
        writer.add(
            {
                "id": new_id,
                "ingreso_id": ingreso_id,
                "registrado_por_id": users.get(row["registrado_por_id"]),
                "fecha_atencion": fecha,
                "tipo_servicio": servicio,
                "registro_id": record_id,
                "anulado": False,
                "created_at": row["created_at"] or ctx.now,
            }
        )
        ctx.remember(table, legacy_id, new_id)
    writer.flush()
    report.imported += writer.written


# --- the whole import ------------------------------------------------------------------------


def _write_id_map(ctx: Context) -> None:
    writer = TableWriter(LegacyIdMap, columns=("tabla", "legacy_id", "new_id"))
    for row in ctx.new_map_rows:
        writer.append(row)
    writer.flush()


def _reset_sequences(model_classes) -> None:
    """PostgreSQL: explicit ids leave the sequences behind; move them past the highest id."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), model_classes):
            cursor.execute(statement)


def _derive_cycle_columns() -> None:
    """Fill in what this project keeps on each cycle and the legacy schema lacks: the copies of
    the patient's EPS, program and names, and the summaries of the cycle's records (last
    attention, latest monitoring, device verdict, the rule's share), through the same function
    that repairs them (``summaries.services.refresh_cycle_summaries``)."""
    refresh_cycle_summaries()


@contextlib.contextmanager
def _cyclic_gc_paused():
    """Pause Python's cyclic garbage collector for the import.

    The import keeps millions of small objects alive until it ends (legacy rows, id maps,
    queued inserts). Each full collection walks all of them again, and there are about twenty
    in a 10,000-patient import: 3 of its 20 s. These objects form no reference cycles (plain
    reference counting frees them), so nothing accumulates while the collector is paused. The
    pause is process-wide: the import runs from management commands, not from web requests.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_legacy(source: LegacySource, description: str, dry_run: bool = False) -> ImportReport:
    """Import everything in one transaction; a dry run rolls it back and reports the same."""
    report = ImportReport(
        description, dry_run=dry_run, version=str(source.version), notices=versions.notices(source)
    )
    ctx = Context(source, report)
    model_classes = [get_user_model(), Patient, Ingreso, *(spec.model for spec in RECORD_TABLES), Seguimiento]
    try:
        with _cyclic_gc_paused(), transaction.atomic():
            _load_known_ids(ctx)
            import_users(ctx)
            import_patients(ctx)
            import_cycles(ctx)
            ctx.sources = read_records(ctx)
            for spec in RECORD_TABLES:
                import_record_table(ctx, spec)
            import_attention_log(ctx)
            _derive_cycle_columns()
            cycles_written.send(sender=Ingreso, ingreso_ids=None)
            _write_id_map(ctx)
            _reset_sequences(model_classes)
            if dry_run:
                raise DryRunRollback
    except DryRunRollback:
        pass
    return report

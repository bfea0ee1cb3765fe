"""Writes of the therapy app: importing nights (an upsert) and refreshing the cycle's verdict.

An import runs in one transaction: a file with any problem saves nothing; the nights and the
cycle's adherence summary are written together.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Min, Sum
from django.utils import timezone

from datamed.database_busy import atomic_write
from exams.models import EquipoMedico
from exams.services import Change
from patients.choices import EstadoIngreso
from patients.models import Ingreso, today
from therapy import adherence
from therapy.models import NocheTerapia, ResumenAdherencia, rule_for
from therapy.readers import NightRow, read_device_file

UPDATED_FIELDS = [
    "minutos_uso",
    "sesiones",
    "iah",
    "fuga_p95",
    "presion_p95",
    "modo",
    "archivo",
    "importado_el",
]


@dataclass
class ImportReport:
    archivo: str
    nuevas: int = 0
    actualizadas: int = 0
    fuera_del_ciclo: list[datetime.date] = field(default_factory=list)
    seriales: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{self.archivo}: {self.nuevas} noches nuevas, {self.actualizadas} actualizadas"
        if self.fuera_del_ciclo:
            first, last = min(self.fuera_del_ciclo), max(self.fuera_del_ciclo)
            text += (
                f"; {len(self.fuera_del_ciclo)} fuera del ciclo no se adjuntaron "
                f"({first:%d/%m/%Y} a {last:%d/%m/%Y})"
            )
        return text + "."


def cycle_last_night(ingreso: Ingreso) -> datetime.date:
    """Last night that may belong to the cycle: its end date, or last night for an open one."""
    return ingreso.fecha_fin or today() - datetime.timedelta(days=1)


def _upsert_sql() -> str:
    """INSERT … ON CONFLICT (cycle, night, serial) DO UPDATE: the same statement on SQLite
    (≥ 3.24) and PostgreSQL."""
    meta = NocheTerapia._meta
    quote = connection.ops.quote_name
    columns = ["ingreso_id", "noche", "serial", *UPDATED_FIELDS]
    updates = ", ".join(f"{quote(name)} = EXCLUDED.{quote(name)}" for name in UPDATED_FIELDS)
    # Identifiers come from the model's metadata; every value travels as a parameter.
    return (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({quote('ingreso_id')}, {quote('noche')}, {quote('serial')}) DO UPDATE SET {updates}"
    )


def _decimal(value) -> str | None:
    return None if value is None else str(value)


def _upsert(ingreso: Ingreso, rows: list[NightRow], source: str, report: ImportReport) -> None:
    """Write the nights in one ``executemany``: building a model instance per night made the
    ORM's ``bulk_create`` five times slower than the statement itself (400 nights × 1,000
    patients is the target scale)."""
    existing = set(
        NocheTerapia.objects.filter(
            ingreso=ingreso, noche__gte=min(r.noche for r in rows), noche__lte=max(r.noche for r in rows)
        ).values_list("noche", "serial")
    )
    updated = sum(1 for row in rows if (row.noche, row.serial) in existing)
    report.actualizadas += updated
    report.nuevas += len(rows) - updated
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    params = [
        (
            ingreso.pk,
            row.noche.isoformat(),
            row.serial[:100],
            row.minutos_uso,
            row.sesiones,
            _decimal(row.iah),
            _decimal(row.fuga_p95),
            _decimal(row.presion_p95),
            row.modo,
            source[:255],
            stamp,
        )
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(_upsert_sql(), params)


@atomic_write
def import_nights(ingreso: Ingreso, rows: list[NightRow], source: str) -> ImportReport:
    """Attach the rows that fall within the cycle (one row per night and serial: a re-import
    updates it), report the others, and refresh the cycle's verdict."""
    locked = Ingreso.objects.select_for_update().get(pk=ingreso.pk)
    if locked.estado != EstadoIngreso.ACTIVO:
        raise ValidationError("Los datos del equipo solo se adjuntan a un ciclo ACTIVO.")
    last = cycle_last_night(locked)
    inside = [row for row in rows if locked.fecha_inicio <= row.noche <= last]
    report = ImportReport(
        archivo=source,
        fuera_del_ciclo=sorted(row.noche for row in rows if not locked.fecha_inicio <= row.noche <= last),
        seriales=sorted({row.serial for row in rows}),
    )
    if inside:
        _upsert(locked, inside, source, report)
    refresh_summary(locked)
    return report


def import_device_file(ingreso: Ingreso, filename: str, data: bytes) -> ImportReport:
    """Read a device file (STR.edf, SD-card .zip or CSV) and import it; ``DeviceFileError``
    on bad input, before anything is written."""
    source, rows = read_device_file(filename, data)
    return import_nights(ingreso, rows, source)


def refresh_summary(ingreso: Ingreso, on: datetime.date | None = None) -> ResumenAdherencia:
    """Recompute the cycle's verdict from its nights, its therapy start and its EPS's rule
    (four queries; the database copies the verdict onto the cycle, ``summaries/triggers.py``).

    Therapy starts on the earliest valid equipment delivery of the cycle or the first night
    with data, whichever is earlier (SPEC §8; ``adherence.therapy_start``): the delivery is one
    query, the first night comes with the nights.
    """
    regla = rule_for(ingreso.paciente.entidad_salud)
    minutes = dict(
        NocheTerapia.objects.filter(ingreso=ingreso)
        .values("noche")
        .annotate(total=Sum("minutos_uso"))
        .values_list("noche", "total")
    )
    delivered = first_delivery(ingreso)
    start = adherence.therapy_start(delivered, min(minutes, default=None))
    result = adherence.evaluate(adherence.Rule.from_model(regla), start, minutes, on or today())
    summary, _ = ResumenAdherencia.objects.update_or_create(
        ingreso=ingreso, defaults=summary_values(result, regla, start, delivered)
    )
    return summary


def first_delivery(ingreso: Ingreso) -> datetime.date | None:
    """Care date of the cycle's earliest valid equipment record (the device's delivery)."""
    return (
        EquipoMedico.objects.valid().filter(ingreso=ingreso).aggregate(first=Min("fecha_atencion"))["first"]
    )


def delivery_changed(record: EquipoMedico, change: Change) -> None:
    """An equipment record was registered, edited or voided (any ``change``): the therapy start
    may have moved, so the cycle is judged again in the same transaction (subscribed in
    ``TherapyConfig``)."""
    refresh_summary(record.ingreso)


def summary_values(
    result: adherence.Evaluation,
    regla,
    start: datetime.date | None = None,
    delivered: datetime.date | None = None,
) -> dict:
    """The ``ResumenAdherencia`` columns for an evaluation under ``regla`` from the therapy
    ``start`` (the device ``delivered`` on, if recorded). The rule's figures are copied, so the
    verdict can be read later with the rule it was judged by."""
    return {
        "veredicto": result.verdict,
        "entrega_equipo": delivered,
        "inicio_terapia": start,
        "ultima_noche": result.last_night,
        "noches_con_datos": result.nights_with_data,
        "inicial_cumplida": result.initial_met,
        "inicial_mejor_noches": max(0, result.initial_best_nights),
        "inicial_mejor_inicio": result.initial_best_start,
        "ultima_ventana_noches": result.last_window_nights,
        "ultima_ventana_inicio": result.last_window_start,
        "horas_noche": regla.horas_noche,
        "porcentaje_noches": regla.porcentaje_noches,
        "ventana_noches": regla.ventana_noches,
        "noches_requeridas": regla.noches_requeridas,
        "dias_iniciales": regla.dias_iniciales,
    }


def recompute_summaries(ingresos=None) -> int:
    """Refresh the verdict of every cycle with device data (or of ``ingresos``): after a rule
    changes, or daily so that an open initial period closes on time."""
    if ingresos is None:
        ingresos = Ingreso.objects.filter(noches_terapia__isnull=False).distinct()
    count = 0
    for ingreso in ingresos.select_related("paciente").iterator():
        with transaction.atomic():
            refresh_summary(ingreso)
        count += 1
    return count


def cycles_of_eps(entidad_salud: str):
    """Cycles with device data whose patient belongs to the EPS."""
    return Ingreso.objects.filter(
        paciente__entidad_salud=entidad_salud, noches_terapia__isnull=False
    ).distinct()


def cycle_for_serial(serial: str) -> Ingreso | None:
    """The ACTIVO cycle whose (valid) delivered equipment has this serial."""
    equipment = (
        EquipoMedico.objects.valid()
        .filter(serial_equipo__iexact=serial.strip(), ingreso__estado=EstadoIngreso.ACTIVO)
        .select_related("ingreso__paciente")
        .order_by("-fecha_atencion", "-id")
        .first()
    )
    return equipment.ingreso if equipment else None

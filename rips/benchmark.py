"""The RIPS at program scale: a month of a 100,000-patient program (about 150,000 attentions)
must generate in ≤ 30 s with ≤ 500 MB of memory (SPEC §11 / issue 26).

``build_month`` writes such a month with bulk inserts (COPY on PostgreSQL) into the configured
database: patients of one EPS, one ACTIVO cycle each, one or two attention-log lines each in the
month (a mix of the five attention types, by twenty professionals with their documents), plus
the demo RIPS settings. ``measure`` runs ``manage.py export_rips`` in a child process and
reports its wall time and its peak resident memory (``ru_maxrss`` of the child), so the figure
is the generation's own, not the data builder's.
"""

import datetime
import os
import resource
import subprocess
import sys
import tempfile
import time
from itertools import cycle

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from exams.choices import TipoServicio
from exams.models import Seguimiento
from patients.models import Ingreso, Patient
from rips.demo import add_demo_rips_settings
from summaries import triggers as summaries
from users.models import Perfil

EPS = "SANITAS"
PROFESSIONALS = 20
CITIES = ("BUCARAMANGA", "FLORIDABLANCA", "GIRON", "PIEDECUESTA", "BARRANCABERMEJA", "SAN_GIL")


def _columns(model, values: dict) -> tuple[list[str], list[str]]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or f.attname in values]
    return [f.column for f in fields], [f.attname for f in fields]


def _write(model, rows: list[dict]) -> None:
    """Insert ``rows`` (dicts by attname; model defaults fill the rest) in one COPY/executemany."""
    if not rows:
        return
    defaults = {f.attname: f.get_default() for f in model._meta.concrete_fields if not f.primary_key}
    columns, names = _columns(model, rows[0])
    table = model._meta.db_table
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    tuples = [tuple({**defaults, **row}.get(name) for name in names) for row in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in tuples:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks})"  # noqa: S608 - model metadata only
            for start in range(0, len(tuples), 20000):
                cursor.executemany(sql, tuples[start : start + 20000])


def _now():
    now = timezone.now()
    return connection.ops.adapt_datetimefield_value(now) if connection.vendor == "sqlite" else now


def build_month(patients: int, attentions: int, month_start: datetime.date, progress=None) -> dict:
    """Write the month's data; ids continue after the existing rows."""
    from django.db.models import Max

    user_model = get_user_model()
    staff = []
    for index in range(PROFESSIONALS):
        user, _ = user_model.objects.get_or_create(username=f"bench-rips-{index}")
        Perfil.objects.update_or_create(usuario=user, defaults={"numero_documento": str(80_000_000 + index)})
        staff.append(user.pk)
    add_demo_rips_settings()
    now = _now()
    first_patient = (Patient.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    first_cycle = (Ingreso.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    types = cycle([t.value for t in TipoServicio])
    authors = cycle(staff)
    step = 20000
    with transaction.atomic():
        summaries.uninstall(connection)
        for start in range(0, patients, step):
            batch = range(start, min(start + step, patients))
            _write(
                Patient,
                [
                    {
                        "id": first_patient + i,
                        "nombre": f"Nombre{i}",
                        "apellido": f"Apellido{i}",
                        "tipo_documento": "CC",
                        "documento": str(70_000_000 + first_patient + i),
                        "fecha_nacimiento": datetime.date(1950 + i % 50, 1 + i % 12, 1 + i % 28),
                        "genero": "F" if i % 2 else "M",
                        "departamento": "SANTANDER",
                        "ciudad": CITIES[i % len(CITIES)],
                        "zona": "RURAL" if i % 7 == 0 else "URBANA",
                        "celular": "3001234567",
                        "estado_civil": "CASADO",
                        "entidad_salud": EPS,
                        "estrato": 1 + i % 6,
                        "diagnostico_clinico": "G47.3",
                        "programa": "PROGRAMA AOS",
                        "valor_capita": "259783.00",
                        "created_at": now,
                    }
                    for i in batch
                ],
            )
            _write(
                Ingreso,
                [
                    {
                        "id": first_cycle + i,
                        "paciente_id": first_patient + i,
                        "fecha_inicio": month_start - datetime.timedelta(days=30 + i % 300),
                        "estado": "ACTIVO",
                        "entidad_salud": EPS,
                        "programa": "PROGRAMA AOS",
                        "apellido": f"Apellido{i}",
                        "nombre": f"Nombre{i}",
                        "created_at": now,
                    }
                    for i in batch
                ],
            )
            if progress:
                progress(f"{batch.stop} pacientes")
        lines = []
        for n in range(attentions):
            patient = n % patients
            lines.append(
                {
                    "ingreso_id": first_cycle + patient,
                    "registrado_por_id": next(authors),
                    "fecha_atencion": month_start + datetime.timedelta(days=(n * 7) % 28),
                    "tipo_servicio": next(types),
                    "registro_id": None,
                    "anulado": False,
                    "created_at": now,
                }
            )
            if len(lines) == step:
                _write(Seguimiento, lines)
                lines = []
        _write(Seguimiento, lines)
        if connection.vendor == "postgresql":
            from django.core.management.color import no_style

            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [Patient, Ingreso, Seguimiento]):
                    cursor.execute(sql)
        summaries.install(connection)
    if progress:
        progress(f"{attentions} atenciones")
    return {"patients": patients, "attentions": attentions}


def measure(month_start: datetime.date, month_end: datetime.date) -> dict:
    """Run ``export_rips`` for the month in a child process: seconds, peak RSS, file size."""
    with tempfile.TemporaryDirectory() as directory:
        output = os.path.join(directory, "rips.json")
        command = [
            sys.executable,
            os.path.join(settings.BASE_DIR, "manage.py"),
            "export_rips",
            "--eps",
            EPS,
            "--desde",
            month_start.isoformat(),
            "--hasta",
            month_end.isoformat(),
            "--factura",
            "BENCH1",
            "--output",
            output,
        ]
        started = time.perf_counter()
        completed = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        seconds = time.perf_counter() - started
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        size = os.path.getsize(output) if os.path.exists(output) else 0
    return {
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "file_mb": round(size / 1024 / 1024, 1),
        "ok": completed.returncode == 0,
        "output": (completed.stdout or completed.stderr).strip().splitlines()[-1:] if completed else [],
    }

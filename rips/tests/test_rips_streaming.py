"""The RIPS streams: rows are read in chunks and each usuario is written before the next
patient is read, so memory does not grow with the number of rows."""

import datetime
import inspect
import tracemalloc

import pytest
from django.utils import timezone

from exams.models import Seguimiento
from patients.models import Ingreso, Patient
from rips import generator
from users.models import Perfil

pytestmark = pytest.mark.django_db


class Sink:
    """A text stream that counts what it is given and keeps nothing."""

    def __init__(self):
        self.size = 0

    def write(self, text: str) -> int:
        self.size += len(text)
        return len(text)


def _bulk_month(count: int, month, professional, offset: int) -> None:
    patients = Patient.objects.bulk_create(
        Patient(
            nombre=f"N{i}", apellido=f"A{i}", tipo_documento="CC", documento=str(50_000_000 + offset + i),
            fecha_nacimiento=datetime.date(1960 + i % 40, 1 + i % 12, 1 + i % 28), genero="F" if i % 2 else "M",
            departamento="SANTANDER", ciudad="BUCARAMANGA", celular="3001234567", estado_civil="CASADO",
            entidad_salud="SANITAS", estrato=3,
        )
        for i in range(count)
    )  # fmt: skip
    cycles = Ingreso.objects.bulk_create(
        Ingreso(paciente=p, fecha_inicio=month[0] - datetime.timedelta(days=60)) for p in patients
    )
    Seguimiento.objects.bulk_create(
        Seguimiento(
            ingreso=cycle, registrado_por=professional, fecha_atencion=month[0] + datetime.timedelta(days=k),
            tipo_servicio=tipo, created_at=timezone.now(),
        )
        for cycle in cycles
        for k, tipo in ((1, "Monitoreo"), (8, "Psicologia"))
    )  # fmt: skip


def _peak(period) -> tuple[int, generator.Result]:
    """Peak Python memory of a generation, after a first run that takes the one-off costs
    (compiled queries, the schema's validator, caches)."""
    generator.write(period, Sink())
    sink = Sink()
    tracemalloc.start()
    try:
        result = generator.write(period, sink)
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def test_usuarios_come_from_a_generator(rips_settings, period):
    settings = generator.Settings.load("SANITAS")
    assert inspect.isgenerator(generator.iter_usuarios(period, settings))


def test_memory_does_not_grow_with_rows(rips_settings, professional, period, month, monkeypatch):
    monkeypatch.setattr(generator, "CHUNK", 50)
    Perfil.objects.filter(usuario=professional).update(numero_documento="13800111")
    _bulk_month(150, month, professional, 0)
    small, result = _peak(period)
    assert result.ok, result.problems[:3]
    assert result.usuarios == 150
    _bulk_month(2850, month, professional, 10_000)
    large, result = _peak(period)
    assert result.ok
    assert result.usuarios == 3000
    # Twenty times the rows; the peak stays about the same (a chunk and one patient at a time).
    assert large < small * 1.5, (small, large)

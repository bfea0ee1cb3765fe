"""therapy 0004 judges the stored verdicts again from the therapy start, and its reverse
judges them with the old rule (the initial period from the cycle's start)."""

import datetime

import time_machine

from patients.choices import Veredicto
from patients.models import Ingreso
from therapy.models import ResumenAdherencia
from therapy.tests.test_therapy_start import ADMISSION, GOOD, NOW, POOR, day, deliver, import_nights

BEFORE = ("therapy", "0003_resumen_therapy_start")
MIGRATION = ("therapy", "0004_recompute_verdicts_from_therapy_start")


def test_stored_verdicts_are_recomputed_from_the_therapy_start_and_back(migrator):
    from patients.tests.factories import PatientFactory

    with time_machine.travel(NOW, tick=False):
        # The schema at 0003 is today's (0004 only rewrites rows): the current models fit.
        migrator.apply_initial_migration(BEFORE)
        cycle = PatientFactory(cycle=ADMISSION).ingresos.get()
        deliver(cycle, 60)
        import_nights(cycle, {range(60, 80): POOR, range(80, 240): GOOD})
        # What the old code stored: judged from admission, no therapy start.
        ResumenAdherencia.objects.filter(ingreso=cycle).update(
            veredicto=Veredicto.NO_CUMPLE, inicio_terapia=None, entrega_equipo=None
        )
        Ingreso.objects.filter(pk=cycle.pk).update(veredicto_equipo=Veredicto.NO_CUMPLE)

        migrator.apply_tested_migration(MIGRATION)
        stored = ResumenAdherencia.objects.get(ingreso=cycle)
        assert (stored.veredicto, stored.inicio_terapia, stored.entrega_equipo) == (
            Veredicto.CUMPLE,
            day(60),
            day(60),
        )
        assert stored.inicial_mejor_inicio == day(80)
        assert Ingreso.objects.get(pk=cycle.pk).veredicto_equipo == Veredicto.CUMPLE

        migrator.apply_tested_migration(BEFORE)
        stored = ResumenAdherencia.objects.get(ingreso=cycle)
        assert (stored.veredicto, stored.inicio_terapia) == (Veredicto.NO_CUMPLE, None)
        assert stored.inicial_mejor_inicio == ADMISSION + datetime.timedelta(days=60)
        assert Ingreso.objects.get(pk=cycle.pk).veredicto_equipo == Veredicto.NO_CUMPLE

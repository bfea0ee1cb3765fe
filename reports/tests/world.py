"""A hand-built month with a known answer for every figure of the report: March 2025 at
Sanitas. Fixed past dates, valid on any day the suite runs (every date is long before today),
written through the same services as the pages, so the cycles keep their history.

| cycle | start      | in March 2025                                   | capita    |
|-------|------------|-------------------------------------------------|-----------|
| A     | 2024-06-10 | active all month                                | 100 000   |
| B     | 2025-03-15 | starts mid-month                                | 200 000   |
| C     | 2024-12-01 | closed 2025-03-20 (Fallecimiento)               | 300 000   |
| D     | 2024-10-05 | suspended since 2025-02-10, all month           | (999)     |
| E     | 2024-11-01 | suspended mid-month, 2025-03-12                 | 400 000   |
| R     | 2024-09-01 | suspended 2025-01-15, reactivated 2025-03-25    | 50 000    |
| V     | 2023-08-01 | active, month 20: past month 18, not billed     | (777)     |
| I     | 2023-10-01 | month 18, closed on the last day (Egreso completo) | 500 000 |
| H     | 2024-01-01 | closed 2025-02-28, before the month             | —         |
| G     | 2025-01-01 | Ecopetrol: another EPS                          | —         |
"""

import datetime
from decimal import Decimal

from exams.models import EquipoMedico, Monitoreo, Neumologia, Nutricion, Psicologia, SeguimientoAdaptacion
from exams.services import register_record, void_record
from patients import services as cycle_services
from patients.choices import EntidadSalud, MotivoCierre
from patients.tests.factories import PatientFactory
from reports.months import Month
from therapy.models import NocheTerapia, ResumenAdherencia

MONTH = Month(2025, 3)
D = datetime.date


def _cycle(name: str, start: datetime.date, capita: str, eps: str = EntidadSalud.SANITAS):
    patient = PatientFactory(nombre=name, entidad_salud=eps, valor_capita=Decimal(capita), cycle=start)
    return patient.ingresos.get()


def _monitoring(ingreso, day, usage, residual, user=None):
    record = Monitoreo(
        fecha_atencion=day,
        uso_diario=Decimal("90"),
        dias_uso_horas_4=Decimal(usage),
        horas_uso_diario=Decimal("6"),
        hipopnea_residual=Decimal(residual),
        modo_ventilatorio="CPAP",
        presion_ipap=Decimal("10"),
        mascara_cpap="NASAL",
        tamano_mascara="MEDIUM",
    )
    return register_record(record, ingreso, user)


def _delivery(ingreso, day, user=None):
    record = EquipoMedico(
        fecha_atencion=day,
        tipo_mascara_eq_medico="NASAL",
        referencia_mascara="AirFit N20",
        talla_mascara="MEDIUM",
        marca_equipo="RESMED",
        serial_equipo=f"RM-{ingreso.pk}-{day:%m%d}",
        modo_ventilatorio="CPAP",
    )
    return register_record(record, ingreso, user)


def _psychology(ingreso, day, user=None):
    record = Psicologia(
        fecha_atencion=day, inventario_depre_beck=10, inventario_ansiedad_beck=5, calidad=10, cantidad=10
    )
    return register_record(record, ingreso, user)


def _nutrition(ingreso, day, user=None):
    record = Nutricion(
        fecha_atencion=day, estado_nutricional="SOBREPESO", carbohidratos_pct=50, rumiacion="NO", cafeina=1
    )
    return register_record(record, ingreso, user)


def _pulmonology(ingreso, day, user=None):
    return register_record(Neumologia(fecha_consulta=day, medico_tratante="Dra. Ortiz"), ingreso, user)


def _note(ingreso, day, user=None):
    return register_record(SeguimientoAdaptacion(fecha_atencion=day, observaciones="Llamada"), ingreso, user)


def build_month(user=None) -> dict:
    """The cycles of the table above with their records; returns them by letter."""
    cycles = {
        "A": _cycle("A", D(2024, 6, 10), "100000"),
        "B": _cycle("B", D(2025, 3, 15), "200000"),
        "C": _cycle("C", D(2024, 12, 1), "300000"),
        "D": _cycle("D", D(2024, 10, 5), "999"),
        "E": _cycle("E", D(2024, 11, 1), "400000"),
        "R": _cycle("R", D(2024, 9, 1), "50000"),
        "V": _cycle("V", D(2023, 8, 1), "777"),
        "I": _cycle("I", D(2023, 10, 1), "500000"),
        "H": _cycle("H", D(2024, 1, 1), "1"),
        "G": _cycle("G", D(2025, 1, 1), "1", eps=EntidadSalud.ECOPETROL),
    }
    a, b, c, e, i = (cycles[k] for k in "ABCEI")
    # Attentions of the month: 3 monitorings, 1 psychology (a second one voided), 1 nutrition,
    # 1 pulmonology, 1 follow-up note; plus one before the month and one of another EPS.
    _monitoring(a, D(2025, 2, 20), "50", "12", user)  # before the month: not the latest
    _monitoring(a, D(2025, 3, 5), "80", "3", user)  # adherent, AHI < 5
    _psychology(a, D(2025, 3, 6), user)
    void_record(_psychology(a, D(2025, 3, 7), user), "Registrado en el paciente equivocado")
    _nutrition(b, D(2025, 3, 20), user)
    _pulmonology(b, D(2025, 3, 16), user)
    void_record(_monitoring(b, D(2025, 3, 18), "95", "1", user), "Duplicado")  # voided: B not monitored
    _note(c, D(2025, 3, 2), user)
    _monitoring(e, D(2025, 3, 8), "60", "7", user)  # not adherent, AHI < 10
    _monitoring(i, D(2025, 3, 10), "90", "12", user)  # adherent, AHI ≥ 10
    _pulmonology(cycles["G"], D(2025, 3, 16), user)  # another EPS
    # V: judged by its device (nights in the month, verdict CUMPLE), not by its old monitoring.
    _monitoring(cycles["V"], D(2025, 1, 10), "20", "15", user)
    for night, minutes, ahi in [
        (D(2025, 3, 1), 300, "2.0"),
        (D(2025, 3, 2), 100, "4.0"),
        (D(2025, 3, 3), 0, "40"),
    ]:
        NocheTerapia.objects.create(
            ingreso=cycles["V"],
            noche=night,
            serial="V-1",
            minutos_uso=minutes,
            iah=Decimal(ahi),
            archivo="STR.edf",
        )
    ResumenAdherencia.objects.create(
        ingreso=cycles["V"],
        veredicto="CUMPLE",
        ultima_noche=D(2025, 3, 3),
        horas_noche=Decimal("4"),
        porcentaje_noches=Decimal("70"),
        ventana_noches=30,
        noches_requeridas=21,
        dias_iniciales=90,
    )
    # Equipment: first valid deliveries in the month after 10 (B), 100 (C: its voided earlier
    # one does not count), 120 (E) and 284 (A) days; I's first delivery was long before.
    _delivery(b, D(2025, 3, 25), user)
    void_record(_delivery(c, D(2025, 3, 4), user), "Serial equivocado")
    _delivery(c, D(2025, 3, 11), user)
    _delivery(e, D(2025, 3, 1), user)
    _delivery(a, D(2025, 3, 21), user)
    _delivery(i, D(2023, 11, 1), user)
    _delivery(i, D(2025, 3, 5), user)
    # State changes, through the services (each leaves its history row).
    cycle_services.terminate_cycle(c, D(2025, 3, 20), MotivoCierre.FALLECIMIENTO, user=user)
    cycle_services.suspend_cycle(cycles["D"], D(2025, 2, 10), "En espera de equipo", user=user)
    cycle_services.suspend_cycle(e, D(2025, 3, 12), "Hospitalizado", user=user)
    cycle_services.suspend_cycle(cycles["R"], D(2025, 1, 15), "Viaje", user=user)
    cycle_services.reactivate_cycle(cycles["R"], D(2025, 3, 25), user=user)
    cycle_services.terminate_cycle(i, D(2025, 3, 31), MotivoCierre.EGRESO_COMPLETO, user=user)
    cycle_services.terminate_cycle(cycles["H"], D(2025, 2, 28), MotivoCierre.EGRESO_ANTICIPADO, user=user)
    return cycles

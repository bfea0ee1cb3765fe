"""Clinical records for the demo data set, written through the same services as the pages."""

import datetime
import random
from decimal import Decimal

from exams import models
from exams.services import register_record
from patients.models import today


def _date_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def add_demo_records(index: int, ingreso, rng: random.Random, user) -> None:
    """Most patients get a basal PSG and CPAP monitorings; some get other disciplines too.

    About one in four has had no attention for a while, so the dashboard's alert list fills.
    """
    current = today()
    start = ingreso.fecha_inicio
    quiet = index % 4 == 0
    last_possible = current - datetime.timedelta(days=20) if quiet else current
    if last_possible < start:
        return
    iah = Decimal(rng.choice([3, 8, 12, 18, 24, 31, 45, 62]))
    register_record(
        models.PolisomnografiaBasal(
            fecha_basal=start - datetime.timedelta(days=rng.randint(5, 40)),
            iah=iah,
            ido=Decimal(rng.randint(2, 50)),
            eficiencia=Decimal(rng.randint(60, 95)),
        ),
        ingreso,
        user,
    )
    for _ in range(rng.randint(1, 3)):
        register_record(
            models.Monitoreo(
                fecha_atencion=_date_between(rng, start, last_possible),
                uso_diario=Decimal(rng.randint(40, 100)),
                dias_uso_horas_4=Decimal(rng.randint(30, 100)),
                horas_uso_diario=Decimal(rng.randint(30, 85)) / 10,
                hipopnea_residual=Decimal(rng.randint(0, 12)),
                modo_ventilatorio="CPAP",
                presion_ipap=Decimal(rng.randint(6, 14)),
                mascara_cpap=rng.choice(["NASAL", "PILLOW NASAL", "ORONASAL"]),
                tamano_mascara=rng.choice(["SMALL", "MEDIUM", "LARGE"]),
            ),
            ingreso,
            user,
        )
    if index % 3 == 0:
        register_record(
            models.Psicologia(
                fecha_atencion=_date_between(rng, start, last_possible),
                inventario_depre_beck=rng.randint(0, 40),
                inventario_ansiedad_beck=rng.randint(0, 35),
                calidad=rng.randint(1, 20),
                cantidad=rng.randint(1, 20),
            ),
            ingreso,
            user,
        )
    if index % 5 == 0:
        register_record(
            models.SeguimientoAdaptacion(
                fecha_atencion=_date_between(rng, start, last_possible),
                observaciones="Llamada telefónica: refiere buena tolerancia a la mascarilla.",
            ),
            ingreso,
            user,
        )

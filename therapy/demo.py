"""Device nights for the demo data set, imported through the same service as the uploads."""

import datetime
import random
from decimal import Decimal

from patients.models import today
from therapy.readers import NightRow
from therapy.services import import_nights

#: (probability of using the device, mean minutes, nights of silence before today)
PROFILES = ((0.95, 400, 0), (0.8, 300, 0), (0.5, 200, 0), (0.9, 380, 25))


def add_demo_nights(index: int, ingreso, rng: random.Random, user) -> None:
    """One in three cycles gets every night since it started from a ResMed: adherent, borderline, poor, or
    adherent but silent for 25 nights, so the dashboard's verdicts and follow-up list fill.

    The shared ``rng`` is left alone (the nights draw from their own sequence); ``user`` is not
    used: device nights carry no author."""
    if index % 3:
        return
    rng = random.Random(index)  # own sequence: the rest of the demo data stays the same
    use, mean, silence = PROFILES[index // 3 % len(PROFILES)]
    last = today() - datetime.timedelta(days=1 + silence)
    first = ingreso.fecha_inicio
    rows = [
        NightRow(
            noche=first + datetime.timedelta(days=day),
            serial=f"2318{index:07d}",
            minutos_uso=max(0, min(720, round(rng.gauss(mean, 60)))) if rng.random() < use else 0,
            iah=Decimal(rng.randint(5, 60)) / 10,
            presion_p95=Decimal(rng.randint(80, 130)) / 10,
            modo="CPAP",
        )
        for day in range((last - first).days + 1)
    ]
    if rows:
        import_nights(ingreso, rows, "demo/STR.edf")

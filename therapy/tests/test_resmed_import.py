"""ResMed STR.edf files written in the device's layout give the exact expected figures."""

from decimal import Decimal

import pytest

from patients.choices import Veredicto
from therapy import selectors, services
from therapy.models import NocheTerapia, ResumenAdherencia
from therapy.readers import read_device_file
from therapy.synthetic import Night, str_edf
from therapy.tests.conftest import days

pytestmark = pytest.mark.django_db

SPLIT = ((600, 700), (720, 900), (1000, 1100))  # three mask sessions: 100 + 180 + 100 minutes


def thirty_nights() -> list[Night | None]:
    """Cycle days 0–29: off on days 3 and 10, unused on day 7, split into sessions on day 12,
    7 h with AHI 2 before day 20 and 3 h with AHI 6 from then on."""
    pattern = []
    for day in range(30):
        if day in (3, 10):
            pattern.append(None)
        elif day == 7:
            pattern.append(Night(0))
        elif day == 12:
            pattern.append(Night(380, ahi=4.0, sessions=SPLIT))
        elif day < 20:
            pattern.append(Night(420, ahi=2.0, leak_lps=0.3))
        else:
            pattern.append(Night(180, ahi=6.0, leak_lps=0.3))
    return pattern


def test_thirty_nights_with_gaps_sessions_and_nights_before_the_cycle(cycle_started):
    ingreso = cycle_started(40)
    start = ingreso.fecha_inicio
    data = str_edf(start - days(5), [Night(300)] * 5 + thirty_nights(), serial="23181234567")

    report = services.import_device_file(ingreso, "STR.edf", data)

    assert (report.nuevas, report.actualizadas) == (28, 0)
    assert report.fuera_del_ciclo == [start - days(n) for n in range(5, 0, -1)]
    assert report.seriales == ["23181234567"]
    split = NocheTerapia.objects.get(ingreso=ingreso, noche=start + days(12))
    assert (split.minutos_uso, split.sesiones, split.iah) == (380, 3, Decimal("4.00"))
    assert NocheTerapia.objects.get(noche=start + days(1)).fuga_p95 == Decimal("18.00")  # 0.3 L/s
    assert not NocheTerapia.objects.filter(noche__in=[start + days(3), start + days(10)]).exists()

    figures = selectors.window_figures(ingreso, start, start + days(29))
    assert (figures.noches, figures.noches_con_datos, figures.noches_usadas, figures.noches_con_horas) == (
        30,
        28,
        27,
        17,
    )
    assert figures.pct_usadas == Decimal("90.00")
    assert figures.pct_con_horas == Decimal("56.67")
    assert figures.horas_media == Decimal("5.49")  # 8900 min / 27 nights
    assert figures.iah_residual == Decimal("2.89")  # 25760 / 8900, weighted by minutes
    assert figures.presion == Decimal("10.00")
    assert figures.modo == "CPAP"
    # Still inside the first 90 days: a window from day 21 could still reach 21 nights.
    assert ResumenAdherencia.objects.get(ingreso=ingreso).veredicto == Veredicto.EN_RIESGO


def _four_hundred_nights() -> list[Night | None]:
    """Cycle days −2…397: 6 h on three nights of four, off on days 50, 150, 250, 350."""
    return [
        None if day % 100 == 50 else Night(0 if day % 4 == 3 else 360, ahi=1.5, pressure=11.5, mode=1)
        for day in range(-2, 398)
    ]


def test_four_hundred_nights(cycle_started):
    ingreso = cycle_started(420)
    start = ingreso.fecha_inicio
    report = services.import_device_file(ingreso, "STR.edf", str_edf(start - days(2), _four_hundred_nights()))

    assert report.nuevas == 398 - 4 and len(report.fuera_del_ciclo) == 2
    figures = selectors.window_figures(ingreso, start, start + days(397))
    # Days 0–397 with day % 4 != 3: 299 nights, minus the four days the device was off.
    assert (figures.noches, figures.noches_usadas, figures.noches_con_horas) == (398, 295, 295)
    assert figures.pct_usadas == figures.pct_con_horas == Decimal("74.12")
    assert figures.horas_media == Decimal("6.00")
    assert (figures.iah_residual, figures.presion, figures.modo) == (
        Decimal("1.50"),
        Decimal("11.50"),
        "CPAP",
    )
    summary = ResumenAdherencia.objects.get(ingreso=ingreso)
    # 23 of the first 30 nights and 23 of the last 30 reach 4 h.
    assert (summary.inicial_mejor_noches, summary.ultima_ventana_noches) == (23, 23)
    assert summary.ultima_noche == start + days(397)
    assert summary.veredicto == Veredicto.CUMPLE


def test_an_sd_card_zip_is_read_through_its_str_edf(cycle_started):
    import io
    import zipfile

    ingreso = cycle_started(10)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("SD/Identification.tgt", "#SRN 23181234567")
        archive.writestr("SD/STR.edf", str_edf(ingreso.fecha_inicio, [Night(300)] * 5))
    name, rows = read_device_file("tarjeta.zip", buffer.getvalue())
    assert name == "tarjeta.zip/SD/STR.edf" and len(rows) == 5

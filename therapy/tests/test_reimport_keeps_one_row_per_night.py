"""Importing the same data twice, or a CSV overlapping an SD card, keeps one row per night."""

import pytest

from therapy import services
from therapy.models import NocheTerapia
from therapy.synthetic import Night, str_edf
from therapy.tests.conftest import days

pytestmark = pytest.mark.django_db
SERIAL = "23181234567"


def test_the_same_file_twice(cycle_started):
    ingreso = cycle_started(20)
    data = str_edf(ingreso.fecha_inicio, [Night(300)] * 15, serial=SERIAL)
    first = services.import_device_file(ingreso, "STR.edf", data)
    second = services.import_device_file(ingreso, "STR.edf", data)
    assert (first.nuevas, first.actualizadas) == (15, 0)
    assert (second.nuevas, second.actualizadas) == (0, 15)
    assert NocheTerapia.objects.count() == 15


def test_a_csv_overlapping_the_sd_card(cycle_started):
    ingreso = cycle_started(20)
    start = ingreso.fecha_inicio
    services.import_device_file(ingreso, "STR.edf", str_edf(start, [Night(300)] * 10, serial=SERIAL))
    csv = "fecha;minutos;iah;fuga;presion;serial\n" + "\n".join(
        f"{(start + days(d)).isoformat()};200;3;10;9;{SERIAL}" for d in range(5, 15)
    )
    report = services.import_device_file(ingreso, "export.csv", csv.encode())
    assert (report.nuevas, report.actualizadas) == (5, 5)
    assert NocheTerapia.objects.count() == 15
    assert NocheTerapia.objects.values("noche").distinct().count() == 15
    overlapped = NocheTerapia.objects.get(noche=start + days(7))
    assert (overlapped.minutos_uso, overlapped.archivo) == (200, "export.csv")

"""The documented CSV: either separator, hours or minutes, exact figures."""

from decimal import Decimal

import pytest
from django.conf import settings

from therapy import selectors, services
from therapy.models import NocheTerapia
from therapy.tests.conftest import days

pytestmark = pytest.mark.django_db


def test_semicolon_csv_with_hours_and_decimal_commas(cycle_started):
    ingreso = cycle_started(10)
    start = ingreso.fecha_inicio
    lines = ["Fecha;Horas;IAH;Fuga;Presión;Serial;Modo"]
    lines += [
        f"{(start + days(d)).strftime('%d/%m/%Y')};{h};{a};20;9,5;P-77;CPAP"
        for d, h, a in [(0, "6,5", "2,1"), (1, "0", ""), (2, "4", "3,9"), (3, "3,5", "5")]
    ]
    lines.append(f"{(start - days(1)).isoformat()};7;1;20;9,5;P-77;CPAP")
    report = services.import_device_file(ingreso, "noches.csv", "\n".join(lines).encode())
    assert (report.nuevas, len(report.fuera_del_ciclo)) == (4, 1)
    figures = selectors.window_figures(ingreso, start, start + days(3))
    assert (figures.noches_usadas, figures.noches_con_horas) == (3, 2)
    assert figures.pct_usadas == Decimal("75.00") and figures.pct_con_horas == Decimal("50.00")
    assert figures.horas_media == Decimal("4.67")  # (390 + 240 + 210) / 3 / 60
    assert figures.iah_residual == Decimal("3.34")  # (2.1·390 + 3.9·240 + 5·210) / 840
    assert figures.presion == Decimal("9.50")


def test_comma_csv_with_minutes(cycle_started):
    ingreso = cycle_started(10)
    start = ingreso.fecha_inicio
    text = "fecha,minutos,iah,fuga,presion,serial\n" + "\n".join(
        f"{(start + days(d)).isoformat()},{m},1.25,10,8,BMC-1" for d, m in [(0, 300), (1, 239), (2, 241)]
    )
    services.import_device_file(ingreso, "bmc.csv", text.encode())
    assert list(NocheTerapia.objects.order_by("noche").values_list("minutos_uso", flat=True)) == [
        300,
        239,
        241,
    ]
    assert selectors.window_figures(ingreso, start, start + days(2)).noches_con_horas == 2


def test_the_downloadable_template_is_a_valid_csv():
    from therapy.readers import read_device_file

    path = settings.BASE_DIR / "static" / "therapy" / "plantilla_noches.csv"
    name, rows = read_device_file(path.name, path.read_bytes())
    assert len(rows) == 3 and rows[0].minutos_uso == 390

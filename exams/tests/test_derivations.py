"""Clinical derivations and their boundaries (pure functions and model saves)."""

from decimal import Decimal

import pytest

from exams import clinical
from exams.models import Monitoreo, PolisomnografiaBasal, Psicologia

D = Decimal


@pytest.mark.parametrize(
    ("iah", "severity"),
    [
        ("0", "NORMAL"),
        ("4.99", "NORMAL"),
        ("5", "LEVE"),
        ("14.99", "LEVE"),
        ("15", "MODERADA"),
        ("29.99", "MODERADA"),
        ("30", "GRAVE"),
        ("120", "GRAVE"),
    ],
)
def test_apnea_severity_boundaries(iah, severity):
    assert clinical.apnea_severity(D(iah)) == severity


@pytest.mark.parametrize(
    ("basal", "residual", "expected"),
    [
        ("32", "4", D("87.50")),
        ("10", "10", D("0.00")),
        ("10", "12", D("-20.00")),
        ("3", "1", D("66.67")),
        ("0", "4", None),  # no basal study: undefined, not 100 % nor an error
        (None, "4", None),
    ],
)
def test_correction_percentage(basal, residual, expected):
    assert clinical.correction_percentage(D(basal) if basal else basal, D(residual)) == expected


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "Mínima"),
        (13, "Mínima"),
        (14, "Leve"),
        (19, "Leve"),
        (20, "Moderada"),
        (28, "Moderada"),
        (29, "Grave"),
        (63, "Grave"),
    ],
)
def test_bdi_bands(score, band):
    assert clinical.bdi_band(score) == band


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "Mínima"),
        (7, "Mínima"),
        (8, "Leve"),
        (15, "Leve"),
        (16, "Moderada"),
        (25, "Moderada"),
        (26, "Grave"),
        (63, "Grave"),
    ],
)
def test_bai_bands(score, band):
    assert clinical.bai_band(score) == band


def test_derived_fields_are_computed_on_save_whatever_was_set():
    psg = PolisomnografiaBasal(iah=D("15"), severidad_apnea="NORMAL")
    psg.derive()
    assert psg.severidad_apnea == "MODERADA"
    psychology = Psicologia(calidad=7, cantidad=9, total=99)
    psychology.derive()
    assert psychology.total == 16


@pytest.mark.parametrize(("days", "adherent"), [("69.99", False), ("70", True), ("100", True)])
def test_adherence_threshold(days, adherent, settings):
    assert Monitoreo(dias_uso_horas_4=D(days)).adherente is adherent
    settings.DATAMED_ADHERENCE_THRESHOLD_PCT = 60
    assert Monitoreo(dias_uso_horas_4=D("65")).adherente is True

"""Clinical derivations with their sources. Pure functions: no database, easy to test."""

from decimal import ROUND_HALF_UP, Decimal

from exams.choices import SeveridadApnea


def apnea_severity(iah: Decimal) -> str:
    """AASM severity of obstructive sleep apnea from the apnea-hypopnea index (events/h).

    <5 normal, 5–<15 mild, 15–<30 moderate, ≥30 severe (AASM, ICSD-3).
    """
    if iah < 5:
        return SeveridadApnea.NORMAL
    if iah < 15:
        return SeveridadApnea.LEVE
    if iah < 30:
        return SeveridadApnea.MODERADA
    return SeveridadApnea.GRAVE


def correction_percentage(basal: Decimal | None, residual: Decimal | None) -> Decimal | None:
    """Share of the basal AHI removed by therapy: (basal − residual) / basal · 100.

    Undefined (None) without a basal study (basal 0) or without a residual value.
    """
    if not basal or residual is None:
        return None
    value = (Decimal(basal) - Decimal(residual)) / Decimal(basal) * 100
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _band(score: int | None, bands: list[tuple[int, str]]) -> str:
    if score is None:
        return ""
    for upper, label in bands:
        if score <= upper:
            return label
    return bands[-1][1]


def bdi_band(score: int | None) -> str:
    """Beck Depression Inventory II: 0–13 minimal, 14–19 mild, 20–28 moderate, 29–63 severe."""
    return _band(score, [(13, "Mínima"), (19, "Leve"), (28, "Moderada"), (63, "Grave")])


def bai_band(score: int | None) -> str:
    """Beck Anxiety Inventory: 0–7 minimal, 8–15 mild, 16–25 moderate, 26–63 severe."""
    return _band(score, [(7, "Mínima"), (15, "Leve"), (25, "Moderada"), (63, "Grave")])

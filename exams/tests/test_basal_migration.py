"""exams 0006: a monitoring's basal IAH of 0 copied without a basal study becomes empty; a 0
measured by a valid basal study of the cycle stays; backwards, empty becomes 0 again."""

import datetime
from decimal import Decimal

import pytest

MIGRATION = ("exams", "0006_monitoreo_basal_empty_without_study")
BEFORE = ("exams", "0005_psicologia_escala_atenas")
DAY = datetime.date(2025, 1, 10)


def _cycle(apps, documento: str):
    patient = apps.get_model("patients", "Patient").objects.create(
        nombre="Ana",
        apellido="Ardila",
        tipo_documento="CC",
        documento=documento,
        fecha_nacimiento=datetime.date(1970, 1, 1),
        genero="F",
        ciudad="BUCARAMANGA",
        estado_civil="CASADO",
        entidad_salud="SANITAS",
        estrato=3,
    )
    return apps.get_model("patients", "Ingreso").objects.create(paciente=patient, fecha_inicio=DAY)


def _monitoring(apps, cycle, basal):
    return (
        apps.get_model("exams", "Monitoreo")
        .objects.create(
            ingreso=cycle,
            fecha_atencion=DAY,
            uso_diario=90,
            dias_uso_horas_4=80,
            horas_uso_diario=6,
            hipopnea_basal=basal,
            hipopnea_residual=4,
            modo_ventilatorio="CPAP",
            presion_ipap=10,
            mascara_cpap="NASAL",
            tamano_mascara="MEDIUM",
        )
        .pk
    )


@pytest.mark.django_db
def test_zeros_without_a_basal_study_become_empty_and_back(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    without_study = _monitoring(old.apps, _cycle(old.apps, "1"), 0)
    measured_cycle = _cycle(old.apps, "2")
    old.apps.get_model("exams", "PolisomnografiaBasal").objects.create(
        ingreso=measured_cycle, fecha_basal=DAY, iah=0, severidad_apnea="NORMAL", ido=0, eficiencia=90
    )
    measured_zero = _monitoring(old.apps, measured_cycle, 0)
    copied = _monitoring(old.apps, _cycle(old.apps, "3"), 32)

    new = migrator.apply_tested_migration(MIGRATION)
    basal = dict(new.apps.get_model("exams", "Monitoreo").objects.values_list("pk", "hipopnea_basal"))
    assert basal == {without_study: None, measured_zero: Decimal("0.00"), copied: Decimal("32.00")}

    back = migrator.apply_tested_migration(BEFORE)
    basal = dict(back.apps.get_model("exams", "Monitoreo").objects.values_list("pk", "hipopnea_basal"))
    assert basal == {without_study: 0, measured_zero: 0, copied: 32}

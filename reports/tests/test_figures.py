"""Each figure of the report against the hand-built month of ``world.py`` (March 2025, Sanitas)."""

import datetime

import pytest

from careplan.models import ItemPlan
from reports import selectors
from reports.months import Month
from reports.tests.world import MONTH, build_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures():
    build_month()
    return selectors.program_figures("SANITAS", MONTH)


def test_patients_active_on_the_first_and_last_day(figures):
    # First day: A, C, E, V, I (B not started, D and R suspended).
    assert figures["pacientes_activos_inicio"] == 5
    # Last day: A, B, R (reactivated), V, I (closed that day) — not C (closed), E and D (suspended).
    assert figures["pacientes_activos_fin"] == 5
    assert figures["suspendidos_fin"] == 2


def test_admissions_and_closures_by_reason(figures):
    assert figures["ingresos"] == 1
    assert figures["egresos"]["total"] == 2
    assert figures["egresos"]["por_motivo"]["FALLECIMIENTO"] == 1
    assert figures["egresos"]["por_motivo"]["EGRESO_COMPLETO"] == 1
    assert figures["egresos"]["por_motivo"]["EGRESO_ANTICIPADO"] == 0  # H closed in February


def test_capita_of_cycles_active_some_day_in_months_1_to_18(figures):
    # A, B, C, E, R and I; not D (suspended all month), V (month 20), H, G.
    assert figures["capita"] == {"ciclos": 6, "valor": "1550000.00", "vencidos_sin_facturar": 1}


def test_attentions_per_discipline_without_voided_lines(figures):
    attentions = figures["atenciones"]
    assert attentions["total"] == 7
    assert attentions["por_tipo"] == {
        "Monitoreo": 3,
        "Psicologia": 1,
        "Nutricion": 1,
        "Neumologia": 1,
        "SeguimientoAdaptacion": 1,
    }
    assert attentions["por_disciplina"] == {
        "Terapia respiratoria": 4,
        "Psicología": 1,
        "Nutrición": 1,
        "Neumología": 1,
    }


def test_monitored_cycles_and_adherence(figures):
    monitoring = figures["monitoreo"]
    # A, E, I by their monitoring of the month; V by its device; B's only one is voided.
    assert monitoring["ciclos_monitoreados"] == 4
    assert monitoring["adherentes"] == 3  # A (80 %), I (90 %), V (device CUMPLE)
    assert monitoring["porcentaje_adherentes"] == 75.0
    assert monitoring["juzgados_por_equipo"] == 1


def test_residual_ahi_among_monitored(figures):
    monitoring = figures["monitoreo"]
    # A 3, E 7, I 12, V 2.5 (device nights weighted by hours: (2·300 + 4·100) / 400).
    assert monitoring["con_iah_residual"] == 4
    assert monitoring["iah_residual_menor_5"] == 2
    assert monitoring["porcentaje_iah_menor_5"] == 50.0
    assert monitoring["iah_residual_menor_10"] == 3
    assert monitoring["porcentaje_iah_menor_10"] == 75.0


def test_days_from_cycle_start_to_equipment(figures):
    a_days = (datetime.date(2025, 3, 21) - datetime.date(2024, 6, 10)).days
    assert a_days == 284
    # 10 (B), 100 (C, not its voided delivery), 120 (E), 284 (A); I's first was in 2023.
    assert figures["basal_a_cpap"] == {"entregas": 4, "mediana_dias": 110.0, "p90_dias": 284}


def test_protocol_compliance_counts_the_plan_items_whose_window_closed_in_the_month(figures):
    closed = ItemPlan.objects.filter(
        entidad_salud="SANITAS", ventana_fin__gte=MONTH.first, ventana_fin__lte=MONTH.last, no_aplica=""
    )
    done = closed.filter(cumplido_el__isnull=False).count()
    assert closed.count() > done > 0  # the hand-built month has items of both kinds
    assert figures["cumplimiento_protocolo"] == {
        "items_cerrados": closed.count(),
        "cumplidos": done,
        "porcentaje": round(100 * done / closed.count(), 1),
    }


def test_trend_ends_with_the_month_and_agrees_with_it(figures):
    trend = figures["tendencia"]
    assert [row["mes"] for row in trend][0] == "2024-04"
    last = trend[-1]
    assert last == {
        "mes": "2025-03",
        "pacientes_activos_fin": 5,
        "ingresos": 1,
        "egresos": 2,
        "capita_valor": "1550000.00",
        "atenciones": 7,
    }
    february = trend[-2]
    # February: H closed on its last day (active then); R and D suspended; B not started.
    assert february["mes"] == "2025-02"
    assert february["egresos"] == 1
    assert february["pacientes_activos_fin"] == 6  # A, C, E, V, I, H
    assert february["atenciones"] == 1  # A's monitoring of 20 February


def test_a_month_read_from_the_history_of_later_changes():
    cycles = build_month()
    february = selectors.program_figures("SANITAS", Month(2025, 2), with_trend=False)
    # R was suspended on 15 January and reactivated on 25 March: suspended all February.
    # E was suspended in March: active all February. D was suspended on 10 February.
    assert february["suspendidos_fin"] == 2  # R, D
    assert february["capita"]["ciclos"] == 6  # A, C, D (active until the 10th), E, I, H
    assert cycles["R"].estado == "ACTIVO"


def test_median_and_percentile():
    assert selectors.median_and_p90([]) == (None, None)
    assert selectors.median_and_p90([(7, 1)]) == (7.0, 7)
    assert selectors.median_and_p90([(1, 1), (2, 1), (3, 1)]) == (2.0, 3)
    assert selectors.median_and_p90([(i, 1) for i in range(1, 11)]) == (5.5, 9)


def test_month_parsing():
    assert Month.parse("2026-11").last == datetime.date(2026, 11, 30)
    assert Month.parse("2028-02").last == datetime.date(2028, 2, 29)
    assert str(Month(2026, 1).minus(1)) == "2025-12"
    for bad in ("2026-13", "26-11", "2026/11", ""):
        with pytest.raises(ValueError):
            Month.parse(bad)

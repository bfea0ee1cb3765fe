"""One definition of adherence: the rule of the patient's EPS (hours per night, share of nights,
window) drives the monitoring pre-filled from the device, ``Monitoreo.adherente``, the
dashboard's figure and the device verdict alike. Cycles start 60 days before today and their
nights run from the start to before today: valid on any day."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dashboard.selectors import adherence_summary
from exams.models import Monitoreo
from exams.tests.factories import register_monitoring
from patients.choices import EntidadSalud, Veredicto
from patients.models import Ingreso
from therapy import selectors, services
from therapy.models import ReglaAdherencia, rule_for
from therapy.synthetic import Night, str_edf
from therapy.tests.conftest import days

pytestmark = pytest.mark.django_db

FOUR_AND_A_HALF_HOURS, FIVE_AND_A_HALF_HOURS = Night(270), Night(330)


@pytest.fixture
def strict_rule():
    """Sanitas asks ≥ 5 h on ≥ 80 % of 20 consecutive nights."""
    ReglaAdherencia.objects.update_or_create(
        entidad_salud=EntidadSalud.SANITAS,
        defaults={"horas_noche": Decimal("5"), "porcentaje_noches": Decimal("80"), "ventana_noches": 20},
    )


def _import(ingreso: Ingreso, nights: list[Night]) -> None:
    services.import_device_file(ingreso, "STR.edf", str_edf(ingreso.fecha_inicio, nights))


def _active_adherence() -> tuple[int, int]:
    figures = adherence_summary(Ingreso.objects.active().count())
    return figures["monitored"], figures["adherent"]


def test_a_rule_of_five_hours_and_eighty_percent_is_used_everywhere(
    strict_rule, cycle_started, client_logged, coordinator
):
    sanitas = cycle_started(60, entidad_salud=EntidadSalud.SANITAS)
    ecopetrol = cycle_started(60, entidad_salud=EntidadSalud.ECOPETROL)  # the default rule: 4 h, 70 %
    nights = [FOUR_AND_A_HALF_HOURS] * 10 + [FIVE_AND_A_HALF_HOURS] * 20
    _import(sanitas, nights)
    _import(ecopetrol, nights)

    # The pre-filled monitoring counts the nights with the rule's hours, over the rule's window.
    panel = selectors.clinical_panel(sanitas, [], [])
    start, end = panel["window_start"], panel["window_end"]
    assert (start, end) == (sanitas.fecha_inicio + days(10), sanitas.fecha_inicio + days(29))  # 20 nights
    assert panel["charts"]["nights"]["threshold"] == 5.0
    assert panel["charts"]["nights"]["meeting_hours"] == 20
    url = reverse("exams:register", args=[sanitas.paciente_id, "monitoreo"])
    whole = f"{url}?desde={sanitas.fecha_inicio.isoformat()}&hasta={end.isoformat()}"
    initial = client_logged.get(whole).context["tabs"][0][1].initial
    assert str(initial["dias_uso_horas_4"]) == "66.67"  # 20 of 30 nights ≥ 5 h (all 30 are ≥ 4 h)
    whole_window = {"desde": ecopetrol.fecha_inicio.isoformat(), "hasta": end.isoformat()}
    assert str(selectors.monitoring_initial(ecopetrol, whole_window)["dias_uso_horas_4"]) == "100.00"

    # Monitoreo.adherente: 75 % misses Sanitas's 80 % and meets the default 70 %.
    strict = register_monitoring(sanitas, coordinator, days4=str(initial["dias_uso_horas_4"]))
    assert not Monitoreo.objects.get(pk=strict.pk).adherente
    register_monitoring(sanitas, coordinator, days4="75")
    register_monitoring(ecopetrol, coordinator, days4="75")
    latest = {
        m.ingreso_id: m for m in Monitoreo.objects.select_related("ingreso").filter(dias_uso_horas_4=75)
    }
    assert (latest[sanitas.pk].adherente, latest[ecopetrol.pk].adherente) == (False, True)

    # The dashboard's figure judges each cycle's latest monitoring by its EPS's rule.
    assert _active_adherence() == (2, 1)

    # The device verdict: the same nights meet Sanitas's rule from the 11th night on.
    sanitas.refresh_from_db()
    summary = sanitas.resumen_adherencia
    assert (summary.horas_noche, summary.porcentaje_noches, summary.ventana_noches) == (5, 80, 20)
    assert summary.noches_requeridas == 16
    assert (summary.veredicto, sanitas.veredicto_equipo) == (Veredicto.CUMPLE, Veredicto.CUMPLE)


def test_nights_of_four_and_a_half_hours_do_not_meet_a_rule_of_five(strict_rule, cycle_started):
    sanitas = cycle_started(60, entidad_salud=EntidadSalud.SANITAS)
    ecopetrol = cycle_started(60, entidad_salud=EntidadSalud.ECOPETROL)
    for ingreso in (sanitas, ecopetrol):
        _import(ingreso, [FOUR_AND_A_HALF_HOURS] * 30)
        ingreso.refresh_from_db()
    assert sanitas.resumen_adherencia.inicial_mejor_noches == 0
    assert sanitas.veredicto_equipo != Veredicto.CUMPLE
    assert ecopetrol.veredicto_equipo == Veredicto.CUMPLE
    end = sanitas.fecha_inicio + days(29)
    figures = selectors.window_figures(sanitas, sanitas.fecha_inicio, end)
    assert (figures.noches_con_horas, figures.pct_con_horas) == (0, Decimal("0"))


def test_a_changed_rule_judges_the_stored_monitorings_again(strict_rule, cycle_started, coordinator):
    sanitas = cycle_started(60, entidad_salud=EntidadSalud.SANITAS)
    monitoring = register_monitoring(sanitas, coordinator, days4="75")
    assert _active_adherence() == (1, 0)
    ReglaAdherencia.objects.filter(entidad_salud=EntidadSalud.SANITAS).update(porcentaje_noches=Decimal("75"))
    assert _active_adherence() == (1, 1)
    assert Monitoreo.objects.get(pk=monitoring.pk).adherente


def test_the_setting_is_only_the_default_of_a_new_rule(settings):
    settings.DATAMED_ADHERENCE_THRESHOLD_PCT = 65
    ReglaAdherencia.objects.filter(entidad_salud=EntidadSalud.ECOPETROL).delete()
    assert rule_for(EntidadSalud.ECOPETROL).porcentaje_noches == Decimal("65")
    assert rule_for(EntidadSalud.SANITAS).porcentaje_noches == Decimal("70")  # its own rule

"""Judge the stored verdicts again with the initial period counted from the therapy start.

Until now the first ``dias_iniciales`` days counted from the cycle's start (admission); SPEC §8
counts them from the start of therapy: the device's delivery (the earliest valid equipment
record of the cycle) or the first night with data, whichever is earlier. Every stored
``ResumenAdherencia`` is recomputed with the rule figures it stores (the rule it was judged
by), and the cycle's copy of the verdict follows (the database's count triggers keep the
dashboard's counts in the same statement).

Reverse: recomputes with the old rule (the initial period from the cycle's start), so going
back restores the verdicts the previous code would store. Both directions evaluate with the
pure rule engine (``therapy.adherence``), whose ``evaluate`` takes the start of the period.
"""

from django.db import migrations
from django.db.models import Min, Sum
from django.utils import timezone

from therapy import adherence

def _recompute(apps, schema_editor, *, from_therapy: bool) -> None:
    alias = schema_editor.connection.alias
    ResumenAdherencia = apps.get_model("therapy", "ResumenAdherencia")
    NocheTerapia = apps.get_model("therapy", "NocheTerapia")
    EquipoMedico = apps.get_model("exams", "EquipoMedico")
    Ingreso = apps.get_model("patients", "Ingreso")
    on = timezone.localdate()
    summaries = ResumenAdherencia.objects.using(alias).select_related("ingreso").order_by("id")
    for summary in summaries.iterator(chunk_size=500):
        minutes = dict(
            NocheTerapia.objects.using(alias)
            .filter(ingreso_id=summary.ingreso_id)
            .values("noche")
            .annotate(total=Sum("minutos_uso"))
            .values_list("noche", "total")
        )
        if from_therapy:
            delivered = (
                EquipoMedico.objects.using(alias)
                .filter(ingreso_id=summary.ingreso_id, anulado=False)
                .aggregate(first=Min("fecha_atencion"))["first"]
            )
            start = adherence.therapy_start(delivered, min(minutes, default=None))
            period_start = start
        else:  # the old rule: the initial period from the cycle's start, no therapy start stored
            delivered, start, period_start = None, None, summary.ingreso.fecha_inicio
        rule = adherence.Rule(
            int(summary.horas_noche * 60),
            summary.noches_requeridas,
            summary.ventana_noches,
            summary.dias_iniciales,
        )
        result = adherence.evaluate(rule, period_start, minutes, on)
        ResumenAdherencia.objects.using(alias).filter(pk=summary.pk).update(
            veredicto=result.verdict,
            entrega_equipo=delivered,
            inicio_terapia=start,
            ultima_noche=result.last_night,
            noches_con_datos=result.nights_with_data,
            inicial_cumplida=result.initial_met,
            inicial_mejor_noches=max(0, result.initial_best_nights),
            inicial_mejor_inicio=result.initial_best_start,
            ultima_ventana_noches=result.last_window_nights,
            ultima_ventana_inicio=result.last_window_start,
        )
        Ingreso.objects.using(alias).filter(pk=summary.ingreso_id).exclude(
            veredicto_equipo=result.verdict
        ).update(veredicto_equipo=result.verdict)


def from_therapy_start(apps, schema_editor):
    _recompute(apps, schema_editor, from_therapy=True)


def from_cycle_start(apps, schema_editor):
    _recompute(apps, schema_editor, from_therapy=False)


class Migration(migrations.Migration):
    dependencies = [
        ("therapy", "0003_resumen_therapy_start"),
        ("exams", "0001_initial"),
        ("patients", "0007_cycle_device_verdict_copy"),
    ]

    operations = [migrations.RunPython(from_therapy_start, from_cycle_start)]

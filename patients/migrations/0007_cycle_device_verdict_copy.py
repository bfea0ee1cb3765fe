"""Copy each cycle's device verdict and last night with data from its adherence summary onto
the cycle, so the dashboard's device panel counts and pages the active cycles along one index
(``ingreso_state_verdict_idx``) instead of joining every active cycle with the summaries. Kept
in step by ``therapy.services.refresh_summary`` through ``exams.services.refresh_cycle_summaries``.

The no-attention index gains the two dates behind its expression (``ingreso_attention_cover_idx``):
PostgreSQL then counts the cycles without recent attention from the index alone.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery
import django.db.models.functions.comparison


def copy_verdicts(apps, schema_editor):
    Ingreso = apps.get_model("patients", "Ingreso")
    ResumenAdherencia = apps.get_model("therapy", "ResumenAdherencia")
    summary = ResumenAdherencia.objects.filter(ingreso=OuterRef("pk"))
    Ingreso.objects.using(schema_editor.connection.alias).filter(resumen_adherencia__isnull=False).update(
        veredicto_equipo=Subquery(summary.values("veredicto")[:1]),
        ultima_noche_equipo=Subquery(summary.values("ultima_noche")[:1]),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('patients', '0006_cycle_patient_name_copy'),
        ('therapy', '0002_rules_for_coordinators'),
    ]

    operations = [
        migrations.AddField(
            model_name='ingreso',
            name='ultima_noche_equipo',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='última noche con datos del equipo'),
        ),
        migrations.AddField(
            model_name='ingreso',
            name='veredicto_equipo',
            field=models.CharField(choices=[('CUMPLE', 'Cumple'), ('EN_RIESGO', 'En riesgo'), ('NO_CUMPLE', 'No cumple'), ('SIN_DATOS', 'Sin datos')], db_default='SIN_DATOS', default='SIN_DATOS', editable=False, max_length=10, verbose_name='veredicto del equipo'),
        ),
        # Reversed, the columns are dropped by the AddField operations: nothing to undo here.
        migrations.RunPython(copy_verdicts, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name='ingreso',
            index=models.Index(fields=['estado', 'veredicto_equipo', 'ultima_noche_equipo', 'fecha_inicio', 'id'], name='ingreso_state_verdict_idx'),
        ),
        # The new no-attention index is built before the old one goes, so the dashboard never
        # runs without one.
        migrations.AddIndex(
            model_name='ingreso',
            index=models.Index(models.F('estado'), django.db.models.functions.comparison.Coalesce('ultima_atencion', 'fecha_inicio'), models.F('id'), models.F('ultima_atencion'), models.F('fecha_inicio'), name='ingreso_attention_cover_idx'),
        ),
        migrations.RemoveIndex(
            model_name='ingreso',
            name='ingreso_state_attention_idx',
        ),
    ]

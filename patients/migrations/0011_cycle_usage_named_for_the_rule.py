"""The cycle's usage of its latest monitoring is named for what it holds (the % of nights with
the hours of the EPS's rule, not "4 h"), and the cycle keeps the share of nights its EPS's rule
asks (``umbral_adherencia``); the usage counts are keyed by both. Data kept: columns renamed.

The usage count's triggers read the renamed column: they go before the renames and come back
after them with a recount (backwards: the triggers of the earlier key, and its recount).
The share of nights is filled in by the triggers of ``exams 0008``.
"""

from decimal import Decimal

from django.db import migrations, models

import patients.models
from patients import counts

TABLE = "patients_cycle_count_usage"
#: The usage count as it was before this migration (restored by its reversal).
EARLIER_USAGE = counts.CountTable(
    TABLE,
    {"estado": "{row}estado", "uso_horas_4": f"COALESCE({{row}}ultimo_uso_horas_4, {counts.NEVER_MONITORED})"},
    reads=("estado", "ultimo_uso_horas_4"),
)


def drop_usage_triggers(apps, schema_editor):
    counts.drop_cycle_counts(schema_editor.connection, names=(TABLE,))


def restore_earlier_usage_triggers(apps, schema_editor):
    counts.install(schema_editor.connection, (EARLIER_USAGE,))
    counts.rebuild(schema_editor.connection, (EARLIER_USAGE,))


def install_usage_triggers(apps, schema_editor):
    counts.ensure_cycle_counts(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('patients', '0010_cycle_initial_counts'),
    ]

    operations = [
        migrations.RunPython(drop_usage_triggers, restore_earlier_usage_triggers, elidable=False),
        migrations.RenameField(
            model_name='ingreso',
            old_name='ultimo_uso_horas_4',
            new_name='uso_ultimo_monitoreo',
        ),
        migrations.AlterField(
            model_name='ingreso',
            name='uso_ultimo_monitoreo',
            field=models.DecimalField(blank=True, decimal_places=2, editable=False, help_text='Del último monitoreo válido: % de noches con las horas por noche que exige la regla de adherencia de la EPS.', max_digits=5, null=True, verbose_name='noches con las horas de la regla en el último monitoreo (%)'),
        ),
        migrations.AddField(
            model_name='ingreso',
            name='umbral_adherencia',
            field=models.DecimalField(db_default=Decimal('70'), decimal_places=2, default=patients.models.default_adherence_threshold, editable=False, max_digits=5, verbose_name='noches exigidas por la regla de la EPS (%)'),
        ),
        migrations.RemoveConstraint(
            model_name='cyclecountbyusage',
            name='cycle_count_usage_key',
        ),
        migrations.RenameField(
            model_name='cyclecountbyusage',
            old_name='uso_horas_4',
            new_name='uso_ultimo_monitoreo',
        ),
        migrations.AlterField(
            model_name='cyclecountbyusage',
            name='uso_ultimo_monitoreo',
            field=models.DecimalField(decimal_places=2, max_digits=5, verbose_name='noches con las horas de la regla (%)'),
        ),
        migrations.AddField(
            model_name='cyclecountbyusage',
            name='umbral_adherencia',
            field=models.DecimalField(db_default=Decimal('70'), decimal_places=2, max_digits=5, verbose_name='noches exigidas por la regla (%)'),
        ),
        migrations.AddConstraint(
            model_name='cyclecountbyusage',
            constraint=models.UniqueConstraint(fields=('estado', 'uso_ultimo_monitoreo', 'umbral_adherencia'), name='cycle_count_usage_key'),
        ),
        migrations.RunPython(install_usage_triggers, drop_usage_triggers, elidable=False),
    ]

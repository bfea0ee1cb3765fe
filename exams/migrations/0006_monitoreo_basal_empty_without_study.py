"""A monitoring without a basal study keeps its basal IAH empty (null), not 0: a 0 read as a
measured value. Existing zeros become empty unless the cycle has a valid basal study whose IAH
was 0 (the only case where 0 was measured); backwards, empty becomes 0 again."""

import django.core.validators
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


def zeros_to_empty(apps, schema_editor):
    db = schema_editor.connection.alias
    Monitoreo = apps.get_model("exams", "Monitoreo")
    measured_zero = apps.get_model("exams", "PolisomnografiaBasal").objects.using(db).filter(
        ingreso_id=models.OuterRef("ingreso_id"), anulado=False, iah=0
    )
    Monitoreo.objects.using(db).filter(hipopnea_basal=0).exclude(models.Exists(measured_zero)).update(
        hipopnea_basal=None
    )


def empty_to_zeros(apps, schema_editor):
    Monitoreo = apps.get_model("exams", "Monitoreo")
    Monitoreo.objects.using(schema_editor.connection.alias).filter(hipopnea_basal=None).update(
        hipopnea_basal=0
    )


class Migration(migrations.Migration):

    dependencies = [
        ('exams', '0005_psicologia_escala_atenas'),
        ('patients', '0010_cycle_initial_counts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalmonitoreo',
            name='hipopnea_basal',
            field=models.DecimalField(blank=True, decimal_places=2, editable=False, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='IAH basal'),
        ),
        migrations.AlterField(
            model_name='monitoreo',
            name='hipopnea_basal',
            field=models.DecimalField(blank=True, decimal_places=2, editable=False, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='IAH basal'),
        ),
        migrations.RunPython(zeros_to_empty, empty_to_zeros),
    ]

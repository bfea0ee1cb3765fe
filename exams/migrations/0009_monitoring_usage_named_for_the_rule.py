"""The monitoring's `dias_uso_horas_4` (the SPEC's name) says what it holds: the % of nights with
the hours per night of the EPS's adherence rule. Labels only: no change to the table."""

import django.core.validators
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('exams', '0008_cycle_summary_triggers'),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalmonitoreo',
            name='dias_uso_horas_4',
            field=models.DecimalField(decimal_places=2, help_text='Porcentaje de noches con al menos las horas por noche que exige la regla de adherencia de la EPS del paciente (4 h si la EPS no tiene regla propia).', max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='noches con las horas de la regla (%)'),
        ),
        migrations.AlterField(
            model_name='monitoreo',
            name='dias_uso_horas_4',
            field=models.DecimalField(decimal_places=2, help_text='Porcentaje de noches con al menos las horas por noche que exige la regla de adherencia de la EPS del paciente (4 h si la EPS no tiene regla propia).', max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='noches con las horas de la regla (%)'),
        ),
    ]

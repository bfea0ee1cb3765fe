"""A monitoring's window of device nights: both nights or none, the first not after the last."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exams", "0006_monitoreo_basal_empty_without_study"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='monitoreo',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('ventana_fin__isnull', True), ('ventana_inicio__isnull', True)), ('ventana_fin__gte', models.F('ventana_inicio')), _connector='OR'), name='monitoreo_window_in_order', violation_error_message='La primera noche de la ventana no puede ser posterior a la última.'),
        ),
    ]

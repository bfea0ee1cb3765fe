"""Cycles counted per state, device verdict and last night with device data
(``patients/counts.py``): the dashboard's device panel reads these rows instead of the ~8,000
active cycles with device data.

Forwards: the table, then its triggers on ``patients_ingreso`` and a recount. Backwards: its
triggers (and PostgreSQL's function) go, then the table; the other counts keep theirs.
"""

from django.db import migrations, models

from patients import counts

TABLE = "patients_cycle_count_device"


class Migration(migrations.Migration):

    dependencies = [
        ('patients', '0008_cycle_counts'),
    ]

    operations = [
        migrations.CreateModel(
            name='CycleCountByDevice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('total', models.IntegerField(default=0, verbose_name='filas')),
                ('estado', models.CharField(choices=[('ACTIVO', 'Activo'), ('SUSPENDIDO', 'Suspendido'), ('TERMINADO', 'Terminado')], max_length=10, verbose_name='estado')),
                ('veredicto_equipo', models.CharField(choices=[('CUMPLE', 'Cumple'), ('EN_RIESGO', 'En riesgo'), ('NO_CUMPLE', 'No cumple'), ('SIN_DATOS', 'Sin datos')], max_length=10, verbose_name='veredicto del equipo')),
                ('ultima_noche_equipo', models.DateField(verbose_name='última noche con datos del equipo')),
            ],
            options={
                'verbose_name': 'conteo de ciclos por veredicto y última noche del equipo',
                'verbose_name_plural': 'conteos de ciclos por veredicto y última noche del equipo',
                'db_table': 'patients_cycle_count_device',
                'constraints': [models.UniqueConstraint(fields=('estado', 'veredicto_equipo', 'ultima_noche_equipo'), name='cycle_count_device_key')],
            },
        ),
        counts.migration_step((TABLE,)),
    ]

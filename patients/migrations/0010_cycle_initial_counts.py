"""Cycles counted per state and initial of their patient's surname (``patients/counts.py``): a
page of the patient list starts walking the name index at the initial it starts in, found
from these rows, instead of skipping every cycle before it.

Forwards: the table, then its triggers on ``patients_ingreso`` and a recount. Backwards: its
triggers (and PostgreSQL's function) go, then the table; the other counts keep theirs.
"""

from django.db import migrations, models

from patients import counts

TABLE = "patients_cycle_count_initial"


class Migration(migrations.Migration):

    dependencies = [
        ('patients', '0009_cycle_device_counts'),
    ]

    operations = [
        migrations.CreateModel(
            name='CycleCountByInitial',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('total', models.IntegerField(default=0, verbose_name='filas')),
                ('estado', models.CharField(choices=[('ACTIVO', 'Activo'), ('SUSPENDIDO', 'Suspendido'), ('TERMINADO', 'Terminado')], max_length=10, verbose_name='estado')),
                ('inicial', models.CharField(max_length=1, verbose_name='inicial del apellido')),
            ],
            options={
                'verbose_name': 'conteo de ciclos por inicial del apellido',
                'verbose_name_plural': 'conteos de ciclos por inicial del apellido',
                'db_table': 'patients_cycle_count_initial',
                'constraints': [models.UniqueConstraint(fields=('estado', 'inicial'), name='cycle_count_initial_key')],
            },
        ),
        counts.migration_step((TABLE,)),
    ]

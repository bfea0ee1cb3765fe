"""Counts kept by the database (``patients/counts.py``): cycles per state and EPS and program,
start date, latest monitoring's usage, and date the no-attention alert counts from; patients per
EPS and program. The dashboard's figures and the lists' totals read these few rows instead of
counting every active cycle or patient on each request.

Forwards: the five tables, then the triggers on ``patients_ingreso`` and ``patients_patient`` and
a first count of the existing rows. The index `(estado, ultimo_uso_horas_4)`, which
only the adherence figure read, is dropped. Backwards: the index comes back, the triggers (and
PostgreSQL's functions) go, then the tables.
"""

from django.db import migrations, models

from patients import counts


class Migration(migrations.Migration):

    dependencies = [
        ('patients', '0007_cycle_device_verdict_copy'),
    ]

    operations = [
        migrations.CreateModel(
            name='CycleCountByAttention',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('total', models.IntegerField(default=0, verbose_name='filas')),
                ('estado', models.CharField(choices=[('ACTIVO', 'Activo'), ('SUSPENDIDO', 'Suspendido'), ('TERMINADO', 'Terminado')], max_length=10, verbose_name='estado')),
                ('referencia_atencion', models.DateField(verbose_name='referencia de atención')),
            ],
            options={
                'verbose_name': 'conteo de ciclos por fecha de referencia de atención',
                'verbose_name_plural': 'conteos de ciclos por fecha de referencia de atención',
                'db_table': 'patients_cycle_count_attention',
                'constraints': [models.UniqueConstraint(fields=('estado', 'referencia_atencion'), name='cycle_count_attention_key')],
            },
        ),
        migrations.CreateModel(
            name='CycleCountByGroup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('total', models.IntegerField(default=0, verbose_name='filas')),
                ('estado', models.CharField(choices=[('ACTIVO', 'Activo'), ('SUSPENDIDO', 'Suspendido'), ('TERMINADO', 'Terminado')], max_length=10, verbose_name='estado')),
                ('entidad_salud', models.CharField(choices=[('ECOPETROL', 'Ecopetrol'), ('SANITAS', 'Sanitas')], max_length=20, verbose_name='entidad de salud (EPS)')),
                ('programa', models.CharField(choices=[('PROGRAMA AOS', 'Programa AOS'), ('PROGRAMA INSOMNIO', 'Programa Insomnio')], max_length=20, verbose_name='programa')),
            ],
            options={
                'verbose_name': 'conteo de ciclos por EPS y programa',
                'verbose_name_plural': 'conteos de ciclos por EPS y programa',
                'db_table': 'patients_cycle_count_group',
                'constraints': [models.UniqueConstraint(fields=('estado', 'entidad_salud', 'programa'), name='cycle_count_group_key')],
            },
        ),
        migrations.CreateModel(
            name='CycleCountByStart',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('total', models.IntegerField(default=0, verbose_name='filas')),
                ('estado', models.CharField(choices=[('ACTIVO', 'Activo'), ('SUSPENDIDO', 'Suspendido'), ('TERMINADO', 'Terminado')], max_length=10, verbose_name='estado')),
                ('fecha_inicio', models.DateField(verbose_name='fecha de inicio')),
            ],
            options={
                'verbose_name': 'conteo de ciclos por fecha de inicio',
                'verbose_name_plural': 'conteos de ciclos por fecha de inicio',
                'db_table': 'patients_cycle_count_start',
                'constraints': [models.UniqueConstraint(fields=('estado', 'fecha_inicio'), name='cycle_count_start_key')],
            },
        ),
        migrations.CreateModel(
            name='CycleCountByUsage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('total', models.IntegerField(default=0, verbose_name='filas')),
                ('estado', models.CharField(choices=[('ACTIVO', 'Activo'), ('SUSPENDIDO', 'Suspendido'), ('TERMINADO', 'Terminado')], max_length=10, verbose_name='estado')),
                ('uso_horas_4', models.DecimalField(decimal_places=2, max_digits=5, verbose_name='días con uso ≥ 4 h (%)')),
            ],
            options={
                'verbose_name': 'conteo de ciclos por uso del último monitoreo',
                'verbose_name_plural': 'conteos de ciclos por uso del último monitoreo',
                'db_table': 'patients_cycle_count_usage',
                'constraints': [models.UniqueConstraint(fields=('estado', 'uso_horas_4'), name='cycle_count_usage_key')],
            },
        ),
        migrations.CreateModel(
            name='PatientCountByGroup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('total', models.IntegerField(default=0, verbose_name='filas')),
                ('entidad_salud', models.CharField(choices=[('ECOPETROL', 'Ecopetrol'), ('SANITAS', 'Sanitas')], max_length=20, verbose_name='entidad de salud (EPS)')),
                ('programa', models.CharField(choices=[('PROGRAMA AOS', 'Programa AOS'), ('PROGRAMA INSOMNIO', 'Programa Insomnio')], max_length=20, verbose_name='programa')),
            ],
            options={
                'verbose_name': 'conteo de pacientes por EPS y programa',
                'verbose_name_plural': 'conteos de pacientes por EPS y programa',
                'db_table': 'patients_patient_count_group',
                'constraints': [models.UniqueConstraint(fields=('entidad_salud', 'programa'), name='patient_count_group_key')],
            },
        ),
        counts.migration_step(),
        # The adherence figure now comes from the counts per usage: nothing reads this index.
        migrations.RemoveIndex(
            model_name='ingreso',
            name='ingreso_state_usage_idx',
        ),
    ]

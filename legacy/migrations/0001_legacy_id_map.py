from django.db import migrations, models


class Migration(migrations.Migration):
    """``LegacyIdMap`` moves from ``patients`` to this app: only Django's idea of the model moves;
    the table (``patients_legacyidmap``, created by patients 0005) and its rows stay as they are."""

    initial = True

    dependencies = [
        ('patients', '0011_cycle_usage_named_for_the_rule'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='LegacyIdMap',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('tabla', models.CharField(max_length=40, verbose_name='tabla de origen')),
                        ('legacy_id', models.BigIntegerField(verbose_name='id en el origen')),
                        ('new_id', models.BigIntegerField(verbose_name='id en DataMed')),
                    ],
                    options={
                        'verbose_name': 'correspondencia de importación',
                        'verbose_name_plural': 'correspondencias de importación',
                        'db_table': 'patients_legacyidmap',
                        'constraints': [models.UniqueConstraint(fields=('tabla', 'legacy_id'), name='legacy_id_map_unique')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]

from django.db import migrations


class Migration(migrations.Migration):
    """``LegacyIdMap`` now belongs to the ``legacy`` app (its 0001 takes the model over): the
    table stays, only Django's idea of which app owns it changes."""

    dependencies = [
        ('patients', '0011_cycle_usage_named_for_the_rule'),
        ('legacy', '0001_legacy_id_map'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='LegacyIdMap')],
            database_operations=[],
        ),
    ]

"""The database keeps each cycle's summaries (``summaries/triggers.py``): triggers on the attention
log, monitorings, device summaries, adherence rules, patients and cycles recompute the cycle's
columns in the statement that writes them. Forwards: the triggers, then every cycle recomputed
(and, on SQLite, the cycle counts' triggers recreated after these, with a recount). Backwards:
the triggers go (the columns keep their values). The triggers are composed by the
``summaries`` app (above exams), which owns them since."""

from django.db import migrations

from summaries import triggers as summaries


def install(apps, schema_editor):
    summaries.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    summaries.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('exams', '0007_monitoreo_window_in_order'),
        ('patients', '0011_cycle_usage_named_for_the_rule'),
        ('therapy', '0002_rules_for_coordinators'),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]

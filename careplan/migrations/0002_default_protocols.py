"""Load the default protocols of SPEC §10 (AOS and Insomnio), in force for every cycle."""

from django.db import migrations

from careplan import defaults


def load(apps, schema_editor):
    db = schema_editor.connection.alias
    defaults.load(apps.get_model("careplan", "VersionProtocolo"), apps.get_model("careplan", "ItemProtocolo"), db)


def unload(apps, schema_editor):
    ItemPlan = apps.get_model("careplan", "ItemPlan")
    VersionProtocolo = apps.get_model("careplan", "VersionProtocolo")
    db = schema_editor.connection.alias
    ItemPlan.objects.using(db).filter(item__version__vigente_desde=defaults.VIGENTE_DESDE).delete()
    defaults.unload(VersionProtocolo, db)


class Migration(migrations.Migration):
    dependencies = [("careplan", "0001_plan_tables")]

    operations = [migrations.RunPython(load, unload, elidable=False)]

"""Load the default protocols of SPEC §10 (AOS and Insomnio), in force for every cycle."""

from django.db import migrations

from careplan import defaults


def load(apps, schema_editor):
    defaults.load(apps.get_model("careplan", "VersionProtocolo"), apps.get_model("careplan", "ItemProtocolo"))


def unload(apps, schema_editor):
    ItemPlan = apps.get_model("careplan", "ItemPlan")
    VersionProtocolo = apps.get_model("careplan", "VersionProtocolo")
    ItemPlan.objects.filter(item__version__vigente_desde=defaults.VIGENTE_DESDE).delete()
    defaults.unload(VersionProtocolo)


class Migration(migrations.Migration):
    dependencies = [("careplan", "0001_plan_tables")]

    operations = [migrations.RunPython(load, unload, elidable=False)]

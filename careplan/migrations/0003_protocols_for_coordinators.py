"""Coordinators and administrators edit the protocols in the admin and read the plans. Reversible."""

from django.db import migrations

from users.grants import grant_to_groups, revoke_from_groups

GROUPS = ("Administrador", "Coordinador")
PERMISSIONS = (
    "add_versionprotocolo",
    "change_versionprotocolo",
    "delete_versionprotocolo",
    "view_versionprotocolo",
    "add_itemprotocolo",
    "change_itemprotocolo",
    "delete_itemprotocolo",
    "view_itemprotocolo",
    "view_itemplan",
)
GRANTS = {group: [f"careplan.{codename}" for codename in PERMISSIONS] for group in GROUPS}


def grant(apps, schema_editor):
    grant_to_groups(apps, schema_editor, GRANTS)


def revoke(apps, schema_editor):
    revoke_from_groups(apps, schema_editor, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("careplan", "0002_default_protocols"), ("users", "0002_groups")]

    operations = [migrations.RunPython(grant, revoke)]

"""Coordinators and administrators edit the protocols in the admin and read the plans. Reversible."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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


def _permissions(apps, db):
    app_config = apps.get_app_config("careplan")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=db)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.using(db).filter(content_type__app_label="careplan", codename__in=PERMISSIONS)


def grant(apps, schema_editor):
    db = schema_editor.connection.alias
    permissions = list(_permissions(apps, db))
    for group in apps.get_model("auth", "Group").objects.using(db).filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    db = schema_editor.connection.alias
    permissions = list(_permissions(apps, db))
    for group in apps.get_model("auth", "Group").objects.using(db).filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("careplan", "0002_default_protocols"), ("users", "0002_groups")]

    operations = [migrations.RunPython(grant, revoke)]

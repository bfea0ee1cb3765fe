"""Coordinators and administrators edit the RIPS settings in the admin (SPEC §11), and
administrators the staff's document (users.Perfil) reported in it. Reversible."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SETTINGS = [
    f"rips.{action}_{model}"
    for model in ("ips", "administradora", "mapeoregistro")
    for action in ("view", "change", "add")
]
PROFILE = ["users.view_perfil", "users.change_perfil", "users.add_perfil"]
GRANTS = {"Coordinador": SETTINGS, "Administrador": [*SETTINGS, *PROFILE]}


def _permissions(apps, schema_editor, names):
    db = schema_editor.connection.alias
    for label in ("rips", "users"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=db)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    for name in names:
        app_label, codename = name.split(".")
        yield Permission.objects.using(db).get(content_type__app_label=app_label, codename=codename)


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, permissions in GRANTS.items():
        group = Group.objects.using(schema_editor.connection.alias).filter(name=name).first()
        if group is not None:
            group.permissions.add(*_permissions(apps, schema_editor, permissions))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, permissions in GRANTS.items():
        group = Group.objects.using(schema_editor.connection.alias).filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, schema_editor, permissions))


class Migration(migrations.Migration):
    dependencies = [
        ("rips", "0002_default_mapping"),
        ("users", "0005_user_profile_document"),
        ("users", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

"""Coordinators and administrators edit the RIPS settings in the admin (SPEC §11), and
administrators the staff's document (users.Perfil) reported in it. Reversible."""

from django.db import migrations

from users.grants import grant_to_groups, revoke_from_groups

SETTINGS = [
    f"rips.{action}_{model}"
    for model in ("ips", "administradora", "mapeoregistro")
    for action in ("view", "change", "add")
]
PROFILE = ["users.view_perfil", "users.change_perfil", "users.add_perfil"]
GRANTS = {"Coordinador": SETTINGS, "Administrador": [*SETTINGS, *PROFILE]}


def grant(apps, schema_editor):
    grant_to_groups(apps, schema_editor, GRANTS)


def revoke(apps, schema_editor):
    revoke_from_groups(apps, schema_editor, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("rips", "0002_default_mapping"),
        ("users", "0005_user_profile_document"),
        ("users", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

"""Give the Administrador group the rights to manage API tokens in the admin. Reversible.

Only administrators (and superusers) create, see and revoke (delete) a user's token; no other
group gets these permissions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TOKEN_PERMISSIONS = [
    f"{action}_{model}" for model in ("token", "tokenproxy") for action in ("add", "change", "delete", "view")
]


def _token_permissions(apps, db):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=db)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.using(db).filter(
        content_type__app_label="authtoken", codename__in=TOKEN_PERMISSIONS
    )


def grant(apps, schema_editor):
    db = schema_editor.connection.alias
    group = apps.get_model("auth", "Group").objects.using(db).get(name="Administrador")
    group.permissions.add(*_token_permissions(apps, db))


def revoke(apps, schema_editor):
    db = schema_editor.connection.alias
    group = apps.get_model("auth", "Group").objects.using(db).filter(name="Administrador").first()
    if group:
        group.permissions.remove(*_token_permissions(apps, db))


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0002_groups"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

"""Give the Administrador group the rights to manage API tokens in the admin. Reversible.

Only administrators (and superusers) create, see and revoke (delete) a user's token; no other
group gets these permissions.
"""

from django.db import migrations

from users.grants import grant_to_groups, revoke_from_groups

TOKEN_PERMISSIONS = [
    f"authtoken.{action}_{model}"
    for model in ("token", "tokenproxy")
    for action in ("add", "change", "delete", "view")
]
GRANTS = {"Administrador": TOKEN_PERMISSIONS}


def grant(apps, schema_editor):
    grant_to_groups(apps, schema_editor, GRANTS)


def revoke(apps, schema_editor):
    revoke_from_groups(apps, schema_editor, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0002_groups"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

"""Coordinators and administrators see and issue the monthly program report (SPEC §11) and
read the issued versions in the admin. Reversible."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Administrador", "Coordinador")
PERMISSIONS = ("view_program_report", "issue_program_report", "view_emisioninforme")


def _permissions(apps, db):
    app_config = apps.get_app_config("reports")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=db)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.using(db).filter(content_type__app_label="reports", codename__in=PERMISSIONS)


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
    dependencies = [
        ("reports", "0001_issued_reports"),
        ("users", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

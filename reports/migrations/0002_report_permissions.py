"""Coordinators and administrators see and issue the monthly program report (SPEC §11) and
read the issued versions in the admin. Reversible."""

from django.db import migrations

from users.grants import grant_to_groups, revoke_from_groups

GROUPS = ("Administrador", "Coordinador")
PERMISSIONS = ("view_program_report", "issue_program_report", "view_emisioninforme")
GRANTS = {group: [f"reports.{codename}" for codename in PERMISSIONS] for group in GROUPS}


def grant(apps, schema_editor):
    grant_to_groups(apps, schema_editor, GRANTS)


def revoke(apps, schema_editor):
    revoke_from_groups(apps, schema_editor, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_issued_reports"),
        ("users", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

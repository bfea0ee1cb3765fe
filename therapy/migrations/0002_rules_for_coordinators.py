"""Coordinators and administrators edit the adherence rules in the admin and read the nights
and verdicts; every EPS starts with the default rule (≥ 4 h on ≥ 70 % of 30 nights within the
first 90 days). Reversible."""

from django.db import migrations

from users.grants import grant_to_groups, revoke_from_groups

GROUPS = ("Administrador", "Coordinador")
PERMISSIONS = (
    "add_reglaadherencia",
    "change_reglaadherencia",
    "view_reglaadherencia",
    "view_nocheterapia",
    "view_resumenadherencia",
)
GRANTS = {group: [f"therapy.{codename}" for codename in PERMISSIONS] for group in GROUPS}
EPS = ("ECOPETROL", "SANITAS")


def grant(apps, schema_editor):
    grant_to_groups(apps, schema_editor, GRANTS)
    Regla = apps.get_model("therapy", "ReglaAdherencia")
    for eps in EPS:
        Regla.objects.using(schema_editor.connection.alias).get_or_create(entidad_salud=eps)


def revoke(apps, schema_editor):
    revoke_from_groups(apps, schema_editor, GRANTS)
    db = schema_editor.connection.alias
    apps.get_model("therapy", "ReglaAdherencia").objects.using(db).filter(entidad_salud__in=EPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("therapy", "0001_device_nights_and_adherence"),
        ("users", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

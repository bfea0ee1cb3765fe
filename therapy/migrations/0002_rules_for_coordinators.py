"""Coordinators and administrators edit the adherence rules in the admin and read the nights
and verdicts; every EPS starts with the default rule (≥ 4 h on ≥ 70 % of 30 nights within the
first 90 days). Reversible."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Administrador", "Coordinador")
PERMISSIONS = (
    "add_reglaadherencia",
    "change_reglaadherencia",
    "view_reglaadherencia",
    "view_nocheterapia",
    "view_resumenadherencia",
)
EPS = ("ECOPETROL", "SANITAS")


def _permissions(apps, db):
    app_config = apps.get_app_config("therapy")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=db)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.using(db).filter(content_type__app_label="therapy", codename__in=PERMISSIONS)


def grant(apps, schema_editor):
    db = schema_editor.connection.alias
    permissions = list(_permissions(apps, db))
    for group in apps.get_model("auth", "Group").objects.using(db).filter(name__in=GROUPS):
        group.permissions.add(*permissions)
    Regla = apps.get_model("therapy", "ReglaAdherencia")
    for eps in EPS:
        Regla.objects.using(db).get_or_create(entidad_salud=eps)


def revoke(apps, schema_editor):
    db = schema_editor.connection.alias
    permissions = list(_permissions(apps, db))
    for group in apps.get_model("auth", "Group").objects.using(db).filter(name__in=GROUPS):
        group.permissions.remove(*permissions)
    apps.get_model("therapy", "ReglaAdherencia").objects.using(db).filter(entidad_salud__in=EPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("therapy", "0001_device_nights_and_adherence"),
        ("users", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

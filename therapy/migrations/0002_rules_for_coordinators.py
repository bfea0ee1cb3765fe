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


def _permissions(apps):
    app_config = apps.get_app_config("therapy")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="therapy", codename__in=PERMISSIONS)


def grant(apps, schema_editor):
    permissions = list(_permissions(apps))
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)
    Regla = apps.get_model("therapy", "ReglaAdherencia")
    for eps in EPS:
        Regla.objects.get_or_create(entidad_salud=eps)


def revoke(apps, schema_editor):
    permissions = list(_permissions(apps))
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)
    apps.get_model("therapy", "ReglaAdherencia").objects.filter(entidad_salud__in=EPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("therapy", "0001_device_nights_and_adherence"),
        ("users", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

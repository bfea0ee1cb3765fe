"""Create the DataMed groups with their permissions (SPEC §4). Reversible.

This is a snapshot of the roles when it was written: a later change of roles or a new record
type ships its own data migration. ``users.tests.test_groups`` checks that the groups grant
every registry record type to its discipline.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RECORD_MODELS = {
    "Neumología": ["polisomnografiabasal", "polisomnografiatitulacion", "neumologia"],
    "Terapia respiratoria": ["monitoreo", "seguimientoadaptacion", "equipomedico"],
    "Psicología": ["psicologia"],
    "Nutrición": ["nutricion"],
}
ALL_RECORD_MODELS = [model for models in RECORD_MODELS.values() for model in models]
READ_ALL = [
    "patients.view_patient",
    "patients.view_ingreso",
    "exams.view_seguimiento",
    *[f"exams.view_{model}" for model in ALL_RECORD_MODELS],
]
COORDINATION = [
    *READ_ALL,
    "patients.add_patient",
    "patients.change_patient",
    "patients.add_ingreso",
    "patients.change_ingreso",
    "patients.view_audit_trail",
    "patients.export_data",
    "exams.void_clinical_record",
    "exams.change_any_clinical_record",
    *[f"exams.change_{model}" for model in ALL_RECORD_MODELS],
]
GROUPS = {
    "Administrador": [
        *COORDINATION,
        "auth.add_user",
        "auth.change_user",
        "auth.view_user",
        "auth.view_group",
    ],
    "Coordinador": COORDINATION,
    **{
        discipline: [
            *READ_ALL,
            *[f"exams.add_{model}" for model in models],
            *[f"exams.change_{model}" for model in models],
        ]
        for discipline, models in RECORD_MODELS.items()
    },
    "Consulta": READ_ALL,
}


def create_groups(apps, schema_editor):
    db = schema_editor.connection.alias
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=db)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GROUPS.items():
        group, _ = Group.objects.using(db).get_or_create(name=name)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(
                Permission.objects.using(db).get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    db = schema_editor.connection.alias
    apps.get_model("auth", "Group").objects.using(db).filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("users", "0001_clinical_access_log"),
        ("patients", "0002_patient_audit_permissions"),
        ("exams", "0002_clinical_record_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]

"""One mapping row per record type, with the codes a sleep program's usual service makes clear
(Ministry's reference tables, see ``rips/codes.py``) and the rest left for the coordinator.

CUPS defaults only where the published code is unambiguous for the service: psychology and
nutrition follow-ups are "consulta de control o de seguimiento" (890308, 890306). Pulmonology,
respiratory therapy, the sleep studies and the device are left empty: their code depends on the
IPS's contract and enabled services. The studies and the device start not reported."""

from django.db import migrations

CONSULTA = {
    "lista": "consultas",
    "modalidad": "01",  # intramural
    "grupo_servicios": "01",  # consulta externa
    "finalidad": "16",  # tratamiento: follow-up of a diagnosed G47.3 / G47.0
    "causa": "38",  # enfermedad general
    "tipo_diagnostico": "03",  # confirmado repetido: the program treats a known diagnosis
    "concepto_recaudo": "05",  # no aplica
}
PROCEDIMIENTO = {
    "lista": "procedimientos",
    "modalidad": "01",
    "grupo_servicios": "02",  # apoyo diagnóstico y complementación terapéutica
    "via_ingreso": "02",  # derivado de consulta externa
    "concepto_recaudo": "05",
}

DEFAULTS = {
    "monitoreo": CONSULTA,
    "seguimiento": CONSULTA,
    "neumologia": CONSULTA,
    "psicologia": {**CONSULTA, "cod_cups": "890308"},
    "nutricion": {**CONSULTA, "cod_cups": "890306"},
    "basal": {**PROCEDIMIENTO, "finalidad": "15"},  # diagnóstico
    "titulacion": {**PROCEDIMIENTO, "finalidad": "16"},  # tratamiento
    "equipo_medico": {
        "lista": "otrosServicios",
        "tipo_os": "01",  # dispositivos médicos e insumos
        "nombre_tecnologia": "Equipo de presión positiva en la vía aérea (PAP)",
        "concepto_recaudo": "05",
    },
}


def add_defaults(apps, schema_editor):
    MapeoRegistro = apps.get_model("rips", "MapeoRegistro")
    for slug, values in DEFAULTS.items():
        MapeoRegistro.objects.get_or_create(tipo_registro=slug, defaults=values)


def remove_defaults(apps, schema_editor):
    apps.get_model("rips", "MapeoRegistro").objects.filter(tipo_registro__in=DEFAULTS).delete()


class Migration(migrations.Migration):
    dependencies = [("rips", "0001_rips_settings")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]

"""The default mapping of each record type (the one ``rips/migrations/0002_default_mapping.py``
writes, kept here for the code that needs the rows back, e.g. after a test database flush).

CUPS defaults only where the published code is unambiguous for the service: psychology and
nutrition follow-ups are "consulta de control o de seguimiento" (890308, 890306). Pulmonology,
respiratory therapy, the sleep studies and the device are left empty: their code depends on the
IPS's contract and enabled services. The studies and the device start not reported."""

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


def ensure_default_mappings() -> None:
    """Create the mapping row of any record type that has none, with its defaults."""
    from rips.models import MapeoRegistro

    for slug, values in DEFAULTS.items():
        MapeoRegistro.objects.get_or_create(tipo_registro=slug, defaults=values)

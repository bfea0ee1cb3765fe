"""Serializer helpers shared by every API resource."""

from django.utils.text import capfirst
from rest_framework import serializers

from patients.models import MAX_AGE_YEARS

#: Rules that tie a field to others or to the database, enforced by the models' ``clean()``
#: (the same as the pages'): the contract states them in the field's description.
CROSS_FIELD_RULES = {
    "fecha_nacimiento": (
        f"No en el futuro; edad máxima {MAX_AGE_YEARS} años; no posterior al inicio de ningún "
        "ciclo del paciente."
    ),
    "ciudad": "Debe pertenecer al `departamento` indicado.",
    "documento": (
        "Para RC, TI y CC solo dígitos; para los demás tipos letras, dígitos y guiones. Único por "
        "`tipo_documento`."
    ),
    "fecha_inicio_programa": "No en el futuro ni antes de `fecha_nacimiento`.",
    "presion_epap": "En CPAP va vacía; en BPAP y BPAP ST es obligatoria y menor que `presion_ipap`.",
    "frecuencia_respiratoria": "En CPAP va vacía; en BPAP ST es obligatoria.",
    "ventana_inicio": (
        "Con `ventana_fin` o ninguna de las dos; no después de `ventana_fin`; obligatoria si "
        "`fuente` es EQUIPO."
    ),
    "ventana_fin": (
        "Con `ventana_inicio` o ninguna de las dos; no antes de `ventana_inicio`; obligatoria si "
        "`fuente` es EQUIPO."
    ),
    "fecha_atencion": "No en el futuro ni antes del inicio del ciclo.",
    "fecha_consulta": "No en el futuro ni antes del inicio del ciclo.",
    "fecha_basal": "No en el futuro ni antes de la fecha de nacimiento del paciente (puede preceder al ciclo).",
    "fecha_titulacion": (
        "No en el futuro ni antes de la fecha de nacimiento del paciente (puede preceder al ciclo)."
    ),
}


class DescribedModelSerializer(serializers.ModelSerializer):
    """Every field gets a description: its help text, else its Spanish verbose name; a field
    the client writes also states the rules that tie it to other fields."""

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            if not field.help_text:
                field.help_text = capfirst(str(field.label or name.replace("_", " ")))
            rule = CROSS_FIELD_RULES.get(name)
            if rule and not field.read_only and rule not in str(field.help_text):
                field.help_text = f"{str(field.help_text).rstrip('.')}. {rule}"
        return fields

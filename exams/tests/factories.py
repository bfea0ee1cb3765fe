"""Valid POST data for each record type's form, and records registered through the services."""

import datetime
from decimal import Decimal

from exams.models import Monitoreo, Psicologia
from exams.services import register_record
from patients.models import today


def form_data(slug: str, **overrides) -> dict:
    base = {
        "monitoreo": {
            "fecha_atencion": today().isoformat(),
            "uso_diario": "90",
            "dias_uso_horas_4": "80",
            "horas_uso_diario": "6.5",
            "hipopnea_residual": "4",
            "modo_ventilatorio": "CPAP",
            "presion_ipap": "10",
            "presion_epap": "",
            "frecuencia_respiratoria": "",
            "mascara_cpap": "NASAL",
            "tamano_mascara": "MEDIUM",
            "etco2_promedio": "",
        },
        "seguimiento": {"fecha_atencion": today().isoformat(), "observaciones": "Llamada de control"},
        "basal": {"fecha_basal": today().isoformat(), "iah": "32", "ido": "12", "eficiencia": "85"},
        "titulacion": {
            "fecha_titulacion": today().isoformat(),
            "tipo_titulacion": "BPAP",
            "presion_ipap": "14",
            "presion_epap": "8",
            "frecuencia_respiratoria": "",
            "tipo_mascara": "ORONASAL",
            "talla_mascara": "LARGE",
        },
        "neumologia": {
            "fecha_consulta": today().isoformat(),
            "medico_tratante": "Dra. Ortiz",
            "especialidad": "Neumología",
        },
        "psicologia": {
            "fecha_atencion": today().isoformat(),
            "inventario_depre_beck": "15",
            "inventario_ansiedad_beck": "9",
            "calidad": "12",
            "cantidad": "10",
        },
        "nutricion": {
            "fecha_atencion": today().isoformat(),
            "estado_nutricional": "SOBREPESO",
            "carbohidratos_pct": "55",
            "rumiacion": "NO",
            "cafeina": "2",
        },
        "equipo_medico": {
            "fecha_atencion": today().isoformat(),
            "marca_equipo": "RESMED",
            "serial_equipo": "RM-2231",
            "modo_ventilatorio": "CPAP",
            "tipo_mascara_eq_medico": "NASAL",
            "talla_mascara": "MEDIUM",
            "referencia_mascara": "AirFit N20",
        },
    }[slug]
    base.update(overrides)
    data = {f"{slug}-{name}": value for name, value in base.items()}
    data["registro"] = slug
    return data


def record_data(slug: str, **overrides) -> dict:
    """The same valid record as ``form_data``, as an API body: no prefix, blank fields left out."""
    prefix = f"{slug}-"
    return {
        name.removeprefix(prefix): value
        for name, value in form_data(slug, **overrides).items()
        if name.startswith(prefix) and value != ""
    }


def monitoring(care_date: datetime.date, days4="80", residual="4") -> Monitoreo:
    """A valid CPAP monitoring of ``care_date``, not saved (register it through the service)."""
    return Monitoreo(
        fecha_atencion=care_date,
        uso_diario=90,
        dias_uso_horas_4=Decimal(days4),
        horas_uso_diario=6,
        hipopnea_residual=Decimal(residual),
        modo_ventilatorio="CPAP",
        presion_ipap=10,
        mascara_cpap="NASAL",
        tamano_mascara="MEDIUM",
    )


def register_monitoring(ingreso, user, days4="80", residual="4", days_ago=0):
    """Register a valid CPAP monitoring through the service (attention log included)."""
    care_date = today() - datetime.timedelta(days=days_ago)
    return register_record(monitoring(care_date, days4, residual), ingreso, user)


def register_psychology(ingreso, user):
    """Register a valid psychology assessment (total 17) through the service."""
    return register_record(
        Psicologia(inventario_depre_beck=10, inventario_ansiedad_beck=5, calidad=8, cantidad=9), ingreso, user
    )

"""Care for the demo data set along each cycle's plan, so the worklist and the compliance figures
show a believable program: most items done inside their window, some overdue, some pending.

Written through ``exams.services`` like the pages (the plans follow by the same hooks).
"""

import datetime
import random
from decimal import Decimal

from careplan.models import ItemPlan
from exams import models
from exams.services import register_record
from patients.choices import EstadoIngreso
from patients.models import today

#: Share of the items whose window has opened that the demo's clinicians fulfilled.
DONE_SHARE = 0.7


def _record(tipo: str, on: datetime.date, rng: random.Random):
    """A valid record of ``tipo`` dated ``on`` (values within each field's range)."""
    if tipo == "basal":
        return models.PolisomnografiaBasal(
            fecha_basal=on,
            iah=Decimal(rng.randint(5, 60)),
            ido=Decimal(rng.randint(2, 40)),
            eficiencia=Decimal(85),
        )
    if tipo == "titulacion":
        return models.PolisomnografiaTitulacion(
            fecha_titulacion=on,
            tipo_titulacion="CPAP",
            presion_ipap=Decimal(rng.randint(6, 14)),
            tipo_mascara=rng.choice(["NASAL", "ORONASAL"]),
            talla_mascara=rng.choice(["SMALL", "MEDIUM", "LARGE"]),
        )
    if tipo == "equipo_medico":
        return models.EquipoMedico(
            fecha_atencion=on,
            marca_equipo=rng.choice(["RESMED", "PHILIPS RESPIRONICS", "BMC"]),
            serial_equipo=f"EQ-{rng.randint(1000, 9999)}",
            modo_ventilatorio="CPAP",
            tipo_mascara_eq_medico="NASAL",
            talla_mascara="MEDIUM",
            referencia_mascara="AirFit N20",
        )
    if tipo == "monitoreo":
        return models.Monitoreo(
            fecha_atencion=on,
            uso_diario=Decimal(rng.randint(50, 100)),
            dias_uso_horas_4=Decimal(rng.randint(40, 100)),
            horas_uso_diario=Decimal(rng.randint(35, 80)) / 10,
            hipopnea_residual=Decimal(rng.randint(0, 10)),
            modo_ventilatorio="CPAP",
            presion_ipap=Decimal(rng.randint(6, 14)),
            mascara_cpap="NASAL",
            tamano_mascara="MEDIUM",
        )
    if tipo == "seguimiento":
        return models.SeguimientoAdaptacion(
            fecha_atencion=on,
            observaciones=rng.choice(["Llamada de control", "Refiere buena adaptación a la máscara"]),
        )
    if tipo == "neumologia":
        return models.Neumologia(fecha_consulta=on, medico_tratante="Dra. Ortiz", especialidad="Neumología")
    if tipo == "psicologia":
        return models.Psicologia(
            fecha_atencion=on,
            inventario_depre_beck=rng.randint(0, 40),
            inventario_ansiedad_beck=rng.randint(0, 35),
            calidad=rng.randint(1, 20),
            cantidad=rng.randint(1, 20),
        )
    return models.Nutricion(
        fecha_atencion=on,
        estado_nutricional="SOBREPESO",
        carbohidratos_pct=Decimal(55),
        rumiacion="NO",
        cafeina=2,
    )


def add_demo_care(index: int, ingreso, rng: random.Random, user) -> int:
    """Fulfil about 70 % of the items of an ACTIVO cycle whose window has opened, on a day of
    the window (not after today). Returns the records written."""
    if ingreso.estado != EstadoIngreso.ACTIVO:
        return 0
    rng = random.Random(index * 31 + 7)  # own sequence, not the shared ``rng``: the rest stays the same
    current = today()
    written = 0
    due = ItemPlan.objects.filter(ingreso=ingreso, ventana_inicio__lte=current, cumplido_el=None).order_by(
        "ventana_inicio", "id"
    )
    for item in list(due):
        if rng.random() >= DONE_SHARE:
            continue
        last = min(item.ventana_fin, current)
        on = item.ventana_inicio + datetime.timedelta(days=rng.randint(0, (last - item.ventana_inicio).days))
        register_record(_record(item.tipo, on, rng), ingreso, user)
        written += 1
    return written

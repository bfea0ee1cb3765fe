"""Shared helpers of the care-plan tests: cycles at dates relative to today, records on a date."""

import datetime

from careplan.models import ItemPlan
from exams.models import Psicologia, SeguimientoAdaptacion
from exams.services import register_record

DAY = datetime.timedelta(days=1)


def item(ingreso, tipo: str, mes: int | None = None, dia: int | None = None) -> ItemPlan:
    return ItemPlan.objects.select_related("item").get(
        ingreso=ingreso, item__tipo=tipo, item__mes=mes, item__dia_limite=dia
    )


def psychology_on(ingreso, on: datetime.date, user=None) -> Psicologia:
    return register_record(
        Psicologia(
            fecha_atencion=on, inventario_depre_beck=10, inventario_ansiedad_beck=5, calidad=8, cantidad=9
        ),
        ingreso,
        user,
    )


def note_on(ingreso, on: datetime.date, user=None) -> SeguimientoAdaptacion:
    return register_record(
        SeguimientoAdaptacion(fecha_atencion=on, observaciones="Llamada de control"), ingreso, user
    )

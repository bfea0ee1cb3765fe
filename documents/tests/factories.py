"""A patient whose cycle holds records of every type, and a full 50-record cycle."""

import datetime
from decimal import Decimal

from exams.models import Monitoreo, Neumologia, Nutricion, Psicologia, SeguimientoAdaptacion
from exams.registry import RECORD_TYPES
from exams.services import register_record
from exams.tests.factories import form_data
from patients.models import today
from therapy.readers.base import NightRow
from therapy.services import import_nights

SERIAL = "RM-2231"  # the equipment record's serial in exams.tests.factories.form_data


def one_record_of_each_type(ingreso, author) -> dict:
    """The record of ``form_data`` for every type, registered through the services."""
    records = {}
    for record_type in RECORD_TYPES:
        prefix = f"{record_type.slug}-"
        data = {
            k.removeprefix(prefix): v for k, v in form_data(record_type.slug).items() if k.startswith(prefix)
        }
        form = record_type.form(data, ingreso=ingreso)
        assert form.is_valid(), form.errors
        records[record_type.slug] = register_record(form.save(commit=False), ingreso, author)
    return records


def device_nights(ingreso, nights: int, serial: str = SERIAL) -> None:
    """``nights`` nights of device data ending last night (hours and AHI varying)."""
    last = today() - datetime.timedelta(days=1)
    rows = [
        NightRow(
            noche=last - datetime.timedelta(days=offset),
            serial=serial,
            minutos_uso=(offset * 37) % 540,
            iah=Decimal(offset % 9),
            modo="CPAP",
        )
        for offset in range(nights)
    ]
    import_nights(ingreso, rows, "prueba.csv")


def fifty_records(ingreso, author) -> int:
    """A busy cycle: 50 records over five types, dated within the cycle."""
    start = ingreso.fecha_inicio

    def on(n: int) -> datetime.date:
        return start + datetime.timedelta(days=n % max(1, (today() - start).days + 1))

    count = 0
    for n in range(20):
        register_record(
            Monitoreo(
                fecha_atencion=on(n * 7),
                uso_diario=90,
                dias_uso_horas_4=Decimal(50 + n),
                horas_uso_diario=Decimal("5.5"),
                hipopnea_residual=Decimal(n % 7),
                modo_ventilatorio="CPAP",
                presion_ipap=10,
                mascara_cpap="NASAL",
                tamano_mascara="MEDIUM",
            ),
            ingreso,
            author,
        )
        count += 1
    for n in range(10):
        register_record(
            Psicologia(
                fecha_atencion=on(n * 11),
                inventario_depre_beck=10 + n,
                inventario_ansiedad_beck=5 + n,
                calidad=8,
                cantidad=9,
            ),
            ingreso,
            author,
        )
        register_record(
            SeguimientoAdaptacion(fecha_atencion=on(n * 5), observaciones=f"Llamada de control número {n}"),
            ingreso,
            author,
        )
        count += 2
    for n in range(5):
        register_record(
            Nutricion(
                fecha_atencion=on(n * 13),
                estado_nutricional="SOBREPESO",
                carbohidratos_pct=50,
                rumiacion="NO",
                cafeina=2,
            ),
            ingreso,
            author,
        )
        register_record(
            Neumologia(fecha_consulta=on(n * 17), medico_tratante=f"Dr. Neumólogo {n}"), ingreso, author
        )
        count += 2
    return count

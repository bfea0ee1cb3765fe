"""A hand-built month: the previous calendar month (clock-independent), an IPS, the EPS codes,
a complete mapping and a professional with a document."""

import calendar
import datetime
from decimal import Decimal

import pytest

from exams import models as exams
from exams.services import register_record
from patients.tests.dates import months_ago
from patients.tests.factories import PatientFactory
from rips import generator
from rips.defaults import ensure_default_mappings
from rips.models import Administradora, Ips, MapeoRegistro
from users.models import Perfil

CUPS = {
    "monitoreo": "TEST01",
    "seguimiento": "TEST02",
    "neumologia": "TEST03",
    "basal": "TEST04",
    "titulacion": "TEST05",
    "equipo_medico": "PAP-01",
}


def month_bounds() -> tuple[datetime.date, datetime.date]:
    first = months_ago(1, day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


@pytest.fixture
def month():
    return month_bounds()


@pytest.fixture
def period(month):
    return generator.Period(eps="SANITAS", desde=month[0], hasta=month[1], factura="FE123")


@pytest.fixture
def rips_settings(db):
    ensure_default_mappings()
    Ips.objects.create(nit="900123456", cod_prestador="680010012301", nombre="IPS de prueba")
    Administradora.objects.create(entidad_salud="SANITAS", codigo="EPS005", tipo_usuario="01")
    Administradora.objects.create(entidad_salud="ECOPETROL", codigo="RES001", tipo_usuario="06")
    for slug, cups in CUPS.items():
        MapeoRegistro.objects.filter(tipo_registro=slug).update(cod_cups=cups)
    MapeoRegistro.objects.update(cod_servicio="344", valor=50000)


@pytest.fixture
def professional(django_user_model):
    user = django_user_model.objects.create_user("terapeuta", password="clave-segura-123")
    Perfil.objects.create(usuario=user, tipo_documento="CC", numero_documento="13800111")
    return user


def monitoring(day: datetime.date) -> exams.Monitoreo:
    return exams.Monitoreo(
        fecha_atencion=day,
        uso_diario=90,
        dias_uso_horas_4=Decimal("80"),
        horas_uso_diario=6,
        hipopnea_residual=Decimal("3"),
        modo_ventilatorio="CPAP",
        presion_ipap=10,
        mascara_cpap="NASAL",
        tamano_mascara="MEDIUM",
    )


def psychology(day: datetime.date) -> exams.Psicologia:
    return exams.Psicologia(
        fecha_atencion=day, inventario_depre_beck=10, inventario_ansiedad_beck=5, calidad=8, cantidad=9
    )


def pulmonology(day: datetime.date) -> exams.Neumologia:
    return exams.Neumologia(fecha_consulta=day, medico_tratante="Dra. Ortiz")


def basal(day: datetime.date) -> exams.PolisomnografiaBasal:
    return exams.PolisomnografiaBasal(
        fecha_basal=day, iah=Decimal("32"), ido=Decimal("12"), eficiencia=Decimal("85")
    )


def titration(day: datetime.date) -> exams.PolisomnografiaTitulacion:
    return exams.PolisomnografiaTitulacion(
        fecha_titulacion=day,
        tipo_titulacion="CPAP",
        presion_ipap=Decimal("10"),
        talla_mascara="MEDIUM",
        tipo_mascara="NASAL",
    )


def device(day: datetime.date) -> exams.EquipoMedico:
    return exams.EquipoMedico(
        fecha_atencion=day,
        tipo_mascara_eq_medico="NASAL",
        referencia_mascara="AirFit N20",
        talla_mascara="MEDIUM",
        marca_equipo="RESMED",
        serial_equipo="RM-1",
        modo_ventilatorio="CPAP",
    )


def sanitas_patient(**fields):
    values = {"entidad_salud": "SANITAS", "cycle": months_ago(3, day=1), **fields}
    return PatientFactory(**values)


def register(record, patient, user):
    return register_record(record, patient.ingresos.get(), user)


def nutrition_record(day: datetime.date) -> exams.Nutricion:
    return exams.Nutricion(
        fecha_atencion=day, estado_nutricional="SOBREPESO", carbohidratos_pct=55, rumiacion="NO", cafeina=2
    )

"""The patients of the demo data set (``manage.py seed_demo``, in the ``demo`` app): names,
documents, places and cycle starts spread over the program, and some cycles' later story."""

import datetime
import random

from patients import services
from patients.choices import (
    Diagnostico,
    EntidadSalud,
    EstadoCivil,
    Genero,
    MotivoCierre,
    Programa,
    TipoDocumento,
    Zona,
)
from patients.geography import Departamento, cities_of
from patients.models import Patient, today

FIRST_NAMES = [
    "María",
    "José",
    "Luis",
    "Ana",
    "Carlos",
    "Luz",
    "Jorge",
    "Martha",
    "Andrés",
    "Claudia",
    "Juan",
    "Sandra",
    "Diego",
    "Gloria",
    "Óscar",
    "Patricia",
    "Fabio",
    "Yolanda",
    "Hernán",
    "Rocío",
]
LAST_NAMES = [
    "Rodríguez",
    "Gómez",
    "Martínez",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Díaz",
    "Vargas",
    "Rojas",
    "Duarte",
    "Quintero",
    "Ardila",
    "Serrano",
    "Castellanos",
    "Niño",
    "Pinzón",
    "Mantilla",
]
REFERRING = [
    ("Dra. Carolina Ortiz", "Neumología"),
    ("Dr. Julián Prada", "Otorrinolaringología"),
    ("Dr. Mauricio León", "Medicina interna"),
]


def _months_ago(reference: datetime.date, months: int, day: int) -> datetime.date:
    index = reference.year * 12 + reference.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, min(day, 28))


def new_patient(index: int, rng: random.Random) -> tuple[Patient, datetime.date]:
    """The demo patient number ``index`` (not saved) and the day its cycle starts.

    Every random value is drawn here, whether or not the patient exists already, so the
    sequence (and the rest of the data set) does not depend on what is in the database."""
    documento = str(1_098_000_000 + index * 7919)
    current = today()
    insomnia = index % 9 == 0
    departamento = Departamento.SANTANDER if index % 10 else rng.choice(list(Departamento.values))
    patient = Patient(
        nombre=rng.choice(FIRST_NAMES),
        apellido=f"{rng.choice(LAST_NAMES)} {rng.choice(LAST_NAMES)}",
        tipo_documento=TipoDocumento.CC,
        documento=documento,
        fecha_nacimiento=datetime.date(rng.randint(1945, 1995), rng.randint(1, 12), rng.randint(1, 28)),
        genero=rng.choice([Genero.M, Genero.F]),
        estado_civil=rng.choice(EstadoCivil.values),
        departamento=departamento,
        ciudad=rng.choice(cities_of(departamento)),
        zona=rng.choice([Zona.URBANA, Zona.URBANA, Zona.RURAL]),
        celular=f"3{rng.randint(0, 299_999_999) + 100_000_000:09d}",
        telefono=f"607{rng.randint(6_000_000, 6_999_999)}",
        entidad_salud=rng.choice(EntidadSalud.values),
        estrato=rng.randint(1, 6),
        peso=rng.randint(55, 130),
        altura=f"{rng.uniform(1.50, 1.90):.2f}",
        cuello=rng.randint(34, 48),
        perimetro_abdominal=rng.randint(80, 130),
        medico_remitente=rng.choice(REFERRING)[0],
        especialidad=rng.choice(REFERRING)[1],
        programa=Programa.INSOMNIO if insomnia else Programa.AOS,
        diagnostico_clinico=Diagnostico.INSOMNIO if insomnia else Diagnostico.APNEA,
    )
    months_in = index % 21  # 0..20: every mes cápita 1..18 plus cycles past month 18
    start = _months_ago(current, months_in, rng.randint(1, 28))
    if start > current:
        start = current
    return patient, start


def apply_story(index: int, patient: Patient, start, current, user) -> None:
    """Give some patients a history: suspended, closed, closed and re-admitted."""
    cycle = patient.ingresos.get()
    if index % 13 == 5:
        services.suspend_cycle(cycle, current, "En espera de equipo CPAP", user)
    elif index % 17 == 3:
        services.terminate_cycle(cycle, current, MotivoCierre.RETIRO_VOLUNTARIO, user=user)
    elif index % 19 == 7 and start < current:
        services.terminate_cycle(cycle, start, MotivoCierre.CAMBIO_EPS, user=user)
        services.start_new_cycle(patient, current, user)


def exists(patient: Patient) -> bool:
    """Whether the demo patient is in the database already (matched by its document)."""
    return Patient.objects.filter(tipo_documento=patient.tipo_documento, documento=patient.documento).exists()

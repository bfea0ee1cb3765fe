"""Load a realistic, repeatable demo data set and print the demo login.

Running it twice changes nothing: patients are matched by document and the demo user is
created only when missing (its password is reset to the printed one).
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from careplan.demo import add_demo_care
from exams.demo import add_demo_records
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
from therapy.demo import add_demo_nights

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-datamed"  # noqa: S105 - printed on purpose, local demo only
ROLE_USERS = {
    "Coordinador": "coordinacion",
    "Neumología": "neumologia",
    "Terapia respiratoria": "terapia",
    "Psicología": "psicologia",
    "Nutrición": "nutricion",
    "Consulta": "consulta",
}

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


class Command(BaseCommand):
    help = "Carga datos de demostración (≥200 pacientes) y crea el usuario demo."

    def add_arguments(self, parser):
        parser.add_argument("--patients", type=int, default=240)
        parser.add_argument("--seed", type=int, default=2026)

    @transaction.atomic
    def handle(self, *args, **options):
        user = self._demo_user()
        rng = random.Random(options["seed"])
        created = sum(self._ensure_patient(i, rng, user) for i in range(options["patients"]))
        self.stdout.write(
            self.style.SUCCESS(f"Pacientes nuevos: {created}; total: {Patient.objects.count()}.")
        )
        self.stdout.write(self.style.SUCCESS(f"Usuario demo: {DEMO_USERNAME}  contraseña: {DEMO_PASSWORD}"))
        role_users = ", ".join(self._role_users())
        self.stdout.write(f"Usuarios por rol (misma contraseña): {role_users}")

    def _role_users(self) -> list[str]:
        """One demo user per group, to try what each role may do."""
        names = []
        for group in Group.objects.filter(name__in=ROLE_USERS):
            username = ROLE_USERS[group.name]
            user, _ = get_user_model().objects.get_or_create(
                username=username, defaults={"first_name": group.name}
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(group)
            names.append(f"{username} ({group.name})")
        return sorted(names)

    def _demo_user(self):
        user_model = get_user_model()
        user, _ = user_model.objects.get_or_create(
            username=DEMO_USERNAME,
            defaults={
                "first_name": "Coordinación",
                "last_name": "Demo",
                "is_staff": True,
                "is_superuser": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        return user

    def _ensure_patient(self, index: int, rng: random.Random, user) -> bool:
        # Draw every random value first so the sequence does not depend on what exists.
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
        if Patient.objects.filter(tipo_documento=TipoDocumento.CC, documento=documento).exists():
            return False
        services.create_patient(patient, start, user)
        self._add_clinical_records(index, patient.ingresos.get(), rng, user)
        add_demo_care(index, patient.ingresos.get(), user)
        self._apply_story(index, patient, start, current, user)
        return True

    def _add_clinical_records(self, index: int, ingreso, rng: random.Random, user) -> None:
        """A basal study, then monitorings and consultations spread over the cycle so far."""
        add_demo_records(index, ingreso, rng, user)
        add_demo_nights(index, ingreso)

    def _apply_story(self, index: int, patient: Patient, start, current, user) -> None:
        """Give some patients a history: suspended, closed, closed and re-admitted."""
        cycle = patient.ingresos.get()
        if index % 13 == 5:
            services.suspend_cycle(cycle, current, "En espera de equipo CPAP", user)
        elif index % 17 == 3:
            services.terminate_cycle(cycle, current, MotivoCierre.RETIRO_VOLUNTARIO, user=user)
        elif index % 19 == 7 and start < current:
            services.terminate_cycle(cycle, start, MotivoCierre.CAMBIO_EPS, user=user)
            services.start_new_cycle(patient, current, user)

"""Load a realistic, repeatable demo data set and print the demo login.

Running it twice changes nothing: patients are matched by document and the demo user is
created only when missing (its password is reset to the printed one). The patients come from
``patients.demo``; every other app's data from its builder listed in ``demo.builders``.
"""

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from demo.builders import CYCLE_BUILDERS, DATA_BUILDERS
from patients import demo as patients_demo
from patients import services
from patients.models import Patient, today

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
        for build in DATA_BUILDERS:
            build(user)
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
        patient, start = patients_demo.new_patient(index, rng)
        if patients_demo.exists(patient):
            return False
        services.create_patient(patient, start, user)
        ingreso = patient.ingresos.get()
        for build in CYCLE_BUILDERS:
            build(index, ingreso, rng, user)
        patients_demo.apply_story(index, patient, start, today(), user)
        return True

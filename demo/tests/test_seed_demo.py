"""The demo data set: large enough, spread over the program, repeatable."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count

from patients.models import Ingreso, Patient

pytestmark = pytest.mark.django_db


def test_seed_demo_is_realistic_and_idempotent(capsys):
    call_command("seed_demo")
    output = capsys.readouterr().out
    assert "Usuario demo: demo" in output
    assert get_user_model().objects.get(username="demo").check_password("demo-datamed")
    assert "psicologia (Psicología)" in output
    assert get_user_model().objects.get(username="terapia").has_perm("exams.add_monitoreo")
    patients, cycles = Patient.objects.count(), Ingreso.objects.count()
    assert patients >= 200
    states = set(Ingreso.objects.values_list("estado", flat=True))
    assert states == {"ACTIVO", "SUSPENDIDO", "TERMINADO"}
    months = set(Ingreso.objects.active().with_mes_capita().values_list("mes_capita_db", flat=True))
    assert months == set(range(1, 19))
    assert Ingreso.objects.past_program_end().exists()
    assert Patient.objects.annotate(n=Count("ingresos")).filter(n__gt=1).exists()

    call_command("seed_demo")
    assert (Patient.objects.count(), Ingreso.objects.count()) == (patients, cycles)

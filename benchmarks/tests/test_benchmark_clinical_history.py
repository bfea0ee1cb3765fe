"""manage.py benchmark_clinical_history: measures the history at two sizes and keeps nothing."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from exams.models import Seguimiento
from patients.models import Patient

pytestmark = pytest.mark.django_db


def test_benchmark_measures_both_sizes_with_the_same_queries_and_rolls_back(tmp_path, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    out = tmp_path / "historia.json"
    call_command(
        "benchmark_clinical_history", "--sizes", "3", "16", "--rounds", "2", "--requests", "2", "--warmup", "1",
        "--json", str(out),
    )  # fmt: skip
    figures = json.loads(out.read_text())
    assert [size["registros"] for size in figures] == [3, 16]
    assert figures[0]["consultas"] == figures[1]["consultas"]
    assert all(len(size["medianas_por_turno"]) == 2 for size in figures)
    assert (Patient.objects.count(), Seguimiento.objects.count(), get_user_model().objects.count()) == (
        0,
        0,
        0,
    )

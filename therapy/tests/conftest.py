import datetime

import pytest

from patients.models import today
from patients.tests.factories import PatientFactory


@pytest.fixture
def cycle_started(db):
    """An ACTIVO cycle that started ``days_ago`` days ago."""

    def make(days_ago: int, **patient):
        return PatientFactory(cycle=today() - datetime.timedelta(days=days_ago), **patient).ingresos.get()

    return make


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)

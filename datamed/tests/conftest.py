import pytest

from datamed.tests.catalog import build_world


@pytest.fixture
def world(db, django_user_model):
    """A patient with an active cycle, one record of each type by a third clinician, and a
    patient whose only cycle is closed."""
    return build_world(django_user_model)

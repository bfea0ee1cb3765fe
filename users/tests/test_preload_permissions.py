"""``preload_permissions`` fills Django's permission caches with what ModelBackend would read."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from users.permissions import preload_permissions

pytestmark = pytest.mark.django_db


def test_preloaded_permissions_are_the_backends_and_need_no_more_queries(member):
    user = member("Terapia respiratoria")
    user.user_permissions.add(Permission.objects.get(codename="export_data"))
    expected = get_user_model().objects.get(pk=user.pk).get_all_permissions()
    assert "patients.export_data" in expected and "exams.add_monitoreo" in expected
    fresh = get_user_model().objects.get(pk=user.pk)
    preload_permissions(fresh)
    with CaptureQueriesContext(connection) as queries:
        assert fresh.get_all_permissions() == expected
        assert fresh.has_perm("exams.add_monitoreo") and not fresh.has_perm("exams.void_clinical_record")
    assert len(queries) == 0


def test_superusers_and_inactive_users_are_left_alone(django_user_model):
    boss = django_user_model.objects.create_superuser("jefa", None, None)
    idle = django_user_model.objects.create_user("inactivo", is_active=False)
    for user in (boss, idle):
        preload_permissions(user)
        assert not hasattr(user, "_user_perm_cache")

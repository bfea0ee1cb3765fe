"""The groups of SPEC §4, created by a reversible data migration, match the registry."""

import importlib
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from conftest import GROUP_GRANTS
from exams.registry import RECORD_TYPES
from users.permissions import GROUP_NAMES

pytestmark = pytest.mark.django_db
GROUPS = GROUP_NAMES


def _codenames(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_every_group_exists():
    assert set(Group.objects.values_list("name", flat=True)) >= set(GROUPS)


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda rt: rt.slug)
def test_each_record_type_is_added_by_its_discipline_only(record_type):
    codename = record_type.permission("add").split(".")[1]
    holders = set(Permission.objects.get(codename=codename).group_set.values_list("name", flat=True))
    assert holders == {record_type.discipline}


def test_consulta_only_reads():
    assert all(codename.startswith("view_") for codename in _codenames("Consulta"))


def test_no_group_may_delete():
    """Nothing is deleted. Two exceptions: revoking an API token (Django REST framework revokes
    by deleting it), which administrators do; and a care-plan protocol version no cycle follows
    yet (a draft), which coordination may discard (the admin refuses once a cycle follows it)."""
    drafts = {"delete_versionprotocolo", "delete_itemprotocolo"}
    allowed = {
        "Administrador": {"delete_token", "delete_tokenproxy", *drafts},
        "Coordinador": drafts,
    }
    for name in GROUPS:
        deletes = {codename for codename in _codenames(name) if codename.startswith("delete_")}
        assert deletes == allowed.get(name, set()), name


def test_coordinators_void_and_manage_cycles_but_clinicians_do_not():
    for name in ("Administrador", "Coordinador"):
        assert {"void_clinical_record", "change_ingreso", "add_patient", "view_audit_trail"} <= _codenames(
            name
        )
    for name in ("Neumología", "Terapia respiratoria", "Psicología", "Nutrición", "Consulta"):
        assert not {"void_clinical_record", "change_ingreso", "add_patient"} & _codenames(name)


def test_only_administrators_manage_users():
    assert {"add_user", "change_user"} <= _codenames("Administrador")
    assert not {"add_user", "change_user"} & _codenames("Coordinador")


def test_groups_migration_is_reversible():
    """Run the migration's reverse and forward code on its historical models."""
    migration = importlib.import_module("users.migrations.0002_groups")
    historical_apps = MigrationLoader(connection).project_state(("users", "0002_groups")).apps
    schema_editor = connection.schema_editor()  # not entered: the functions only read its alias
    migration.remove_groups(historical_apps, schema_editor)
    assert not Group.objects.filter(name__in=GROUPS).exists()
    migration.create_groups(historical_apps, schema_editor)
    assert Group.objects.filter(name__in=GROUPS).count() == len(GROUPS)
    assert "add_monitoreo" in _codenames("Terapia respiratoria")


def test_every_migration_that_grants_group_permissions_is_restored_after_a_flush():
    """A transactional test starts from a flushed database: ``conftest.ensure_groups`` brings the
    groups back with every later grant, so each data migration that grants must be listed."""
    granting = {
        (path.parent.parent.name, path.stem)
        for path in Path(settings.BASE_DIR).glob("*/migrations/0*.py")
        if any(call in path.read_text(encoding="utf-8") for call in ("permissions.add(", "grant_to_groups("))
        and path.stem != "0002_groups"
    }
    assert granting == set(GROUP_GRANTS)

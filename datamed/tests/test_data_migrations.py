"""Every data migration runs forward, backward and forward again with the historical models
(django-test-migrations' ``migrator``: it builds the database state just before the migration).

Data migrations are discovered (any RunPython/RunSQL in an app of this repository).
"""

import pytest

from datamed.tests import migration_graph as graph
from users.permissions import GROUP_NAMES

GROUPS_MIGRATION = ("users", "0002_groups")


def _same_app_parent(node):
    app, name = node
    names = graph.chain(app)
    index = names.index(name)
    return (app, names[index - 1] if index else None)


def test_data_migrations_are_discovered():
    assert GROUPS_MIGRATION in graph.data_migrations()


@pytest.mark.parametrize("node", graph.data_migrations(), ids="/".join)
def test_data_migration_reverses_what_it_writes(node, migrator):
    migrator.apply_initial_migration(graph.parents(node))
    before = graph.row_counts()
    migrator.apply_tested_migration(node)
    after_forward = graph.row_counts()
    migrator.apply_tested_migration(_same_app_parent(node))
    after_backward = graph.row_counts()
    migrator.apply_tested_migration(node)
    assert graph.row_counts() == after_forward
    # Backward removes what forward wrote; rows a data migration may legitimately leave
    # (permissions and content types, which Django itself recreates) are not user data.
    # Tables a migration creates or drops (e.g. the SQLite search index of patients 0004) are
    # schema, checked by the zero-and-back tests: compare the tables both states have.
    kept = {"auth_permission", "django_content_type"}
    shared = (set(before) & set(after_backward)) - kept
    assert {t: after_backward[t] for t in shared} == {t: before[t] for t in shared}


def test_groups_migration_creates_and_removes_the_roles(migrator):
    old_state = migrator.apply_initial_migration(graph.parents(GROUPS_MIGRATION))
    assert not old_state.apps.get_model("auth", "Group").objects.exists()

    new_state = migrator.apply_tested_migration(GROUPS_MIGRATION)
    Group = new_state.apps.get_model("auth", "Group")
    names = set(Group.objects.values_list("name", flat=True))
    assert names == set(GROUP_NAMES)
    therapy = Group.objects.get(name="Terapia respiratoria")
    assert therapy.permissions.filter(codename="add_monitoreo").exists()
    assert not therapy.permissions.filter(codename="add_psicologia").exists()
    assert not Group.objects.get(name="Consulta").permissions.exclude(codename__startswith="view_").exists()

    reverted = migrator.apply_tested_migration(_same_app_parent(GROUPS_MIGRATION))
    assert not reverted.apps.get_model("auth", "Group").objects.filter(name__in=names).exists()

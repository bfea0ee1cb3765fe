"""Model permissions given to (or taken back from) the groups of ``users/0002_groups``, for the
data migrations of the apps that add rights to those groups (therapy, api, reports, rips,
careplan): one mechanism instead of a copy in each migration.

Migrations import this module, so what it does must not change once they ran: a different
grant is a new migration, never an edit here.
"""

from collections.abc import Iterable, Mapping

from django.contrib.auth.management import create_permissions

#: group name -> permissions as ``app_label.codename``
Grants = Mapping[str, Iterable[str]]


def _permissions(apps, db: str, names: Iterable[str]) -> list:
    """The permissions named, created first if missing (a migration runs before the
    ``post_migrate`` signal that creates them), on the migration's historical models."""
    wanted: dict[str, set[str]] = {}
    for name in names:
        app_label, codename = name.split(".")
        wanted.setdefault(app_label, set()).add(codename)
    for app_label in wanted:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=db)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission").objects.using(db)
    return [
        permission
        for app_label, codenames in wanted.items()
        for permission in Permission.filter(content_type__app_label=app_label, codename__in=codenames)
    ]


def _groups(apps, db: str, grants: Grants):
    """(group, its permissions) for each group of ``grants`` that exists."""
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.using(db).filter(name__in=list(grants)):
        yield group, _permissions(apps, db, grants[group.name])


def grant_to_groups(apps, schema_editor, grants: Grants) -> None:
    for group, permissions in _groups(apps, schema_editor.connection.alias, grants):
        group.permissions.add(*permissions)


def revoke_from_groups(apps, schema_editor, grants: Grants) -> None:
    for group, permissions in _groups(apps, schema_editor.connection.alias, grants):
        group.permissions.remove(*permissions)

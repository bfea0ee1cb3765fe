"""What the migration tests walk: discovered from the code, so new apps and migrations join in.

Nothing here lists an app or a migration by name: an engineer who adds either gets them tested.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations import CreateModel, RunPython, RunSQL
from django.db.migrations.loader import MigrationLoader

# Undoing these loses rows: a CreateModel backwards drops its table, and a data migration's
# reverse deletes (or rewrites) the rows it wrote. A rollback "keeps every row" only when its
# whole plan avoids them.
ROW_LOSING_WHEN_REVERSED = (CreateModel, RunPython, RunSQL)
DATA_OPERATIONS = (RunPython, RunSQL)


def loader() -> MigrationLoader:
    return MigrationLoader(None, ignore_no_migrations=True)


def project_apps() -> list[str]:
    """Apps whose code lives in this repository (a top-level folder of it) and have migrations."""
    with_migrations = {app for app, _ in loader().disk_migrations}
    return sorted(
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).parent == Path(settings.BASE_DIR) and config.label in with_migrations
    )


def chain(app: str) -> list[str]:
    """The app's migrations in the order they apply."""
    graph = loader().graph
    return [name for app_label, name in graph.forwards_plan(graph.leaf_nodes(app)[0]) if app_label == app]


def rollback_plan(app: str, target: str | None) -> list[tuple[str, str]]:
    """What `migrate <app> <target>` unapplies on a fully migrated database (every app's part)."""
    graph = loader().graph
    if target is None:
        starts = graph.root_nodes(app)
    else:
        starts = [child for child in graph.node_map[(app, target)].children if child[0] == app]
    plan: list[tuple[str, str]] = []
    for start in starts:
        plan += [node for node in graph.backwards_plan(start) if node not in plan]
    return plan


def keeps_rows(node: tuple[str, str]) -> bool:
    return not any(isinstance(op, ROW_LOSING_WHEN_REVERSED) for op in loader().graph.nodes[node].operations)


def row_keeping_rollbacks() -> list[tuple[str, str]]:
    """(app, target) for every rollback, from the newest migration down, that keeps every row."""
    found = []
    for app in project_apps():
        names = chain(app)
        for target in reversed(names[:-1]):
            if not all(keeps_rows(node) for node in rollback_plan(app, target)):
                break
            found.append((app, target))
    return found


def data_migrations() -> list[tuple[str, str]]:
    graph = loader().graph
    return [
        (app, name)
        for app in project_apps()
        for name in chain(app)
        if any(isinstance(op, DATA_OPERATIONS) for op in graph.nodes[(app, name)].operations)
    ]


def parents(node: tuple[str, str]) -> list[tuple[str, str | None]]:
    """Everything ``node`` depends on, or its app's zero state when it depends on nothing."""
    found = sorted(loader().graph.node_map[node].parents)
    return [(parent.key[0], parent.key[1]) for parent in found] or [(node[0], None)]


def row_counts() -> dict[str, int]:
    """Rows per table of the test database (django_migrations, the schema state, left out)."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(set(connection.introspection.table_names(cursor)) - {"django_migrations"}):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts

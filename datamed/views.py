"""Project-level views that belong to no app."""

from django.contrib.auth.decorators import login_not_required
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.http import require_GET


def _pending_migrations() -> int:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


@login_not_required
@require_GET
def healthz(request):
    """Answer 200 only when the database is reachable and every migration is applied."""
    try:
        pending = _pending_migrations()
    except Exception as exc:  # any database error means "not healthy"
        return JsonResponse({"database": "error", "detail": type(exc).__name__}, status=503)
    status = 200 if pending == 0 else 503
    return JsonResponse({"database": "ok", "pending_migrations": pending}, status=status)

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate


def _ensure_plans(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    from django.db import connections

    from careplan import counts, services

    connection = connections[using]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    if {"careplan_itemplan", "careplan_versionprotocolo", "patients_ingreso"} <= tables:
        counts.ensure(connection)
        if using == DEFAULT_DB_ALIAS:  # the services write the default database
            services.fill_missing_plans()


class CareplanConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "careplan"
    verbose_name = "Plan de cuidado"

    def ready(self) -> None:
        from careplan import hooks

        hooks.connect()
        from careplan.selectors import history_panel
        from exams.panels import add_history_panel

        # The clinical history's timeline of the cycle's plan (``careplan/plan_panel.html``).
        add_history_panel("care_plan", lambda ingreso, monitorings, psychology: history_panel(ingreso))
        # After ``migrate``: cycles that existed before the care plan (or came from a restore
        # that did not carry it) get theirs.
        post_migrate.connect(_ensure_plans, sender=self, dispatch_uid="careplan_ensure_plans")

"""The serialized backup format: Django's XML serializer, lossless for every table.

Two differences from ``dumpdata`` make the round trip exact:
- Django's JSON encoder cuts datetimes to milliseconds; the XML serializer keeps microseconds;
- many-to-many links are written as rows of their own (``auth_group_permissions`` with its
  ids), not as lists inside their owner, so those tables come back identical too.
"""

from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.core.management.color import no_style
from django.core.serializers import xml_serializer
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model


class Serializer(xml_serializer.Serializer):
    def handle_m2m_field(self, obj, field):
        """Links are saved as rows of the auto-created through model instead."""


def _stored_models() -> list[type[Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _all_objects(alias: str) -> Iterator[Model]:
    """Every row, except those the database derives itself: loading the cycles recounts them
    (``patients/counts.py``), and a stored copy would then collide with the recount."""
    for model in _stored_models():
        if not getattr(model, "kept_by_database", False):
            yield from model._base_manager.using(alias).order_by("pk").iterator(chunk_size=2000)


def dump(connection: BaseDatabaseWrapper, path: Path) -> None:
    with path.open("w", encoding="utf-8") as stream:
        Serializer().serialize(_all_objects(connection.alias), stream=stream)


def load(connection: BaseDatabaseWrapper, path: Path) -> None:
    """Replace every row of the database with those in ``path``, in one transaction."""
    alias = connection.alias
    with transaction.atomic(using=alias):
        tables = [model._meta.db_table for model in _stored_models()]
        existing = set(connection.introspection.table_names())
        connection.ops.execute_sql_flush(
            connection.ops.sql_flush(
                no_style(), [table for table in tables if table in existing], reset_sequences=True
            )
        )
        with path.open("rb") as stream, connection.constraint_checks_disabled():
            for item in xml_serializer.Deserializer(stream, using=alias):
                item.save(using=alias)
        connection.check_constraints()
        # The database kept these while the rows went in; a recount makes them exact whatever
        # order the rows and their triggers came in.
        for model in _stored_models():
            if getattr(model, "kept_by_database", False):
                model.rebuild(connection)

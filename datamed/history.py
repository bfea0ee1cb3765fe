"""Readable change trails from django-simple-history rows, in one query per trail."""

from dataclasses import dataclass, field

from django.utils.text import capfirst

IGNORED_FIELDS = {"updated_at", "created_at"}


@dataclass
class Change:
    field: str
    old: object
    new: object


@dataclass
class TrailEntry:
    when: object
    user: object
    action: str
    label: str = ""
    changes: list[Change] = field(default_factory=list)


def _action(row, previous) -> str:
    if row.history_type == "+":
        return "Creación"
    if row.history_type == "-":
        return "Eliminación"
    if getattr(row, "anulado", False) and previous is not None and not getattr(previous, "anulado", False):
        return "Anulación"
    return "Modificación"


def _display(row, name: str):
    display = getattr(row, f"get_{name}_display", None)
    return display() if callable(display) else getattr(row, name)


def trail(history_queryset) -> list[TrailEntry]:
    """Entries newest first, each with the fields it changed (old → new).

    The rows may belong to several objects (e.g. all cycles of a patient): each row is
    compared with the previous row of the same object.
    """
    rows = list(history_queryset.select_related("history_user").order_by("history_date", "history_id"))
    entries, previous_by_object = [], {}
    for row in rows:
        previous = previous_by_object.get(row.id)
        entry = TrailEntry(
            row.history_date, row.history_user, _action(row, previous), label=str(row.instance)
        )
        if previous is not None:
            for change in row.diff_against(previous).changes:
                if change.field in IGNORED_FIELDS:
                    continue
                label = capfirst(str(row.instance_type._meta.get_field(change.field).verbose_name))
                entry.changes.append(
                    Change(label, _display(previous, change.field), _display(row, change.field))
                )
        entries.append(entry)
        previous_by_object[row.id] = row
    return entries[::-1]


def merged(*trails: list[TrailEntry]) -> list[TrailEntry]:
    """Several trails as one, newest first."""
    return sorted((entry for entry in sum(trails, [])), key=lambda entry: entry.when, reverse=True)

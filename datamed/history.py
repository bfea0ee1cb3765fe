"""Readable change trails from django-simple-history rows, in one query per trail."""

from dataclasses import dataclass, field

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
    """Entries newest first, each with the fields it changed (old → new)."""
    rows = list(history_queryset.select_related("history_user").order_by("history_date", "history_id"))
    entries, previous = [], None
    for row in rows:
        entry = TrailEntry(row.history_date, row.history_user, _action(row, previous))
        if previous is not None:
            for change in row.diff_against(previous).changes:
                if change.field in IGNORED_FIELDS:
                    continue
                label = str(row.instance_type._meta.get_field(change.field).verbose_name).capitalize()
                entry.changes.append(
                    Change(label, _display(previous, change.field), _display(row, change.field))
                )
        entries.append(entry)
        previous = row
    return entries[::-1]

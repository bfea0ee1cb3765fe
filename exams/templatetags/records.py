"""Display helpers for clinical records, shared by every record type."""

import datetime
from decimal import Decimal

from django import template
from django.utils.formats import date_format, number_format

register = template.Library()


def display_value(record, name: str) -> str:
    """The display value of a field or property: choice labels, dates and Sí/No."""
    display = getattr(record, f"get_{name}_display", None)
    value = display() if callable(display) else getattr(record, name)
    if value is None or value == "":
        return getattr(record, "empty_display", {}).get(name, "—")
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, Decimal):
        return number_format(value.normalize() if value == value.to_integral() else value)
    if isinstance(value, datetime.datetime):
        return date_format(value, "d/m/Y")
    if isinstance(value, datetime.date):
        # What date_format(value, "d/m/Y") gives, without building a formatter per cell.
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    return str(value)


@register.simple_tag
def record_value(record, name: str) -> str:
    return display_value(record, name)


@register.filter
def record_cells(record, record_type) -> list[str]:
    """The record's display values for its type's columns, in order. One filter call per row
    instead of one tag per cell: the clinical history shows hundreds of cells."""
    return [display_value(record, name) for name, _ in record_type.columns]

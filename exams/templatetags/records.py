"""Display helpers for clinical records, shared by every record type."""

from decimal import Decimal

from django import template
from django.utils.formats import date_format, number_format

register = template.Library()


@register.simple_tag
def record_value(record, name: str) -> str:
    """The display value of a field or property: choice labels, dates and Sí/No."""
    display = getattr(record, f"get_{name}_display", None)
    value = display() if callable(display) else getattr(record, name)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, Decimal):
        return number_format(value.normalize() if value == value.to_integral() else value)
    if hasattr(value, "strftime"):
        return date_format(value, "d/m/Y")
    return str(value)

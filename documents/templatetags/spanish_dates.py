"""Dates written out in Spanish as the documents print them: «5 de diciembre de 2026»."""

import datetime

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS

register = template.Library()


@register.filter
def long_date(value) -> str:
    """Day, month in lower case (Spanish writes months so; Django's «F» capitalises them), year;
    with the time (hh:mm, Bogotá) for a datetime."""
    if not value:
        return "—"
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
        return f"{_day(value)}, {value:%H:%M}"
    return _day(value)


def _day(value: datetime.date) -> str:
    return f"{value.day} de {str(MONTHS[value.month]).lower()} de {value.year}"

"""The badge of a device adherence verdict (SPEC §8)."""

from django import template
from django.utils.html import format_html

from patients.choices import Veredicto

register = template.Library()

BADGE_CLASSES = {
    Veredicto.CUMPLE: "text-bg-success",
    Veredicto.EN_RIESGO: "text-bg-warning",
    Veredicto.NO_CUMPLE: "text-bg-danger",
}


@register.simple_tag
def verdict_badge(verdict: str, label: str) -> str:
    """A tag rather than an included template: the dashboard shows one per row."""
    return format_html(
        '<span class="badge {}">{}</span>', BADGE_CLASSES.get(verdict, "text-bg-secondary"), label
    )

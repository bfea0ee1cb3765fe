"""The ``page`` template library: pieces of HTML that most pages show, built in Python.

A tag builds its piece with ``format_html`` (every value escaped) in a few microseconds; the
same piece as an included template costs a template lookup, a context push and a node per
attribute, which adds up to milliseconds on a page that shows it many times."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from users.permissions import EXPORT_DATA

register = template.Library()


@register.simple_tag(takes_context=True)
def export_buttons(context, xlsx: str, csv: str, label: str, query: str = "") -> str:
    """Both download links (with the page's ``query``), or nothing for a user who may not
    export. Each link's name says what it downloads («Excel de pacientes sin atención»): a
    page with several pairs (the dashboard) has no two links of the same name."""
    if not context["request"].user.has_perm(EXPORT_DATA):
        return ""
    suffix = f"?{query}" if query else ""
    return format_html(
        '<div class="btn-group btn-group-sm export-buttons" role="group" aria-label="Exportar {}">\n'
        '  <a class="btn btn-outline-success" href="{}{}" download>'
        '<i class="bi bi-file-earmark-excel" aria-hidden="true"></i> Excel'
        '<span class="visually-hidden"> de {}</span></a>\n'
        '  <a class="btn btn-outline-secondary" href="{}{}" download>'
        '<i class="bi bi-filetype-csv" aria-hidden="true"></i> CSV'
        '<span class="visually-hidden"> de {}</span></a>\n'
        "</div>",
        label,
        xlsx,
        suffix,
        label,
        csv,
        suffix,
        label,
    )


@register.simple_tag(takes_context=True)
def nav_link(context, view: str, icon: str, label: str) -> str:
    """An entry of the main menu, marked as the current page when ``view`` is the one shown."""
    match = context["request"].resolver_match
    if match is not None and match.view_name == view:
        entry = '<li class="nav-item"><a class="nav-link active" href="{}" aria-current="page">{}</a></li>'
    else:
        entry = '<li class="nav-item"><a class="nav-link" href="{}">{}</a></li>'
    return format_html(
        entry, reverse(view), format_html('<i class="bi {}" aria-hidden="true"></i> {}', icon, label)
    )

"""The ``exporting`` template library: a page's Excel and CSV download buttons."""

from django import template
from django.utils.html import format_html

from users.permissions import EXPORT_DATA

register = template.Library()


@register.simple_tag(takes_context=True)
def export_buttons(context, xlsx: str, csv: str, label: str, query: str = "") -> str:
    """Both download links (with the page's ``query``), or nothing for a user who may not
    export. A tag rather than an included template: the dashboard shows nine pairs."""
    if not context["request"].user.has_perm(EXPORT_DATA):
        return ""
    suffix = f"?{query}" if query else ""
    return format_html(
        '<div class="btn-group btn-group-sm export-buttons" role="group" aria-label="Exportar {}">\n'
        '  <a class="btn btn-outline-success" href="{}{}" download>'
        '<i class="bi bi-file-earmark-excel" aria-hidden="true"></i> Excel</a>\n'
        '  <a class="btn btn-outline-secondary" href="{}{}" download>'
        '<i class="bi bi-filetype-csv" aria-hidden="true"></i> CSV</a>\n'
        "</div>",
        label,
        xlsx,
        suffix,
        csv,
        suffix,
    )

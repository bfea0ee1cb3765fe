"""The worklist page (``/worklist/``) and its export. Thin: selectors read, the template shows."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from careplan import exports, selectors
from careplan.forms import WorklistFilterForm
from datamed import exporting
from exams.registry import REGISTRY
from patients.models import today
from users import permissions


def _filters(request):
    """The scope and filters the query string asks for, limited to what the user may see."""
    own = selectors.user_disciplines(request.user)
    every = selectors.sees_every_discipline(request.user) or not own
    form = WorklistFilterForm(request.GET, disciplinas=None if every else own)
    scope = selectors.worklist_scope(request.user, form.value("disciplina"))
    upcoming = form.value("ver") == "proximos"
    items = selectors.worklist(scope, today(), form.value("eps"), form.value("programa"), upcoming)
    return form, scope, upcoming, items


def register_url(item) -> str:
    """The register form of the item's record type for the item's patient (a second tab's
    type opens its page on that tab)."""
    record_type = REGISTRY[item.tipo]
    url = reverse("exams:register", args=[item.ingreso.paciente.id, record_type.register_slug])
    return f"{url}?tab={record_type.slug}" if record_type.tab_of else url


def worklist(request):
    form, scope, upcoming, items = _filters(request)
    page = Paginator(items, settings.DATAMED_PAGE_SIZE).get_page(request.GET.get("page"))
    on = today()
    for item in page:
        item.register_url = register_url(item)
        item.dias_vencido = item.dias_vencido_on(on)
        item.vencido = on > item.ventana_fin
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "careplan/worklist.html",
        {
            "form": form,
            "scope": scope,
            "upcoming": upcoming,
            "page": page,
            "querystring": params.urlencode(),
        },
    )


@permissions.permission_required(permissions.EXPORT_DATA)
def worklist_export(request, fmt: str):
    _, _, upcoming, items = _filters(request)
    return exporting.response(fmt, "pendientes", [exports.worklist_sheet(items.rows, upcoming)])

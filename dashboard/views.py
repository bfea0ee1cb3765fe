"""The coordinator's dashboard (SPEC §3)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render

from careplan import selectors as careplan_selectors
from dashboard import exports, selectors
from datamed import exporting
from datamed.sequences import Counted
from exams.registry import RECORD_TYPES
from patients.capita import CYCLE_MONTHS
from therapy import selectors as therapy_selectors
from users import permissions

# The fields the page's rows show (``dashboard/index.html``): the rows are read without the
# others, a third of a row query's time. A field missing here costs a query per row, which
# the query-count tests catch.
PATIENT_CONTACT = ("paciente__nombre", "paciente__apellido", "paciente__celular", "paciente__telefono")
LAST_ADMITTED_COLUMNS = ("fecha_inicio", "paciente__nombre", "paciente__apellido")
OVERDUE_COLUMNS = ("fecha_inicio", "fecha_fin", "ultima_atencion", *PATIENT_CONTACT)
DEVICE_COLUMNS = ("veredicto_equipo", "ultima_noche_equipo", "paciente__entidad_salud", *PATIENT_CONTACT)


def index(request):
    overdue = Paginator(
        Counted(
            selectors.cycles_without_recent_attention().only(*OVERDUE_COLUMNS),
            selectors.count_without_recent_attention,
        ),
        settings.DATAMED_PAGE_SIZE,
    )
    context = selectors.dashboard_summary(LAST_ADMITTED_COLUMNS)
    context["overdue_page"] = overdue.get_page(request.GET.get("page"))
    context["record_types"] = RECORD_TYPES
    device = therapy_selectors.device_panel(columns=DEVICE_COLUMNS)
    follow_up = Paginator(device.follow_up, settings.DATAMED_PAGE_SIZE)
    context["device_page"] = follow_up.get_page(request.GET.get("equipo"))
    context["verdicts"] = device.verdicts
    context["silence_nights"] = settings.DATAMED_DEVICE_SILENCE_NIGHTS
    labels = [f"Mes {month}" for month in range(1, CYCLE_MONTHS + 1)]
    context["chart"] = {"labels": labels, "values": context["by_month"]}
    # The same figures as a table: the chart's text alternative (and its printed form).
    context["chart_rows"] = list(zip(labels, context["by_month"], strict=True))
    context["care_plan"] = careplan_selectors.dashboard_panel()
    return render(request, "dashboard/index.html", context)


@permissions.permission_required(permissions.EXPORT_DATA)
def no_attention_export(request, fmt: str):
    return exporting.response(fmt, "sin_atencion", [exports.no_attention_sheet()])

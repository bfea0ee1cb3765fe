"""The coordinator's dashboard (SPEC §3)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render

from dashboard import exports, selectors
from datamed import exporting
from datamed.sequences import Counted
from exams.registry import RECORD_TYPES
from patients.models import CYCLE_MONTHS
from therapy import selectors as therapy_selectors
from users import permissions


def index(request):
    overdue = Paginator(
        Counted(selectors.cycles_without_recent_attention(), selectors.count_without_recent_attention),
        settings.DATAMED_PAGE_SIZE,
    )
    context = selectors.dashboard_summary()
    context["overdue_page"] = overdue.get_page(request.GET.get("page"))
    context["record_types"] = RECORD_TYPES
    device = therapy_selectors.device_panel()
    follow_up = Paginator(device.follow_up, settings.DATAMED_PAGE_SIZE)
    context["device_page"] = follow_up.get_page(request.GET.get("equipo"))
    context["verdicts"] = device.verdicts
    context["silence_nights"] = settings.DATAMED_DEVICE_SILENCE_NIGHTS
    labels = [f"Mes {month}" for month in range(1, CYCLE_MONTHS + 1)]
    context["chart"] = {"labels": labels, "values": context["by_month"]}
    # The same figures as a table: the chart's text alternative (and its printed form).
    context["chart_rows"] = list(zip(labels, context["by_month"], strict=True))
    return render(request, "dashboard/index.html", context)


@permissions.permission_required(permissions.EXPORT_DATA)
def no_attention_export(request, fmt: str):
    return exporting.response(fmt, "sin_atencion", [exports.no_attention_sheet()])

"""Figures of the dashboard, each one query computed in the database."""

from patients.models import Ingreso


def dashboard_summary() -> dict:
    active = Ingreso.objects.active()
    return {
        "active_patients": active.count(),
        "last_admitted": active.select_related("paciente").order_by("-fecha_inicio", "-id").first(),
    }

"""The demo's issued reports: last month's report of each EPS, issued once by the demo user, so
``/reports/`` shows an issued version (and, after the demo data change, what changed)."""

from patients.choices import EntidadSalud
from reports.forms import default_month
from reports.models import EmisionInforme
from reports.services import issue_report


def issue_demo_reports(user) -> list[EmisionInforme]:
    """Issue last month's report of each EPS that has none yet (running it again adds nothing)."""
    month = default_month()
    issued = []
    for eps in EntidadSalud.values:
        if not EmisionInforme.objects.of_month(eps, month).exists():
            issued.append(issue_report(eps, month, user))
    return issued

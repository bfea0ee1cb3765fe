"""Issuing the monthly program report: the one write of the reports app (page, command)."""

import hashlib
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from datamed.exceptions import StateConflict
from reports import figures as labelled
from reports import rendering, selectors
from reports.models import EmisionInforme
from reports.months import Month
from users.templatetags.people import display_name

UNCHANGED = "Las cifras no cambiaron desde la versión {version}: no hay nada que volver a emitir."


@dataclass(frozen=True)
class Draft:
    """The report as the data stand now, and how it differs from the last issued version."""

    figures: dict
    latest: EmisionInforme | None
    changes: list[labelled.Change]

    @property
    def unchanged(self) -> bool:
        return self.latest is not None and not self.changes


def draft(eps: str, month: Month) -> Draft:
    figures = selectors.program_figures(eps, month)
    latest = EmisionInforme.objects.of_month(eps, month).order_by("-version").first()
    changes = labelled.differences(latest.cifras, figures) if latest else []
    return Draft(figures, latest, changes)


def issue_report(eps: str, month: Month, user, *, now=None) -> EmisionInforme:
    """Freeze the report of ``eps`` for ``month``: its figures, PDF and .xlsx (with their
    SHA-256), who and when. A month issued before gets a new version that follows the last
    one (the earlier versions stay as they were); re-issuing figures that did not change is
    refused (``StateConflict``)."""
    now = now or timezone.now()
    with transaction.atomic():
        # Serialise two issues of the same month (the unique version catches what slips by).
        list(EmisionInforme.objects.of_month(eps, month).select_for_update().values_list("pk", flat=True))
        current = draft(eps, month)
        if current.unchanged:
            raise StateConflict(UNCHANGED.format(version=current.latest.version))
        version = current.latest.version + 1 if current.latest else 1
        issue = {
            "version": version,
            "previous": current.latest.version if current.latest else None,
            "changes": current.changes,
        }
        author = display_name(user)
        pdf = rendering.render_pdf(current.figures, generated_by=author, generated_at=now, issue=issue)
        xlsx = rendering.render_xlsx(current.figures, generated_by=author, generated_at=now, issue=issue)
        try:
            return EmisionInforme.objects.create(
                entidad_salud=eps,
                mes=month.first,
                version=version,
                cifras=current.figures,
                pdf=pdf,
                pdf_sha256=hashlib.sha256(pdf).hexdigest(),
                xlsx=xlsx,
                xlsx_sha256=hashlib.sha256(xlsx).hexdigest(),
                emitido_por=user,
                emitido_el=now,
                anterior=current.latest,
            )
        except IntegrityError as error:
            raise StateConflict(
                "Otra persona emitió este mes al mismo tiempo; vuelva a intentarlo."
            ) from error

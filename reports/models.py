"""Issued monthly program reports (SPEC §11): once issued, a month is kept as issued.

Each issue is a version: the figures as they were (JSON), the generated files (PDF and .xlsx,
byte for byte) with their SHA-256, who issued it and when. Re-issuing after the data changed
adds a version that points to the one it follows; no version is ever changed or deleted
(``PROTECT`` on every reference, the admin and the model refuse deletion, and the services only
insert).
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q

from patients.choices import EntidadSalud
from reports.months import Month

#: Who sees the report and who issues it (SPEC §11; Coordinador and Administrador, granted by
#: the migration ``0002_report_permissions``).
VIEW_REPORT = "reports.view_program_report"
ISSUE_REPORT = "reports.issue_program_report"


class DeletionRefused(Exception):
    """An issued report is a record of what was sent to the EPS: it is never deleted."""


class EmisionQuerySet(models.QuerySet):
    def of_month(self, eps: str, month: Month) -> "EmisionQuerySet":
        return self.filter(entidad_salud=eps, mes=month.first)

    def delete(self):
        raise DeletionRefused("Un informe emitido no se borra.")


class EmisionInforme(models.Model):
    entidad_salud = models.CharField("EPS", max_length=20, choices=EntidadSalud.choices)
    mes = models.DateField("mes", help_text="Primer día del mes del informe.")
    version = models.PositiveIntegerField("versión")
    cifras = models.JSONField("cifras")
    pdf = models.BinaryField("PDF")
    pdf_sha256 = models.CharField("SHA-256 del PDF", max_length=64)
    xlsx = models.BinaryField("Excel")
    xlsx_sha256 = models.CharField("SHA-256 del Excel", max_length=64)
    emitido_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="emitido por"
    )
    emitido_el = models.DateTimeField("emitido el")
    anterior = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="siguiente",
        verbose_name="versión anterior",
    )

    objects = EmisionQuerySet.as_manager()

    class Meta:
        verbose_name = "informe mensual emitido"
        verbose_name_plural = "informes mensuales emitidos"
        ordering = ["-mes", "entidad_salud", "-version"]
        permissions = [
            ("view_program_report", "Puede ver el informe mensual del programa"),
            ("issue_program_report", "Puede emitir el informe mensual del programa"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["entidad_salud", "mes", "version"], name="emision_one_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="emision_version_positive"),
            models.CheckConstraint(condition=Q(mes__day=1), name="emision_mes_first_day"),
            # The first version follows none; every later one follows another.
            models.CheckConstraint(
                condition=Q(version=1, anterior__isnull=True) | Q(version__gt=1, anterior__isnull=False),
                name="emision_follows_previous",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_entidad_salud_display()} · {self.month} · versión {self.version}"

    def delete(self, *args, **kwargs):
        raise DeletionRefused("Un informe emitido no se borra.")

    @property
    def month(self) -> Month:
        return Month.of(self.mes)

    def filename(self, fmt: str) -> str:
        return f"informe_{self.entidad_salud}_{self.month}_v{self.version}.{fmt}"

    def file(self, fmt: str) -> tuple[bytes, str]:
        """The stored bytes of ``fmt`` (``pdf`` or ``xlsx``) and their SHA-256."""
        if fmt == "pdf":
            return bytes(self.pdf), self.pdf_sha256
        if fmt == "xlsx":
            return bytes(self.xlsx), self.xlsx_sha256
        raise ValueError(fmt)

    def files_intact(self) -> bool:
        """Whether the stored files still match the hashes taken when they were issued."""
        return all(
            hashlib.sha256(self.file(fmt)[0]).hexdigest() == self.file(fmt)[1] for fmt in ("pdf", "xlsx")
        )

"""Who read which clinical history, and when (Ley 1581/2012: access to health data is traced)."""

from django.conf import settings
from django.db import models


class ClinicalAccess(models.Model):
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="usuario"
    )
    paciente = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="accesos", verbose_name="paciente"
    )
    ingreso = models.ForeignKey(
        "patients.Ingreso",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ciclo consultado",
    )
    consultado_el = models.DateTimeField("consultado el", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "consulta de historia clínica"
        verbose_name_plural = "consultas de historias clínicas"
        ordering = ["-consultado_el", "-id"]
        indexes = [models.Index(fields=["paciente", "-consultado_el"], name="access_patient_idx")]

    def __str__(self) -> str:
        return f"{self.usuario} consultó {self.paciente} el {self.consultado_el:%d/%m/%Y %H:%M}"

"""Who read which clinical history, and when (Ley 1581/2012: access to health data is traced);
and what each signed-in session is (device, address), for "Mis sesiones"."""

from django.conf import settings
from django.db import models


class ClinicalAccess(models.Model):
    class Tipo(models.TextChoices):
        HISTORIA = "HISTORIA", "Historia clínica"
        RESUMEN_PDF = "RESUMEN_PDF", "Resumen en PDF"
        EXPORTACION = "EXPORTACION", "Exportación"
        INFORME_ACCESOS = "INFORME_ACCESOS", "Informe de accesos"

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
    tipo = models.CharField(
        "tipo de acceso",
        max_length=20,
        choices=Tipo.choices,
        default=Tipo.HISTORIA,
        db_default=Tipo.HISTORIA,
    )
    consultado_el = models.DateTimeField("consultado el", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "consulta de historia clínica"
        verbose_name_plural = "consultas de historias clínicas"
        ordering = ["-consultado_el", "-id"]
        indexes = [models.Index(fields=["paciente", "-consultado_el"], name="access_patient_idx")]

    def __str__(self) -> str:
        return (
            f"{self.usuario} consultó {self.paciente} ({self.get_tipo_display()}) "
            f"el {self.consultado_el:%d/%m/%Y %H:%M}"
        )


class UserSession(models.Model):
    """What is known of one signed-in session, written when it starts (``users.signals``).

    Its last activity is not stored here: the session's own expiry, which
    ``datamed.sessions.SessionRefreshMiddleware`` pushes forward at most once a minute, already
    tells it (expiry − ``SESSION_COOKIE_AGE``), so a page view costs no extra write. A row whose
    session has ended is left behind and removed with the user's next sign-in."""

    session_key = models.CharField("clave de sesión", max_length=40, unique=True)
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sesiones", verbose_name="usuario"
    )
    user_agent = models.CharField("navegador", max_length=300, blank=True)
    ip = models.GenericIPAddressField("dirección IP", null=True, blank=True)
    iniciada_el = models.DateTimeField("iniciada el", auto_now_add=True)

    class Meta:
        verbose_name = "sesión de usuario"
        verbose_name_plural = "sesiones de usuario"
        ordering = ["-iniciada_el", "-id"]

    def __str__(self) -> str:
        return f"{self.usuario} desde {self.ip or '—'}"


class Perfil(models.Model):
    """What DataMed knows of a staff member beyond the sign-in: their identity document, which
    the RIPS (Res. 2275 de 2023) reports for the professional who gave each service."""

    class TipoDocumento(models.TextChoices):
        # Adults' types of the Ministry's TipoIDPISIS table.
        CC = "CC", "Cédula de ciudadanía"
        CE = "CE", "Cédula de extranjería"
        PA = "PA", "Pasaporte"
        PE = "PE", "Permiso especial de permanencia"
        PT = "PT", "Permiso por protección temporal"

    usuario = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="perfil", verbose_name="usuario"
    )
    tipo_documento = models.CharField(
        "tipo de documento", max_length=2, choices=TipoDocumento.choices, default=TipoDocumento.CC
    )
    numero_documento = models.CharField(
        "número de documento",
        max_length=20,
        blank=True,
        help_text="Documento del profesional: el RIPS lo informa en cada atención que registró.",
    )

    class Meta:
        verbose_name = "perfil"
        verbose_name_plural = "perfiles"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(numero_documento__regex=r"^[A-Za-z0-9]*$"),
                name="perfil_documento_alfanumerico",
            )
        ]

    def __str__(self) -> str:
        return f"{self.usuario} ({self.tipo_documento} {self.numero_documento or '—'})"

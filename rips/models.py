"""The settings the RIPS needs and DataMed does not otherwise hold (SPEC §11): the IPS, each
EPS's administrator code, and how each record type is reported. A coordinator edits them in
the admin; the codes come from the Ministry's reference tables (``rips.codes``)."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models

from patients.choices import EntidadSalud
from rips import codes

_digits = RegexValidator(r"^[0-9]+$", "Solo dígitos.")


class Ips(models.Model):
    """The provider that issues the RIPS: one row (``Ips.current()``)."""

    nit = models.CharField(
        "NIT (sin dígito de verificación)",
        max_length=15,
        validators=[
            RegexValidator(codes.NIT_RE, "El NIT son de 5 a 15 dígitos, sin dígito de verificación.")
        ],
        help_text="numDocumentoIdObligado del RIPS.",
    )
    cod_prestador = models.CharField(
        "código de prestador (REPS)",
        max_length=12,
        validators=[RegexValidator(codes.REPS_RE, "El código de habilitación REPS son de 10 a 12 dígitos.")],
        help_text="codPrestador: el código de habilitación de la sede en el REPS.",
    )
    nombre = models.CharField("nombre", max_length=200)

    class Meta:
        verbose_name = "IPS (datos del prestador)"
        verbose_name_plural = "IPS (datos del prestador)"
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="ips_single_row")]

    def __str__(self) -> str:
        return f"{self.nombre} (NIT {self.nit})"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> "Ips | None":
        return cls.objects.filter(pk=1).first()


class Administradora(models.Model):
    """An EPS as the RIPS names it: its administrator code and the users' type of affiliation."""

    entidad_salud = models.CharField("EPS", max_length=20, choices=EntidadSalud.choices, unique=True)
    codigo = models.CharField(
        "código de la administradora",
        max_length=10,
        help_text="Código de la EPS (entidad administradora de planes de beneficios) ante el Ministerio.",
    )
    tipo_usuario = models.CharField(
        "tipo de usuario",
        max_length=2,
        choices=codes.TipoUsuario.choices,
        blank=True,
        help_text="tipoUsuario de sus afiliados en el programa (tabla RIPSTipoUsuarioVersion2).",
    )

    class Meta:
        verbose_name = "EPS (código de administradora)"
        verbose_name_plural = "EPS (códigos de administradora)"
        ordering = ["entidad_salud"]

    def __str__(self) -> str:
        return f"{self.get_entidad_salud_display()} ({self.codigo})"


class MapeoRegistro(models.Model):
    """How one record type (``exams.registry``) is reported.

    Types that write an attention-log line (monitoring, psychology, nutrition, pulmonology,
    follow-up note) are reported for each valid line. The sleep studies and the equipment
    delivery write none: they are reported only when ``incluir`` says the IPS performed or
    supplied them (off by default)."""

    tipo_registro = models.CharField("tipo de registro", max_length=30, unique=True)
    incluir = models.BooleanField(
        "la IPS lo presta",
        default=False,
        help_text="Solo para estudios y entrega de equipo (no escriben línea en la bitácora): "
        "informarlos en el RIPS.",
    )
    lista = models.CharField(
        "se informa como", max_length=16, choices=codes.Lista.choices, default=codes.Lista.CONSULTAS
    )
    cod_cups = models.CharField(
        "código CUPS (o de la tecnología)",
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[0-9A-Za-z-]{1,20}$", "Solo letras, dígitos y guiones.")],
        help_text="codConsulta / codProcedimiento: el CUPS de 6 caracteres. Otros servicios: "
        "codTecnologiaSalud, el código del dispositivo.",
    )
    nombre_tecnologia = models.CharField(
        "nombre de la tecnología", max_length=200, blank=True, help_text="Solo otros servicios."
    )
    modalidad = models.CharField("modalidad", max_length=2, choices=codes.Modalidad.choices, blank=True)
    grupo_servicios = models.CharField(
        "grupo de servicios", max_length=2, choices=codes.GrupoServicios.choices, blank=True
    )
    cod_servicio = models.CharField(
        "código de servicio (REPS)",
        max_length=4,
        blank=True,
        validators=[_digits],
        help_text="codServicio: el servicio habilitado en el REPS (Res. 3100 de 2019).",
    )
    finalidad = models.CharField("finalidad", max_length=2, choices=codes.Finalidad.choices, blank=True)
    causa = models.CharField(
        "causa / motivo de atención", max_length=2, choices=codes.Causa.choices, blank=True
    )
    via_ingreso = models.CharField(
        "vía de ingreso",
        max_length=2,
        choices=codes.ViaIngreso.choices,
        blank=True,
        help_text="Solo procedimientos.",
    )
    diagnostico = models.CharField(
        "diagnóstico principal (CIE-10)",
        max_length=5,
        blank=True,
        help_text="Vacío: el diagnóstico del paciente (G47.3 → G473). Sin punto.",
    )
    tipo_diagnostico = models.CharField(
        "tipo de diagnóstico principal", max_length=2, choices=codes.TipoDiagnostico.choices, blank=True
    )
    tipo_os = models.CharField(
        "tipo de otro servicio", max_length=2, choices=codes.TipoOtroServicio.choices, blank=True
    )
    valor = models.PositiveIntegerField(
        "valor del servicio (COP)", default=0, validators=[MinValueValidator(0)]
    )
    concepto_recaudo = models.CharField(
        "concepto de recaudo", max_length=2, choices=codes.ConceptoRecaudo.choices, blank=True
    )

    class Meta:
        verbose_name = "mapeo de tipo de registro"
        verbose_name_plural = "mapeo de tipos de registro"
        ordering = ["id"]

    def __str__(self) -> str:
        from exams.registry import REGISTRY

        record_type = REGISTRY.get(self.tipo_registro)
        return record_type.label if record_type else self.tipo_registro

    @property
    def se_informa(self) -> bool:
        """Whether the RIPS reports this type: always for the types that write an
        attention-log line, only when ``incluir`` for the others."""
        from exams.registry import REGISTRY

        record_type = REGISTRY.get(self.tipo_registro)
        return record_type is not None and (record_type.model.writes_attention_log or self.incluir)

    def clean(self) -> None:
        super().clean()
        if self.diagnostico:
            self.diagnostico = codes.cie10_without_dot(self.diagnostico)
            if not codes.CIE10_RE.match(self.diagnostico):
                raise ValidationError({"diagnostico": "Código CIE-10 no válido (p. ej. G473)."})

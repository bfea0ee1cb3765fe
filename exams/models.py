"""The eight clinical record types and the attention log (SPEC §2 "exams").

Every record belongs to a cycle (``ingreso``, NOT NULL, PROTECT), keeps its author and time,
is never deleted but voided (anulado) with a reason, and keeps a history of every change:
Res. 1995/1999 and Res. 839/2017 require clinical entries to be retained and not destroyed.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from exams import clinical
from exams.choices import (
    EstadoNutricional,
    FuenteMonitoreo,
    MarcaEquipo,
    ModoVentilatorio,
    SeveridadApnea,
    SiNo,
    TallaMascara,
    TipoMascara,
    TipoServicio,
)
from patients.models import Ingreso, default_adherence_threshold, today


def _decimal(name: str, low: str | None = "0", high: str | None = None, **kwargs) -> models.DecimalField:
    validators = []
    if low is not None:
        validators.append(MinValueValidator(Decimal(low)))
    if high is not None:
        validators.append(MaxValueValidator(Decimal(high)))
    return models.DecimalField(name, max_digits=5, decimal_places=2, validators=validators, **kwargs)


def _percentage(name: str, **kwargs) -> models.DecimalField:
    return _decimal(name, "0", "100", **kwargs)


def _ipap() -> models.DecimalField:
    return _decimal("presión IPAP (cmH2O)", "4", "30")


def _epap() -> models.DecimalField:
    return _decimal("presión EPAP (cmH2O)", "3", "25", null=True, blank=True)


def _respiratory_rate() -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        "frecuencia respiratoria (rpm)",
        null=True,
        blank=True,
        validators=[MinValueValidator(4), MaxValueValidator(40)],
    )


def epap_below_ipap(name: str) -> models.CheckConstraint:
    """Expiratory pressure, when set, is below the inspiratory one (a BPAP invariant)."""
    return models.CheckConstraint(
        condition=Q(presion_epap__isnull=True) | Q(presion_epap__lt=models.F("presion_ipap")), name=name
    )


def _user_link(name: str) -> models.ForeignKey:
    """A user reference that survives the user's removal (the record must outlive it)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=name,
    )


def _care_date(name: str = "fecha de atención") -> models.DateField:
    return models.DateField(name, default=today)


class ClinicalRecordQuerySet(models.QuerySet):
    def valid(self):
        """Records that count: not voided."""
        return self.filter(anulado=False)


class ClinicalRecord(models.Model):
    """What every clinical record shares. Subclasses name their care-date field."""

    #: name of the field holding the date the care happened
    care_date_field = "fecha_atencion"
    #: whether creating the record writes a line in the attention log
    writes_attention_log = False
    #: whether the care date may precede the cycle (a diagnostic study usually does)
    care_date_may_precede_cycle = False
    #: what the pages show for an empty field instead of "—", by field name
    empty_display: dict[str, str] = {}

    ingreso = models.ForeignKey(Ingreso, on_delete=models.PROTECT, verbose_name="ciclo")
    registrado_por = _user_link("registrado por")
    created_at = models.DateTimeField("registrado el", auto_now_add=True)
    updated_at = models.DateTimeField("modificado el", auto_now=True)
    anulado = models.BooleanField("anulado", default=False)
    anulado_por = _user_link("anulado por")
    anulado_el = models.DateTimeField("anulado el", null=True, blank=True)
    motivo_anulacion = models.TextField("motivo de la anulación", blank=True)
    history = HistoricalRecords(inherit=True)

    objects = ClinicalRecordQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} del {self.care_date:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    @property
    def care_date(self) -> datetime.date:
        return getattr(self, self.care_date_field)

    def derive(self) -> None:
        """Compute the server-side fields; every save path goes through here."""

    def clean(self) -> None:
        super().clean()
        self.validate_care_date()

    def validate_care_date(self) -> None:
        care = self.care_date
        if care is None:
            return
        if care > today():
            raise ValidationError({self.care_date_field: "La fecha no puede estar en el futuro."})
        if not self.care_date_may_precede_cycle and self.ingreso_id and care < self.ingreso.fecha_inicio:
            raise ValidationError(
                {self.care_date_field: "La fecha no puede ser anterior al inicio del ciclo."}
            )
        # A study that may precede the cycle still follows the birth (a cycle starts after it).
        if (
            self.care_date_may_precede_cycle
            and self.ingreso_id
            and care < self.ingreso.paciente.fecha_nacimiento
        ):
            raise ValidationError(
                {
                    self.care_date_field: "La fecha no puede ser anterior a la fecha de nacimiento del paciente."
                }
            )


def validate_pressures(record, mode_field: str) -> None:
    """PAP settings by ventilation mode (shared by Monitoreo and PolisomnografiaTitulacion).

    CPAP: one pressure, no EPAP and no backup rate. BPAP: EPAP required and below IPAP.
    BPAP ST: as BPAP plus a backup respiratory rate.
    """
    mode = getattr(record, mode_field)
    errors = {}
    if mode == ModoVentilatorio.CPAP:
        if record.presion_epap is not None:
            errors["presion_epap"] = "En modo CPAP no se registra presión EPAP."
        if record.frecuencia_respiratoria is not None:
            errors["frecuencia_respiratoria"] = "En modo CPAP no se registra frecuencia respiratoria."
    elif mode in (ModoVentilatorio.BPAP, ModoVentilatorio.BPAP_ST):
        if record.presion_epap is None:
            errors["presion_epap"] = "La presión EPAP es obligatoria en modo BPAP y BPAP ST."
        elif record.presion_ipap is not None and record.presion_epap >= record.presion_ipap:
            errors["presion_epap"] = "La presión EPAP debe ser menor que la IPAP."
        if mode == ModoVentilatorio.BPAP_ST and record.frecuencia_respiratoria is None:
            errors["frecuencia_respiratoria"] = "La frecuencia respiratoria es obligatoria en BPAP ST."
    if errors:
        raise ValidationError(errors)


WINDOW_ORDER = "La primera noche de la ventana no puede ser posterior a la última."
WINDOW_PAIR = "Indique las dos noches de la ventana, o ninguna."


def validate_window(record) -> None:
    """The device window of a monitoring: both nights or none, the first not after the last,
    and required for figures from the device (the database's ``monitoreo_window_*`` too)."""
    start, end = record.ventana_inicio, record.ventana_fin
    if (start is None) != (end is None):
        raise ValidationError({"ventana_inicio" if start is None else "ventana_fin": WINDOW_PAIR})
    if start is not None and start > end:
        raise ValidationError({"ventana_fin": WINDOW_ORDER})
    if record.fuente == FuenteMonitoreo.EQUIPO and start is None:
        raise ValidationError("Un monitoreo con datos del equipo debe indicar su ventana de noches.")


class Monitoreo(ClinicalRecord):
    writes_attention_log = True
    # No basal study is not a measured 0.
    empty_display = {"hipopnea_basal": "Sin basal"}

    fecha_atencion = _care_date()
    uso_diario = _percentage("uso diario (% de días)")
    # The SPEC's name; it holds the % of nights with at least the hours per night of the
    # adherence rule of the patient's EPS (4 h by default), as the device pre-fill counts them.
    dias_uso_horas_4 = _percentage(
        "noches con las horas de la regla (%)",
        help_text="Porcentaje de noches con al menos las horas por noche que exige la regla de "
        "adherencia de la EPS del paciente (4 h si la EPS no tiene regla propia).",
    )
    horas_uso_diario = _decimal("horas de uso por noche", "0", "24")
    # Copied on creation from the cycle's latest valid basal study; empty (null) without one,
    # which is not a measured 0.
    hipopnea_basal = _decimal("IAH basal", null=True, blank=True, editable=False)
    hipopnea_residual = _decimal("IAH residual", "0", "200")
    porcentaje_correccion = models.DecimalField(
        "% de corrección", max_digits=8, decimal_places=2, null=True, blank=True, editable=False
    )
    modo_ventilatorio = models.CharField("modo ventilatorio", max_length=7, choices=ModoVentilatorio.choices)
    presion_ipap = _ipap()
    presion_epap = _epap()
    frecuencia_respiratoria = _respiratory_rate()
    mascara_cpap = models.CharField("máscara", max_length=12, choices=TipoMascara.choices)
    tamano_mascara = models.CharField("tamaño de máscara", max_length=6, choices=TallaMascara.choices)
    etco2_promedio = _decimal("EtCO2 promedio (mmHg)", "0", "150", null=True, blank=True)
    fuente = models.CharField(
        "fuente de los datos", max_length=6, choices=FuenteMonitoreo.choices, default=FuenteMonitoreo.MANUAL
    )
    ventana_inicio = models.DateField("primera noche de la ventana", null=True, blank=True)
    ventana_fin = models.DateField("última noche de la ventana", null=True, blank=True)

    class Meta(ClinicalRecord.Meta):
        verbose_name = "monitoreo de adherencia"
        verbose_name_plural = "monitoreos de adherencia"
        indexes = [
            # The dashboard reads the latest valid monitoring of every active cycle.
            models.Index(
                "ingreso",
                models.F("fecha_atencion").desc(),
                models.F("created_at").desc(),
                models.F("id").desc(),
                condition=Q(anulado=False),
                name="monitoreo_latest_valid_idx",
            )
        ]
        constraints = [
            epap_below_ipap("monitoreo_epap_below_ipap"),
            # Figures from the device always name the nights they summarise.
            models.CheckConstraint(
                condition=Q(fuente=FuenteMonitoreo.MANUAL)
                | Q(ventana_inicio__isnull=False, ventana_fin__gte=models.F("ventana_inicio")),
                name="monitoreo_device_window",
            ),
            # Whatever the source: both nights or none, in order.
            models.CheckConstraint(
                condition=Q(ventana_inicio__isnull=True, ventana_fin__isnull=True)
                | Q(ventana_fin__gte=models.F("ventana_inicio")),
                name="monitoreo_window_in_order",
                violation_error_message=WINDOW_ORDER,
            ),
        ]

    @property
    def origen(self) -> str:
        """The source shown in the monitoring's row: manual, or the device window."""
        if self.fuente == FuenteMonitoreo.EQUIPO and self.ventana_inicio and self.ventana_fin:
            return f"Equipo: {self.ventana_inicio:%d/%m/%Y}–{self.ventana_fin:%d/%m/%Y}"
        return self.get_fuente_display()

    @property
    def adherente(self) -> bool:
        """PAP adherence under the adherence rule of the patient's EPS: the % of nights with the
        rule's hours reaches the rule's share of nights (≥ 4 h on ≥ 70 % by default, the CMS
        criterion). The share is the cycle's copy of its rule's (``Ingreso.umbral_adherencia``,
        kept by the database); a monitoring without a cycle is judged by the default."""
        threshold = self.ingreso.umbral_adherencia if self.ingreso_id else default_adherence_threshold()
        return self.dias_uso_horas_4 >= threshold

    def derive(self) -> None:
        if self._state.adding:
            self.hipopnea_basal = latest_basal_iah(self.ingreso_id)
        self.porcentaje_correccion = clinical.correction_percentage(
            self.hipopnea_basal, self.hipopnea_residual
        )

    def clean(self) -> None:
        super().clean()
        validate_pressures(self, "modo_ventilatorio")
        validate_window(self)


class Psicologia(ClinicalRecord):
    writes_attention_log = True

    fecha_atencion = _care_date()
    inventario_depre_beck = models.PositiveSmallIntegerField(
        "inventario de depresión de Beck (BDI-II)", validators=[MaxValueValidator(63)]
    )
    inventario_ansiedad_beck = models.PositiveSmallIntegerField(
        "inventario de ansiedad de Beck (BAI)", validators=[MaxValueValidator(63)]
    )
    calidad = models.PositiveSmallIntegerField(
        "calidad del sueño", validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    cantidad = models.PositiveSmallIntegerField(
        "cantidad de sueño", validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    total = models.PositiveSmallIntegerField("total", editable=False, default=0)
    #: the Athens insomnia scale (0–24) the original DataMed recorded until its exams 0032; only
    #: records imported from it have one (``import_legacy_datamed``)
    escala_atenas = models.PositiveSmallIntegerField(
        "escala de Atenas (DataMed anterior)",
        null=True,
        blank=True,
        editable=False,
        validators=[MaxValueValidator(24)],
    )

    class Meta(ClinicalRecord.Meta):
        verbose_name = "valoración de psicología"
        verbose_name_plural = "valoraciones de psicología"

    def derive(self) -> None:
        self.total = (self.calidad or 0) + (self.cantidad or 0)

    @property
    def banda_depresion(self) -> str:
        return clinical.bdi_band(self.inventario_depre_beck)

    @property
    def banda_ansiedad(self) -> str:
        return clinical.bai_band(self.inventario_ansiedad_beck)


class Nutricion(ClinicalRecord):
    writes_attention_log = True

    fecha_atencion = _care_date()
    estado_nutricional = models.CharField(
        "estado nutricional", max_length=12, choices=EstadoNutricional.choices
    )
    carbohidratos_pct = _percentage("carbohidratos (% de la dieta)")
    rumiacion = models.CharField("rumiación", max_length=2, choices=SiNo.choices)
    cafeina = _decimal("cafeína (tazas al día)", "0", "50")

    class Meta(ClinicalRecord.Meta):
        verbose_name = "valoración de nutrición"
        verbose_name_plural = "valoraciones de nutrición"


class Neumologia(ClinicalRecord):
    care_date_field = "fecha_consulta"
    writes_attention_log = True

    fecha_consulta = _care_date("fecha de la consulta")
    medico_tratante = models.CharField("médico tratante", max_length=100)
    especialidad = models.CharField("especialidad", max_length=200, default="Neumología")

    class Meta(ClinicalRecord.Meta):
        verbose_name = "consulta de neumología"
        verbose_name_plural = "consultas de neumología"


class PolisomnografiaBasal(ClinicalRecord):
    care_date_field = "fecha_basal"
    care_date_may_precede_cycle = True

    fecha_basal = _care_date("fecha de la polisomnografía basal")
    iah = _decimal("IAH (eventos/h)", "0", "200")
    severidad_apnea = models.CharField(
        "severidad de la apnea", max_length=8, choices=SeveridadApnea.choices, editable=False
    )
    ido = _decimal("IDO (desaturaciones/h)", "0", "200")
    eficiencia = _percentage("eficiencia del sueño (%)")

    class Meta(ClinicalRecord.Meta):
        verbose_name = "polisomnografía basal"
        verbose_name_plural = "polisomnografías basales"

    def derive(self) -> None:
        if self.iah is not None:
            self.severidad_apnea = clinical.apnea_severity(Decimal(self.iah))


def latest_basal_iah(ingreso_id: int | None) -> Decimal | None:
    """IAH of the cycle's latest valid basal PSG, or None when the cycle has none."""
    if ingreso_id is None:
        return None
    return (
        PolisomnografiaBasal.objects.valid()
        .filter(ingreso_id=ingreso_id)
        .order_by("-fecha_basal", "-created_at", "-id")
        .values_list("iah", flat=True)
        .first()
    )


class PolisomnografiaTitulacion(ClinicalRecord):
    care_date_field = "fecha_titulacion"
    care_date_may_precede_cycle = True

    fecha_titulacion = _care_date("fecha de la titulación")
    tipo_titulacion = models.CharField("tipo de titulación", max_length=7, choices=ModoVentilatorio.choices)
    presion_ipap = _ipap()
    presion_epap = _epap()
    frecuencia_respiratoria = _respiratory_rate()
    talla_mascara = models.CharField("talla de máscara", max_length=6, choices=TallaMascara.choices)
    tipo_mascara = models.CharField("tipo de máscara", max_length=12, choices=TipoMascara.choices)

    class Meta(ClinicalRecord.Meta):
        verbose_name = "polisomnografía de titulación"
        verbose_name_plural = "polisomnografías de titulación"
        constraints = [epap_below_ipap("titulacion_epap_below_ipap")]

    def clean(self) -> None:
        super().clean()
        validate_pressures(self, "tipo_titulacion")


class EquipoMedico(ClinicalRecord):
    fecha_atencion = _care_date("fecha de entrega")
    tipo_mascara_eq_medico = models.CharField("tipo de máscara", max_length=12, choices=TipoMascara.choices)
    referencia_mascara = models.CharField("referencia de la máscara", max_length=100)
    talla_mascara = models.CharField("talla de máscara", max_length=6, choices=TallaMascara.choices)
    marca_equipo = models.CharField("marca del equipo", max_length=20, choices=MarcaEquipo.choices)
    serial_equipo = models.CharField("serial del equipo", max_length=100)
    modo_ventilatorio = models.CharField("modo ventilatorio", max_length=7, choices=ModoVentilatorio.choices)

    class Meta(ClinicalRecord.Meta):
        verbose_name = "equipo médico"
        verbose_name_plural = "equipos médicos"


class SeguimientoAdaptacion(ClinicalRecord):
    writes_attention_log = True

    fecha_atencion = _care_date()
    observaciones = models.TextField("observaciones")

    class Meta(ClinicalRecord.Meta):
        verbose_name = "nota de seguimiento"
        verbose_name_plural = "notas de seguimiento"


class Seguimiento(models.Model):
    """One line of a cycle's attention log, written with the record that caused it."""

    ingreso = models.ForeignKey(
        Ingreso, on_delete=models.PROTECT, related_name="seguimientos", verbose_name="ciclo"
    )
    registrado_por = _user_link("registrado por")
    fecha_atencion = models.DateField("fecha de atención")
    tipo_servicio = models.CharField("tipo de servicio", max_length=100, choices=TipoServicio.choices)
    registro_id = models.BigIntegerField("id del registro", null=True, blank=True)
    anulado = models.BooleanField("anulado", default=False)
    created_at = models.DateTimeField("registrado el", auto_now_add=True)

    class Meta:
        verbose_name = "atención (bitácora)"
        verbose_name_plural = "bitácora de atenciones"
        permissions = [
            ("void_clinical_record", "Puede anular registros clínicos"),
            ("change_any_clinical_record", "Puede editar registros clínicos de otros autores"),
        ]
        ordering = ["-fecha_atencion", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tipo_servicio", "registro_id"], name="seguimiento_one_line_per_record"
            )
        ]
        indexes = [models.Index(fields=["ingreso", "anulado", "fecha_atencion"], name="seguimiento_last_idx")]

    def __str__(self) -> str:
        return f"{self.get_tipo_servicio_display()} · {self.fecha_atencion:%d/%m/%Y}"

"""Nightly therapy data read from PAP devices, adherence rules per EPS, and the per-cycle verdict
(SPEC §8).

A night belongs to a cycle (``ingreso``, PROTECT) and is unique per (cycle, night, device
serial), so importing the same card twice, or a CSV that overlaps an SD card, keeps one row.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from exams.choices import ModoVentilatorio
from patients.choices import EntidadSalud, Veredicto
from patients.models import Ingreso, default_adherence_threshold

MINUTES_PER_DAY = 1440


def _measure(name: str, high: str) -> models.DecimalField:
    return models.DecimalField(
        name,
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal(high))],
    )


class NocheTerapia(models.Model):
    """One night of one device, as the device summarised it (the night is the evening's date:
    a ResMed day runs from noon to noon)."""

    ingreso = models.ForeignKey(
        Ingreso, on_delete=models.PROTECT, related_name="noches_terapia", verbose_name="ciclo"
    )
    noche = models.DateField("noche")
    serial = models.CharField("serial del equipo", max_length=100)
    minutos_uso = models.PositiveSmallIntegerField(
        "minutos de uso", validators=[MaxValueValidator(MINUTES_PER_DAY)]
    )
    sesiones = models.PositiveSmallIntegerField("sesiones de máscara", null=True, blank=True)
    iah = _measure("IAH residual", "200")
    fuga_p95 = _measure("fuga p95 (L/min)", "9999")
    presion_p95 = _measure("presión p95 (cmH2O)", "40")
    modo = models.CharField("modo", max_length=7, choices=ModoVentilatorio.choices, blank=True)
    archivo = models.CharField("archivo de origen", max_length=255)
    importado_el = models.DateTimeField("importado el", auto_now=True)

    class Meta:
        verbose_name = "noche de terapia"
        verbose_name_plural = "noches de terapia"
        ordering = ["ingreso", "noche", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["ingreso", "noche", "serial"], name="noche_terapia_unique_night"),
            models.CheckConstraint(
                condition=Q(minutos_uso__lte=MINUTES_PER_DAY), name="noche_terapia_minutes_in_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.noche:%d/%m/%Y} · {self.serial} · {self.minutos_uso} min"


class ReglaAdherencia(models.Model):
    """The adherence rule of one EPS contract, edited by coordinators in the admin.

    Defaults follow the US Medicare criterion that contracts commonly copy: ≥ 4 h on ≥ 70 % of
    the nights of 30 consecutive nights within the first 90 days of therapy.
    """

    entidad_salud = models.CharField(
        "entidad de salud (EPS)", max_length=20, choices=EntidadSalud.choices, unique=True
    )
    horas_noche = models.DecimalField(
        "horas por noche",
        max_digits=4,
        decimal_places=2,
        default=Decimal("4"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
    )
    porcentaje_noches = models.DecimalField(
        "% de noches",
        max_digits=5,
        decimal_places=2,
        default=Decimal("70"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("100"))],
    )
    ventana_noches = models.PositiveSmallIntegerField(
        "ventana (noches consecutivas)", default=30, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    dias_iniciales = models.PositiveSmallIntegerField(
        "dentro de los primeros N días de terapia",
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(548)],
    )

    class Meta:
        verbose_name = "regla de adherencia"
        verbose_name_plural = "reglas de adherencia"
        ordering = ["entidad_salud"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ventana_noches__lte=models.F("dias_iniciales")),
                name="regla_window_within_initial_days",
                violation_error_message="La ventana no puede ser más larga que los días iniciales.",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_entidad_salud_display()}: ≥ {self.horas_noche:g} h en ≥ {self.porcentaje_noches:g} % "
            f"de {self.ventana_noches} noches (primeros {self.dias_iniciales} días)"
        )

    def clean(self) -> None:
        super().clean()
        if self.ventana_noches and self.dias_iniciales and self.ventana_noches > self.dias_iniciales:
            raise ValidationError(
                {"ventana_noches": "La ventana no puede ser más larga que los días iniciales."}
            )

    @property
    def minutos_noche(self) -> int:
        return int(self.horas_noche * 60)

    @property
    def noches_requeridas(self) -> int:
        """Nights of the window that must reach the hours: 70 % of 30 is 21 (rounded up)."""
        needed = self.porcentaje_noches * self.ventana_noches / 100
        return int(needed.to_integral_value(rounding="ROUND_CEILING"))


class ResumenAdherencia(models.Model):
    """A cycle's adherence verdict with the numbers behind it, rewritten in the same transaction
    as every import (and by ``recompute_adherence``), so the dashboard reads it with a join."""

    ingreso = models.OneToOneField(
        Ingreso, on_delete=models.PROTECT, related_name="resumen_adherencia", verbose_name="ciclo"
    )
    veredicto = models.CharField("veredicto", max_length=10, choices=Veredicto.choices)
    entrega_equipo = models.DateField(
        "entrega del equipo", null=True, blank=True, help_text="La del primer equipo médico válido del ciclo."
    )
    inicio_terapia = models.DateField(
        "inicio de la terapia",
        null=True,
        blank=True,
        help_text="Entrega del equipo o primera noche con datos, lo que ocurra primero.",
    )
    ultima_noche = models.DateField("última noche con datos", null=True, blank=True)
    noches_con_datos = models.PositiveIntegerField("noches con datos", default=0)
    inicial_cumplida = models.BooleanField("regla cumplida en los días iniciales", default=False)
    inicial_mejor_noches = models.PositiveSmallIntegerField(
        "mejor ventana inicial (noches ≥ horas)", default=0
    )
    inicial_mejor_inicio = models.DateField("inicio de la mejor ventana inicial", null=True, blank=True)
    ultima_ventana_noches = models.PositiveSmallIntegerField("última ventana (noches ≥ horas)", default=0)
    ultima_ventana_inicio = models.DateField("inicio de la última ventana", null=True, blank=True)
    horas_noche = models.DecimalField("horas por noche", max_digits=4, decimal_places=2)
    porcentaje_noches = models.DecimalField("% de noches", max_digits=5, decimal_places=2)
    ventana_noches = models.PositiveSmallIntegerField("ventana")
    noches_requeridas = models.PositiveSmallIntegerField("noches requeridas")
    dias_iniciales = models.PositiveSmallIntegerField("días iniciales")
    calculado_el = models.DateTimeField("calculado el", auto_now=True)

    class Meta:
        verbose_name = "resumen de adherencia"
        verbose_name_plural = "resúmenes de adherencia"
        indexes = [models.Index(fields=["veredicto", "ultima_noche"], name="resumen_veredicto_idx")]

    def __str__(self) -> str:
        return f"{self.ingreso}: {self.get_veredicto_display()}"

    @property
    def inicio_terapia_origen(self) -> str:
        """What set the therapy start, in words for the clinical history."""
        if self.inicio_terapia is None:
            return ""
        if self.inicio_terapia == self.entrega_equipo:
            return "entrega del equipo"
        return "primera noche con datos"

    @property
    def fin_periodo_inicial(self) -> datetime.date | None:
        """Last day of the initial period: ``dias_iniciales`` days from the therapy start."""
        if self.inicio_terapia is None:
            return None
        return self.inicio_terapia + datetime.timedelta(days=self.dias_iniciales - 1)


def default_rule(entidad_salud: str = "") -> ReglaAdherencia:
    """An unsaved rule with the default figures: the share of nights is
    ``DATAMED_ADHERENCE_THRESHOLD_PCT`` (the database's triggers use the same default for an
    EPS without a rule, ``summaries/triggers.py``)."""
    return ReglaAdherencia(entidad_salud=entidad_salud, porcentaje_noches=default_adherence_threshold())


def rule_for(entidad_salud: str) -> ReglaAdherencia:
    """The EPS's rule, or an unsaved one with the default figures when none was configured.

    One definition of adherence: this rule (hours per night, share of nights, window) judges
    the device verdict, counts the nights of the monitoring pre-filled from the device and
    sets its default window; its share of nights decides ``Monitoreo.adherente`` and the
    dashboard's figure through the cycle's copy (``Ingreso.umbral_adherencia``)."""
    return ReglaAdherencia.objects.filter(entidad_salud=entidad_salud).first() or default_rule(entidad_salud)

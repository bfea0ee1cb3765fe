"""Protocols (what each cycle of a program should receive, and when) and each cycle's plan.

A protocol is versioned: a cycle follows the version in force on the day it started
(``vigente_desde`` ≤ ``fecha_inicio``), so a new version never rewrites what was due for
cycles already running. The plan (``ItemPlan``) is the protocol laid over one cycle: one row
per item with its window and whether a valid record of its type falls inside. It is derived
data, rewritten by ``careplan.services.refresh_plans`` in the transaction of every write that
changes it (``careplan/hooks.py``); ``manage.py refresh_care_plans --check`` compares it with a
recomputation.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from careplan.choices import Disciplina, EstadoItem, NoAplica, TipoRegistro
from patients.choices import EntidadSalud, EstadoIngreso, Programa
from patients.models import DatabaseCount


class VersionProtocolo(models.Model):
    programa = models.CharField("programa", max_length=20, choices=Programa.choices)
    vigente_desde = models.DateField(
        "vigente desde",
        help_text="Los ciclos que inician desde esta fecha siguen esta versión; los anteriores "
        "conservan la suya.",
    )
    nota = models.CharField("nota del cambio", max_length=200, blank=True)
    creado = models.DateTimeField("creado", auto_now_add=True)

    class Meta:
        verbose_name = "versión de protocolo"
        verbose_name_plural = "versiones de protocolo"
        ordering = ["programa", "-vigente_desde"]
        constraints = [
            models.UniqueConstraint(
                fields=["programa", "vigente_desde"],
                name="careplan_version_one_per_day",
                violation_error_message="El programa ya tiene una versión vigente desde esa fecha.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_programa_display()} · vigente desde {self.vigente_desde:%d/%m/%Y}"


class ItemProtocolo(models.Model):
    """One thing a cycle should receive: a record type by a cycle month (with a tolerance
    before and after its due date) or by day N of the cycle (one-off items)."""

    version = models.ForeignKey(
        VersionProtocolo, on_delete=models.CASCADE, related_name="items", verbose_name="versión"
    )
    tipo = models.CharField("tipo de registro", max_length=20, choices=TipoRegistro.choices)
    mes = models.PositiveSmallIntegerField(
        "mes del ciclo", null=True, blank=True, help_text="Vence en fecha de inicio + N meses."
    )
    dia_limite = models.PositiveSmallIntegerField(
        "a más tardar el día",
        null=True,
        blank=True,
        help_text="Ítem único: ventana desde el inicio del ciclo hasta inicio + N días.",
    )
    tolerancia_antes = models.PositiveSmallIntegerField("tolerancia antes (días)", default=15)
    tolerancia_despues = models.PositiveSmallIntegerField("tolerancia después (días)", default=15)
    etiqueta = models.CharField("etiqueta", max_length=100)

    class Meta:
        verbose_name = "ítem de protocolo"
        verbose_name_plural = "ítems de protocolo"
        ordering = ["version", "tipo", "dia_limite", "mes"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mes__isnull=True, dia_limite__isnull=False)
                | Q(mes__isnull=False, dia_limite__isnull=True),
                name="careplan_item_month_or_day",
                violation_error_message="Indique el mes del ciclo o el día límite (uno de los dos).",
            ),
            models.CheckConstraint(condition=Q(mes__lte=60), name="careplan_item_month_range"),
            models.CheckConstraint(condition=Q(dia_limite__gte=1), name="careplan_item_day_positive"),
        ]

    def __str__(self) -> str:
        return self.etiqueta

    def clean(self) -> None:
        super().clean()
        if (self.mes is None) == (self.dia_limite is None):
            raise ValidationError({"mes": "Indique el mes del ciclo o el día límite (uno de los dos)."})

    def window(self, inicio: datetime.date) -> tuple[datetime.date, datetime.date, datetime.date]:
        """(due date, first day, last day) of this item for a cycle started on ``inicio``.

        Month N is due on ``inicio + N months`` (calendar months, the last day of a shorter
        month: the arithmetic of mes cápita). A by-day item runs from the cycle's start to day
        N. No window opens before the cycle's first day (SPEC §10: a month-0 item is satisfied
        from the cycle's first day)."""
        if self.dia_limite is not None:
            due = inicio + datetime.timedelta(days=self.dia_limite)
            start = inicio - datetime.timedelta(days=self.tolerancia_antes)
            return due, start, due + datetime.timedelta(days=self.tolerancia_despues)
        due = inicio + relativedelta(months=self.mes)
        start = max(inicio, due - datetime.timedelta(days=self.tolerancia_antes))
        return due, start, due + datetime.timedelta(days=self.tolerancia_despues)


class ItemPlanQuerySet(models.QuerySet):
    def abiertos(self) -> "ItemPlanQuerySet":
        """Items of ACTIVO cycles not done and not excused (pendiente, vencido or próximo).

        Written ``abierto IN (true)``: Django writes ``abierto = true`` as the bare column on
        SQLite, which its planner does not match to the indexes that lead with ``abierto``."""
        return self.filter(abierto__in=[True])

    def due_on(self, on: datetime.date) -> "ItemPlanQuerySet":
        """Open items whose window has opened by ``on``: pendiente or vencido."""
        return self.abiertos().filter(ventana_inicio__lte=on)

    def upcoming(self, on: datetime.date, days: int = 30) -> "ItemPlanQuerySet":
        """Open items whose window opens within ``days`` after ``on``."""
        return self.abiertos().filter(
            ventana_inicio__gt=on, ventana_inicio__lte=on + datetime.timedelta(days=days)
        )


class ItemPlan(models.Model):
    """One item of a cycle's plan (derived: see the module's docstring).

    ``cumplido_el`` is the care date of the earliest valid record of the type inside the window;
    ``no_aplica`` says why an item not done is excused; ``abierto`` is what the worklist reads
    (ACTIVO cycle, not done, not excused). The cycle's state, EPS and program are copied so the
    worklist and the dashboard read one index without joins."""

    ingreso = models.ForeignKey(
        "patients.Ingreso", on_delete=models.CASCADE, related_name="plan", verbose_name="ciclo"
    )
    item = models.ForeignKey(
        ItemProtocolo, on_delete=models.PROTECT, related_name="+", verbose_name="ítem del protocolo"
    )
    tipo = models.CharField("tipo de registro", max_length=20, choices=TipoRegistro.choices)
    disciplina = models.CharField("disciplina", max_length=25, choices=Disciplina.choices)
    fecha_objetivo = models.DateField("fecha objetivo")
    ventana_inicio = models.DateField("ventana desde")
    ventana_fin = models.DateField("ventana hasta")
    cumplido_el = models.DateField("cumplido el", null=True, blank=True)
    no_aplica = models.CharField(
        "no aplica", max_length=10, choices=NoAplica.choices, blank=True, default=NoAplica.NINGUNO
    )
    estado_ciclo = models.CharField("estado del ciclo", max_length=10, choices=EstadoIngreso.choices)
    entidad_salud = models.CharField("EPS", max_length=20, choices=EntidadSalud.choices)
    programa = models.CharField("programa", max_length=20, choices=Programa.choices)
    abierto = models.BooleanField("abierto", default=True)

    objects = ItemPlanQuerySet.as_manager()

    class Meta:
        verbose_name = "ítem del plan"
        verbose_name_plural = "ítems del plan"
        ordering = ["ingreso", "ventana_inicio", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ingreso", "item"], name="careplan_plan_one_per_item"),
            models.CheckConstraint(
                condition=Q(ventana_fin__gte=models.F("ventana_inicio")), name="careplan_plan_window_order"
            ),
        ]
        indexes = [
            # Worklist of one discipline, most overdue first: the order is the index's, so a page
            # stops after its rows; the filters' columns come after it, read from the index.
            models.Index(
                fields=[
                    "abierto",
                    "disciplina",
                    "ventana_fin",
                    "id",
                    "ventana_inicio",
                    "entidad_salud",
                    "programa",
                ],
                name="careplan_worklist_idx",
            ),
            # Worklist of every discipline (coordinators), most overdue first.
            models.Index(
                fields=[
                    "abierto",
                    "ventana_fin",
                    "id",
                    "ventana_inicio",
                    "disciplina",
                    "entidad_salud",
                    "programa",
                ],
                name="careplan_worklist_all_idx",
            ),
            # Worklist's next 30 days, soonest window first.
            models.Index(
                fields=["abierto", "ventana_inicio", "id", "disciplina", "entidad_salud", "programa"],
                name="careplan_upcoming_idx",
            ),
            # Dashboard: compliance of the windows closed in a period, per EPS and program.
            models.Index(
                fields=["ventana_fin", "entidad_salud", "programa", "no_aplica", "cumplido_el"],
                name="careplan_compliance_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} ({self.fecha_objetivo:%d/%m/%Y})"

    def estado_on(self, on: datetime.date) -> str:
        """The item's state on ``on`` (SPEC §10): done and excused first, then by its window."""
        if self.cumplido_el is not None:
            return EstadoItem.CUMPLIDO
        if self.no_aplica:
            return EstadoItem.NO_APLICA
        if on < self.ventana_inicio:
            return EstadoItem.PROXIMO
        if on <= self.ventana_fin:
            return EstadoItem.PENDIENTE
        return EstadoItem.VENCIDO

    def dias_vencido_on(self, on: datetime.date) -> int:
        return max((on - self.ventana_fin).days, 0)


class PlanCount(DatabaseCount):
    """Plan items per key, kept by the database (``careplan/counts.py``)."""

    ventana_fin = models.DateField("ventana hasta")

    class Meta:
        abstract = True

    @classmethod
    def rebuild(cls, connection) -> None:
        from careplan import counts

        counts.rebuild(connection)


class WorklistCount(PlanCount):
    """Items per state of the worklist (``abierto``), discipline, EPS, program and window: the
    worklist's totals (open items whose window has opened, or opens within 30 days) and the
    dashboard's overdue items (open ones whose window closed before today) add these up."""

    KEY = ("abierto", "disciplina", "entidad_salud", "programa", "ventana_inicio", "ventana_fin")
    abierto = models.BooleanField("abierto")
    disciplina = models.CharField("disciplina", max_length=25, choices=Disciplina.choices)
    entidad_salud = models.CharField("EPS", max_length=20, choices=EntidadSalud.choices)
    programa = models.CharField("programa", max_length=20, choices=Programa.choices)
    ventana_inicio = models.DateField("ventana desde")

    class Meta:
        db_table = "careplan_count_worklist"
        verbose_name = "conteo de ítems por disciplina"
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "abierto",
                    "disciplina",
                    "entidad_salud",
                    "programa",
                    "ventana_inicio",
                    "ventana_fin",
                ],
                name="careplan_count_worklist_key",
            )
        ]


class ComplianceCount(PlanCount):
    """Items per EPS, program, last day of the window, done or not, excused or not."""

    KEY = ("entidad_salud", "programa", "ventana_fin", "cumplido", "excusado")
    entidad_salud = models.CharField("EPS", max_length=20, choices=EntidadSalud.choices)
    programa = models.CharField("programa", max_length=20, choices=Programa.choices)
    cumplido = models.SmallIntegerField("cumplido (0/1)")
    excusado = models.SmallIntegerField("no aplica (0/1)")

    class Meta:
        db_table = "careplan_count_compliance"
        verbose_name = "conteo de ítems por EPS y programa"
        constraints = [
            models.UniqueConstraint(
                fields=["entidad_salud", "programa", "ventana_fin", "cumplido", "excusado"],
                name="careplan_count_compliance_key",
            )
        ]

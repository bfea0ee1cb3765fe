"""Patients and their program cycles (SPEC §2 patients.Patient, patients.Ingreso)."""

import datetime
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q, Sum, Window
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from patients import choices
from patients.capita import (
    clamp_mes_capita_sql,
    is_past_program_end,
    mes_capita,
    mes_capita_range,
    months_elapsed,
    months_elapsed_sql,
    past_program_end_condition,
)
from patients.choices import Veredicto
from patients.cycle_summary import PATIENT_COPY_FIELDS
from patients.geography import Ciudad, Departamento, city_belongs_to

MAX_AGE_YEARS = 120
DEFAULT_VALOR_CAPITA = Decimal("259783")
DUPLICATE_DOCUMENT_MESSAGE = "Ya existe un paciente con este tipo y número de documento."

celular_validator = RegexValidator(r"^3\d{9}$", "Un celular colombiano tiene 10 dígitos y empieza por 3.")
telefono_validator = RegexValidator(r"^[0-9 +()-]{7,20}$", "Escriba solo números (7 a 20 caracteres).")


def today() -> datetime.date:
    """Today's date in the clinic's time zone (America/Bogota)."""
    return timezone.localdate()


#: Date the no-attention alert counts from: the last attention, or the start if never attended.
ATTENTION_REFERENCE = Coalesce("ultima_atencion", "fecha_inicio")


def default_adherence_threshold() -> Decimal:
    """The % of nights a monitoring must reach to be adherent when the patient's EPS has no
    adherence rule of its own (``DATAMED_ADHERENCE_THRESHOLD_PCT``; a new rule starts from it)."""
    return Decimal(settings.DATAMED_ADHERENCE_THRESHOLD_PCT)


def age_on(birth: datetime.date, reference: datetime.date) -> int:
    return reference.year - birth.year - ((reference.month, reference.day) < (birth.month, birth.day))


def cycle_start_error(start: datetime.date | None, birth: datetime.date | None) -> str | None:
    """The rule that ties a cycle's start to the patient's birth date (one place for the model,
    the services, the forms and the API): a cycle cannot start before the patient is born."""
    if start and birth and start < birth:
        return "El ciclo no puede empezar antes de la fecha de nacimiento del paciente."
    return None


class Patient(models.Model):
    nombre = models.CharField("nombre", max_length=100)
    apellido = models.CharField("apellido", max_length=100)
    tipo_documento = models.CharField(
        "tipo de documento",
        max_length=2,
        choices=choices.TipoDocumento.choices,
        default=choices.TipoDocumento.CC,
    )
    documento = models.CharField("número de documento", max_length=20)
    fecha_nacimiento = models.DateField("fecha de nacimiento")
    genero = models.CharField("género", max_length=1, choices=choices.Genero.choices)
    departamento = models.CharField(
        "departamento",
        max_length=20,
        choices=Departamento.choices,
        default=Departamento.SANTANDER,
    )
    ciudad = models.CharField("ciudad / municipio", max_length=20, choices=Ciudad.choices)
    zona = models.CharField("zona", max_length=6, choices=choices.Zona.choices, default=choices.Zona.URBANA)
    telefono = models.CharField("teléfono", max_length=20, blank=True, validators=[telefono_validator])
    celular = models.CharField("celular", max_length=10, blank=True, validators=[celular_validator])
    estado_civil = models.CharField("estado civil", max_length=11, choices=choices.EstadoCivil.choices)
    entidad_salud = models.CharField(
        "entidad de salud (EPS)", max_length=20, choices=choices.EntidadSalud.choices
    )
    estrato = models.PositiveSmallIntegerField("estrato", choices=choices.Estrato.choices)
    peso = models.DecimalField(
        "peso (kg)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("2")), MaxValueValidator(Decimal("350"))],
    )
    altura = models.DecimalField(
        "altura (m)",
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.40")), MaxValueValidator(Decimal("2.50"))],
    )
    perimetro_abdominal = models.DecimalField(
        "perímetro abdominal (cm)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("30")), MaxValueValidator(Decimal("250"))],
    )
    cuello = models.DecimalField(
        "perímetro de cuello (cm)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("15")), MaxValueValidator(Decimal("80"))],
    )
    medico_remitente = models.CharField("médico remitente", max_length=100, blank=True)
    especialidad = models.CharField("especialidad del remitente", max_length=100, blank=True)
    diagnostico_clinico = models.CharField(
        "diagnóstico clínico",
        max_length=5,
        choices=choices.Diagnostico.choices,
        default=choices.Diagnostico.APNEA,
    )
    programa = models.CharField(
        "programa", max_length=20, choices=choices.Programa.choices, default=choices.Programa.AOS
    )
    valor_capita = models.DecimalField(
        "valor cápita (COP)",
        max_digits=12,
        decimal_places=2,
        default=DEFAULT_VALOR_CAPITA,
        validators=[MinValueValidator(Decimal("0"))],
    )
    created_at = models.DateTimeField("creado", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "paciente"
        verbose_name_plural = "pacientes"
        permissions = [
            ("view_audit_trail", "Puede ver la trazabilidad de cambios y de consultas"),
            ("export_data", "Puede exportar datos"),
        ]
        ordering = ["apellido", "nombre"]
        constraints = [
            models.UniqueConstraint(
                fields=["tipo_documento", "documento"],
                name="patient_unique_document",
                violation_error_message=DUPLICATE_DOCUMENT_MESSAGE,
            ),
            models.CheckConstraint(condition=Q(estrato__gte=1, estrato__lte=6), name="patient_estrato_1_6"),
        ]
        # The patient list walks this index in its display order (ties broken by id).
        indexes = [models.Index(fields=["apellido", "nombre", "id"], name="patient_sort_idx")]

    def __str__(self) -> str:
        return f"{self.nombre_completo} ({self.tipo_documento} {self.documento})"

    @property
    def nombre_completo(self) -> str:
        return f"{self.nombre} {self.apellido}"

    @property
    def has_open_cycle(self) -> bool:
        """Whether a cycle of the patient is ACTIVO or SUSPENDIDO (from the prefetched cycles
        when the query prefetched them)."""
        return any(cycle.is_open for cycle in self.ingresos.all())

    @property
    def edad(self) -> int | None:
        if self.fecha_nacimiento is None:
            return None
        return age_on(self.fecha_nacimiento, today())

    @property
    def imc(self) -> Decimal | None:
        """Body-mass index, kg/m², from the stored weight and height."""
        if not self.peso or not self.altura:
            return None
        return (self.peso / (self.altura * self.altura)).quantize(Decimal("0.1"))

    @property
    def ingreso_activo(self) -> "Ingreso | None":
        return self.ingresos.filter(estado=choices.EstadoIngreso.ACTIVO).first()

    @property
    def esta_activo(self) -> bool:
        return self.ingresos.filter(estado=choices.EstadoIngreso.ACTIVO).exists()

    def clean(self) -> None:
        errors: dict[str, str] = {}
        self.nombre = (self.nombre or "").strip()
        self.apellido = (self.apellido or "").strip()
        self.documento = (self.documento or "").strip()
        if self.tipo_documento in choices.NUMERIC_DOCUMENT_TYPES and not re.fullmatch(r"\d+", self.documento):
            errors["documento"] = "Para RC, TI y CC el documento solo puede tener dígitos."
        elif self.documento and not re.fullmatch(r"[A-Za-z0-9-]+", self.documento):
            errors["documento"] = "El documento solo puede tener letras, dígitos y guiones."
        if self.fecha_nacimiento:
            current = today()
            if self.fecha_nacimiento > current:
                errors["fecha_nacimiento"] = "La fecha de nacimiento no puede estar en el futuro."
            elif age_on(self.fecha_nacimiento, current) > MAX_AGE_YEARS:
                errors["fecha_nacimiento"] = f"La edad no puede superar {MAX_AGE_YEARS} años."
        if self.departamento and self.ciudad and not city_belongs_to(self.ciudad, self.departamento):
            errors["ciudad"] = "La ciudad elegida no pertenece al departamento."
        if self.pk and self.fecha_nacimiento and "fecha_nacimiento" not in errors:
            first_start = self.ingresos.aggregate(first=models.Min("fecha_inicio"))["first"]
            if first_start and cycle_start_error(first_start, self.fecha_nacimiento):
                errors["fecha_nacimiento"] = (
                    f"El paciente tiene un ciclo desde el {first_start:%d/%m/%Y}: la fecha de nacimiento "
                    "no puede ser posterior."
                )
        if errors:
            raise ValidationError(errors)


#: Ingreso columns that hold other apps' facts: each app declares its own (what it holds, in SQL
#: and with the ORM) in ``<app>/cycle_summary.py``, and the database's triggers
#: (``summaries/triggers.py``) alone write them. Here, the columns the cycle stores for them.
SUMMARY_FIELDS = [
    "ultima_atencion",
    "uso_ultimo_monitoreo",
    "umbral_adherencia",
    "veredicto_equipo",
    "ultima_noche_equipo",
]


class IngresoQuerySet(models.QuerySet):
    def open(self) -> "IngresoQuerySet":
        return self.filter(estado__in=choices.OPEN_STATES)

    def active(self) -> "IngresoQuerySet":
        return self.filter(estado=choices.EstadoIngreso.ACTIVO)

    def with_mes_capita(self, on: datetime.date | None = None) -> "IngresoQuerySet":
        """Annotate ``meses_db`` (unclamped months) and ``mes_capita_db`` (1..18) in SQL.

        Same rule as ``Ingreso.mes_capita``: a closed cycle is measured at its end date,
        an open one at ``on`` (today by default).
        """
        reference = Coalesce("fecha_fin", models.Value(on or today(), output_field=models.DateField()))
        return self.annotate(meses_db=months_elapsed_sql("fecha_inicio", reference)).annotate(
            mes_capita_db=clamp_mes_capita_sql(models.F("meses_db"))
        )

    def in_mes_capita(self, mes: int, on: datetime.date | None = None) -> "IngresoQuerySet":
        """Open cycles in month ``mes`` of the program (month 18 includes those past it)."""
        return self.open().filter(mes_capita_range(mes, on or today()))

    def past_program_end(self, on: datetime.date | None = None) -> "IngresoQuerySet":
        """Open cycles beyond month 18: due for closure."""
        return self.filter(past_program_end_condition(on or today()))


class Ingreso(models.Model):
    paciente = models.ForeignKey(
        Patient, on_delete=models.PROTECT, related_name="ingresos", verbose_name="paciente"
    )
    fecha_inicio = models.DateField("fecha de inicio")
    fecha_fin = models.DateField("fecha de terminación", null=True, blank=True)
    estado = models.CharField(
        "estado",
        max_length=10,
        choices=choices.EstadoIngreso.choices,
        default=choices.EstadoIngreso.ACTIVO,
    )
    motivo = models.TextField("motivo", blank=True)
    motivo_cierre = models.CharField(
        "motivo de cierre", max_length=20, choices=choices.MotivoCierre.choices, blank=True
    )
    fecha_cambio_estado = models.DateField("fecha del último cambio de estado", null=True, blank=True)
    created_at = models.DateTimeField("creado", auto_now_add=True)
    # Summaries of the cycle's records, kept by the database's triggers in the statement that
    # writes the records (``summaries/triggers.py``), whatever the code path: the dashboard reads
    # them instead of scanning every record of every active cycle.
    ultima_atencion = models.DateField("última atención", null=True, blank=True, editable=False)
    uso_ultimo_monitoreo = models.DecimalField(
        "noches con las horas de la regla en el último monitoreo (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text="Del último monitoreo válido: % de noches con las horas por noche que exige la regla "
        "de adherencia de la EPS.",
    )
    # One definition of adherence: a monitoring is adherent when its % of nights reaches the
    # share of nights of the EPS's rule (``therapy.ReglaAdherencia``, or the default of
    # ``DATAMED_ADHERENCE_THRESHOLD_PCT`` when the EPS has none). The cycle keeps a copy of that
    # share, kept by the triggers on rule and patient changes, so ``Monitoreo.adherente`` and
    # the dashboard's figure (``uso_ultimo_monitoreo >= umbral_adherencia``, counted by
    # ``CycleCountByUsage``) read it without this app importing the rules.
    umbral_adherencia = models.DecimalField(
        "noches exigidas por la regla de la EPS (%)",
        max_digits=5,
        decimal_places=2,
        default=default_adherence_threshold,
        db_default=Decimal("70"),
        editable=False,
    )
    # Copies of the cycle's device adherence summary (``therapy.ResumenAdherencia``), written
    # with it: the dashboard's device panel counts and pages the active cycles by verdict along
    # one index, without joining the summaries. A cycle without one has no data (SIN_DATOS).
    veredicto_equipo = models.CharField(
        "veredicto del equipo",
        max_length=10,
        choices=Veredicto.choices,
        default=Veredicto.SIN_DATOS,
        db_default=Veredicto.SIN_DATOS,
        editable=False,
    )
    ultima_noche_equipo = models.DateField(
        "última noche con datos del equipo", null=True, blank=True, editable=False
    )
    # Copies of the patient's EPS and program (``patients.cycle_summary.PATIENT``, kept by the triggers):
    # the dashboard counts active cycles per EPS and program from one index, without a join.
    entidad_salud = models.CharField(
        "entidad de salud (EPS)",
        max_length=20,
        choices=choices.EntidadSalud.choices,
        editable=False,
        default="",
    )
    programa = models.CharField(
        "programa", max_length=20, choices=choices.Programa.choices, editable=False, default=""
    )
    # Copies of the patient's names: the patient list pages the active cycles in name order
    # along one index, whatever the page number.
    apellido = models.CharField(
        "apellidos del paciente", max_length=100, editable=False, default="", db_default=""
    )
    nombre = models.CharField(
        "nombres del paciente", max_length=100, editable=False, default="", db_default=""
    )
    history = HistoricalRecords(excluded_fields=[*SUMMARY_FIELDS, *PATIENT_COPY_FIELDS])

    objects = IngresoQuerySet.as_manager()

    class Meta:
        verbose_name = "ingreso (ciclo)"
        verbose_name_plural = "ingresos (ciclos)"
        ordering = ["-fecha_inicio", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["paciente"],
                condition=Q(estado__in=["ACTIVO", "SUSPENDIDO"]),
                name="ingreso_one_open_cycle",
                violation_error_message="El paciente ya tiene un ciclo abierto (activo o suspendido).",
            ),
            models.CheckConstraint(
                condition=Q(fecha_fin__isnull=True) | Q(fecha_fin__gte=models.F("fecha_inicio")),
                name="ingreso_fin_after_inicio",
                violation_error_message="La fecha de terminación no puede ser anterior al inicio.",
            ),
            models.CheckConstraint(
                condition=Q(estado__in=["ACTIVO", "SUSPENDIDO", "TERMINADO"]),
                name="ingreso_estado_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["estado", "fecha_inicio"], name="ingreso_estado_inicio_idx"),
            # The patient's cycles, newest first, without reading other patients' cycles.
            models.Index(fields=["paciente", "estado", "fecha_inicio"], name="ingreso_patient_state_idx"),
            # Dashboard: cycles of a state by date of last attention (or start, never attended),
            # then id: the no-attention list and its count read this index alone. The state
            # leads (rather than a partial condition) so SQLite's planner picks it without
            # ANALYZE statistics. The two dates close it because PostgreSQL reads an index
            # alone only when it holds the columns behind the expression.
            models.Index(
                F("estado"),
                ATTENTION_REFERENCE,
                F("id"),
                F("ultima_atencion"),
                F("fecha_inicio"),
                name="ingreso_attention_cover_idx",
            ),
            # Dashboard: the device panel's counts by verdict and its follow-up groups, in the
            # groups' order (oldest data, then oldest start).
            models.Index(
                fields=["estado", "veredicto_equipo", "ultima_noche_equipo", "fecha_inicio", "id"],
                name="ingreso_state_verdict_idx",
            ),
            # API: cycles filtered by state, EPS and program; the narrowest index PostgreSQL can
            # count a state's cycles from, for the totals the database's counts do not cover.
            models.Index(fields=["estado", "entidad_salud", "programa"], name="ingreso_state_eps_idx"),
            # API: every cycle, newest start first.
            models.Index(F("fecha_inicio").desc(), F("id").desc(), name="ingreso_newest_idx"),
            # Patient list: active cycles in the patients' name order (a copy of their names);
            # the id last, so PostgreSQL pages the ids from the index alone, as SQLite does.
            models.Index(
                fields=["estado", "apellido", "nombre", "paciente", "id"], name="ingreso_state_name_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"Ciclo {self.fecha_inicio:%d/%m/%Y} ({self.get_estado_display()})"

    def save(self, *args, **kwargs):
        """Saving a loaded cycle leaves out the columns the database writes (``SUMMARY_FIELDS``,
        ``PATIENT_COPY_FIELDS``): a copy read before a record was written cannot put back the
        summaries of that time."""
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            derived = {*SUMMARY_FIELDS, *PATIENT_COPY_FIELDS}
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in derived
            ]
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.paciente_id and (
            error := cycle_start_error(self.fecha_inicio, self.paciente.fecha_nacimiento)
        ):
            raise ValidationError({"fecha_inicio": error})

    @property
    def is_open(self) -> bool:
        return self.estado in choices.OPEN_STATES

    def meses_on(self, on: datetime.date) -> int:
        """Months elapsed, unclamped: a closed cycle is measured at its end date."""
        return months_elapsed(self.fecha_inicio, self.fecha_fin or on)

    def mes_capita_on(self, on: datetime.date) -> int:
        """Mes cápita on ``on`` (``patients.capita``): a closed cycle is measured at its end date."""
        return mes_capita(self.fecha_inicio, self.fecha_fin or on)

    @property
    def meses_transcurridos(self) -> int:
        return self.meses_on(today())

    @property
    def mes_capita(self) -> int:
        """Month of the cycle, 1..18 (SPEC §2). Mirrors ``IngresoQuerySet.with_mes_capita``."""
        return self.mes_capita_on(today())

    @property
    def vencido(self) -> bool:
        """An open cycle past month 18, flagged for closure."""
        return self.is_open and is_past_program_end(self.meses_transcurridos)


class DatabaseCountQuerySet(models.QuerySet):
    def total(self) -> int:
        """The number of rows the selected counts add up to, in one aggregate."""
        return self.aggregate(rows=Coalesce(models.Sum("total"), 0))["rows"]


class DatabaseCount(models.Model):
    """How many rows of a table share a key (``KEY``).

    Kept by database triggers (``patients/counts.py``) in the same statement as every write of
    the counted rows, whatever the code path; rebuilt and verified by ``manage.py
    refresh_cycle_summaries``. The dashboard and the lists' totals read these few rows instead
    of counting tens of thousands of cycles or patients on every request. A filter written for
    the counted rows on the key's columns (``Q`` on ``estado`` and ``fecha_inicio``) works here
    unchanged.
    """

    KEY: tuple[str, ...] = ()
    #: Written by the database only: backups made by serializing rows leave it out.
    kept_by_database = True

    total = models.IntegerField("filas", default=0)

    objects = DatabaseCountQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        key = ", ".join(str(getattr(self, name)) for name in self.KEY)
        return f"{key}: {self.total}"

    @classmethod
    def rebuild(cls, connection) -> None:
        """Recount this table from the counted rows (after a bulk load such as a restore)."""
        from patients import counts  # counts reads these models' tables by name

        counts.rebuild(connection, tuple(t for t in counts.COUNT_TABLES if t.name == cls._meta.db_table))


class CycleCount(DatabaseCount):
    """Cycles per state and the key's other columns (on ``patients_ingreso``)."""

    estado = models.CharField("estado", max_length=10, choices=choices.EstadoIngreso.choices)

    class Meta:
        abstract = True


class ByEpsAndProgram(models.Model):
    """A count's EPS and program columns."""

    entidad_salud = models.CharField(
        "entidad de salud (EPS)", max_length=20, choices=choices.EntidadSalud.choices
    )
    programa = models.CharField("programa", max_length=20, choices=choices.Programa.choices)

    class Meta:
        abstract = True


class PatientCountByGroup(DatabaseCount, ByEpsAndProgram):
    """Patients per EPS and program (on ``patients_patient``)."""

    KEY = ("entidad_salud", "programa")

    class Meta:
        db_table = "patients_patient_count_group"
        verbose_name = "conteo de pacientes por EPS y programa"
        verbose_name_plural = "conteos de pacientes por EPS y programa"
        constraints = [
            models.UniqueConstraint(fields=["entidad_salud", "programa"], name="patient_count_group_key")
        ]


class CycleCountByGroup(CycleCount, ByEpsAndProgram):
    """Cycles per state, EPS and program (the cycles' copies of their patient's)."""

    KEY = ("estado", "entidad_salud", "programa")

    class Meta:
        db_table = "patients_cycle_count_group"
        verbose_name = "conteo de ciclos por EPS y programa"
        verbose_name_plural = "conteos de ciclos por EPS y programa"
        constraints = [
            models.UniqueConstraint(
                fields=["estado", "entidad_salud", "programa"], name="cycle_count_group_key"
            )
        ]


class CycleCountByStart(CycleCount):
    """Cycles per state and start date: mes cápita follows from the start date alone."""

    KEY = ("estado", "fecha_inicio")

    fecha_inicio = models.DateField("fecha de inicio")

    class Meta:
        db_table = "patients_cycle_count_start"
        verbose_name = "conteo de ciclos por fecha de inicio"
        verbose_name_plural = "conteos de ciclos por fecha de inicio"
        constraints = [
            models.UniqueConstraint(fields=["estado", "fecha_inicio"], name="cycle_count_start_key")
        ]


class CycleCountByUsage(CycleCount):
    """Cycles per state, % of nights with the rule's hours of their latest valid monitoring
    (``Ingreso.uso_ultimo_monitoreo``; ``NEVER_MONITORED``, −1, counts those without one) and
    share of nights their EPS's rule asks (``Ingreso.umbral_adherencia``): the adherent cycles
    are those whose usage reaches their threshold."""

    KEY = ("estado", "uso_ultimo_monitoreo", "umbral_adherencia")

    uso_ultimo_monitoreo = models.DecimalField(
        "noches con las horas de la regla (%)", max_digits=5, decimal_places=2
    )
    umbral_adherencia = models.DecimalField(
        "noches exigidas por la regla (%)", max_digits=5, decimal_places=2, db_default=Decimal("70")
    )

    class Meta:
        db_table = "patients_cycle_count_usage"
        verbose_name = "conteo de ciclos por uso del último monitoreo"
        verbose_name_plural = "conteos de ciclos por uso del último monitoreo"
        constraints = [
            models.UniqueConstraint(
                fields=["estado", "uso_ultimo_monitoreo", "umbral_adherencia"], name="cycle_count_usage_key"
            )
        ]


class CycleCountByAttention(CycleCount):
    """Cycles per state and the date their no-attention alert counts from (``ATTENTION_REFERENCE``:
    the last attention, or the start if never attended)."""

    KEY = ("estado", "referencia_atencion")

    referencia_atencion = models.DateField("referencia de atención")

    class Meta:
        db_table = "patients_cycle_count_attention"
        verbose_name = "conteo de ciclos por fecha de referencia de atención"
        verbose_name_plural = "conteos de ciclos por fecha de referencia de atención"
        constraints = [
            models.UniqueConstraint(
                fields=["estado", "referencia_atencion"], name="cycle_count_attention_key"
            )
        ]


class CycleCountByDevice(CycleCount):
    """Cycles per state, device verdict and last night with device data (the cycles' copies,
    ``Ingreso.veredicto_equipo`` and ``ultima_noche_equipo``); ``NO_DEVICE_NIGHT`` counts those
    without a night. The dashboard's device panel counts verdicts and silent devices here."""

    KEY = ("estado", "veredicto_equipo", "ultima_noche_equipo")

    veredicto_equipo = models.CharField("veredicto del equipo", max_length=10, choices=Veredicto.choices)
    ultima_noche_equipo = models.DateField("última noche con datos del equipo")

    class Meta:
        db_table = "patients_cycle_count_device"
        verbose_name = "conteo de ciclos por veredicto y última noche del equipo"
        verbose_name_plural = "conteos de ciclos por veredicto y última noche del equipo"
        constraints = [
            models.UniqueConstraint(
                fields=["estado", "veredicto_equipo", "ultima_noche_equipo"], name="cycle_count_device_key"
            )
        ]


class CycleCountByInitialQuerySet(DatabaseCountQuerySet):
    def initial_at(self, position: int) -> tuple[str, int] | None:
        """The surname initial of the cycle at ``position`` (from 0) in name order, and how
        many cycles come before that initial."""
        first = (
            self.filter(total__gt=0)
            .annotate(through=Window(Sum("total"), order_by=F("inicial").asc()))
            .filter(through__gt=position)
            .order_by("inicial")
            .values_list("inicial", "through", "total")
            .first()
        )
        if first is None:
            return None
        initial, through, total = first
        return initial, through - total


class CycleCountByInitial(CycleCount):
    """Cycles per state and initial of their surname (the cycles' copy of their patient's):
    a page of the list in name order starts walking the name index at its initial, not at the
    first cycle. The initial is the greatest letter A..Z that the surname sorts at or after
    (``patients.counts.SURNAME_INITIAL``), compared with the column's own collation: the
    initials sort as the surnames do, whatever the collation, and ``apellido >= inicial``
    selects exactly the cycles of that initial and those after it."""

    KEY = ("estado", "inicial")

    inicial = models.CharField("inicial del apellido", max_length=1)

    objects = CycleCountByInitialQuerySet.as_manager()

    class Meta:
        db_table = "patients_cycle_count_initial"
        verbose_name = "conteo de ciclos por inicial del apellido"
        verbose_name_plural = "conteos de ciclos por inicial del apellido"
        constraints = [models.UniqueConstraint(fields=["estado", "inicial"], name="cycle_count_initial_key")]

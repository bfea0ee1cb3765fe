"""Serializers of patients, cycles, the attention log and the dashboard.

They validate the shape of the data; the rules live in the models and services, which
``create``/``update`` call exactly as the pages do.
"""

from functools import cached_property

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.careplan import PlanItemSerializer
from api.fields import DescribedModelSerializer
from careplan.selectors import cycle_plan
from exams.models import Seguimiento
from patients import selectors, services
from patients.choices import MotivoCierre
from patients.forms import PatientForm
from patients.models import MAX_AGE_YEARS, Ingreso, Patient

PROGRAM_START_REQUIRED = "La fecha de ingreso al programa es obligatoria."


def _user(serializer):
    return serializer.context["request"].user


class CycleSerializer(DescribedModelSerializer):
    # Declared: DRF drops allow_blank from read-only fields, and an open cycle has none.
    motivo_cierre = serializers.ChoiceField(
        choices=MotivoCierre.choices,
        allow_blank=True,
        read_only=True,
        help_text="Motivo de cierre de un ciclo terminado (vacío mientras está abierto).",
    )
    mes_capita = serializers.IntegerField(
        read_only=True, help_text="Mes del ciclo (1 a 18): el mes de cobro de la cápita."
    )
    vencido = serializers.BooleanField(read_only=True, help_text="Ciclo abierto que pasó del mes 18.")

    class Meta:
        model = Ingreso
        fields = [
            "id",
            "paciente",
            "fecha_inicio",
            "fecha_fin",
            "estado",
            "motivo",
            "motivo_cierre",
            "fecha_cambio_estado",
            "mes_capita",
            "vencido",
        ]
        read_only_fields = fields


class CycleDetailSerializer(CycleSerializer):
    """A cycle with its care plan (one cycle: the list leaves the plan out)."""

    plan = serializers.SerializerMethodField(
        help_text="Plan de cuidado del ciclo: cada ítem con su estado hoy."
    )

    class Meta(CycleSerializer.Meta):
        fields = [*CycleSerializer.Meta.fields, "plan"]
        read_only_fields = fields

    @extend_schema_field(PlanItemSerializer(many=True))
    def get_plan(self, cycle) -> list:
        return PlanItemSerializer(cycle_plan(cycle), many=True).data


class PatientSerializer(DescribedModelSerializer):
    fecha_inicio_programa = serializers.DateField(
        write_only=True,
        required=False,
        help_text=(
            "Inicio del ciclo activo de 18 meses: obligatoria al crear (abre el primer ciclo); "
            "al editar, mueve el inicio del ciclo activo."
        ),
    )
    edad = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        min_value=0,
        max_value=MAX_AGE_YEARS,
        help_text="Edad en años cumplidos.",
    )
    imc = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        read_only=True,
        allow_null=True,
        help_text="Índice de masa corporal (kg/m²), calculado del peso y la altura.",
    )
    ciclo_actual = serializers.SerializerMethodField(
        help_text="El ciclo abierto del paciente o, si no tiene, el más reciente."
    )

    class Meta:
        model = Patient
        fields = ["id", *PatientForm.Meta.fields, "fecha_inicio_programa", "edad", "imc", "ciclo_actual"]
        # Uniqueness is checked by the model, with its Spanish message.
        validators = []

    @extend_schema_field(CycleSerializer(allow_null=True))
    def get_ciclo_actual(self, patient: Patient):
        cycle = selectors.current_cycle(patient)
        return self._cycle_serializer.to_representation(cycle) if cycle else None

    @cached_property
    def _cycle_serializer(self) -> CycleSerializer:
        """One for the whole page: a serializer builds its fields from the model when created,
        which, per patient, was most of the time of a page of 50 patients."""
        return CycleSerializer()

    def validate(self, attrs):
        if self.instance is None and not attrs.get("fecha_inicio_programa"):
            raise serializers.ValidationError({"fecha_inicio_programa": PROGRAM_START_REQUIRED})
        return attrs

    def create(self, validated_data):
        start = validated_data.pop("fecha_inicio_programa")
        return services.create_patient(Patient(**validated_data), start, _user(self))

    def update(self, patient, validated_data):
        start = validated_data.pop("fecha_inicio_programa", None)
        for name, value in validated_data.items():
            setattr(patient, name, value)
        services.update_patient(patient, start, _user(self))
        patient.__dict__.pop("ciclos", None)
        return patient


class NewPatientSerializer(PatientSerializer):
    """A new patient: the program start opens the first cycle, so the contract requires it."""

    fecha_inicio_programa = serializers.DateField(
        write_only=True,
        help_text="Inicio del primer ciclo de 18 meses (lo abre ACTIVO).",
        error_messages={"required": PROGRAM_START_REQUIRED, "null": PROGRAM_START_REQUIRED},
    )


class SuspendSerializer(serializers.Serializer):
    fecha = serializers.DateField(help_text="Fecha de la suspensión (entre el inicio del ciclo y hoy).")
    motivo = serializers.CharField(max_length=500, help_text="Motivo de la suspensión.")


class ReactivateSerializer(serializers.Serializer):
    fecha = serializers.DateField(
        required=False, allow_null=True, help_text="Fecha de la reactivación; hoy si se omite."
    )


class TerminateSerializer(serializers.Serializer):
    fecha = serializers.DateField(help_text="Fecha de terminación (entre el inicio del ciclo y hoy).")
    motivo = serializers.ChoiceField(choices=MotivoCierre.choices, help_text="Motivo de cierre.")
    detalle = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text="Descripción del motivo; obligatoria si el motivo es OTRO.",
    )


class NewCycleSerializer(serializers.Serializer):
    fecha_inicio = serializers.DateField(
        help_text="Inicio del nuevo ciclo; no antes del fin del ciclo anterior ni en el futuro."
    )


class AttentionSerializer(DescribedModelSerializer):
    paciente = serializers.IntegerField(
        source="ingreso.paciente_id", read_only=True, help_text="Paciente de la atención (id)."
    )
    registrado_por = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="Usuario que registró la atención."
    )
    registro_id = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Id del registro clínico que originó la atención."
    )

    class Meta:
        model = Seguimiento
        fields = [
            "id",
            "ingreso",
            "paciente",
            "fecha_atencion",
            "tipo_servicio",
            "registro_id",
            "anulado",
            "registrado_por",
            "created_at",
        ]
        read_only_fields = fields


class CountSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="Nombre (EPS o programa).")
    total = serializers.IntegerField(help_text="Ciclos activos.")


class AdherenceSerializer(serializers.Serializer):
    active = serializers.IntegerField(help_text="Ciclos activos.")
    monitored = serializers.IntegerField(help_text="Ciclos activos con al menos un monitoreo válido.")
    adherent = serializers.IntegerField(
        help_text="De ellos, los adherentes según su último monitoreo y la regla de adherencia de su EPS."
    )
    share = serializers.FloatField(
        allow_null=True, help_text="Porcentaje de adherentes (null sin monitoreos)."
    )
    threshold = serializers.IntegerField(
        help_text="Umbral por defecto: % de noches con uso ≥ 4 h para ser adherente en una EPS sin regla propia."
    )


class DashboardSerializer(serializers.Serializer):
    active_patients = serializers.IntegerField(help_text="Pacientes con ciclo ACTIVO.")
    last_admitted = CycleSerializer(allow_null=True, help_text="Último ciclo activo iniciado.")
    by_month = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ciclos activos en cada mes cápita, del 1 al 18."
    )
    adherence = AdherenceSerializer(help_text="Adherencia a la terapia PAP.")
    past_program_end = serializers.IntegerField(help_text="Ciclos abiertos que pasaron del mes 18.")
    without_recent_attention = serializers.IntegerField(
        help_text="Ciclos activos sin atención en los últimos `no_attention_days` días."
    )
    by_eps = CountSerializer(many=True, help_text="Ciclos activos por EPS.")
    by_program = CountSerializer(many=True, help_text="Ciclos activos por programa.")
    no_attention_days = serializers.IntegerField(help_text="Días sin atención que disparan la alerta.")

"""The care plan in the API: ``/api/v1/worklist/`` (the worklist page's items and filters) and
each cycle's plan in the cycle resource. Thin: ``careplan.selectors`` read."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView

from careplan import selectors
from careplan.choices import Disciplina, EstadoItem, NoAplica, TipoRegistro
from patients.choices import EntidadSalud, Programa
from patients.models import today


class PlanItemSerializer(serializers.Serializer):
    """One item of a cycle's plan with its state today."""

    tipo = serializers.ChoiceField(
        source="item.tipo", choices=TipoRegistro.choices, help_text="Tipo de registro."
    )
    disciplina = serializers.ChoiceField(
        source="item.disciplina", choices=Disciplina.choices, help_text="Disciplina que lo atiende."
    )
    etiqueta = serializers.CharField(source="item.item.etiqueta", help_text="Ítem del protocolo.")
    fecha_objetivo = serializers.DateField(source="item.fecha_objetivo", help_text="Fecha en que vence.")
    ventana_inicio = serializers.DateField(
        source="item.ventana_inicio", help_text="Primer día de la ventana."
    )
    ventana_fin = serializers.DateField(source="item.ventana_fin", help_text="Último día de la ventana.")
    estado = serializers.ChoiceField(choices=EstadoItem.choices, help_text="Estado del ítem hoy.")
    cumplido_el = serializers.DateField(
        source="item.cumplido_el", allow_null=True, help_text="Fecha del registro que lo cumple."
    )
    no_aplica = serializers.ChoiceField(
        source="item.no_aplica",
        choices=NoAplica.choices,
        allow_blank=True,
        help_text="Por qué no aplica: ciclo suspendido durante la ventana o cerrado antes.",
    )


class WorklistPatientSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Paciente.")
    nombre = serializers.CharField(help_text="Nombres.")
    apellido = serializers.CharField(help_text="Apellidos.")
    tipo_documento = serializers.CharField(help_text="Tipo de documento.")
    documento = serializers.CharField(help_text="Número de documento.")
    celular = serializers.CharField(help_text="Celular.")
    telefono = serializers.CharField(help_text="Teléfono fijo.")


class WorklistItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Ítem del plan.")
    ingreso = serializers.IntegerField(source="ingreso_id", help_text="Ciclo del ítem.")
    paciente = WorklistPatientSerializer(source="ingreso.paciente", help_text="Paciente y sus teléfonos.")
    entidad_salud = serializers.ChoiceField(choices=EntidadSalud.choices, help_text="EPS.")
    programa = serializers.ChoiceField(choices=Programa.choices, help_text="Programa.")
    disciplina = serializers.ChoiceField(choices=Disciplina.choices, help_text="Disciplina que lo atiende.")
    tipo = serializers.ChoiceField(choices=TipoRegistro.choices, help_text="Tipo de registro.")
    etiqueta = serializers.CharField(source="item.etiqueta", help_text="Ítem del protocolo.")
    fecha_objetivo = serializers.DateField(help_text="Fecha en que vence.")
    ventana_inicio = serializers.DateField(help_text="Primer día de la ventana.")
    ventana_fin = serializers.DateField(help_text="Último día de la ventana.")
    dias_vencido = serializers.SerializerMethodField(
        help_text="Días desde el cierre de la ventana (0 si sigue abierta)."
    )

    def get_dias_vencido(self, item) -> int:
        return item.dias_vencido_on(self.context["today"])


class WorklistQuerySerializer(serializers.Serializer):
    eps = serializers.ChoiceField(choices=EntidadSalud.choices, required=False, allow_blank=True)
    programa = serializers.ChoiceField(choices=Programa.choices, required=False, allow_blank=True)
    disciplina = serializers.ChoiceField(choices=Disciplina.choices, required=False, allow_blank=True)
    ver = serializers.ChoiceField(
        choices=[("proximos", "Próximos 30 días")], required=False, allow_blank=True
    )


@extend_schema(
    summary="Pendientes de la disciplina del usuario",
    tags=["Plan de cuidado"],
    parameters=[
        OpenApiParameter("eps", enum=EntidadSalud.values, description="EPS."),
        OpenApiParameter("programa", enum=Programa.values, description="Programa."),
        OpenApiParameter(
            "disciplina",
            enum=Disciplina.values,
            description="Disciplina (coordinación ve todas; un profesional, la suya).",
        ),
        OpenApiParameter(
            "ver",
            enum=["proximos"],
            description="Sin él: pendientes y vencidos, los más vencidos primero; «proximos»: los que abren en los próximos 30 días.",
        ),
    ],
)
class WorklistView(ListAPIView):
    """Items pendiente and vencido of ACTIVO cycles (``careplan.selectors.worklist``)."""

    serializer_class = WorklistItemSerializer
    filter_backends = []

    def get_queryset(self):
        query = WorklistQuerySerializer(data=self.request.query_params)
        if not query.is_valid():
            raise ValidationError(query.errors)
        values = query.validated_data
        scope = selectors.worklist_scope(self.request.user, values.get("disciplina", ""))
        return selectors.worklist(
            scope, today(), values.get("eps", ""), values.get("programa", ""), values.get("ver") == "proximos"
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": today()}

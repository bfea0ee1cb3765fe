"""``/api/v1/reports/program/``: the monthly program report's figures of an EPS and month
(SPEC §11), from the page's own selectors, with the versions issued for that month.
Coordinador and Administrador only, as the page."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from api.permissions import holds
from patients.choices import EntidadSalud
from reports import selectors
from reports.models import VIEW_REPORT, EmisionInforme
from reports.months import Month
from users.templatetags.people import display_name

REPORTS = ["Informes"]


class ProgramReportQuery(serializers.Serializer):
    eps = serializers.ChoiceField(choices=EntidadSalud.choices, help_text="EPS del informe.")
    month = serializers.CharField(help_text="Mes del informe, AAAA-MM (calendario de Bogotá).")

    def validate_month(self, value: str) -> Month:
        try:
            return Month.parse(value)
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from error


def _counts(help_text: str) -> serializers.DictField:
    return serializers.DictField(child=serializers.IntegerField(), help_text=help_text)


class ClosuresSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Ciclos cerrados (TERMINADO) con fecha de fin en el mes.")
    por_motivo = _counts("Ciclos cerrados en el mes por motivo de cierre (código; `SIN_MOTIVO` si no tiene).")


class CapitaSerializer(serializers.Serializer):
    ciclos = serializers.IntegerField(help_text="Ciclos activos algún día del mes, en sus meses 1 a 18.")
    valor = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        help_text="Suma del valor cápita (COP) de esos ciclos, cada uno una vez.",
    )
    vencidos_sin_facturar = serializers.IntegerField(
        help_text="Ciclos activos algún día del mes pero después de su mes 18: no se facturan."
    )


class AttentionsSerializer(serializers.Serializer):
    total = serializers.IntegerField(
        help_text="Líneas válidas de la bitácora de atenciones con fecha en el mes."
    )
    por_tipo = _counts("Atenciones por tipo de servicio de la bitácora.")
    por_disciplina = _counts("Atenciones por disciplina.")


class MonitoringSerializer(serializers.Serializer):
    ciclos_monitoreados = serializers.IntegerField(
        help_text="Ciclos con un monitoreo válido en el mes o noches del equipo en el mes."
    )
    adherentes = serializers.IntegerField(
        help_text="Adherentes: veredicto del equipo si envió noches en el mes; si no, el último monitoreo."
    )
    porcentaje_adherentes = serializers.FloatField(
        allow_null=True, help_text="% de adherentes (null sin monitoreados)."
    )
    juzgados_por_equipo = serializers.IntegerField(
        help_text="Monitoreados juzgados con el veredicto del equipo."
    )
    con_iah_residual = serializers.IntegerField(help_text="Monitoreados con un IAH residual.")
    iah_residual_menor_5 = serializers.IntegerField(help_text="Monitoreados con IAH residual menor que 5.")
    porcentaje_iah_menor_5 = serializers.FloatField(
        allow_null=True, help_text="% con IAH residual menor que 5."
    )
    iah_residual_menor_10 = serializers.IntegerField(help_text="Monitoreados con IAH residual menor que 10.")
    porcentaje_iah_menor_10 = serializers.FloatField(
        allow_null=True, help_text="% con IAH residual menor que 10."
    )


class BasalToCpapSerializer(serializers.Serializer):
    entregas = serializers.IntegerField(
        help_text="Ciclos cuya primera entrega válida de equipo fue en el mes."
    )
    mediana_dias = serializers.FloatField(
        allow_null=True, help_text="Mediana de días desde el inicio del ciclo hasta esa entrega."
    )
    p90_dias = serializers.IntegerField(
        allow_null=True, help_text="Percentil 90 (rango más cercano) de esos días."
    )


class TrendSerializer(serializers.Serializer):
    mes = serializers.CharField(help_text="Mes, AAAA-MM.")
    pacientes_activos_fin = serializers.IntegerField(help_text="Pacientes activos el último día del mes.")
    ingresos = serializers.IntegerField(help_text="Ciclos iniciados en el mes.")
    egresos = serializers.IntegerField(help_text="Ciclos cerrados en el mes.")
    capita_valor = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text="Cápita facturada (COP)."
    )
    atenciones = serializers.IntegerField(help_text="Atenciones válidas del mes.")


class IssueSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(help_text="Versión emitida (1, 2, …).")
    emitido_por = serializers.SerializerMethodField(help_text="Quién la emitió.")
    emitido_el = serializers.DateTimeField(help_text="Cuándo se emitió.")
    pdf_sha256 = serializers.CharField(help_text="SHA-256 del PDF emitido.")
    xlsx_sha256 = serializers.CharField(help_text="SHA-256 del Excel emitido.")

    class Meta:
        model = EmisionInforme
        fields = ["version", "emitido_por", "emitido_el", "pdf_sha256", "xlsx_sha256"]

    def get_emitido_por(self, issue) -> str:
        return display_name(issue.emitido_por)


class ProgramReportSerializer(serializers.Serializer):
    eps = serializers.CharField(help_text="Código de la EPS.")
    eps_nombre = serializers.CharField(help_text="Nombre de la EPS.")
    mes = serializers.CharField(help_text="Mes del informe, AAAA-MM.")
    desde = serializers.DateField(help_text="Primer día del mes.")
    hasta = serializers.DateField(help_text="Último día del mes.")
    pacientes_activos_inicio = serializers.IntegerField(
        help_text="Pacientes con ciclo ACTIVO el primer día del mes."
    )
    pacientes_activos_fin = serializers.IntegerField(
        help_text="Pacientes con ciclo ACTIVO el último día del mes (el día del cierre cuenta)."
    )
    suspendidos_fin = serializers.IntegerField(help_text="Ciclos SUSPENDIDOS el último día del mes.")
    ingresos = serializers.IntegerField(help_text="Ciclos iniciados en el mes.")
    egresos = ClosuresSerializer(help_text="Cierres del mes.")
    capita = CapitaSerializer(help_text="Cápita facturada.")
    atenciones = AttentionsSerializer(help_text="Atenciones del mes.")
    monitoreo = MonitoringSerializer(help_text="Adherencia y control de la apnea de los ciclos monitoreados.")
    basal_a_cpap = BasalToCpapSerializer(
        help_text="Días desde el inicio del ciclo hasta la entrega del equipo."
    )
    cumplimiento_protocolo = serializers.DictField(
        allow_null=True,
        help_text="Cumplimiento del protocolo (SPEC §10): ítems del plan cuya ventana cerró en el mes "
        "(items_cerrados), cumplidos en su ventana (cumplidos) y porcentaje; null en un informe "
        "emitido antes de existir el plan de cuidado.",
    )
    tendencia = TrendSerializer(many=True, help_text="Los 12 meses que terminan en este.")
    emitidos = IssueSerializer(
        many=True, help_text="Versiones emitidas de este mes, de la más reciente a la primera."
    )


class ProgramReportView(GenericAPIView):
    serializer_class = ProgramReportSerializer
    pagination_class = None
    filter_backends = []
    #: Reading the report takes the page's right (``action`` is None for a plain view).
    action_checks = {None: holds(VIEW_REPORT)}

    @extend_schema(
        summary="Cifras del informe mensual del programa de una EPS",
        parameters=[
            OpenApiParameter(
                "eps", str, required=True, enum=EntidadSalud.values, description="EPS del informe."
            ),
            OpenApiParameter(
                "month", str, required=True, description="Mes del informe, AAAA-MM (calendario de Bogotá)."
            ),
        ],
        tags=REPORTS,
    )
    def get(self, request):
        query = ProgramReportQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        eps, month = query.validated_data["eps"], query.validated_data["month"]
        figures = selectors.program_figures(eps, month)
        figures["emitidos"] = (
            EmisionInforme.objects.of_month(eps, month)
            .select_related("emitido_por")
            .defer("pdf", "xlsx", "cifras")
            .order_by("-version")
        )
        return Response(self.get_serializer(figures).data)

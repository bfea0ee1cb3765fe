"""Patients, cycles, the attention log and the dashboard (SPEC §9). Thin: serializers check
the shape, the services of ``patients`` write, the selectors read."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action, api_view, authentication_classes, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from api import serializers
from api.errors import not_found_message
from api.filters import CycleFilter, FilterListsOnly, PatientFilter, attention_filterset
from api.pagination import NewestFirstCursorPagination, TotalFromCounts
from api.permissions import holds
from dashboard import selectors as dashboard
from exams.models import Seguimiento
from patients import selectors, services
from patients.choices import EstadoIngreso
from patients.models import CycleCountByGroup, Ingreso, PatientCountByGroup
from users import permissions

PATIENTS = ["Pacientes"]


class NoDeleteViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, create, retrieve, update: clinical data is never deleted (voided at most)."""


CYCLES = ["Ciclos"]


@extend_schema_view(
    list=extend_schema(summary="Lista de pacientes", tags=PATIENTS),
    create=extend_schema(
        summary="Registrar un paciente con su primer ciclo",
        request=serializers.NewPatientSerializer,
        responses={201: serializers.PatientSerializer},
        tags=PATIENTS,
    ),
    retrieve=extend_schema(summary="Consultar un paciente", tags=PATIENTS),
    update=extend_schema(summary="Editar un paciente", tags=PATIENTS),
    partial_update=extend_schema(summary="Editar parte de los datos de un paciente", tags=PATIENTS),
)
class PatientViewSet(TotalFromCounts, FilterListsOnly, NoDeleteViewSet):
    """Patients. Coordination creates and edits; every signed-in user reads."""

    not_found_message = not_found_message("paciente")
    queryset = selectors.patients_with_current_cycle()
    counted_by = PatientCountByGroup.objects
    serializer_class = serializers.PatientSerializer
    filterset_class = PatientFilter
    action_checks = {
        "create": holds(permissions.ADD_PATIENT),
        "update": holds(permissions.CHANGE_PATIENT),
        "partial_update": holds(permissions.CHANGE_PATIENT),
        "new_cycle": holds(permissions.ADD_CYCLE),
    }

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.NewPatientSerializer
        return super().get_serializer_class()

    @extend_schema(
        summary="Iniciar un ciclo nuevo (el paciente no puede tener otro ciclo abierto)",
        request=serializers.NewCycleSerializer,
        responses={201: serializers.CycleSerializer},
        tags=CYCLES,
    )
    @action(detail=True, methods=["post"], url_path="new-cycle", url_name="new-cycle")
    def new_cycle(self, request, pk=None):
        patient = self.get_object()
        form = serializers.NewCycleSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        cycle = services.start_new_cycle(patient, form.validated_data["fecha_inicio"], request.user)
        return Response(serializers.CycleSerializer(cycle).data, status=status.HTTP_201_CREATED)


def _transition(name: str, estado: str, summary: str, request_serializer):
    """The cycle action ``name``: validate the body, then ask ``services.change_cycle_state``."""

    @extend_schema(
        summary=summary, request=request_serializer, responses=serializers.CycleSerializer, tags=CYCLES
    )
    def act(self, request, pk=None):
        cycle = self.get_object()
        form = request_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        cycle = services.change_cycle_state(
            cycle.pk, estado, data.get("fecha"), data.get("motivo", ""), data.get("detalle", ""), request.user
        )
        return Response(serializers.CycleSerializer(cycle).data)

    act.__name__ = name
    # extend_schema goes on top of action: action() replaces the function's kwargs.
    return extend_schema(
        summary=summary, request=request_serializer, responses=serializers.CycleSerializer, tags=CYCLES
    )(action(detail=True, methods=["post"])(act))


@extend_schema_view(
    list=extend_schema(summary="Lista de ciclos", tags=CYCLES),
    retrieve=extend_schema(
        summary="Consultar un ciclo (con su plan de cuidado)",
        tags=CYCLES,
        responses=serializers.CycleDetailSerializer,
    ),
)
class CycleViewSet(TotalFromCounts, FilterListsOnly, viewsets.ReadOnlyModelViewSet):
    """Program cycles (ingresos). Coordination changes their state."""

    not_found_message = not_found_message("ciclo")
    queryset = Ingreso.objects.order_by("-fecha_inicio", "-id")
    counted_by = CycleCountByGroup.objects
    serializer_class = serializers.CycleSerializer
    filterset_class = CycleFilter
    action_checks = {name: holds(permissions.CHANGE_CYCLE) for name in ("suspend", "reactivate", "terminate")}
    #: the services name the fields of the page's state form
    service_fields = {"fecha_terminacion": "fecha", "motivo_estado": "motivo", "motivo_otro": "detalle"}

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.CycleDetailSerializer
        return super().get_serializer_class()

    suspend = _transition(
        "suspend", EstadoIngreso.SUSPENDIDO, "Suspender un ciclo activo", serializers.SuspendSerializer
    )
    reactivate = _transition(
        "reactivate", EstadoIngreso.ACTIVO, "Reactivar un ciclo suspendido", serializers.ReactivateSerializer
    )
    terminate = _transition(
        "terminate", EstadoIngreso.TERMINADO, "Terminar un ciclo abierto", serializers.TerminateSerializer
    )


@extend_schema_view(
    list=extend_schema(summary="Bitácora de atenciones", tags=["Atenciones"]),
    retrieve=extend_schema(summary="Consultar una atención", tags=["Atenciones"]),
)
class AttentionViewSet(FilterListsOnly, viewsets.ReadOnlyModelViewSet):
    """The attention log, written by the services with each record: read-only."""

    not_found_message = not_found_message("atención")
    # The cycles in a second query (see ``RecordViewSet.get_queryset``).
    queryset = Seguimiento.objects.select_related("registrado_por").prefetch_related("ingreso")
    pagination_class = NewestFirstCursorPagination
    serializer_class = serializers.AttentionSerializer
    filterset_class = attention_filterset(Seguimiento)


class DashboardView(GenericAPIView):
    """The figures of the coordinator's dashboard, from the page's own selectors."""

    serializer_class = serializers.DashboardSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(summary="Cifras del tablero del coordinador", tags=["Tablero"])
    def get(self, request):
        figures = dashboard.dashboard_summary()
        figures["without_recent_attention"] = dashboard.count_without_recent_attention()
        return Response(self.get_serializer(figures).data)


class ApiRootView(APIView):
    """``/api/v1/``: the resources of the API and the address of each, readable without
    signing in (it holds no data), so an integrator can start from it."""

    schema = None
    authentication_classes = []
    permission_classes = [AllowAny]
    #: name in the listing → URL name (set by ``api/urls.py``)
    resources: dict[str, str] = {}

    def get(self, request):
        listing = {}
        for name, url_name in self.resources.items():
            url = reverse(f"api:{url_name}", request=request)
            listing[name] = url if url.endswith("/") else f"{url}/"
        return Response(listing)


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@authentication_classes([])
@permission_classes([AllowAny])
def not_found(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404 like the API's own, not the HTML page."""
    raise NotFound("No existe esta dirección de la API.")

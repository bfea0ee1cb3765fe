"""The eight ``records/{type}/`` endpoints, built from the record-type registry.

One serializer class and one viewset class, specialised per registry entry by
``record_serializer`` and ``record_viewset``: a new record type gets its endpoint from its
registry entry alone. Editable fields are the type's form fields; derived fields (computed by
the model on save) are read-only.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from api.errors import not_found_message
from api.fields import DescribedModelSerializer
from api.filters import FilterListsOnly, care_filterset
from api.pagination import NewestFirstCursorPagination
from api.permissions import holds
from api.views import NoDeleteViewSet
from exams import services
from exams.models import ClinicalRecord
from exams.registry import RecordType
from patients.models import Patient
from users import services as access_log
from users.permissions import VOID_RECORD, has_edit_right

BASE_FIELDS = {field.name for field in ClinicalRecord._meta.get_fields()} | {"id"}
TRAIL_FIELDS = [
    "registrado_por",
    "created_at",
    "updated_at",
    "anulado",
    "anulado_por",
    "anulado_el",
    "motivo_anulacion",
]


class RecordSerializer(DescribedModelSerializer):
    paciente = serializers.PrimaryKeyRelatedField(
        source="ingreso.paciente",
        queryset=Patient.objects.all(),
        help_text="Paciente (id): el registro entra a su ciclo ACTIVO. No cambia al editar.",
    )
    ingreso = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="Ciclo del registro: el ciclo ACTIVO del paciente al registrarlo."
    )
    registrado_por = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="Usuario que registró el dato."
    )
    anulado_por = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="Usuario que anuló el registro."
    )

    def create(self, validated_data):
        patient = validated_data.pop("ingreso")["paciente"]
        record = self.Meta.model(**validated_data)
        return services.register_record(record, patient.ingreso_activo, self.context["request"].user)

    def update(self, record, validated_data):
        patient = validated_data.pop("ingreso", {}).get("paciente")
        if patient is not None and patient.pk != record.ingreso.paciente_id:
            raise serializers.ValidationError(
                {"paciente": ["El paciente de un registro no se puede cambiar."]}
            )
        for name, value in validated_data.items():
            setattr(record, name, value)
        return services.update_record(record, self.context["request"].user)


class VoidSerializer(serializers.Serializer):
    motivo_anulacion = serializers.CharField(max_length=500, help_text="Motivo de la anulación.")


def derived_fields(model) -> list[str]:
    """Fields the model computes on save (not editable): read-only in the API."""
    return [f.name for f in model._meta.concrete_fields if not f.editable and f.name not in BASE_FIELDS]


def record_serializer(record_type: RecordType) -> type[RecordSerializer]:
    model = record_type.model
    derived = derived_fields(model)
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": ["id", "paciente", "ingreso", *record_type.form._meta.fields, *derived, *TRAIL_FIELDS],
            "read_only_fields": [*derived, *TRAIL_FIELDS],
        },
    )
    return type(f"{model.__name__}Serializer", (RecordSerializer,), {"Meta": meta})


class RecordViewSet(FilterListsOnly, NoDeleteViewSet):
    """Rights as on the pages: the type's discipline registers, the author or a coordinator
    edits, coordination voids; every signed-in user reads."""

    record_type: RecordType
    object_checks = {"update": has_edit_right, "partial_update": has_edit_right}

    pagination_class = NewestFirstCursorPagination

    def get_queryset(self):
        # The cycles in a second query: joined, SQLite would read the cycles first and sort
        # every record instead of walking the records' primary key for one page.
        records = self.record_type.model.objects.select_related("registrado_por", "anulado_por")
        return records.prefetch_related("ingreso")

    def get_object(self):
        """An edit of a record that can no longer change (voided, or its cycle not ACTIVO) is a
        409 before its data is validated, as a second void is."""
        record = super().get_object()
        if self.action in ("update", "partial_update"):
            services.check_editable(record)
        return record

    def retrieve(self, request, *args, **kwargs):
        """Reading one clinical record is an access to the patient's history: it is logged
        (Ley 1581/2012), as opening the clinical history page is."""
        record = self.get_object()
        access_log.log_clinical_access(request.user, record.ingreso.paciente, record.ingreso)
        return Response(self.get_serializer(record).data)

    @action(detail=True, methods=["post"], serializer_class=VoidSerializer)
    def void(self, request, pk=None):
        record = self.get_object()
        form = VoidSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.void_record(record, form.validated_data["motivo_anulacion"], request.user)
        return Response(self.record_serializer_class(record, context=self.get_serializer_context()).data)

    def get_serializer_class(self):
        if self.action == "void":
            return VoidSerializer
        return self.record_serializer_class


def _documented(viewset: type[RecordViewSet], record_type: RecordType, serializer) -> type[RecordViewSet]:
    one, many = record_type.label.lower(), record_type.label_plural.lower()
    tag = [f"Registros: {many}"]
    return extend_schema_view(
        list=extend_schema(summary=f"Lista de {many}", tags=tag),
        create=extend_schema(summary=f"Registrar {one} en el ciclo ACTIVO del paciente", tags=tag),
        retrieve=extend_schema(summary=f"Consultar {one}", tags=tag),
        update=extend_schema(summary=f"Editar {one} (autor o coordinación)", tags=tag),
        partial_update=extend_schema(summary=f"Editar parte de {one} (autor o coordinación)", tags=tag),
        void=extend_schema(
            summary=f"Anular {one} con motivo (coordinación); se conserva en el historial",
            request=VoidSerializer,
            responses=serializer,
            tags=tag,
        ),
    )(viewset)


def record_viewset(record_type: RecordType) -> type[RecordViewSet]:
    serializer = record_serializer(record_type)
    viewset = type(
        f"{record_type.model.__name__}ViewSet",
        (RecordViewSet,),
        {
            "record_type": record_type,
            "not_found_message": not_found_message(str(record_type.model._meta.verbose_name)),
            "record_serializer_class": serializer,
            "filterset_class": care_filterset(record_type.model, record_type.model.care_date_field),
            # The same rights as can_register and can_void, named so the contract lists the roles.
            "action_checks": {
                "create": holds(record_type.permission("add")),
                "void": holds(VOID_RECORD),
            },
            "__doc__": RecordViewSet.__doc__,
        },
    )
    return _documented(viewset, record_type, serializer)

"""``GET /api/v1/patients/{id}/fhir/``: the patient as a FHIR R4 Bundle (SPEC §12).

The bundle itself is built by ``documents.fhir``; this view checks the reading right (the
clinical history's), logs the access and answers ``application/fhir+json``.
"""

import json

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer

from documents import fhir, selectors, services
from patients.models import Patient
from users.permissions import can_read_clinical_history


class FhirJSONRenderer(JSONRenderer):
    """Lets a client ask for ``Accept: application/fhir+json`` (FHIR's own media type)."""

    media_type = fhir.MEDIA_TYPE
    format = "json"  # one format: no ?format= parameter in the contract


def _described(schema: dict, description: str) -> dict:
    return {**schema, "description": description}


BUNDLE_SCHEMA = {
    "type": "object",
    "description": "Bundle de FHIR R4 (4.0.1), tipo collection: https://hl7.org/fhir/R4/bundle.html",
    "required": ["resourceType", "type", "entry"],
    "properties": {
        "resourceType": _described({"type": "string", "enum": ["Bundle"]}, "Siempre «Bundle»."),
        "id": _described({"type": "string"}, "Identificador estable del bundle del paciente."),
        "meta": _described({"type": "object"}, "Metadatos: fecha y hora de generación."),
        "type": _described({"type": "string", "enum": ["collection"]}, "Siempre «collection»."),
        "timestamp": _described({"type": "string", "format": "date-time"}, "Cuándo se generó."),
        "entry": {
            "type": "array",
            "description": (
                "Recursos: Patient, Organization (la IPS), Condition, EpisodeOfCare por ciclo, "
                "Encounter por atención, Observation por valor medido y Device por equipo PAP."
            ),
            "items": {
                "type": "object",
                "required": ["fullUrl", "resource"],
                "properties": {
                    "fullUrl": _described(
                        {"type": "string"}, "urn:uuid: del recurso; las referencias lo usan."
                    ),
                    "resource": _described(
                        {"type": "object", "required": ["resourceType"], "additionalProperties": True},
                        "El recurso FHIR R4.",
                    ),
                },
            },
        },
    },
}


class PatientFhirView(GenericAPIView):
    """Everything DataMed knows of one patient, every cycle, voided records left out."""

    queryset = Patient.objects.all()
    pagination_class = None
    filter_backends = []
    renderer_classes = [JSONRenderer, FhirJSONRenderer]

    @extend_schema(
        summary="Exportar el paciente en FHIR R4 (Bundle de tipo collection)",
        tags=["Pacientes"],
        parameters=[
            OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id del paciente.")
        ],
        responses={
            (200, fhir.MEDIA_TYPE): OpenApiResponse(
                BUNDLE_SCHEMA, description="Bundle FHIR R4 con los datos del paciente."
            )
        },
    )
    def get(self, request, pk: int):
        if not can_read_clinical_history(request.user):
            raise PermissionDenied("Su perfil no puede consultar historias clínicas.")
        patient = self.get_object()
        services.log_fhir_export(request.user, patient)
        bundle = fhir.patient_bundle(selectors.patient_record(patient))
        body = json.dumps(bundle, ensure_ascii=False, separators=(",", ":"))
        response = HttpResponse(body.encode(), content_type=fhir.MEDIA_TYPE)
        response["Content-Disposition"] = (
            f'inline; filename="paciente_{patient.tipo_documento}{patient.documento}.fhir.json"'
        )
        response["Cache-Control"] = "no-store"
        return response

"""OpenAPI generation: every operation documents the errors it can answer, in Spanish."""

from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Explicación del error, en español.")


FIELD_ERRORS = {
    "type": "object",
    "description": (
        "Errores por campo: cada clave es un campo (o `non_field_errors`) y su valor la lista "
        "de mensajes en español."
    ),
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}

ERRORS = {
    "400": OpenApiResponse(FIELD_ERRORS, description="Datos o parámetros inválidos."),
    "401": OpenApiResponse(ErrorSerializer, description="Falta la autenticación o no es válida."),
    "403": OpenApiResponse(ErrorSerializer, description="El usuario no tiene permiso para esta acción."),
    "404": OpenApiResponse(ErrorSerializer, description="No existe (o la página pedida no existe)."),
    "409": OpenApiResponse(
        ErrorSerializer,
        description="Conflicto con el estado de los datos (p. ej. el ciclo no está activo).",
    ),
    "415": OpenApiResponse(ErrorSerializer, description="Tipo de contenido no admitido: envíe JSON."),
    "429": OpenApiResponse(ErrorSerializer, description="Demasiadas peticiones; espere e intente de nuevo."),
}

SUCCESS = {"200": "Operación correcta.", "201": "Creado.", "204": "Sin contenido."}


class AutoSchema(BaseAutoSchema):
    def get_description(self) -> str:
        """Operations are described by their Spanish ``extend_schema``; docstrings are for
        developers and stay out of the contract."""
        return ""

    def _get_filter_parameters(self):
        """A filter typed with ``extend_schema_field`` loses its label: put it back."""
        parameters = super()._get_filter_parameters()
        filters = getattr(getattr(self.view, "filterset_class", None), "base_filters", {})
        for parameter in parameters:
            label = getattr(filters.get(parameter["name"]), "label", None)
            if not parameter.get("description") and label:
                parameter["description"] = str(label)
        return parameters

    def _error_codes(self) -> list[str]:
        codes = ["400", "401", "403", "404", "429"]
        if self.method != "GET":
            codes += ["409", "415"]
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction == "response":
            for code, response in responses.items():
                response["description"] = response.get("description") or SUCCESS.get(code, "")
            for code in self._error_codes():
                responses.setdefault(code, self._get_response_for_code(ERRORS[code], code))
        return responses


def drop_component_descriptions(result, generator, request, public):
    """Postprocessing hook: component descriptions would come from class docstrings (English,
    for developers); every field carries its own Spanish description instead."""
    for component in result.get("components", {}).get("schemas", {}).values():
        if component.get("type") == "object":
            component.pop("description", None)
    return result

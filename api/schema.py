"""OpenAPI generation: the contract says what the server enforces.

- Every operation documents the errors it can answer, in Spanish, and who may call it.
- Decimals: a request may send a JSON number (the contract's type, with the minimum and maximum
  the model's validators enforce and the decimal places) or a string; a response gives a string
  (exact), whose pattern admits a minus sign only where a negative value can exist.
- A response property is always present: every one is ``required`` (nullable where it may be
  null), so generated clients do not type them as possibly absent.
"""

from decimal import Decimal

from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from users.permissions import CHANGE_ANY_RECORD, roles_holding


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Explicación del error, en español.")


FIELD_ERRORS = {
    "type": "object",
    "description": (
        "Errores por campo: cada clave es un campo o parámetro (o `non_field_errors`) y su valor "
        "la lista de mensajes en español."
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
        description="Conflicto con el estado de los datos (p. ej. el ciclo no está activo o el registro "
        "está anulado).",
    ),
    "413": OpenApiResponse(ErrorSerializer, description="El cuerpo de la petición supera el límite."),
    "415": OpenApiResponse(ErrorSerializer, description="Tipo de contenido no admitido: envíe JSON."),
    "429": OpenApiResponse(ErrorSerializer, description="Demasiadas peticiones; espere e intente de nuevo."),
}

SUCCESS = {"200": "Operación correcta.", "201": "Creado.", "204": "Sin contenido."}
READERS = "Quién puede hacerlo: cualquier usuario autenticado."


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _roles(permission: str) -> str:
    """ "los roles Coordinador y Administrador", from the groups that grant ``permission``."""
    roles = roles_holding(permission)
    if not roles:
        return "ningún rol"
    names = roles[0] if len(roles) == 1 else f"{', '.join(roles[:-1])} y {roles[-1]}"
    return f"{'el rol' if len(roles) == 1 else 'los roles'} {names}"


class AutoSchema(BaseAutoSchema):
    def get_description(self) -> str:
        """Who may call the operation, from the checks its view declares (the same as the
        pages'). Docstrings are for developers and stay out of the contract."""
        action = getattr(self.view, "action", None)
        check = getattr(self.view, "action_checks", {}).get(action)
        if check is not None and getattr(check, "permission", None):
            return f"Quién puede hacerlo: {_roles(check.permission)}, y los superusuarios."
        if action in getattr(self.view, "object_checks", {}):
            record_type = self.view.record_type
            return (
                "Quién puede hacerlo: el autor del registro si puede editar este tipo "
                f"({_roles(record_type.permission('change'))}); cualquier registro de este tipo, "
                f"{_roles(CHANGE_ANY_RECORD)}; y los superusuarios. Un "
                "registro anulado o de un ciclo que no está ACTIVO no cambia (409)."
            )
        if self.method == "GET":
            return READERS
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

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.DecimalField) and schema.get("format") == "decimal":
            if direction == "request":
                schema = self._decimal_request(field, schema)
            elif field.min_value is not None and field.min_value >= 0:
                schema["pattern"] = schema["pattern"].replace("^-?", "^", 1)
        return schema

    @staticmethod
    def _decimal_request(field, schema: dict) -> dict:
        """A number with the field's bounds (from the model's validators, which DRF turned into
        ``min_value``/``max_value``) and decimal places; the digits bound the rest."""
        step = Decimal(1).scaleb(-field.decimal_places)
        largest = Decimal(10) ** field.max_whole_digits - step
        low = field.min_value if field.min_value is not None else -largest
        high = field.max_value if field.max_value is not None else largest
        number = {key: value for key, value in schema.items() if key not in ("type", "format", "pattern")}
        return {
            "type": "number",
            "minimum": _number(Decimal(low)),
            "maximum": _number(Decimal(high)),
            "multipleOf": _number(step),
            **number,
        }

    def _map_basic_serializer(self, serializer, direction):
        """Every property of a response is present (DRF writes every readable field)."""
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "response" and schema.get("properties"):
            schema["required"] = sorted(schema["properties"])
        return schema

    def _error_codes(self) -> list[str]:
        codes = ["400", "401", "403", "404", "429"]
        if self.method != "GET":
            codes += ["409", "413", "415"]
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

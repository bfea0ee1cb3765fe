"""How the API answers a refused request: Spanish messages, never a 500 for bad input.

A Django ValidationError raised by a service (the same rules as the pages) becomes 400 with
the messages under the API's field names; a StateConflict (or a database uniqueness race)
becomes 409. A write that found the database locked by other writers past its busy timeout
(``datamed.database_busy``) saved nothing and becomes 503 with ``Retry-After``.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from rest_framework import exceptions, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from datamed.database_busy import MESSAGE as BUSY_MESSAGE
from datamed.database_busy import RETRY_AFTER_SECONDS, DatabaseBusy, is_database_busy
from datamed.exceptions import StateConflict

INVALID_JSON = "El cuerpo de la petición no es un JSON válido."


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "La operación no es posible en el estado actual de los datos."
    default_code = "conflict"


class Busy(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = BUSY_MESSAGE
    default_code = "database_busy"


def field_errors(error: DjangoValidationError, renamed: dict[str, str] | None = None) -> dict:
    """Messages of a Django ValidationError keyed by the API's field names."""
    renamed = {NON_FIELD_ERRORS: api_settings.NON_FIELD_ERRORS_KEY, **(renamed or {})}
    if not hasattr(error, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
    return {renamed.get(field, field): messages for field, messages in error.message_dict.items()}


def exception_handler(exc, context):
    if isinstance(exc, DatabaseBusy) or is_database_busy(exc):
        response = drf_exception_handler(Busy(), context)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if isinstance(exc, StateConflict):
        exc = Conflict(" ".join(exc.messages))
    elif isinstance(exc, DjangoValidationError):
        renamed = getattr(context.get("view"), "service_fields", None)
        exc = exceptions.ValidationError(field_errors(exc, renamed))
    elif isinstance(exc, IntegrityError):
        exc = Conflict()
    elif isinstance(exc, exceptions.ParseError):
        # DRF words it in English with the parser's detail; every 400 has field errors.
        exc = exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [INVALID_JSON]})
    return drf_exception_handler(exc, context)

"""How the API answers a refused request: Spanish messages, never a 500 for bad input.

A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is a JSON 413; a missing object a 404 naming it in
Spanish (Django's names the model in English). A Django ValidationError raised by a service
(the same rules as the pages) becomes 400 with the messages under the API's field names; a
StateConflict (or a database uniqueness race) becomes 409. A write that found the database
locked by other writers past its busy timeout (``datamed.database_busy``) saved nothing and
becomes 503 with ``Retry-After``.
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
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


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"


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


def not_found_message(noun: str) -> str:
    """ "No se encontró el paciente.": the article agrees with the noun's first word."""
    article = "la" if noun.split()[0].endswith(("a", "ión")) else "el"
    return f"No se encontró {article} {noun}."


def exception_handler(exc, context):
    if isinstance(exc, DatabaseBusy) or is_database_busy(exc):
        response = drf_exception_handler(Busy(), context)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if isinstance(exc, Http404):
        # Django's message names the model in English ("No Patient matches the given query.").
        message = getattr(context.get("view"), "not_found_message", None)
        exc = exceptions.NotFound(message or "No se encontró lo pedido.")
    elif isinstance(exc, RequestDataTooBig):
        # Django answers its HTML error page; a client of the API expects JSON.
        exc = BodyTooLarge(
            f"El cuerpo de la petición supera el límite de {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes."
        )
    elif isinstance(exc, StateConflict):
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

"""A write that still finds the database locked after its busy timeout: nothing is saved, and
the person is told so in Spanish, never with a server error.

On SQLite one transaction writes at a time: a transaction takes the write lock when it begins
(``transaction_mode`` IMMEDIATE in the settings) and waits up to ``SQLITE_BUSY_TIMEOUT``
seconds for another to commit. Only past that wait does SQLite answer "database is locked",
before anything of the transaction was written. Then:

- the write services run in ``atomic_write``, which turns that error into ``DatabaseBusy``, a
  ValidationError: a page shows it above the form, which keeps what was typed (the views
  already show a service's ValidationError so); the API answers 503 with ``Retry-After``
  (``api.errors``);
- any other request that meets the lock (a write outside a service) gets a 503 page or JSON
  answer with the same message from ``DatabaseBusyMiddleware``.

On PostgreSQL writers run side by side, and two of them can wait for each other's rows (the
count rows the triggers keep) in opposite orders: the server ends one with "deadlock
detected", having rolled its transaction back. A write service is then run again from the
start (PostgreSQL's advice for deadlocks), at most ``DEADLOCK_RETRIES`` times, when it is the
outermost transaction.
"""

import functools
import logging

from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

MESSAGE = (
    "No se guardó nada: en ese momento otras personas estaban guardando y la base de datos siguió "
    "ocupada. Sus datos siguen en el formulario; vuelva a guardar en unos segundos."
)
#: Seconds after which a client may send the same request again.
RETRY_AFTER_SECONDS = 5
#: Times a write service that lost a deadlock on PostgreSQL is run again.
DEADLOCK_RETRIES = 3
#: PostgreSQL's SQLSTATE for "deadlock detected".
DEADLOCK_DETECTED = "40P01"


def is_database_busy(error: BaseException) -> bool:
    """SQLite's "database is locked" (or, on a shared in-memory database, "database table is
    locked") after its busy timeout."""
    return isinstance(error, OperationalError) and "locked" in str(error)


class DatabaseBusy(ValidationError):
    """The database stayed locked by other writers; nothing of this write was saved."""

    def __init__(self):
        super().__init__(MESSAGE, code="database_busy")


def atomic_write(function):
    """``transaction.atomic`` for a write service, which raises ``DatabaseBusy`` when the
    database stays locked (the transaction is rolled back: nothing is half-saved)."""
    atomic_function = transaction.atomic(function)

    @functools.wraps(function)
    def write(*args, **kwargs):
        retries = 0 if transaction.get_connection().in_atomic_block else DEADLOCK_RETRIES
        for _ in range(retries):
            try:
                return atomic_function(*args, **kwargs)
            except OperationalError as error:
                if not is_deadlock(error):
                    return _refuse(function, error)
                logger.warning("Bloqueo mutuo: %s se repite (%s)", function.__qualname__, error)
        try:
            return atomic_function(*args, **kwargs)
        except OperationalError as error:
            return _refuse(function, error)

    return write


def is_deadlock(error: BaseException) -> bool:
    """PostgreSQL ended this transaction to break a deadlock (it was rolled back whole)."""
    return getattr(getattr(error, "__cause__", None), "sqlstate", None) == DEADLOCK_DETECTED


def _refuse(function, error: OperationalError):
    """Raise ``DatabaseBusy`` for a lock (or a deadlock lost every time), ``error`` otherwise."""
    if not is_database_busy(error):
        raise error
    logger.warning("Base de datos ocupada: %s no guardó nada (%s)", function.__qualname__, error)
    raise DatabaseBusy() from error


def busy_response(request) -> HttpResponse:
    """503 with ``Retry-After``: JSON for the API, the Spanish page otherwise."""
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": MESSAGE}, status=503)
    else:
        response = HttpResponse(
            render_to_string("503_busy.html", {"message": MESSAGE}, request=request), status=503
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseBusyMiddleware:
    """A view that meets the lock outside a write service answers 503, never 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_busy(exception):
            return None
        logger.warning("Base de datos ocupada en %s %s: %s", request.method, request.path, exception)
        return busy_response(request)

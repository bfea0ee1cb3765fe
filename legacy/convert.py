"""Turning one legacy row's values into this project's field values, noting every repair."""

import datetime
import functools
import zoneinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator, MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models

from legacy.report import TableReport
from legacy.vocab import Vocabulary, normalise

BOGOTA = zoneinfo.ZoneInfo("America/Bogota")
#: texts the old forms stored instead of leaving a choice empty
PLACEHOLDERS = {"NO ESPECIFICADO", "NO APLICA", "N/A", "SIN DATO"}


class SkipRow(Exception):
    """The row cannot be stored in this project; the message says why (in Spanish)."""


def as_date(value) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return _parse_date(str(value)[:10])


@functools.lru_cache(maxsize=16384)
def _parse_date(text: str) -> datetime.date:
    """Parsed once per distinct text: 200,000 legacy rows hold a few thousand distinct days."""
    return datetime.date.fromisoformat(text)


def as_datetime(value) -> datetime.datetime | None:
    """A legacy timestamp (stored in UTC; SQLite keeps it as naive text) as an aware datetime."""
    if value is None or value == "":
        return None
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.fromisoformat(str(value))
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value


def local_date(moment: datetime.datetime) -> datetime.date:
    """The clinic's calendar day (America/Bogota) of a UTC timestamp."""
    return moment.astimezone(BOGOTA).date()


def is_placeholder(raw) -> bool:
    return raw is not None and normalise(raw) in PLACEHOLDERS


@functools.cache
def _field(model: type[models.Model], name: str) -> models.Field:
    return model._meta.get_field(name)


@functools.cache
def _decimal_shape(model: type[models.Model], name: str) -> tuple[Decimal, Decimal]:
    """(quantum, exclusive limit) of a decimal field: what the database column can hold."""
    field = _field(model, name)
    return Decimal(1).scaleb(-field.decimal_places), Decimal(10) ** (field.max_digits - field.decimal_places)


@functools.lru_cache(maxsize=65536, typed=True)
def _fitting_decimal(raw, quantum: Decimal, limit: Decimal) -> Decimal | None:
    """``raw`` as a decimal rounded to ``quantum`` when it is a number below ``limit``, else
    ``None``. Cached: legacy measurements repeat (a few thousand distinct values per column in
    26,000 rows)."""
    try:
        value = Decimal(str(raw)).quantize(quantum, ROUND_HALF_UP)
    except InvalidOperation:
        return None
    return value if abs(value) < limit else None


_BUILT_IN_VALIDATORS = (MaxLengthValidator, DecimalValidator, ProhibitNullCharactersValidator)


@functools.cache
def _declared_validators(model: type[models.Model]) -> list[tuple[models.Field, list]]:
    """The validators each field declares (formats, ranges), not the length checks every field has."""
    declared = []
    for field in model._meta.concrete_fields:
        validators = [v for v in field.validators if not isinstance(v, _BUILT_IN_VALIDATORS)]
        if validators and not field.is_relation:
            declared.append((field, validators))
    return declared


class RowConverter:
    """Reads the columns of one legacy row into field values; repairs go to the table report."""

    def __init__(self, model: type[models.Model], row: dict, report: TableReport):
        self.model = model
        self.row = row
        self.report = report
        self.legacy_id = row["id"]
        #: fields already reported, so the generic validation does not report them twice
        self.reported: set[str] = set()

    def note(self, field: str, reason: str) -> None:
        self.reported.add(field)
        self.report.repair(self.legacy_id, reason)

    def _field(self, name: str):
        return _field(self.model, name)

    def _label(self, name: str) -> str:
        return str(self._field(name).verbose_name)

    def choice(self, vocabulary: Vocabulary, column: str, field: str | None = None) -> str | None:
        """The choice value for the column, or empty/NULL (reported) when there is none."""
        field = field or column
        raw = self.row.get(column)
        value = vocabulary(raw)
        if value is not None:
            return value
        model_field = self._field(field)
        empty = None if model_field.null else ""
        if raw is None or str(raw).strip() == "":
            if not model_field.blank:
                self.note(field, f"{self._label(field)} sin valor: queda vacío (obligatorio al editar)")
            return empty
        kind = "marcador sin valor" if is_placeholder(raw) else "código desconocido"
        self.note(field, f"{self._label(field)} «{raw}» ({kind}): queda vacío")
        return empty

    def decimal(self, column: str, field: str | None = None) -> Decimal | None:
        """A decimal that fits the field; one that does not becomes NULL or skips the row."""
        field = field or column
        raw = self.row.get(column)
        model_field = self._field(field)
        if raw is None or raw == "":
            if not model_field.null:
                raise SkipRow(f"{self._label(field)} vacío")
            return None
        value = _fitting_decimal(raw, *_decimal_shape(self.model, field))
        if value is not None:
            return value
        if model_field.null:
            self.note(field, f"{self._label(field)} «{raw}» no cabe en el campo: queda vacío")
            return None
        raise SkipRow(f"{self._label(field)} «{raw}» no cabe en el campo")

    def integer(self, column: str, field: str | None = None, low: int | None = 0) -> int | None:
        field = field or column
        raw = self.row.get(column)
        model_field = self._field(field)
        try:
            value = None if raw is None or raw == "" else int(raw)
        except (TypeError, ValueError):
            value = None
        if value is not None and (low is None or value >= low):
            return value
        if model_field.null:
            if raw is not None:
                self.note(field, f"{self._label(field)} «{raw}» no válido: queda vacío")
            return None
        raise SkipRow(f"{self._label(field)} «{raw}» no válido")

    def text(self, column: str, field: str | None = None) -> str:
        """Text trimmed to the field's length (the cut is reported with the full value)."""
        field = field or column
        value = str(self.row.get(column) or "").strip()
        max_length = self._field(field).max_length
        if max_length and len(value) > max_length:
            self.note(field, f"{self._label(field)} recortado a {max_length} caracteres (original «{value}»)")
            value = value[:max_length]
        return value

    def date(self, column: str, field: str | None = None) -> datetime.date | None:
        field = field or column
        raw = self.row.get(column)
        try:
            return as_date(raw)
        except ValueError:
            self.note(field, f"{self._label(field)} «{raw}» no es una fecha: queda vacía")
            return None

    def report_rule_breaks(self, instance: models.Model) -> None:
        """Values the database can store but this project's validators refuse: kept, reported.

        Only the validators the fields declare run (formats, ranges): choices were mapped
        already and foreign keys are not checked (that would query the database per row).
        """
        for model_field, validators in _declared_validators(type(instance)):
            value = getattr(instance, model_field.attname)
            if model_field.name in self.reported or value in (None, ""):
                continue
            for validator in validators:
                try:
                    validator(value)
                except ValidationError as error:
                    self.report.repair(
                        self.legacy_id,
                        f"{self._label(model_field.name)} «{value}» se conserva aunque no cumple la regla: "
                        f"{' '.join(error.messages)}",
                    )

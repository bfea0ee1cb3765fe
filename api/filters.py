"""Query filters of the API (django-filter), over the selectors' own filters."""

import django_filters
from django import forms
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field

from exams.choices import TipoServicio
from patients import selectors
from patients.capita import CYCLE_MONTHS
from patients.choices import EntidadSalud, EstadoIngreso, Programa
from patients.models import Ingreso, Patient

SEARCH_MAX_LENGTH = 100


class FilterListsOnly:
    """Query filters narrow lists only: a detail URL finds its object whatever its state
    (e.g. a voided record, which lists hide by default)."""

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)


#: The largest id a 64-bit primary key holds: a larger one in a filter is a 400, not a database
#: overflow.
MAX_ID = 2**63 - 1


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID, "format": "int64"})
class IdFilter(django_filters.NumberFilter):
    """An id: a whole positive number that fits a primary key."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": CYCLE_MONTHS})
class MonthFilter(django_filters.TypedChoiceFilter):
    """A month of the 18-month cycle."""

    def __init__(self, *args, **kwargs):
        choices = [(month, str(month)) for month in range(1, CYCLE_MONTHS + 1)]
        super().__init__(*args, choices=choices, coerce=int, **kwargs)


@extend_schema_field({"type": "string", "maxLength": SEARCH_MAX_LENGTH})
class SearchFilter(django_filters.CharFilter):
    """Words to look for, at most ``SEARCH_MAX_LENGTH`` characters (more: 400)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, max_length=SEARCH_MAX_LENGTH, **kwargs)


class PatientFilter(django_filters.FilterSet):
    search = SearchFilter(
        method="filter_selector",
        label=f"Palabras del nombre, apellido o documento (máximo {SEARCH_MAX_LENGTH} caracteres).",
    )
    mes = MonthFilter(
        method="filter_selector",
        label=f"Mes cápita (1 a {CYCLE_MONTHS}) del ciclo activo; otro valor: 400.",
    )
    estado = django_filters.ChoiceFilter(
        method="filter_selector",
        choices=EstadoIngreso.choices,
        label="Estado del ciclo actual (TERMINADO: sin ciclo abierto).",
    )
    entidad_salud = django_filters.ChoiceFilter(choices=EntidadSalud.choices, label="Entidad de salud (EPS).")
    programa = django_filters.ChoiceFilter(choices=Programa.choices, label="Programa.")

    class Meta:
        model = Patient
        fields = ["search", "mes", "estado", "entidad_salud", "programa"]

    def filter_selector(self, queryset, name, value):
        return selectors.filter_patients(queryset, **{{"mes": "mes_capita"}.get(name, name): value})


class CycleFilter(django_filters.FilterSet):
    paciente = IdFilter(field_name="paciente_id", label="Paciente (id).")
    estado = django_filters.ChoiceFilter(choices=EstadoIngreso.choices, label="Estado del ciclo.")

    class Meta:
        model = Ingreso
        fields = ["paciente", "estado"]


class CareFilter(django_filters.FilterSet):
    """Filters of the clinical records and the attention log: cycle, patient, care dates and
    voided. Without ``anulado`` only valid records are listed, as on the pages."""

    ingreso = IdFilter(field_name="ingreso_id", label="Ciclo (id).")
    paciente = IdFilter(field_name="ingreso__paciente_id", label="Paciente (id).")
    anulado = django_filters.BooleanFilter(label="true: solo anulados; false u omitido: solo válidos.")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        if self.form.cleaned_data.get("anulado") is None:
            queryset = queryset.filter(anulado=False)
        return super().filter_queryset(queryset)


def care_filterset(model, care_date_field: str, **extra) -> type[CareFilter]:
    """The CareFilter of one model: the date range is on its care-date field."""
    attrs = {
        "desde": django_filters.DateFilter(
            field_name=care_date_field, lookup_expr="gte", label="Fecha de atención desde (inclusive)."
        ),
        "hasta": django_filters.DateFilter(
            field_name=care_date_field, lookup_expr="lte", label="Fecha de atención hasta (inclusive)."
        ),
        **extra,
        "Meta": type("Meta", (), {"model": model, "fields": ["ingreso", "paciente", "anulado"]}),
    }
    return type(f"{model.__name__}Filter", (CareFilter,), attrs)


def attention_filterset(model):
    tipo = django_filters.ChoiceFilter(choices=TipoServicio.choices, label="Tipo de servicio.")
    return care_filterset(model, "fecha_atencion", tipo_servicio=tipo)

from django.conf import settings
from django.db.models import Manager
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination

from datamed.sequences import Counted

NEXT_AND_PREVIOUS = {
    "next": "Dirección de la página siguiente (null en la última).",
    "previous": "Dirección de la página anterior (null en la primera).",
}


def whole_number(request, name: str, maximum: int | None = None) -> int | None:
    """The query parameter ``name`` as a whole number from 1 (to ``maximum``); None when absent.
    Anything else is a 400 naming the parameter, not a silent default."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    top = maximum if maximum is not None else float("inf")
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= top:
        where = f"entre 1 y {maximum}" if maximum is not None else "desde 1"
        raise ValidationError({name: [f"Debe ser un número entero {where}."]})
    return int(raw)


class DescribedPages:
    """Page size from the settings, and a Spanish description on every property of the
    paginated response in the OpenAPI contract (``descriptions``, by property name).
    A page size outside 1..``API_MAX_PAGE_SIZE`` is a 400, as the contract says."""

    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    page_size_query_description = (
        f"Cantidad de resultados por página, de 1 a {settings.API_MAX_PAGE_SIZE} "
        f"({settings.API_PAGE_SIZE} si se omite); fuera de ese rango: 400."
    )
    max_page_size = settings.API_MAX_PAGE_SIZE
    descriptions: dict[str, str] = {}

    def get_page_size(self, request) -> int:
        size = whole_number(request, self.page_size_query_param, self.max_page_size)
        return size or self.page_size

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            elif parameter["name"] == getattr(self, "page_query_param", None):
                parameter["schema"]["minimum"] = 1
        return parameters

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        for name, prop in paginated["properties"].items():
            prop["description"] = self.descriptions[name]
        paginated["required"] = sorted(paginated["properties"])  # always present, maybe null
        return paginated


class Pagination(DescribedPages, PageNumberPagination):
    """``?page=N`` and ``?page_size=M`` (at most ``API_MAX_PAGE_SIZE``)."""

    page_query_description = (
        "Número de página, desde 1: un valor que no es un entero positivo es un 400; una página "
        "más allá de la última, un 404."
    )
    descriptions = {
        "count": "Total de resultados (todas las páginas).",
        **NEXT_AND_PREVIOUS,
        "results": "Resultados de esta página.",
    }

    def get_page_number(self, request, paginator) -> int:
        return whole_number(request, self.page_query_param) or 1


class NewestFirstCursorPagination(DescribedPages, CursorPagination):
    """Clinical records and the attention log: a program holds millions of them. Newest
    registered first, paged with an opaque ``?cursor=`` (the ``next`` and ``previous`` links):
    a page reads only its own rows along the primary key, where a page number needs a count
    of every row and an ``OFFSET`` that reads all the rows it skips."""

    ordering = "-id"
    cursor_query_description = "Posición opaca: use los enlaces next y previous de la respuesta."
    descriptions = {
        **NEXT_AND_PREVIOUS,
        "results": "Resultados de esta página, del más reciente al más antiguo registro.",
    }


class TotalFromCounts:
    """An unfiltered list takes its total from the database's counts (``patients/counts.py``,
    ``counted_by``) instead of counting every row of the table for each page."""

    counted_by: Manager

    def paginate_queryset(self, queryset):
        filtering = any(name in self.request.query_params for name in self.filterset_class.base_filters)
        if not filtering:
            queryset = Counted(queryset, self.counted_by.total)
        return super().paginate_queryset(queryset)

from django.conf import settings
from django.db.models import Manager
from rest_framework.pagination import CursorPagination, PageNumberPagination

from datamed.sequences import Counted

NEXT_AND_PREVIOUS = {
    "next": "Dirección de la página siguiente (null en la última).",
    "previous": "Dirección de la página anterior (null en la primera).",
}


class DescribedPages:
    """Page size from the settings, and a Spanish description on every property of the
    paginated response in the OpenAPI contract (``descriptions``, by property name)."""

    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    page_size_query_description = "Cantidad de resultados por página."
    max_page_size = settings.API_MAX_PAGE_SIZE
    descriptions: dict[str, str] = {}

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        for name, prop in paginated["properties"].items():
            prop["description"] = self.descriptions[name]
        return paginated


class Pagination(DescribedPages, PageNumberPagination):
    """``?page=N`` and ``?page_size=M`` (at most ``API_MAX_PAGE_SIZE``)."""

    page_query_description = "Número de página (desde 1)."
    descriptions = {
        "count": "Total de resultados (todas las páginas).",
        **NEXT_AND_PREVIOUS,
        "results": "Resultados de esta página.",
    }


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

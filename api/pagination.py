from django.conf import settings
from rest_framework.pagination import CursorPagination, PageNumberPagination


class Pagination(PageNumberPagination):
    """``?page=N`` and ``?page_size=M`` (at most ``API_MAX_PAGE_SIZE``)."""

    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    page_size_query_description = "Cantidad de resultados por página."
    page_query_description = "Número de página (desde 1)."
    max_page_size = settings.API_MAX_PAGE_SIZE

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        descriptions = {
            "count": "Total de resultados (todas las páginas).",
            "next": "Dirección de la página siguiente (null en la última).",
            "previous": "Dirección de la página anterior (null en la primera).",
            "results": "Resultados de esta página.",
        }
        for name, prop in paginated["properties"].items():
            prop["description"] = descriptions[name]
        return paginated


class NewestFirstCursorPagination(CursorPagination):
    """Clinical records and the attention log: a program holds millions of them. Newest
    registered first, paged with an opaque ``?cursor=`` (the ``next`` and ``previous`` links):
    a page reads only its own rows along the primary key, where a page number needs a count
    of every row and an ``OFFSET`` that reads all the rows it skips."""

    ordering = "-id"
    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    page_size_query_description = "Cantidad de resultados por página."
    cursor_query_description = "Posición opaca: use los enlaces next y previous de la respuesta."
    max_page_size = settings.API_MAX_PAGE_SIZE

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        descriptions = {
            "next": "Dirección de la página siguiente (null en la última).",
            "previous": "Dirección de la página anterior (null en la primera).",
            "results": "Resultados de esta página, del más reciente al más antiguo registro.",
        }
        for name, prop in paginated["properties"].items():
            prop["description"] = descriptions[name]
        return paginated

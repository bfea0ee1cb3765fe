from django.conf import settings
from rest_framework.pagination import PageNumberPagination


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

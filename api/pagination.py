from django.conf import settings
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """``?page=N`` and ``?page_size=M`` (at most ``API_MAX_PAGE_SIZE``)."""

    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    page_size_query_description = "Cantidad de resultados por página."
    page_query_description = "Número de página (desde 1)."
    max_page_size = settings.API_MAX_PAGE_SIZE

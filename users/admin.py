from django.contrib import admin

from datamed.admin import ReadOnlyAdmin
from users.models import ClinicalAccess


@admin.register(ClinicalAccess)
class ClinicalAccessAdmin(ReadOnlyAdmin):
    list_display = ["consultado_el", "usuario", "paciente", "ingreso"]
    list_select_related = ["usuario", "paciente"]
    search_fields = ["paciente__documento", "usuario__username"]
    date_hierarchy = "consultado_el"

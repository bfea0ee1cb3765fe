from django.contrib import admin

from users.models import ClinicalAccess


@admin.register(ClinicalAccess)
class ClinicalAccessAdmin(admin.ModelAdmin):
    list_display = ["consultado_el", "usuario", "paciente", "ingreso"]
    list_select_related = ["usuario", "paciente"]
    search_fields = ["paciente__documento", "usuario__username"]
    date_hierarchy = "consultado_el"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

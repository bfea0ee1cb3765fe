"""Issued reports in the admin: read only (they are issued from /reports/ and never change)."""

from django.contrib import admin

from reports.models import EmisionInforme


@admin.register(EmisionInforme)
class EmisionInformeAdmin(admin.ModelAdmin):
    list_display = ("entidad_salud", "mes", "version", "emitido_por", "emitido_el", "pdf_sha256")
    list_filter = ("entidad_salud", "mes")
    fields = (
        "entidad_salud",
        "mes",
        "version",
        "emitido_por",
        "emitido_el",
        "anterior",
        "pdf_sha256",
        "xlsx_sha256",
        "cifras",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("pdf", "xlsx").select_related("emitido_por")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

from django.contrib import admin

from rips.models import Administradora, Ips, MapeoRegistro


@admin.register(Ips)
class IpsAdmin(admin.ModelAdmin):
    """The one IPS row: added once, then edited."""

    list_display = ["nombre", "nit", "cod_prestador"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Ips.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Administradora)
class AdministradoraAdmin(admin.ModelAdmin):
    list_display = ["entidad_salud", "codigo", "tipo_usuario"]


@admin.register(MapeoRegistro)
class MapeoRegistroAdmin(admin.ModelAdmin):
    """One row per record type (created by the migration): edited, never added or removed."""

    list_display = [
        "__str__",
        "lista",
        "incluir",
        "cod_cups",
        "modalidad",
        "grupo_servicios",
        "cod_servicio",
        "finalidad",
        "causa",
        "valor",
    ]
    fieldsets = [
        (None, {"fields": ["tipo_registro", "incluir", "lista"]}),
        (
            "Códigos (tablas de referencia del Ministerio)",
            {
                "fields": [
                    "cod_cups",
                    "nombre_tecnologia",
                    "modalidad",
                    "grupo_servicios",
                    "cod_servicio",
                    "finalidad",
                    "causa",
                    "via_ingreso",
                    "diagnostico",
                    "tipo_diagnostico",
                    "tipo_os",
                ]
            },
        ),
        ("Valor", {"fields": ["valor", "concepto_recaudo"]}),
    ]
    readonly_fields = ["tipo_registro"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

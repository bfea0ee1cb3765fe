from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from patients.models import Ingreso, Patient


class IngresoInline(admin.TabularInline):
    model = Ingreso
    extra = 0
    fields = ["fecha_inicio", "fecha_fin", "estado", "motivo_cierre", "motivo"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


# Clinical data is never hard-deleted (SPEC "Clinical records are legal records").
admin.site.disable_action("delete_selected")


@admin.register(Patient)
class PatientAdmin(SimpleHistoryAdmin):
    list_display = ["apellido", "nombre", "tipo_documento", "documento", "entidad_salud", "programa"]
    list_filter = ["entidad_salud", "programa", "departamento"]
    search_fields = ["nombre", "apellido", "documento"]
    inlines = [IngresoInline]

    def has_add_permission(self, request) -> bool:
        """Patients are registered from /patients/create/, which opens their first cycle."""
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Ingreso)
class IngresoAdmin(SimpleHistoryAdmin):
    list_display = ["paciente", "fecha_inicio", "fecha_fin", "estado"]
    list_filter = ["estado"]
    search_fields = ["paciente__nombre", "paciente__apellido", "paciente__documento"]
    list_select_related = ["paciente"]
    raw_id_fields = ["paciente"]
    # State changes go through /patients/follow, which applies the transition rules.
    readonly_fields = ["paciente", "estado", "fecha_fin", "motivo_cierre", "motivo", "fecha_cambio_estado"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

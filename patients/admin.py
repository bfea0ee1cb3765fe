from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from import_export.admin import ExportMixin, ImportExportMixin
from import_export.formats import base_formats
from simple_history.admin import SimpleHistoryAdmin

from datamed.admin import ServiceAdminMixin
from patients import services
from patients.choices import EstadoIngreso
from patients.models import Ingreso, Patient
from patients.resources import IMPORT_FORMATS, IngresoResource, PatientResource
from users import permissions


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


class ExportPermissionMixin:
    """Admin exports (Excel or CSV) only for users with the export permission (SPEC §4)."""

    export_formats = [base_formats.XLSX, base_formats.CSV]

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm(permissions.EXPORT_DATA)


@admin.register(Patient)
class PatientAdmin(ServiceAdminMixin, ExportPermissionMixin, ImportExportMixin, SimpleHistoryAdmin):
    list_display = ["apellido", "nombre", "tipo_documento", "documento", "entidad_salud", "programa"]
    list_filter = ["entidad_salud", "programa", "departamento"]
    search_fields = ["nombre", "apellido", "documento"]
    inlines = [IngresoInline]
    resource_classes = [PatientResource]
    import_formats = IMPORT_FORMATS
    import_template_name = "admin/patients/patient_import.html"
    # The change trail (django-simple-history) already records who imported what.
    skip_admin_log = True

    def has_add_permission(self, request) -> bool:
        """Patients are registered from /patients/create/, which opens their first cycle."""
        return False

    def has_import_permission(self, request) -> bool:
        return request.user.has_perm(permissions.ADD_PATIENT)

    def process_result(self, result, request):
        """The confirmation re-validates the file: if the data changed since the preview and
        a row no longer passes, nothing was saved and the rows are listed."""
        if not result.report.saved:
            for line in result.report.error_lines:
                messages.error(request, line)
            messages.error(request, "No se importó nada.")
            return redirect("admin:patients_patient_import")
        messages.success(request, f"Importación guardada. {result.report.summary()}")
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        """The summary above replaces the library's message."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        """As the patient's page: validated, saved with its cycles' copies, authored."""
        services.update_patient(obj, user=request.user)


class IngresoAdminForm(forms.ModelForm):
    """Only the start of an ACTIVO cycle can change here, under the page's rules."""

    class Meta:
        model = Ingreso
        fields = ["fecha_inicio"]

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("fecha_inicio")
        if start and "fecha_inicio" in self.changed_data:
            services.check_cycle_start(self.instance, start, "fecha_inicio")
        return cleaned


@admin.register(Ingreso)
class IngresoAdmin(ServiceAdminMixin, ExportPermissionMixin, ExportMixin, SimpleHistoryAdmin):
    list_display = ["paciente", "fecha_inicio", "fecha_fin", "estado"]
    list_filter = ["estado"]
    search_fields = ["paciente__nombre", "paciente__apellido", "paciente__documento"]
    list_select_related = ["paciente"]
    raw_id_fields = ["paciente"]
    resource_classes = [IngresoResource]
    form = IngresoAdminForm
    # State changes go through /patients/follow, which applies the transition rules; the
    # summaries are kept by the services (and the database).
    readonly_fields = [
        "paciente",
        "estado",
        "fecha_fin",
        "motivo_cierre",
        "motivo",
        "fecha_cambio_estado",
        "ultima_atencion",
        "veredicto_equipo",
        "ultima_noche_equipo",
    ]

    def get_readonly_fields(self, request, obj=None):
        """A closed or suspended cycle is history: its start does not move either."""
        if obj is not None and obj.estado != EstadoIngreso.ACTIVO:
            return ["fecha_inicio", *self.readonly_fields]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        """The start moves through the same service as the patient's page (validated again
        under a lock, authored in the history); nothing else here is editable."""
        if "fecha_inicio" in form.changed_data:
            services.move_cycle_start(obj, form.cleaned_data["fecha_inicio"], request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

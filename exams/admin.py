"""Admin of the clinical records, generated from the registry: read and correct only.

Edits go through the services like the pages (``update_record``: the page's validation, the
derived values recomputed, the attention-log line's date kept in step, the author in the
history); only the fields the page's form edits are editable, everything the services own
(the cycle, the author, derived values, voiding, the device window of a monitoring) is shown
read-only. Adding happens from the clinical history (which checks the cycle and writes the
attention log); voiding from the record's page (it asks for a reason); nothing is deleted.
"""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from datamed.admin import ReadOnlyAdmin, ServiceAdminMixin
from datamed.exceptions import StateConflict
from exams import services
from exams.models import ClinicalRecord, Seguimiento
from exams.registry import RECORD_TYPES, RecordType


class ClinicalRecordAdminForm(forms.ModelForm):
    """Refuses, like the page, an edit of a voided record or of one whose cycle is not ACTIVO."""

    def clean(self):
        cleaned = super().clean()
        services.check_editable(self.instance)
        return cleaned


class ClinicalRecordAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    record_type: RecordType
    form = ClinicalRecordAdminForm
    list_filter = ("anulado",)
    list_select_related = ("ingreso__paciente", "registrado_por")
    raw_id_fields = ("ingreso",)
    search_fields = ("ingreso__paciente__documento", "ingreso__paciente__apellido")

    def editable_fields(self) -> list[str]:
        """The fields the page's form lets a user type in (not the hidden or disabled ones)."""
        page_form = self.record_type.form()
        model_fields = {field.name for field in self.model._meta.fields}
        return [
            name
            for name, field in page_form.fields.items()
            if name in model_fields and not field.disabled and not field.widget.is_hidden
        ]

    def get_fields(self, request, obj=None):
        editable = self.editable_fields()
        shown = [f.name for f in self.model._meta.fields if f.name != "id"]
        return [*editable, *(name for name in shown if name not in editable)]

    def get_readonly_fields(self, request, obj=None):
        editable = [] if obj is None or not _editable(obj) else self.editable_fields()
        return [name for name in self.get_fields(request, obj) if name not in editable]

    def has_add_permission(self, request) -> bool:
        """Records are added from the clinical history, which checks the cycle and logs the attention."""
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        services.update_record(obj, request.user)


def _editable(record: ClinicalRecord) -> bool:
    try:
        services.check_editable(record)
    except StateConflict:
        return False
    return True


def _admin_for(record_type) -> type[ClinicalRecordAdmin]:
    columns = [name for name, _ in record_type.columns if _is_field(record_type.model, name)]
    return type(
        f"{record_type.model.__name__}Admin",
        (ClinicalRecordAdmin,),
        {"record_type": record_type, "list_display": ["__str__", "ingreso", *columns[1:4], "anulado"]},
    )


def _is_field(model, name: str) -> bool:
    return any(field.name == name for field in model._meta.fields)


for _record_type in RECORD_TYPES:
    admin.site.register(_record_type.model, _admin_for(_record_type))


@admin.register(Seguimiento)
class SeguimientoAdmin(ReadOnlyAdmin):
    list_display = ["ingreso", "fecha_atencion", "tipo_servicio", "anulado"]
    list_filter = ["tipo_servicio", "anulado"]
    list_select_related = ["ingreso__paciente"]

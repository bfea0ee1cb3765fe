"""Admin of the clinical records, generated from the registry: read and correct only.

Edits go through the services like the pages; adding happens from the clinical history (which
checks the cycle and writes the attention log); nothing is ever deleted.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from datamed.admin import ReadOnlyAdmin
from exams import services
from exams.models import Seguimiento
from exams.registry import RECORD_TYPES

VOID_FIELDS = ("anulado", "anulado_por", "anulado_el", "motivo_anulacion")


class ClinicalRecordAdmin(SimpleHistoryAdmin):
    list_filter = ("anulado",)
    list_select_related = ("ingreso__paciente", "registrado_por")
    raw_id_fields = ("ingreso",)
    search_fields = ("ingreso__paciente__documento", "ingreso__paciente__apellido")

    def get_readonly_fields(self, request, obj=None):
        derived = [f.name for f in self.model._meta.fields if not f.editable and f.name != "id"]
        return ["ingreso", "registrado_por", *VOID_FIELDS, *derived]

    def has_add_permission(self, request) -> bool:
        """Records are added from the clinical history, which checks the cycle and logs the attention."""
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        services.update_record(obj, request.user)


def _admin_for(record_type) -> type[ClinicalRecordAdmin]:
    columns = [name for name, _ in record_type.columns if _is_field(record_type.model, name)]
    return type(
        f"{record_type.model.__name__}Admin",
        (ClinicalRecordAdmin,),
        {"list_display": ["__str__", "ingreso", *columns[1:4], "anulado"]},
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

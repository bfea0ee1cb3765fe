"""Admin: coordinators edit each EPS's adherence rule; nights and verdicts are read-only."""

from django.contrib import admin

from datamed.admin import ReadOnlyAdmin
from therapy import services
from therapy.models import NocheTerapia, ReglaAdherencia, ResumenAdherencia, default_rule


@admin.register(ReglaAdherencia)
class ReglaAdherenciaAdmin(admin.ModelAdmin):
    list_display = ("entidad_salud", "horas_noche", "porcentaje_noches", "ventana_noches", "dias_iniciales")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_changeform_initial_data(self, request) -> dict:
        """A new rule starts from the default share of nights (``DATAMED_ADHERENCE_THRESHOLD_PCT``)."""
        return {
            "porcentaje_noches": default_rule().porcentaje_noches,
            **super().get_changeform_initial_data(request),
        }

    def save_model(self, request, obj, form, change):
        """A changed rule re-judges every cycle of that EPS (the database recomputes the cycles'
        copy of its share of nights in the same statement, ``summaries/triggers.py``)."""
        super().save_model(request, obj, form, change)
        services.recompute_summaries(services.cycles_of_eps(obj.entidad_salud))


@admin.register(NocheTerapia)
class NocheTerapiaAdmin(ReadOnlyAdmin):
    list_display = ("ingreso", "noche", "serial", "minutos_uso", "iah", "archivo")
    list_select_related = ("ingreso__paciente",)
    search_fields = ("serial", "ingreso__paciente__documento")
    date_hierarchy = "noche"


@admin.register(ResumenAdherencia)
class ResumenAdherenciaAdmin(ReadOnlyAdmin):
    list_display = ("ingreso", "veredicto", "ultima_noche", "inicial_mejor_noches", "ultima_ventana_noches")
    list_filter = ("veredicto",)
    list_select_related = ("ingreso__paciente",)

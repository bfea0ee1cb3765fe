"""Admin: coordinators and administrators edit the protocols (SPEC §10).

A version that a cycle already follows is read-only, so editing never rewrites what was due
for cycles already running: to change it, copy it as a new version ("Crear una versión nueva a
partir de esta"), in force from tomorrow, and edit the copy. A version takes effect on a date
not before today; saving one refreshes the plans of the cycles started since that date.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count

from careplan import services
from careplan.models import ItemPlan, ItemProtocolo, VersionProtocolo
from datamed.admin import ReadOnlyAdmin
from patients.models import today


class VersionForm(forms.ModelForm):
    class Meta:
        model = VersionProtocolo
        fields = ("programa", "vigente_desde", "nota")

    def clean_vigente_desde(self):
        value = self.cleaned_data["vigente_desde"]
        if value is not None and value < today():
            raise ValidationError(
                "La versión no puede regir desde antes de hoy: cambiaría lo que vencía para ciclos ya iniciados."
            )
        return value


class ItemInline(admin.TabularInline):
    model = ItemProtocolo
    extra = 0
    fields = ("tipo", "mes", "dia_limite", "tolerancia_antes", "tolerancia_despues", "etiqueta")


@admin.register(VersionProtocolo)
class VersionProtocoloAdmin(admin.ModelAdmin):
    form = VersionForm
    inlines = [ItemInline]
    list_display = ("programa", "vigente_desde", "nota", "items", "en_uso")
    list_filter = ("programa",)
    actions = ["copy_as_new_version"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(total_items=Count("items"))

    @admin.display(description="ítems", ordering="total_items")
    def items(self, obj) -> int:
        return obj.total_items

    @admin.display(description="en uso", boolean=True)
    def en_uso(self, obj) -> bool:
        return services.version_in_use(obj)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and services.version_in_use(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and services.version_in_use(obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        since = form.cleaned_data["vigente_desde"]
        if change and "vigente_desde" in form.initial:
            since = min(since, form.initial["vigente_desde"])
        services.refresh_after_version_change(form.instance.programa, since)

    def delete_model(self, request, obj):
        programa, since = obj.programa, obj.vigente_desde
        super().delete_model(request, obj)
        services.refresh_after_version_change(programa, since)

    @admin.action(description="Crear una versión nueva a partir de esta (rige desde mañana)")
    def copy_as_new_version(self, request, queryset):
        tomorrow = today() + datetime.timedelta(days=1)
        for version in queryset:
            try:
                copy = services.copy_version(
                    version, tomorrow, f"Copia de la versión del {version.vigente_desde:%d/%m/%Y}"
                )
            except ValidationError as error:
                self.message_user(request, "; ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, f"Versión nueva creada: {copy}. Edítela antes de que rija.")


@admin.register(ItemPlan)
class ItemPlanAdmin(ReadOnlyAdmin):
    list_display = ("ingreso", "item", "ventana_inicio", "ventana_fin", "cumplido_el", "no_aplica", "abierto")
    list_filter = ("disciplina", "abierto", "no_aplica")
    list_select_related = ("ingreso__paciente", "item")
    search_fields = ("ingreso__paciente__documento",)

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from datamed.admin import ReadOnlyAdmin
from users import mfa
from users.models import ClinicalAccess, Perfil

User = get_user_model()


@admin.register(ClinicalAccess)
class ClinicalAccessAdmin(ReadOnlyAdmin):
    list_display = ["consultado_el", "usuario", "paciente", "tipo", "ingreso"]
    list_filter = ["tipo"]
    list_select_related = ["usuario", "paciente"]
    search_fields = ["paciente__documento", "usuario__username"]
    date_hierarchy = "consultado_el"


# The devices hold the users' TOTP secrets: the admin neither shows nor edits them. An
# administrator resets a user's second factor with the action below instead.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.action(description="Restablecer la verificación en dos pasos", permissions=["change"])
def reset_second_factor(modeladmin, request, queryset):
    """Remove the selected users' authenticator and recovery codes: each signs in next with the
    password alone (and enrols again if their group requires it). Written to the user's admin
    history (django.contrib.admin's LogEntry, "Historial" on the user's page)."""
    reset = 0
    for user in queryset:
        if mfa.remove_devices(user):
            modeladmin.log_change(request, user, "Verificación en dos pasos restablecida.")
            reset += 1
    modeladmin.message_user(
        request, f"Verificación en dos pasos restablecida para {reset} usuario(s).", messages.SUCCESS
    )


if admin.site.is_registered(User):
    admin.site.unregister(User)


class PerfilInline(admin.StackedInline):
    """The staff member's identity document (reported in the RIPS), edited with the user."""

    model = Perfil
    can_delete = False
    fields = ["tipo_documento", "numero_documento"]


@admin.register(User)
class DataMedUserAdmin(UserAdmin):
    list_display = [*UserAdmin.list_display, "two_factor"]
    inlines = [PerfilInline]
    actions = [reset_second_factor]

    def get_queryset(self, request):
        enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_two_factor=Exists(enrolled))

    @admin.display(description="Dos pasos", boolean=True, ordering="has_two_factor")
    def two_factor(self, user) -> bool:
        return user.has_two_factor

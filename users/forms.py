"""Forms of the accounts pages: sign-in's second step, two-factor enrolment and removal, the
password reset that also serves imported users, and the access report's date filter."""

import unicodedata

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model

from datamed.widgets import DateInput
from users import selectors


def _styled(form: forms.Form) -> forms.Form:
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "form-control")
    return form


class StyledMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class CodeForm(StyledMixin, forms.Form):
    codigo = forms.CharField(
        label="Código de verificación",
        max_length=32,
        help_text="Los 6 dígitos que muestra su aplicación de autenticación, o uno de sus códigos de recuperación.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


class EnrolForm(StyledMixin, forms.Form):
    codigo = forms.CharField(
        label="Código de la aplicación",
        max_length=10,
        help_text="Los 6 dígitos que muestra la aplicación después de agregar la cuenta.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class DisableForm(StyledMixin, forms.Form):
    password = forms.CharField(
        label="Contraseña actual",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    codigo = CodeForm.base_fields["codigo"]


class PasswordChangeForm(StyledMixin, auth_forms.PasswordChangeForm):
    pass


class SetPasswordForm(StyledMixin, auth_forms.SetPasswordForm):
    pass


class PasswordResetForm(StyledMixin, auth_forms.PasswordResetForm):
    """Django's reset form, which also sends the link to a user without a usable password.

    Django leaves those users out on purpose (in a project where "unusable" means "signs in
    elsewhere", e.g. LDAP). Here an unusable password means only "not chosen yet": the users
    ``import_legacy_datamed`` brings over have none, and the reset link is how they choose it.
    Inactive users still get nothing."""

    def get_users(self, email):
        user_model = get_user_model()
        email_field = user_model.get_email_field_name()
        users = user_model._default_manager.filter(**{f"{email_field}__iexact": email, "is_active": True})

        def same(a, b):
            return unicodedata.normalize("NFKC", a).casefold() == unicodedata.normalize("NFKC", b).casefold()

        return (user for user in users if same(email, getattr(user, email_field) or ""))


class AccessReportForm(forms.Form):
    desde = forms.DateField(label="Desde", required=False, widget=DateInput(attrs={"class": "form-control"}))
    hasta = forms.DateField(label="Hasta", required=False, widget=DateInput(attrs={"class": "form-control"}))

    def clean(self):
        data = super().clean()
        if data.get("desde") and data.get("hasta") and data["desde"] > data["hasta"]:
            self.add_error("hasta", "Debe ser igual o posterior a «Desde».")
        return data

    def accesses(self, patient):
        """The report's rows for the dates asked (every access without a filter); None when
        the dates are invalid. The page, its exports and its PDF (``documents``) read this."""
        if self.is_bound and not self.is_valid():
            return None
        data = self.cleaned_data if self.is_bound else {}
        return selectors.access_report(patient, data.get("desde"), data.get("hasta"))

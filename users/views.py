"""Accounts pages: sign-in in two steps, password change and reset, two-factor enrolment,
"Mis sesiones", and a patient's access report."""

import time
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from datamed import exporting
from users import mfa, selectors, sessions
from users.forms import (
    AccessReportForm,
    CodeForm,
    DisableForm,
    EnrolForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from users.models import ClinicalAccess
from users.permissions import EXPORT_DATA, VIEW_AUDIT_TRAIL, get_for
from users.services import log_clinical_access

#: ``users`` sits below ``patients``: the patient is reached through the access log's own
#: foreign key, never by importing the app above.
Patient = ClinicalAccess._meta.get_field("paciente").related_model

#: Session keys. PENDING: the password was right, the code is still to be typed (user id,
#: backend, when, where to go next). ENROL: signed in, but the user's group obliges them to
#: enrol first (read by users.middleware). SECRET: the TOTP secret of an enrolment in progress.
PENDING = "_mfa_pending"
ENROL = "_mfa_enrol_required"
SECRET = "_mfa_enrol_secret"  # noqa: S105 - a session key, not a secret

WRONG_CODE = "Código incorrecto, vencido o ya usado."
THROTTLED = "Demasiados códigos incorrectos seguidos: espere unos segundos y vuelva a intentarlo."
REPORT_PAGE_SIZE = 50


# --- sign-in -----------------------------------------------------------------------------------


class SignInView(auth_views.LoginView):
    """Django's login page; an enrolled user is asked for the code before being signed in, and
    a member of a group that requires a second factor is sent to enrol."""

    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        session = self.request.session
        if mfa.is_enrolled(user):
            session.cycle_key()
            session[PENDING] = {
                "user": user.pk,
                "backend": user.backend,
                "at": int(time.time()),
                "next": self.get_redirect_url(),
            }
            return redirect("users:login_code")
        auth_login(self.request, user)
        if mfa.required_for(user):
            session[ENROL] = True
            messages.warning(
                self.request,
                "Su rol exige la verificación en dos pasos: configúrela para continuar.",
            )
            return redirect("users:mfa")
        return redirect(self.get_success_url())


def _pending_sign_in(request):
    """The user whose password was accepted and who still owes the code, or None (none, or it
    waited longer than DATAMED_MFA_PENDING_MINUTES)."""
    pending = request.session.get(PENDING)
    if not pending:
        return None
    if time.time() - pending["at"] > settings.DATAMED_MFA_PENDING_MINUTES * 60:
        del request.session[PENDING]
        return None
    return get_user_model().objects.filter(pk=pending["user"], is_active=True).first()


@login_not_required
def login_code(request):
    """The second step of the sign-in. A wrong code counts as a failed sign-in for django-axes
    (same username and address as the password step), so repeated wrong codes lock out."""
    user = _pending_sign_in(request)
    if user is None:
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        return render(request, "users/login_code.html", {"expired": True})
    credentials = {"username": user.get_username()}
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if AxesProxyHandler.is_locked(request, credentials):
            del request.session[PENDING]
            request.axes_locked_out = True  # AxesMiddleware answers with the lockout page
            request.axes_credentials = credentials
            return render(request, "users/login_code.html", {"form": form})
        outcome, device = mfa.verify(user, form.cleaned_data["codigo"])
        if outcome is mfa.Outcome.OK:
            pending = request.session.pop(PENDING)
            auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    f"Usó un código de recuperación; le quedan {mfa.remaining_recovery_codes(user)}.",
                )
            return redirect(_safe_next(request, pending.get("next")))
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            request.session.pop(PENDING, None)
        form.add_error("codigo", THROTTLED if outcome is mfa.Outcome.THROTTLED else WRONG_CODE)
    return render(request, "users/login_code.html", {"form": form})


def _safe_next(request, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return reverse(settings.LOGIN_REDIRECT_URL)


# --- passwords ---------------------------------------------------------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    """Requires the current password; the user's other sessions end, this one goes on."""

    form_class = PasswordChangeForm
    template_name = "users/password_change.html"
    success_url = reverse_lazy("users:sessions")

    def form_valid(self, form):
        old_key = self.request.session.session_key
        response = super().form_valid(form)  # update_session_auth_hash gives the session a new key
        key = self.request.session.session_key
        sessions.session_rekeyed(old_key, key)
        ended = sessions.end_other_sessions(self.request.user, keep=key)
        messages.success(self.request, f"Contraseña cambiada. Sesiones cerradas en otros equipos: {ended}.")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "users/password_reset.html"
    email_template_name = "users/email/password_reset.txt"
    subject_template_name = "users/email/password_reset_subject.txt"
    success_url = reverse_lazy("users:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "users/password_reset_done.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "timeout_minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        }


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link works once (its token is bound to the password it replaces) and for
    PASSWORD_RESET_TIMEOUT; every session of the user ends when the new password is set."""

    form_class = SetPasswordForm
    template_name = "users/password_reset_confirm.html"
    success_url = reverse_lazy("users:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        sessions.end_other_sessions(form.user, keep=None)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "users/password_reset_complete.html"


# --- two-factor --------------------------------------------------------------------------------


def mfa_settings(request):
    """Two-factor page: enrol (QR code, URI, confirm with a code) or, once enrolled, its state
    and the form that disables it."""
    user = request.user
    if mfa.is_enrolled(user):
        return _enrolled_page(request, DisableForm())
    secret = request.session.get(SECRET) or mfa.new_secret()
    request.session[SECRET] = secret
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = mfa.confirm_enrolment(user, secret, form.cleaned_data["codigo"])
        if codes is not None:
            del request.session[SECRET]
            request.session.pop(ENROL, None)
            otp_login(request, user.totpdevice_set.get(confirmed=True))
            ended = sessions.end_other_sessions(user, keep=request.session.session_key)
            messages.success(
                request,
                f"Verificación en dos pasos activada. Sesiones cerradas en otros equipos: {ended}.",
            )
            return render(request, "users/mfa_codes.html", {"codes": codes})
        form.add_error("codigo", WRONG_CODE)
    uri = mfa.provisioning_uri(user, secret)
    context = {
        "form": form,
        "uri": uri,
        "qr": mfa.qr_code_data_uri(uri),
        "secret": mfa.secret_base32(secret),
        "required": request.session.get(ENROL, False),
    }
    return render(request, "users/mfa_enrol.html", context)


def _enrolled_page(request, disable_form):
    user = request.user
    context = {
        "disable_form": disable_form,
        "remaining": mfa.remaining_recovery_codes(user),
        "required": mfa.required_for(user),
    }
    return render(request, "users/mfa_enrolled.html", context)


@require_POST
def mfa_disable(request):
    """Turn the second factor off, with the password and a current code. A wrong password or
    code counts for django-axes like a failed sign-in."""
    user = request.user
    if not mfa.is_enrolled(user):
        return redirect("users:mfa")
    if mfa.required_for(user):
        messages.error(request, "Su rol exige la verificación en dos pasos: no puede desactivarla.")
        return redirect("users:mfa")
    form = DisableForm(request.POST)
    credentials = {"username": user.get_username()}
    if form.is_valid():
        if not user.check_password(form.cleaned_data["password"]):
            form.add_error("password", "La contraseña no es correcta.")
        else:
            outcome, _ = mfa.verify(user, form.cleaned_data["codigo"])
            if outcome is mfa.Outcome.OK:
                mfa.remove_devices(user)
                messages.success(request, "Verificación en dos pasos desactivada.")
                return redirect("users:mfa")
            form.add_error("codigo", THROTTLED if outcome is mfa.Outcome.THROTTLED else WRONG_CODE)
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return _enrolled_page(request, form)


@require_POST
def mfa_recovery_codes(request):
    """New recovery codes (the earlier ones stop working), with a current code."""
    user = request.user
    form = CodeForm(request.POST)
    if mfa.is_enrolled(user) and form.is_valid():
        outcome, _ = mfa.verify(user, form.cleaned_data["codigo"])
        if outcome is mfa.Outcome.OK:
            return render(request, "users/mfa_codes.html", {"codes": mfa.new_recovery_codes(user)})
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
        messages.error(request, THROTTLED if outcome is mfa.Outcome.THROTTLED else WRONG_CODE)
    return redirect("users:mfa")


# --- sessions ----------------------------------------------------------------------------------


def my_sessions(request):
    current = request.session.session_key
    context = {
        "sessions": sessions.active_sessions(request.user, current),
        "enrolled": mfa.is_enrolled(request.user),
    }
    return render(request, "users/sessions.html", context)


@require_POST
def close_other_sessions(request):
    ended = sessions.end_other_sessions(request.user, keep=request.session.session_key)
    messages.success(request, f"Sesiones cerradas en otros equipos: {ended}.")
    return redirect("users:sessions")


# --- a patient's access report -----------------------------------------------------------------


def _report_rows(request, patient):
    form = AccessReportForm(request.GET or None)
    return form, form.accesses(patient)


def access_report(request, patient_id: int):
    """Who read the patient's clinical data (history, PDF summary, exports, this report) and
    when. Reading it is itself logged."""
    patient = get_for(request, Patient, patient_id, VIEW_AUDIT_TRAIL)
    log_clinical_access(request.user, patient, tipo=ClinicalAccess.Tipo.INFORME_ACCESOS)
    form, rows = _report_rows(request, patient)
    page = Paginator(rows if rows is not None else [], REPORT_PAGE_SIZE).get_page(request.GET.get("page"))
    filters = {key: request.GET[key] for key in ("desde", "hasta") if request.GET.get(key)}
    context = {
        "patient": patient,
        "form": form,
        "page": page,
        "querystring": urlencode(filters),
        "export_args": [patient.pk],
    }
    return render(request, "users/access_report.html", context)


def access_report_export(request, patient_id: int, fmt: str):
    patient = get_for(request, Patient, patient_id, VIEW_AUDIT_TRAIL, EXPORT_DATA)
    exporting.check_format(fmt)
    form, rows = _report_rows(request, patient)
    if rows is None:
        rows = selectors.access_report(patient).none()
    log_clinical_access(request.user, patient, tipo=ClinicalAccess.Tipo.INFORME_ACCESOS)
    sheet = exporting.Sheet(
        "Accesos a la historia",
        [
            exporting.field("Fecha y hora", "consultado_el"),
            exporting.field("Usuario", "usuario.username"),
            exporting.Column("Nombre", lambda row: row.usuario.get_full_name()),
            exporting.display("Tipo de acceso", "", "tipo"),
            exporting.Column("Ciclo (inicio)", lambda row: row.ingreso.fecha_inicio if row.ingreso else None),
        ],
        rows.iterator(chunk_size=exporting.CHUNK_SIZE),
    )
    return exporting.response(fmt, f"accesos_{patient.tipo_documento}{patient.documento}", [sheet])

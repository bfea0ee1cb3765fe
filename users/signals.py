"""Every sign-in (the login page, the admin, a test's force_login) records its session."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from users import sessions


@receiver(user_logged_in, dispatch_uid="users.record_session")
def _record_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        sessions.record_session(request, user)


@receiver(user_logged_out, dispatch_uid="users.forget_session")
def _forget_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        sessions.forget_session(request.session.session_key)

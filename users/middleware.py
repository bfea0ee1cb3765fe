"""Members of DATAMED_MFA_REQUIRED_GROUPS enrol a second factor before anything else."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


class MfaEnrolmentMiddleware:
    """Send a session that signed in without the second factor its group requires to the
    enrolment page until it is done (signing out and static files stay reachable).

    The sign-in (``users.views.SignInView``) leaves the flag in the session, so this reads the
    session the login wall already loaded and makes no query of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from users.views import ENROL

        if request.session.get(ENROL) and not self._allowed(request.path_info):
            return redirect("users:mfa")
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        return path in (reverse("users:mfa"), reverse("users:logout")) or path.startswith(
            "/" + settings.STATIC_URL.lstrip("/")
        )

"""The idle timeout of a signed-in session, without writing the session on every request."""

import time

from django.conf import settings

#: Session key holding when the session's expiry was last pushed forward (Unix seconds).
REFRESHED_AT = "_expiry_refreshed_at"


class SessionRefreshMiddleware:
    """Push a session's expiry forward (by saving it) when it was last pushed more than
    ``SESSION_REFRESH_SECONDS`` ago, instead of on every request.

    Saving the session on every request (``SESSION_SAVE_EVERY_REQUEST``) is a database write
    and a commit per page view, every page of every user; on SQLite each one also takes the
    database's write lock. With a refresh at most once a minute the session still ends
    ``SESSION_COOKIE_AGE`` after the latest refresh: between 29 and 30 idle minutes instead of
    exactly 30. Goes right after ``SessionMiddleware``, which saves what this marks as modified.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response  # no session to keep (an anonymous visit, or just signed out)
        now = int(time.time())
        if now - session.get(REFRESHED_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
            session[REFRESHED_AT] = now  # modified: SessionMiddleware saves it with a new expiry
        return response

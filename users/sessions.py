"""The signed-in sessions of a user: what "Mis sesiones" lists and what ends them.

Sessions are Django's database sessions; ``UserSession`` adds the device and address seen
when each one started. A session's last activity is read from its expiry, which the idle
timeout pushes forward at most once a minute (``datamed.sessions``)."""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from users.models import UserSession


@dataclass(frozen=True)
class ActiveSession:
    session_key: str
    device: str
    ip: str | None
    started: datetime.datetime
    last_activity: datetime.datetime
    current: bool


def client_ip(request) -> str | None:
    """REMOTE_ADDR, the address django-axes counts failures by (see settings)."""
    return request.META.get("REMOTE_ADDR") or None


def record_session(request, user) -> None:
    """Remember the session ``request`` just signed ``user`` into; forget the user's ended ones."""
    key = request.session.session_key
    if not key:
        return
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    UserSession.objects.filter(usuario=user).exclude(session_key__in=live).delete()
    UserSession.objects.update_or_create(
        session_key=key,
        defaults={
            "usuario": user,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
            "ip": client_ip(request),
        },
    )


def forget_session(session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def session_rekeyed(old_key: str | None, new_key: str | None) -> None:
    """The session changed its key (``update_session_auth_hash`` cycles it): follow it."""
    if old_key and new_key and old_key != new_key:
        UserSession.objects.filter(session_key=old_key).update(session_key=new_key)


def end_other_sessions(user, keep: str | None = None) -> int:
    """End every session of ``user`` but ``keep`` (the one making the request); how many ended.

    After a password change or reset Django would also refuse those sessions at their next
    request (their stored password hash no longer matches); deleting them makes it immediate
    and takes them off "Mis sesiones"."""
    others = UserSession.objects.filter(usuario=user).exclude(session_key=keep or "")
    keys = list(others.values_list("session_key", flat=True))
    ended, _ = Session.objects.filter(session_key__in=keys).delete()
    others.delete()
    return ended


def active_sessions(user, current_key: str | None) -> list[ActiveSession]:
    """The user's sessions that have not expired, the current one first."""
    rows = UserSession.objects.filter(usuario=user)
    expiries = dict(
        Session.objects.filter(
            session_key__in=rows.values("session_key"), expire_date__gt=timezone.now()
        ).values_list("session_key", "expire_date")
    )
    age = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    sessions = [
        ActiveSession(
            session_key=row.session_key,
            device=describe_device(row.user_agent),
            ip=row.ip,
            started=row.iniciada_el,
            last_activity=max(expiries[row.session_key] - age, row.iniciada_el),
            current=row.session_key == current_key,
        )
        for row in rows
        if row.session_key in expiries
    ]
    return sorted(sessions, key=lambda s: (not s.current, -s.last_activity.timestamp()))


_BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
_SYSTEMS = [
    (re.compile(r"Android"), "Android"),
    (re.compile(r"iPhone|iPad|iPod"), "iOS"),
    (re.compile(r"Windows"), "Windows"),
    (re.compile(r"Mac OS X|Macintosh"), "macOS"),
    (re.compile(r"CrOS"), "ChromeOS"),
    (re.compile(r"Linux"), "Linux"),
]


def describe_device(user_agent: str) -> str:
    """«Chrome en Windows» from a browser's User-Agent: enough for a person to recognise their
    own devices (the full string is kept in ``UserSession.user_agent``)."""
    if not user_agent:
        return "Desconocido"
    browser = next((name for token, name in _BROWSERS if token in user_agent), "Navegador")
    system = next((name for pattern, name in _SYSTEMS if pattern.search(user_agent)), None)
    return f"{browser} en {system}" if system else browser

"""Who may do what (SPEC §4): the one permission mechanism every view and the admin ask.

Rights are Django model permissions granted to the groups created by
``users/migrations/0002_groups.py``; the record-type registry names the permission of each
record type (``codename``, the one place a permission's name is built). A refused request
raises PermissionDenied (403) before anything is written.

Views ask in one of two ways: a view about one object fetches it with ``get_for`` (or a
``get_<object>_for`` of its app built on it), which checks the rule before looking the object
up and the object's own rule after; a view about no object (a list's export, a creation form)
is decorated with ``permission_required``.
"""

import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404

from datamed.compiled import CompiledQuery

DEFAULT_MESSAGE = "No tiene permiso para esta acción."
#: What a permission rule given as text looks like: ``app_label.codename``.
PERMISSION_NAME = re.compile(r"\w+\.\w+")

#: What a view asks of the signed-in user: a permission (``app_label.codename``) or a
#: predicate on the user (e.g. ``can_read_clinical_history``).
Rule = str | Callable[[Any], bool]

#: The groups of SPEC §4, created by ``users/migrations/0002_groups.py``.
GROUP_NAMES = (
    "Administrador",
    "Coordinador",
    "Neumología",
    "Terapia respiratoria",
    "Psicología",
    "Nutrición",
    "Consulta",
)

ADD_PATIENT = "patients.add_patient"
CHANGE_PATIENT = "patients.change_patient"
ADD_CYCLE = "patients.add_ingreso"
CHANGE_CYCLE = "patients.change_ingreso"
VIEW_AUDIT_TRAIL = "patients.view_audit_trail"
EXPORT_DATA = "patients.export_data"
VOID_RECORD = "exams.void_clinical_record"
CHANGE_ANY_RECORD = "exams.change_any_clinical_record"


def codename(model, action: str) -> str:
    """The permission to ``action`` (add, change, view, delete) a ``model`` (a class or an
    instance), e.g. ``exams.add_monitoreo``."""
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def allows(user, rule: Rule) -> bool:
    if isinstance(rule, str):
        if not PERMISSION_NAME.fullmatch(rule):
            # A message passed where a rule goes would deny everyone without a word.
            raise ValueError(f"No es un permiso (app.codename): {rule!r}; el mensaje va en message=.")
        return user.has_perm(rule)
    return bool(rule(user))


def require(user, *rules: Rule, message: str = DEFAULT_MESSAGE) -> None:
    """403 unless the user passes every rule."""
    if not all(allows(user, rule) for rule in rules):
        raise PermissionDenied(message)


def get_for(
    request,
    source,
    pk,
    *rules: Rule,
    allowed: Callable[[Any, Any], bool] | None = None,
    message: str = DEFAULT_MESSAGE,
):
    """Fetch-and-authorise: the object with primary key ``pk`` of ``source`` (a model, a
    queryset, or a read ``pk -> object or None`` such as a compiled query), for a user who
    passes every rule (403 before the object is looked up, so a refused user learns nothing of
    what exists), 404 when it does not exist, then 403 unless ``allowed(user, object)`` (a rule
    on the object itself, e.g. its author)."""
    require(request.user, *rules, message=message)
    if callable(source) and not isinstance(source, type):
        found = source(pk)
        if found is None:
            raise Http404("No existe.")
    else:
        found = get_object_or_404(source, pk=pk)
    if allowed is not None and not allowed(request.user, found):
        raise PermissionDenied(message)
    return found


def permission_required(*rules: Rule, message: str = DEFAULT_MESSAGE):
    """View decorator, for a view about no one object: 403 unless the signed-in user passes
    every rule."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require(request.user, *rules, message=message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def roles_holding(permission: str) -> list[str]:
    """Names of the groups that grant ``permission`` (``app_label.codename``), as the database
    holds them: the API's contract names them for each write."""
    from django.contrib.auth.models import Group
    from django.db import DatabaseError

    app_label, codename = permission.split(".")
    groups = Group.objects.filter(
        permissions__content_type__app_label=app_label, permissions__codename=codename
    ).order_by("name")
    try:
        return list(groups.values_list("name", flat=True))
    except DatabaseError:  # e.g. the contract generated without a database
        return []


def can_register(user, record_type) -> bool:
    """Each clinical group adds the record types of its discipline."""
    return user.has_perm(codename(record_type.model, "add"))


def can_edit(user, record) -> bool:
    """Editing is allowed to the record's author (with the type's change right) and to
    coordinators; a voided record is no longer editable."""
    return not record.anulado and has_edit_right(user, record)


def has_edit_right(user, record) -> bool:
    """The right to edit the record whatever its state: its author (with the type's change
    right) or a coordinator. The API answers a voided record's edit by one who holds it with
    409, as a second void, and by one who does not with 403."""
    if not user.is_authenticated:
        return False
    if user.has_perm(CHANGE_ANY_RECORD):
        return True
    return record.registrado_por_id == user.pk and user.has_perm(codename(record, "change"))


def can_void(user) -> bool:
    return user.has_perm(VOID_RECORD)


def can_see_audit_trail(user) -> bool:
    return user.has_perm(VIEW_AUDIT_TRAIL)


def can_read_clinical_history(user) -> bool:
    """SPEC §4: everyone signed in reads clinical histories. The history page, its PDF summary
    and the patient's FHIR export all ask this one rule."""
    return bool(user and user.is_authenticated)


def _permissions(build) -> CompiledQuery:
    return CompiledQuery(lambda user_id: build(user_id).annotate(app=F("content_type__app_label")).order_by())


_OWN_PERMISSIONS = _permissions(lambda user_id: Permission.objects.filter(user=user_id))
_GROUP_PERMISSIONS = _permissions(lambda user_id: Permission.objects.filter(group__user=user_id))


def preload_permissions(user) -> None:
    """Read ``user``'s permissions (their own and their groups') with two queries compiled once
    (``datamed.compiled``) into the caches Django's ``ModelBackend`` keeps on the user for the
    request, which it then uses instead of building the same two joined queries (~0.5 ms each
    in the ORM). A page that asks many permissions (the clinical history: one per record) calls
    it first. Superusers need none (``User.has_perm`` answers them without a query); a user
    whose caches are already there is left alone. If Django renamed those caches, the backend
    would read the permissions itself, as before."""
    if not user.is_authenticated or not user.is_active or user.is_superuser or hasattr(user, "_perm_cache"):
        return
    using = user._state.db
    for cache, query in (("_user_perm_cache", _OWN_PERMISSIONS), ("_group_perm_cache", _GROUP_PERMISSIONS)):
        if not hasattr(user, cache):
            setattr(user, cache, {f"{p.app}.{p.codename}" for p in query(user.pk, using=using)})

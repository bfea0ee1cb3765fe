"""The API's one permission class. Views name their checks from ``users/permissions.py`` (the
same ones the pages ask), so the API grants exactly the rights of the pages."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class holds:  # noqa: N801 - used as a function: holds(permission)
    """A check that the user holds a Django permission (e.g. ``permissions.ADD_PATIENT``); the
    contract names the roles that grant it."""

    def __init__(self, permission: str):
        self.permission = permission

    def __call__(self, user) -> bool:
        return user.has_perm(self.permission)


class DataMedPermission(BasePermission):
    """Reads need a signed-in user, as the pages; every write needs the check its view names.

    A view declares ``action_checks`` (action → ``check(user)``) and, for rights that depend on
    the object, ``object_checks`` (action → ``check(user, obj)``). An unsafe method without a
    declared check is refused, so a new action cannot forget its rule.
    """

    message = "No tiene permiso para esta acción."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if not hasattr(view, request.method.lower()):
            return True  # the view answers 405 Method Not Allowed
        action = getattr(view, "action", None)
        check = getattr(view, "action_checks", {}).get(action)
        if check is not None:
            return check(user)
        return request.method in SAFE_METHODS or action in getattr(view, "object_checks", {})

    def has_object_permission(self, request, view, obj) -> bool:
        check = getattr(view, "object_checks", {}).get(getattr(view, "action", None))
        return check is None or check(request.user, obj)

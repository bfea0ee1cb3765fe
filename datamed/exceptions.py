"""Errors shared by every app."""

from django.core.exceptions import ValidationError


class StateConflict(ValidationError):
    """A well-formed request refused because of the current state of the data: a second open
    cycle, a record into a cycle that is not ACTIVO, a transition the cycle's state forbids.

    It is a ValidationError, so the pages show it like any other message; the API answers
    409 Conflict for it instead of 400.
    """

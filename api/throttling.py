"""Request throttling; rates come from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (env vars
``API_THROTTLE_ANON`` and ``API_THROTTLE_USER``), read on every request so they can be changed."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _CurrentRate:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class AnonThrottle(_CurrentRate, AnonRateThrottle):
    """Per client address, for requests without credentials."""


class UserThrottle(_CurrentRate, UserRateThrottle):
    """Per user, for signed-in and token requests."""

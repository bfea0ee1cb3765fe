"""Throttling: requests without credentials per address, signed-in ones per user; the rates
are settings (env ``API_THROTTLE_ANON`` / ``API_THROTTLE_USER``)."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
URL = "/api/v1/dashboard/"


@pytest.fixture
def rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "3/min"},
    }


def test_anonymous_requests_are_throttled_per_address(rates):
    """The public contract is what anonymous clients can reach (elsewhere they get 401 before
    any work is done)."""
    client = APIClient()
    assert [client.get("/api/schema/").status_code for _ in range(3)] == [200, 200, 429]


def test_each_user_has_its_own_allowance(rates, token_client, member):
    first, second = token_client(member("Consulta")), token_client(member("Nutrición"))
    assert [first.get(URL).status_code for _ in range(4)] == [200, 200, 200, 429]
    response = first.get(URL)
    assert int(response["Retry-After"]) > 0 and "Solicitud fue regulada" in response.json()["detail"]
    assert second.get(URL).status_code == 200

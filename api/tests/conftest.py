"""API fixtures: clients that authenticate with a user's token, as an integration would."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture
def token_client():
    """``token_client(user)``: an API client sending ``Authorization: Token <key>``."""

    def make(user) -> APIClient:
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
def api(token_client, coordinator):
    """The coordinator (a superuser) through the API, with a token."""
    return token_client(coordinator)

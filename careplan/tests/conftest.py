import pytest

from careplan import defaults
from careplan.models import ItemProtocolo, VersionProtocolo


@pytest.fixture(autouse=True)
def default_protocols(db):
    """The protocols of migration 0002 (a transactional test may start from a flushed database)."""
    defaults.load(VersionProtocolo, ItemProtocolo)


@pytest.fixture
def token_client():
    """``token_client(user)``: an API client with the user's token (as ``api/tests``)."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def make(user) -> APIClient:
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make

import pytest

from careplan import defaults
from careplan.models import ItemProtocolo, VersionProtocolo


@pytest.fixture(autouse=True)
def default_protocols(db):
    """The protocols of migration 0002 (a transactional test may start from a flushed database)."""
    defaults.load(VersionProtocolo, ItemProtocolo)

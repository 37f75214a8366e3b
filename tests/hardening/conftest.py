import pytest

from api_opportunities.conftest import Api
from catalogue.fixtures import _reference_data_after_flush, buyer, colleague, other_buyer, set_clock  # noqa: F401


@pytest.fixture
def api(client):
    """api() for an anonymous caller, api(user) for a signed-in one."""
    return lambda user=None: Api(client, user)

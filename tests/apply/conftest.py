"""Buyers, suppliers that offer (or do not offer) a lot, the shared clock and an API caller, for the applying and
evaluation tests."""

import json

import pytest

from marketplace.accounts.services import create_api_token
from marketplace.frameworks.reference import load_reference_data
from marketplace.organisations.seed import load_seed_register
from opportunities.conftest import buyer, colleague, other_buyer, set_clock, supplier_offering  # noqa: F401


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """A browser test empties the database after it runs, reference data and the organisation register
    included; load them again, as every start of the service does."""
    marker = request.node.get_closest_marker("django_db")
    if "live_server" in request.fixturenames or "transactional_db" in request.fixturenames or (
            marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
        load_reference_data()
        load_seed_register()


class Api:
    """Calls /api/v1 as one user, with a bearer token."""

    def __init__(self, client, user):
        self.client = client
        self.headers = {"Authorization": f"Bearer {create_api_token(user)}"}

    def get(self, path):
        return self.client.get(f"/api/v1{path}", headers=self.headers)

    def post(self, path, body=None):
        return self.client.post(f"/api/v1{path}", data=json.dumps(body or {}), content_type="application/json",
                                headers=self.headers)

    def patch(self, path, body):
        return self.client.patch(f"/api/v1{path}", data=json.dumps(body), content_type="application/json",
                                 headers=self.headers)


@pytest.fixture
def api(client):
    """api(user): the JSON API as `user`."""
    return lambda user: Api(client, user)


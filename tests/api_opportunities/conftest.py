import json

import pytest

from catalogue.fixtures import _reference_data_after_flush, buyer, colleague, other_buyer, set_clock  # noqa: F401
from marketplace.accounts.services import create_api_token


class Api:
    """Calls /api/v1 as one user (a bearer token) or as nobody."""

    def __init__(self, client, user=None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {create_api_token(user)}"} if user else {}

    def _send(self, method, path, body=None, raw=None):
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        kwargs = {"content_type": "application/json", "data": data} if data is not None else {}
        return getattr(self.client, method)(f"/api/v1{path}", headers=self.headers, **kwargs)

    def get(self, path, params=None):
        return self.client.get(f"/api/v1{path}", params or {}, headers=self.headers)

    def post(self, path, body=None, raw=None):
        return self._send("post", path, body, raw)

    def patch(self, path, body=None, raw=None):
        return self._send("patch", path, body, raw)

    def delete(self, path):
        return self._send("delete", path)


@pytest.fixture
def api(client):
    """api() for an anonymous caller, api(user) for a signed-in one."""
    return lambda user=None: Api(client, user)

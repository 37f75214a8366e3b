"""GET /api/v1/frameworks: anyone reads every framework's status, lots and timetable, as API.md names them."""

import pytest

from factories import make_supplier_user
from marketplace.accounts.services import create_api_token
from marketplace.frameworks.services import move_framework

from .conftest import DOS7

pytestmark = pytest.mark.django_db

LOTS = [{"slug": "digital-outcomes", "name": "Digital outcomes"},
        {"slug": "digital-specialists", "name": "Digital specialists"},
        {"slug": "user-research-participants", "name": "User research participants"},
        {"slug": "user-research-studios", "name": "User research studios"}]


def test_anyone_reads_every_framework_newest_first(client, new_framework):
    new_framework()
    response = client.get("/api/v1/frameworks")
    assert response.status_code == 200
    frameworks = response.json()
    assert [f["slug"] for f in frameworks][:2] == [DOS7, "digital-outcomes-and-specialists-6"]
    assert len(frameworks) == 7
    assert frameworks[1] == {
        "slug": "digital-outcomes-and-specialists-6", "name": "Digital Outcomes and Specialists 6",
        "status": "live", "lots": LOTS,
        "clarificationsCloseAt": "2024-07-09T16:00:00Z", "applicationsCloseAt": "2024-07-23T16:00:00Z",
        "resultsAt": "2024-09-03T08:00:00Z", "liveAt": "2024-10-01T08:00:00Z", "expiresAt": "2028-09-30T23:00:00Z",
    }
    assert [f["status"] for f in frameworks[2:]] == ["expired"] * 5


def test_a_move_shows_at_once_and_a_signed_in_caller_reads_the_same(client, new_framework):
    move_framework(new_framework(), "open")
    headers = {"Authorization": f"Bearer {create_api_token(make_supplier_user())}"}
    [dos7] = [f for f in client.get("/api/v1/frameworks", headers=headers).json() if f["slug"] == DOS7]
    assert dos7["status"] == "open"


def test_a_bad_bearer_token_is_still_refused(client):
    assert client.get("/api/v1/frameworks", headers={"Authorization": "Bearer nonsense"}).status_code == 401


def test_the_operation_is_in_the_openapi_document_without_credentials(client):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/frameworks"]["get"]
    assert {} in operation["security"]
    schema = document["components"]["schemas"]["FrameworkOut"]
    assert {"slug", "name", "status", "lots", "applicationsCloseAt", "clarificationsCloseAt", "resultsAt", "liveAt",
            "expiresAt"} <= set(schema["properties"])

"""The supplier services API: the same rules as the pages, in the API's camelCase shapes."""

import pytest

import factories
from marketplace.accounts.services import create_api_token
from marketplace.audit.models import AuditEvent
from marketplace.suppliers import services

pytestmark = pytest.mark.django_db

DEVELOPER = {"roles": {"developer": {"locations": ["London", "Offsite"], "maxDayRate": "650.00"}}}


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(user)}"}


@pytest.fixture
def supplier_user():
    return factories.make_supplier_user()


def put(client, path, body, headers):
    return client.put(path, body, content_type="application/json", **headers)


def test_put_then_get_round_trips_a_specialist_service(client, supplier_user):
    headers = bearer(supplier_user)
    response = put(client, "/api/v1/supplier/services/digital-specialists", DEVELOPER, headers)
    assert response.status_code == 200
    expected = {"lot": "digital-specialists", "offered": True, "locations": ["London", "Offsite"],
                "roles": {"developer": {"locations": ["London", "Offsite"], "maxDayRate": "650.00"}}}
    assert response.json() == expected
    assert client.get("/api/v1/supplier/services/digital-specialists", **headers).json() == expected

    # What GET gives can be sent back as it is.
    assert put(client, "/api/v1/supplier/services/digital-specialists", expected, headers).json() == expected
    event = AuditEvent.objects.filter(action="services.changed").first()
    assert event.actor == supplier_user and event.detail["lot"] == "digital-specialists"


def test_get_services_lists_every_lot(client, supplier_user):
    headers = bearer(supplier_user)
    put(client, "/api/v1/supplier/services/user-research-participants",
        {"locations": ["International (outside the UK)"], "recruitmentMethods": ["Entirely recruited by the supplier"]},
        headers)
    body = client.get("/api/v1/supplier/services", **headers).json()
    assert body["framework"] == "digital-outcomes-and-specialists-6" and body["onFramework"] is True
    assert body["services"] == {
        "digital-outcomes": {"lot": "digital-outcomes", "offered": False},
        "digital-specialists": {"lot": "digital-specialists", "offered": False},
        "user-research-participants": {"lot": "user-research-participants", "offered": True,
                                       "locations": ["International (outside the UK)"],
                                       "recruitmentMethods": ["Entirely recruited by the supplier"]},
        "user-research-studios": {"lot": "user-research-studios", "offered": False},
    }


def test_outcomes_and_studios_have_their_own_shapes(client, supplier_user):
    headers = bearer(supplier_user)
    response = put(client, "/api/v1/supplier/services/digital-outcomes", {
        "locations": ["Wales"], "capabilities": {"Security": ["Penetration testing"]}}, headers)
    assert response.json()["capabilities"] == {"Security": ["Penetration testing"]}

    response = put(client, "/api/v1/supplier/services/user-research-studios", {"studios": [
        {"name": "Leeds Lab", "address": "1 Park Row, Leeds", "location": "Yorkshire and the Humber",
         "facilities": "Viewing room", "price": 120, "priceUnit": "hour"}]}, headers)
    assert response.status_code == 200
    [studio] = response.json()["studios"]
    assert studio["price"] == "120.00" and isinstance(studio["id"], int)


@pytest.mark.parametrize("body, errors", [
    ({"roles": {}}, {"roles": ["Select at least one specialist role"]}),
    ({"roles": {"wizard": {"locations": ["London"], "maxDayRate": "500"}}},
     {"roles": ["wizard is not a specialist role"]}),
    ({"roles": {"developer": {"locations": ["London"], "maxDayRate": "-1"}}},
     {"roles.developer.maxDayRate": ["The maximum day rate for Developer must be more than £0"]}),
    ({"roles": {"developer": {"locations": ["International (outside the UK)"], "maxDayRate": "500"}}},
     {"roles.developer.locations": ["International (outside the UK) is not a location for digital specialists"]}),
    ({"roles": {"developer": {"locations": "London", "maxDayRate": "500"}}}, None),
    ({"roles": ["developer"]}, None),
])
def test_a_bad_payload_is_a_400_with_the_problems_and_changes_nothing(client, supplier_user, body, errors):
    headers = bearer(supplier_user)
    put(client, "/api/v1/supplier/services/digital-specialists", DEVELOPER, headers)
    events = AuditEvent.objects.count()
    response = put(client, "/api/v1/supplier/services/digital-specialists", body, headers)
    assert response.status_code == 400
    payload = response.json()
    assert payload["detail"] and payload["errors"]
    if errors is not None:
        assert payload["errors"] == errors
    assert services.describe_lot_service(supplier_user.supplier, "digital-specialists") == {
        "locations": ["London", "Offsite"], "roles": DEVELOPER["roles"]}
    assert AuditEvent.objects.count() == events


def test_a_body_that_is_not_json_is_a_400(client, supplier_user):
    response = client.put("/api/v1/supplier/services/digital-specialists", "roles=developer",
                          content_type="application/json", **bearer(supplier_user))
    assert response.status_code == 400 and "detail" in response.json()


def test_an_unknown_lot_is_a_404(client, supplier_user):
    headers = bearer(supplier_user)
    assert client.get("/api/v1/supplier/services/digital-wizards", **headers).status_code == 404
    assert put(client, "/api/v1/supplier/services/digital-wizards", DEVELOPER, headers).status_code == 404


def test_callers_who_are_not_supplier_users_are_refused(client):
    assert client.get("/api/v1/supplier/services").status_code == 401
    assert put(client, "/api/v1/supplier/services/digital-specialists", DEVELOPER, {}).status_code == 401
    assert client.get("/api/v1/supplier/services", HTTP_AUTHORIZATION="Bearer dm_not-a-token").status_code == 401
    headers = bearer(factories.make_buyer())  # a platform admin has no token at all (see the API's basics)
    assert client.get("/api/v1/supplier/services", **headers).status_code == 403
    assert put(client, "/api/v1/supplier/services/digital-specialists", DEVELOPER, headers).status_code == 403


def test_a_supplier_only_ever_reads_and_changes_its_own_services(client, supplier_user):
    other = factories.make_supplier_user()
    services.update_lot_service(other.supplier, "digital-specialists", {"roles": {
        "designer": {"locations": ["Wales"], "maxDayRate": "999"}}}, by=other)
    headers = bearer(supplier_user)
    assert client.get("/api/v1/supplier/services/digital-specialists", **headers).json() == {
        "lot": "digital-specialists", "offered": False}
    put(client, "/api/v1/supplier/services/digital-specialists", DEVELOPER, headers)
    assert services.describe_lot_service(other.supplier, "digital-specialists")["roles"] == {
        "designer": {"locations": ["Wales"], "maxDayRate": "999.00"}}


def test_delete_stops_offering_a_lot(client, supplier_user):
    headers = bearer(supplier_user)
    put(client, "/api/v1/supplier/services/digital-specialists", DEVELOPER, headers)
    assert client.delete("/api/v1/supplier/services/digital-specialists", **headers).status_code == 204
    assert services.supplier_eligibility(supplier_user.supplier, "digital-specialists") == "supplier-not-on-lot"


def test_the_operations_are_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").json()
    paths = document["paths"]
    assert set(paths["/api/v1/supplier/services/{lot}"]) >= {"get", "put", "delete"}
    assert "get" in paths["/api/v1/supplier/services"]
    assert {"LotServiceIn", "LotServiceOut", "RoleOfferIn", "ServicesOut"} <= set(document["components"]["schemas"])

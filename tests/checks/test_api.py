"""GET /api/v1/opportunities/{id}/checks: the same advice as the overview, for the owning organisation's buyers."""

import pytest

from factories import make_buyer, make_supplier_user
from marketplace.accounts.services import create_api_token
from marketplace.checks.rules import CHECKS
from marketplace.opportunities import services
from marketplace.opportunities.models import Opportunity
from requirements.steps import stored_answers

pytestmark = pytest.mark.django_db

LOT = "digital-outcomes"


def get(client, user, path):
    headers = {"Authorization": f"Bearer {create_api_token(user)}"} if user else {}
    return client.get(f"/api/v1{path}", headers=headers)


@pytest.fixture
def draft():
    buyer = make_buyer()
    return services.create_draft(LOT, buyer, answers={
        **stored_answers(LOT), "title": "Salesforce licences renewal",
        "outcome": "We need the supply of 200 Salesforce licences for our caseworkers."})


def test_an_owning_buyer_gets_every_check_with_its_findings_in_camel_case(client, draft):
    colleague = make_buyer(name="Tom Reid")  # same organisation: the Home Office
    before = dict(Opportunity.objects.get(pk=draft.pk).data)
    response = get(client, colleague, f"/opportunities/{draft.pk}/checks")
    assert response.status_code == 200
    body = response.json()
    assert [c["key"] for c in body["checks"]] == [c.key for c in CHECKS]
    product = body["checks"][0]
    assert product["name"] == "Product not outcome"
    assert product["looksAt"] == ["title", "summary", "problemToBeSolved"]
    assert product["findings"] == [
        {"questionKey": "title", "message": "Title names a product, vendor or purchase: ‘Salesforce’, ‘licences’, "
                                            "‘renewal’"},
        {"questionKey": "problemToBeSolved", "message": "Problem to be solved names a product, vendor or purchase: "
                                                        "‘supply of’, ‘Salesforce’, ‘licences’"}]
    assert body["findingCount"] == sum(len(c["findings"]) for c in body["checks"])
    assert product["why"] and product["advice"]
    assert Opportunity.objects.get(pk=draft.pk).data == before


def test_others_get_what_the_other_opportunity_endpoints_give_them(client, draft):
    other_buyer = make_buyer(email="someone@justice.gov.uk")
    supplier = make_supplier_user()
    assert get(client, None, f"/opportunities/{draft.pk}/checks").status_code == 401
    assert get(client, other_buyer, f"/opportunities/{draft.pk}/checks").status_code == 404  # a draft: unknown
    assert get(client, supplier, f"/opportunities/{draft.pk}/checks").status_code == 404
    assert get(client, other_buyer, "/opportunities/999999/checks").status_code == 404
    live = services.publish_opportunity(draft, draft.created_by)
    response = get(client, other_buyer, f"/opportunities/{live.pk}/checks")
    assert response.status_code == 403 and response.json()["detail"]
    assert get(client, draft.created_by, f"/opportunities/{live.pk}/checks").status_code == 200


def test_the_operation_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "get" in paths["/api/v1/opportunities/{opportunity_id}/checks"]

"""Integrators search the catalogue and read opportunities through the API."""

import datetime as dt

import pytest

from catalogue.requirements import OUTCOMES, PUBLISHING_DAY, QA_SESSION, SPECIALISTS, draft, publish, supplier_offering
from marketplace.opportunities import services

pytestmark = pytest.mark.django_db



@pytest.fixture
def published(buyer, other_buyer, set_clock):
    set_clock(PUBLISHING_DAY - dt.timedelta(days=30))
    old = publish(buyer, OUTCOMES, title="Discovery for council tax payments", location="North East England")
    set_clock(PUBLISHING_DAY)
    beta = publish(buyer, OUTCOMES)
    set_clock(forward=dt.timedelta(hours=1))
    booking = publish(other_buyer, SPECIALISTS)
    withdrawn = publish(buyer, OUTCOMES, title="Withdrawn alpha")
    services.withdraw_opportunity(withdrawn, buyer)
    return {"old": old, "beta": beta, "booking": booking, "withdrawn": withdrawn}


def at_about(text, expected):
    """An ISO 8601 time with London's offset, within a minute of `expected` (the test clock moves on)."""
    moment = dt.datetime.fromisoformat(text)
    return text.endswith("+01:00") and abs(moment - expected) < dt.timedelta(minutes=1)


def titles(response):
    return [result["title"] for result in response.json()["results"]]


def test_anyone_can_search_live_first_then_newest(api, published):
    response = api().get("/opportunities")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3 and body["page"] == 1 and body["pageSize"] == 30
    assert titles(response) == ["Developer to build a booking service",
                                "Beta phase of the lasting power of attorney service",
                                "Discovery for council tax payments"]
    booking = body["results"][0]
    assert at_about(booking.pop("publishedAt"), PUBLISHING_DAY + dt.timedelta(hours=1))
    assert booking == {
        "id": published["booking"].pk, "title": "Developer to build a booking service",
        "lot": "digital-specialists", "specialistRole": "developer", "location": "London",
        "organisation": {"id": published["booking"].organisation_id, "name": "Scottish Government",
                         "sector": "devolved-administration"},
        "status": "live",
        "summary": "A developer to build the online booking service for driving tests.",
        "questionsCloseAt": "2026-06-03T23:59:59+01:00",
        "closingAt": "2026-06-08T23:59:59+01:00",
    }
    assert body["results"][2]["status"] == "closed"


def test_search_filters_and_keywords(api, published):
    assert titles(api().get("/opportunities", {"q": "council"})) == ["Discovery for council tax payments"]
    assert titles(api().get("/opportunities", {"status": "closed"})) == ["Discovery for council tax payments"]
    assert titles(api().get("/opportunities", {"lot": SPECIALISTS, "specialistRole": ["developer", "designer"]})) == [
        "Developer to build a booking service"]
    assert titles(api().get("/opportunities", {"lot": [OUTCOMES, SPECIALISTS], "location": "North East England"})) \
        == ["Discovery for council tax payments"]
    assert titles(api().get("/opportunities", {"q": "withdrawn"})) == []


def test_a_search_with_words_counts_up_to_the_bound(api, published, settings):
    """Three match "service" (one closed); beyond the bound the count is the bound, and says so."""
    def counted(**params):
        body = api().get("/opportunities", params).json()
        return body["count"], body["countRelation"], len(body["results"])

    assert counted(q="service") == (3, "eq", 3)
    settings.SEARCH_COUNT_BOUND = 2
    assert counted(q="service") == (2, "gte", 2)
    assert counted(q="council") == (1, "eq", 1)
    assert counted(q="service", status="open") == (2, "eq", 2)  # open ones are always counted exactly
    settings.SEARCH_COUNT_BOUND = 1
    assert counted(q="service", status="open") == (2, "eq", 2)
    assert counted() == (3, "eq", 3)  # filters alone: exact, from the tallies


def test_search_names_every_unknown_filter_value(api, published):
    response = api().get("/opportunities", {"lot": "spaceships", "status": "maybe", "location": "Mars",
                                            "specialistRole": "wizard"})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "lot": ["spaceships is not a lot that takes requirements"],
        "status": ["maybe is not a status: use open or closed"],
        "location": ["Mars is not a location"],
        "specialistRole": ["wizard is not a specialist role"],
    }


def test_a_page_that_does_not_exist(api, published):
    assert api().get("/opportunities", {"page": "2"}).status_code == 404
    for page in ("0", "many", "-3"):
        response = api().get("/opportunities", {"page": page})
        assert response.status_code == 400 and "page" in response.json()["errors"]


def test_a_published_opportunity_has_every_field_its_dates_and_its_clarifications(api, buyer, published):
    beta = published["beta"]
    services.publish_clarification(beta, buyer, "Is the budget fixed?", "No.")
    response = api().get(f"/opportunities/{beta.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "live" and body["lot"] == OUTCOMES
    assert body["organisation"] == {"id": beta.organisation_id, "name": "Home Office", "sector": "central-government"}
    assert at_about(body["publishedAt"], PUBLISHING_DAY)
    assert body["questionsCloseAt"] == "2026-06-08T23:59:59+01:00"
    assert body["answersPublishedBy"] == "2026-06-12T23:59:59+01:00"
    assert body["closingAt"] == "2026-06-15T23:59:59+01:00"
    [clarification] = body["clarifications"]
    assert at_about(clarification.pop("publishedAt"), PUBLISHING_DAY + dt.timedelta(hours=1))
    assert clarification == {"number": 1, "question": "Is the budget fixed?", "answer": "No."}
    assert body["title"] == "Beta phase of the lasting power of attorney service"
    assert body["essentialRequirements"] == ["Agile delivery of government services", "User-centred design"]
    assert body["technicalWeighting"] == 60 and body["startDate"] == "2026-07-31"
    assert body["workAlreadyDone"] is None  # asked on this lot, not answered
    assert "specialistWork" not in body  # not asked on this lot
    assert "questionAndAnswerSessionDetails" not in body  # only for signed-in suppliers


def test_question_and_answer_session_details_are_for_signed_in_suppliers(api, published):
    path = f"/opportunities/{published['beta'].pk}"
    assert api(supplier_offering()).get(path).json()["questionAndAnswerSessionDetails"] == QA_SESSION


def test_drafts_are_only_for_their_own_organisations_buyers(api, buyer, colleague, other_buyer):
    unpublished = draft(buyer, OUTCOMES)
    for outsider in (None, other_buyer, supplier_offering(OUTCOMES)):
        response = api(outsider).get(f"/opportunities/{unpublished.pk}")
        assert response.status_code == 404 and response.json()["detail"] == "Not found."
    body = api(colleague).get(f"/opportunities/{unpublished.pk}").json()
    assert body["status"] == "draft" and body["publishedAt"] is None and body["closingAt"] is None
    assert body["questionAndAnswerSessionDetails"] == QA_SESSION


def test_no_such_opportunity_and_a_bad_token(api, client, published):
    assert api().get("/opportunities/987654").status_code == 404
    response = client.get("/api/v1/opportunities", headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401


def test_the_operations_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/opportunities"]) == {"get", "post"}
    assert set(paths["/api/v1/opportunities/{opportunity_id}"]) == {"get", "patch", "delete"}
    for action in ("publish", "withdraw", "copy", "clarifications"):
        assert "post" in paths[f"/api/v1/opportunities/{{opportunity_id}}/{action}"]
    assert set(paths["/api/v1/opportunities/{opportunity_id}/questions"]) == {"get", "post"}
    assert {} in paths["/api/v1/opportunities"]["get"]["security"]  # no credentials needed to search
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    shapes = {shape["properties"]["lot"]["enum"][0]: shape for shape in schemas["DraftIn"]["oneOf"]}
    assert "Up to 50 words" in shapes["digital-specialists"]["properties"]["summary"]["description"]
    assert "researchRounds" not in shapes["digital-specialists"]["properties"]  # each lot's own questions only
    assert "researchRounds" in shapes["user-research-participants"]["properties"]

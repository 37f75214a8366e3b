"""Buyers write, publish, withdraw, copy and delete requirements through the API."""

import pytest

from catalogue.requirements import (OUTCOMES, PARTICIPANTS, SPECIALISTS, complete_answers, draft, publish,
                                   supplier_offering)
from marketplace.opportunities.models import Opportunity
from marketplace.search.selectors import search_opportunities

pytestmark = pytest.mark.django_db


def test_a_buyer_creates_a_draft_with_some_answers(api, buyer):
    response = api(buyer).post("/opportunities", {"lot": SPECIALISTS, "title": "Developer for payments",
                                                   "specialistRole": "developer", "numberOfSuppliers": "4"})
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "draft" and body["lot"] == SPECIALISTS
    assert body["title"] == "Developer for payments" and body["numberOfSuppliers"] == 4
    assert body["summary"] is None
    assert body["organisation"]["name"] == "Home Office"
    assert Opportunity.objects.get(pk=body["id"]).created_by == buyer


def test_a_brief_with_every_answer_can_be_posted_as_it_is(api, buyer):
    response = api(buyer).post("/opportunities", {"lot": PARTICIPANTS, **complete_answers(PARTICIPANTS)})
    assert response.status_code == 201
    assert response.json()["researchOutOfHours"] == ["Weekends"]


def test_only_buyers_create_drafts(api, buyer):
    assert api().post("/opportunities", {"lot": OUTCOMES}).status_code == 401
    response = api(supplier_offering(OUTCOMES)).post("/opportunities", {"lot": OUTCOMES})
    assert response.status_code == 403
    assert response.json()["detail"] == "Only buyers can write requirements"


def test_every_problem_with_a_new_draft_is_named_against_its_field(api, buyer):
    response = api(buyer).post("/opportunities", {
        "lot": OUTCOMES, "title": "x" * 101, "summary": " ".join(["word"] * 51), "numberOfSuppliers": 99,
        "phase": "gamma", "specialistRole": "developer", "essentialRequirements": [" ".join(["word"] * 31)]})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["title"] == ["Title must be 100 characters or fewer"]
    assert errors["summary"] == ["Summary of the work must be 50 words or fewer"]
    assert errors["numberOfSuppliers"] == ["How many suppliers to evaluate must be between 3 and 15"]
    assert errors["phase"] == ["Select which phase the project is in from the list"]
    assert errors["specialistRole"] == ["specialistRole is not a question for this kind of requirement"]
    assert errors["essentialRequirements"] == ["Essential skills and experience item 1 must be 30 words or fewer"]
    assert not Opportunity.objects.exists()


@pytest.mark.parametrize("body, field", [
    ({"lot": "user-research-studios"}, "lot"),
    ({"title": "No lot"}, "lot"),
    ({"lot": OUTCOMES, "title": 42}, "title"),
    ({"lot": OUTCOMES, "numberOfSuppliers": "five"}, "numberOfSuppliers"),
    ({"lot": OUTCOMES, "madeUpQuestion": "yes"}, "madeUpQuestion"),
    ({"lot": OUTCOMES, "title": "Nul\x00in the middle"}, "title"),
    ({"lot": OUTCOMES, "essentialRequirements": ["Fine", "Not\x00fine"]}, "essentialRequirements"),
])
def test_bad_input_is_a_400_never_a_server_error(api, buyer, body, field):
    response = api(buyer).post("/opportunities", body)
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize("raw", ["not json", "[1, 2]", '"a string"', "{"])
def test_a_body_that_is_not_a_json_object_is_a_400(api, buyer, raw):
    assert api(buyer).post("/opportunities", raw=raw).status_code == 400


def test_saving_answers_to_a_draft(api, buyer, colleague):
    unpublished = draft(buyer, OUTCOMES)
    response = api(colleague).patch(f"/opportunities/{unpublished.pk}", {"title": "A better title",
                                                                         "workAlreadyDone": "A discovery."})
    assert response.status_code == 200
    assert response.json()["title"] == "A better title"
    assert response.json()["workAlreadyDone"] == "A discovery."
    response = api(colleague).patch(f"/opportunities/{unpublished.pk}", {"workAlreadyDone": None})
    assert response.json()["workAlreadyDone"] is None  # a blank answer clears it


def test_a_bad_answer_saves_nothing(api, buyer):
    unpublished = draft(buyer, OUTCOMES)
    response = api(buyer).patch(f"/opportunities/{unpublished.pk}", {"title": "Fine", "technicalWeighting": 90})
    assert response.status_code == 400
    assert response.json()["errors"] == {"technicalWeighting": ["Technical competence weighting must be between 10 "
                                                                "and 75"]}
    unpublished.refresh_from_db()
    assert unpublished.title == "Beta phase of the lasting power of attorney service"


def test_who_may_change_what(api, buyer, other_buyer):
    unpublished = draft(buyer, OUTCOMES)
    live = publish(buyer, OUTCOMES)
    assert api(other_buyer).patch(f"/opportunities/{unpublished.pk}", {"title": "Mine"}).status_code == 404
    assert api(other_buyer).patch(f"/opportunities/{live.pk}", {"title": "Mine"}).status_code == 403
    assert api().patch(f"/opportunities/{live.pk}", {"title": "Mine"}).status_code == 401
    response = api(buyer).patch(f"/opportunities/{live.pk}", {"title": "Changed after publishing"})
    assert response.status_code == 409
    assert response.json()["detail"] == "This requirement has been published, so it can no longer be changed"


def test_deleting_a_draft(api, buyer, other_buyer):
    unpublished = draft(buyer, OUTCOMES)
    assert api(other_buyer).delete(f"/opportunities/{unpublished.pk}").status_code == 404
    response = api(buyer).delete(f"/opportunities/{unpublished.pk}")
    assert response.status_code == 204
    assert api(buyer).get(f"/opportunities/{unpublished.pk}").status_code == 404
    live = publish(buyer, OUTCOMES)
    assert api(buyer).delete(f"/opportunities/{live.pk}").status_code == 409


def test_publishing_names_every_missing_answer(api, buyer):
    created = api(buyer).post("/opportunities", {"lot": SPECIALISTS, "title": "Developer"}).json()
    response = api(buyer).post(f"/opportunities/{created['id']}/publish")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["specialistRole"] == ["Select specialist role"]
    assert errors["summary"] == ["Enter summary of the work"]
    assert {"location", "specialistWork", "existingTeam", "startDate", "employmentStatus", "numberOfSuppliers",
            "essentialRequirements", "culturalFitCriteria", "requirementsLength"} <= set(errors)
    assert "title" not in errors


def test_publishing_makes_it_live_and_searchable_and_only_once(api, buyer, other_buyer):
    unpublished = draft(buyer, OUTCOMES)
    assert api(other_buyer).post(f"/opportunities/{unpublished.pk}/publish").status_code == 404
    response = api(buyer).post(f"/opportunities/{unpublished.pk}/publish")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "live"
    assert body["publishedAt"] and body["questionsCloseAt"] and body["answersPublishedBy"] and body["closingAt"]
    assert [hit.opportunity.pk for hit in search_opportunities().hits] == [unpublished.pk]
    again = api(buyer).post(f"/opportunities/{unpublished.pk}/publish")
    assert again.status_code == 409
    assert again.json()["detail"] == "This requirement has already been published"
    assert api(other_buyer).post(f"/opportunities/{unpublished.pk}/publish").status_code == 403


def test_withdrawing(api, buyer, other_buyer):
    live = publish(buyer, OUTCOMES)
    assert api(other_buyer).post(f"/opportunities/{live.pk}/withdraw").status_code == 403
    response = api(buyer).post(f"/opportunities/{live.pk}/withdraw")
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn" and response.json()["withdrawnAt"]
    assert search_opportunities().count == 0
    assert api(buyer).post(f"/opportunities/{live.pk}/withdraw").status_code == 409
    assert api(buyer).post(f"/opportunities/{draft(buyer, OUTCOMES).pk}/withdraw").status_code == 409


def test_copying_starts_a_new_draft(api, buyer, colleague, other_buyer):
    live = publish(buyer, SPECIALISTS)
    assert api(other_buyer).post(f"/opportunities/{live.pk}/copy").status_code == 403
    response = api(colleague).post(f"/opportunities/{live.pk}/copy")
    assert response.status_code == 201
    body = response.json()
    assert body["id"] != live.pk and body["status"] == "draft"
    assert body["title"] == "Developer to build a booking service copy"
    assert body["startDate"] is None and body["specialistRole"] == "developer"

"""The opportunity API gives the application counts and the decision; the outcomes lot's problem to be solved is
`problemToBeSolved` in responses and is still taken as `outcome`."""

import pytest

from apply.builders import OUTCOMES, complete_answers
from marketplace.applications import services as applications
from marketplace.opportunities.models import Opportunity

pytestmark = pytest.mark.django_db

PROBLEM = "People can make a lasting power of attorney online without help."


def test_counts_and_no_outcome_while_live(client, applied):
    body = client.get(f"/api/v1/opportunities/{applied['opportunity'].pk}").json()
    assert body["applications"] == {"started": {"sme": 2, "large": 1}, "submitted": {"sme": 1, "large": 1}}
    assert body["outcome"] is None


def test_the_award_is_the_outcome(client, awarded):
    body = client.get(f"/api/v1/opportunities/{awarded['opportunity'].pk}").json()
    assert body["status"] == "awarded"
    assert body["outcome"] == {"status": "awarded", "supplierName": "Agile Works Ltd", "supplierSize": "SME",
                               "contractValue": "250000.00", "contractStartDate": "2026-09-01", "reason": ""}
    assert body["applications"]["submitted"] == {"sme": 1, "large": 1}


def test_a_cancellation_is_the_outcome_with_its_reason(client, closed, buyer):
    applications.cancel(closed["opportunity"], buyer, "The work is no longer funded.")
    outcome = client.get(f"/api/v1/opportunities/{closed['opportunity'].pk}").json()["outcome"]
    assert outcome["status"] == "cancelled" and outcome["reason"] == "The work is no longer funded."
    assert outcome["supplierName"] is None and outcome["contractValue"] is None


def test_an_outcomes_brief_posted_with_outcome_reads_back_as_problem_to_be_solved(api, client, buyer):
    brief = complete_answers(OUTCOMES)
    assert brief["outcome"] == PROBLEM  # the original marketplace's question key
    response = api(buyer).post("/opportunities", {"lot": OUTCOMES, **brief})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["problemToBeSolved"] == PROBLEM and body["outcome"] is None
    assert Opportunity.objects.get(pk=body["id"]).data["outcome"] == PROBLEM
    published = api(buyer).post(f"/opportunities/{body['id']}/publish")
    assert published.status_code == 200, published.json()
    read = client.get(f"/api/v1/opportunities/{body['id']}").json()
    assert read["problemToBeSolved"] == PROBLEM and read["outcome"] is None
    assert read["applications"] == {"started": {"sme": 0, "large": 0}, "submitted": {"sme": 0, "large": 0}}


def test_problem_to_be_solved_is_taken_by_its_own_name_too(api, buyer):
    brief = complete_answers(OUTCOMES)
    del brief["outcome"]
    created = api(buyer).post("/opportunities", {"lot": OUTCOMES, **brief, "problemToBeSolved": "Fewer forms."})
    assert created.status_code == 201 and created.json()["problemToBeSolved"] == "Fewer forms."
    path = f"/opportunities/{created.json()['id']}"
    too_long = api(buyer).patch(path, {"problemToBeSolved": "word " * 201})
    assert too_long.status_code == 400
    assert list(too_long.json()["errors"]) == ["problemToBeSolved"]
    both = api(buyer).patch(path, {"problemToBeSolved": "One thing.", "outcome": "Another."})
    assert both.status_code == 400 and "problemToBeSolved" in both.json()["errors"]
    assert api(buyer).patch(path, {"outcome": "Fewer letters."}).json()["problemToBeSolved"] == "Fewer letters."
    assert api(buyer).get(path).json()["problemToBeSolved"] == "Fewer letters."


def test_the_openapi_document_says_which_outcome_is_which(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    out = schemas["OpportunityOut"]["properties"]
    assert "problemToBeSolved" in out["outcome"]["description"]
    assert "Problem to be solved" in out["problemToBeSolved"]["description"]
    assert {"applications", "outcome", "problemToBeSolved"} <= set(out)
    outcomes_draft = next(shape for shape in schemas["DraftIn"]["oneOf"]
                          if shape["properties"]["lot"]["enum"] == ["digital-outcomes"])
    assert "problemToBeSolved" in outcomes_draft["properties"]["outcome"]["description"]
    assert "problemToBeSolved" in outcomes_draft["properties"]
    assert "problemToBeSolved" in schemas["AnswersIn"]["properties"]

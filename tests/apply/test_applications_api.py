"""Applying through the JSON API: the same rules as the pages, with the status codes and codes API.md names."""

import pytest

from apply.builders import OUTCOMES, PUBLISHING_DAY, SPECIALISTS, after_closing, apply, complete_answers_for, publish
from factories import make_supplier_user
from marketplace.opportunities import services as opportunities

pytestmark = pytest.mark.django_db


@pytest.fixture
def opportunity(buyer, set_clock):
    set_clock(PUBLISHING_DAY)
    return publish(buyer)


@pytest.fixture
def supplier(supplier_offering):
    return supplier_offering(SPECIALISTS)


def test_starting_twice_returns_the_same_application(api, opportunity, supplier):
    started = api(supplier).post(f"/opportunities/{opportunity.pk}/applications")
    assert started.status_code == 201
    body = started.json()
    assert body["status"] == "draft" and body["opportunityId"] == opportunity.pk
    assert body["essentialRequirements"] == [] and body["dayRate"] is None
    again = api(supplier).post(f"/opportunities/{opportunity.pk}/applications")
    assert again.status_code == 200 and again.json()["id"] == body["id"]


@pytest.mark.parametrize("make, code", [
    (lambda offering: make_supplier_user(on_framework=False), "supplier-not-on-framework"),
    (lambda offering: offering(OUTCOMES), "supplier-not-on-lot"),
    (lambda offering: offering(SPECIALISTS, roles=["designer"]), "supplier-not-on-role"),
])
def test_a_supplier_that_may_not_apply_gets_403_with_the_code(api, opportunity, supplier_offering, make, code):
    response = api(make(supplier_offering)).post(f"/opportunities/{opportunity.pk}/applications")
    assert response.status_code == 403
    assert response.json()["code"] == code
    assert response.json()["detail"]


def test_an_opportunity_that_is_not_live_is_a_409(api, buyer, opportunity, supplier, set_clock):
    withdrawn = publish(buyer, title="Developer no longer needed")
    opportunities.withdraw_opportunity(withdrawn, buyer)
    response = api(supplier).post(f"/opportunities/{withdrawn.pk}/applications")
    assert response.status_code == 409 and "withdrawn" in response.json()["detail"]
    after_closing(set_clock, opportunity)
    response = api(supplier).post(f"/opportunities/{opportunity.pk}/applications")
    assert response.status_code == 409
    assert response.json()["detail"].startswith("Applications closed at 11:59pm on Monday 8 June 2026")


def test_saving_checks_each_answer_and_keeps_nothing_when_one_is_wrong(api, opportunity, supplier):
    application_id = api(supplier).post(f"/opportunities/{opportunity.pk}/applications").json()["id"]
    response = api(supplier).patch(f"/applications/{application_id}", {
        "dayRate": "700", "essentialRequirements": [{"evidence": "Only one"}], "respondToEmailAddress": "not an email",
        "colour": "blue"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["dayRate"] == ["Day rate must be £650 or less: that is your company's maximum day rate for the "
                                 "developer role"]
    assert errors["essentialRequirements"] == ["Give one answer for each essential skill or experience: there are 2, "
                                               "not 1"]
    assert "respondToEmailAddress" in errors and "colour" in errors
    assert api(supplier).get(f"/applications/{application_id}").json()["dayRate"] is None
    response = api(supplier).patch(f"/applications/{application_id}", {"dayRate": "650"})
    assert response.status_code == 200 and response.json()["dayRate"] == "650.00"


def test_submitting_reports_every_missing_answer_then_succeeds(api, opportunity, supplier):
    application_id = api(supplier).post(f"/opportunities/{opportunity.pk}/applications").json()["id"]
    response = api(supplier).post(f"/applications/{application_id}/submit")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {
        "availability", "dayRate", "essentialRequirementsMet", "essentialRequirements.0.evidence",
        "essentialRequirements.1.evidence", "niceToHaveRequirements.0.yesNo", "respondToEmailAddress"}
    answers = complete_answers_for(opportunity, supplier)
    assert api(supplier).patch(f"/applications/{application_id}", answers).status_code == 200
    response = api(supplier).post(f"/applications/{application_id}/submit")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "submitted" and body["submittedAt"]
    assert body["niceToHaveRequirements"] == [{"yesNo": True, "evidence": "We sent 2 million letters with it."}]
    assert body["respondToEmailAddress"] == supplier.email


def test_after_closing_the_supplier_reads_it_but_cannot_change_it(api, opportunity, supplier, set_clock):
    application = apply(opportunity, supplier)
    after_closing(set_clock, opportunity)
    assert api(supplier).get(f"/applications/{application.pk}").json()["status"] == "submitted"
    response = api(supplier).patch(f"/applications/{application.pk}", {"dayRate": "500"})
    assert response.status_code == 409
    assert api(supplier).post(f"/applications/{application.pk}/submit").status_code == 409
    assert api(supplier).get(f"/applications/{application.pk}").json()["dayRate"] == "600.00"


def test_nobody_else_sees_an_application_before_closing(api, opportunity, supplier, supplier_offering, buyer,
                                                        set_clock):
    application = apply(opportunity, supplier)
    rival = supplier_offering(SPECIALISTS)
    for caller in (rival, buyer):
        assert api(caller).get(f"/applications/{application.pk}").status_code == 404
        assert api(caller).patch(f"/applications/{application.pk}", {"dayRate": "1"}).status_code == 404
    assert api(buyer).get(f"/opportunities/{opportunity.pk}/applications").status_code == 404
    after_closing(set_clock, opportunity)
    assert api(rival).get(f"/applications/{application.pk}").status_code == 404
    assert api(buyer).get(f"/applications/{application.pk}").status_code == 200

"""Reading the applications and recording the outcome through the JSON API."""

import pytest

from apply.builders import PUBLISHING_DAY, SPECIALISTS, after_closing, apply, publish
from marketplace.opportunities import services as opportunities

pytestmark = pytest.mark.django_db


@pytest.fixture
def applied(buyer, set_clock, supplier_offering):
    set_clock(PUBLISHING_DAY)
    opportunity = publish(buyer)
    small = supplier_offering(SPECIALISTS, supplier_name="Agile Works Ltd")
    large = supplier_offering(SPECIALISTS, supplier_name="Big Consulting plc", size="large")
    started = supplier_offering(SPECIALISTS, supplier_name="Slow Starters Ltd")
    apply(opportunity, started, submit=False)
    return opportunity, apply(opportunity, small), apply(opportunity, large), small, large


def test_owning_buyers_read_the_submitted_applications_after_closing(api, applied, buyer, other_buyer, set_clock):
    opportunity, first, second, small, _ = applied
    path = f"/opportunities/{opportunity.pk}/applications"
    assert api(buyer).get(path).status_code == 404
    after_closing(set_clock, opportunity)
    response = api(buyer).get(path)
    assert response.status_code == 200
    found = response.json()
    assert [(a["supplier"]["name"], a["supplier"]["sme"], a["metAllEssentials"], a["status"]) for a in found] == [
        ("Agile Works Ltd", True, True, "submitted"), ("Big Consulting plc", False, True, "submitted")]
    assert found[0]["dayRate"] == "600.00" and len(found[0]["essentialRequirements"]) == 2
    for caller in (other_buyer, small):
        assert api(caller).get(path).status_code == 404


def test_awarding_records_one_winner_and_tells_every_applicant(api, applied, buyer, set_clock, mailbox,
                                                               django_capture_on_commit_callbacks):
    opportunity, first, second, small, large = applied
    path = f"/opportunities/{opportunity.pk}/award"
    award = {"applicationId": second.pk, "contractValue": "250000.00", "contractStartDate": "2026-09-01"}
    live = api(buyer).post(path, award)
    assert live.status_code == 409 and "Applications close at 11:59pm on Monday 8 June 2026" in live.json()["detail"]
    after_closing(set_clock, opportunity)
    bad = api(buyer).post(path, {"applicationId": second.pk, "contractValue": "-5", "contractStartDate": "2026-13-01"})
    assert bad.status_code == 400
    assert bad.json()["errors"] == {"contractValue": ["Contract value must be more than £0"],
                                    "contractStartDate": ["Contract start date must be a real date"]}
    unknown = api(buyer).post(path, {**award, "applicationId": 999999})
    assert unknown.status_code == 400 and "applicationId" in unknown.json()["errors"]
    assert api(small).post(path, award).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = api(buyer).post(path, award)
    assert response.status_code == 200
    assert response.json() == {"status": "awarded", "supplierName": "Big Consulting plc", "supplierSize": "large",
                               "contractValue": "250000.00", "contractStartDate": "2026-09-01", "reason": ""}
    assert "You have won the contract" in mailbox.last_to(large.email)["Subject"]
    assert "The outcome of" in mailbox.last_to(small.email)["Subject"]
    again = api(buyer).post(path, {**award, "applicationId": first.pk})
    assert again.status_code == 409 and again.json()["detail"] == "This requirement has already been awarded"
    assert api(large).get(f"/applications/{second.pk}").json()["status"] == "awarded"
    assert api(small).get(f"/applications/{first.pk}").json()["status"] == "not-awarded"


@pytest.mark.parametrize("operation, status, subject", [
    ("cancel", "cancelled", "has been cancelled"),
    ("unsuccessful", "unsuccessful", "No supplier was chosen"),
])
def test_cancelling_or_no_suitable_suppliers_needs_a_reason(api, applied, buyer, set_clock, mailbox, operation,
                                                            status, subject, django_capture_on_commit_callbacks):
    opportunity, first, _, small, large = applied
    path = f"/opportunities/{opportunity.pk}/{operation}"
    assert api(buyer).post(path, {"reason": "Too early"}).status_code == 409
    after_closing(set_clock, opportunity)
    missing = api(buyer).post(path, {})
    assert missing.status_code == 400 and missing.json()["errors"] == {"reason": ["Enter the reason"]}
    with django_capture_on_commit_callbacks(execute=True):
        response = api(buyer).post(path, {"reason": "The team's priorities changed."})
    assert response.status_code == 200
    assert response.json()["status"] == status and response.json()["reason"] == "The team's priorities changed."
    for supplier in (small, large):
        message = mailbox.last_to(supplier.email)
        assert subject in message["Subject"] and "The team's priorities changed." in mailbox.body(message)
    assert api(buyer).post(f"/opportunities/{opportunity.pk}/award", {
        "applicationId": first.pk, "contractValue": "1", "contractStartDate": "2026-09-01"}).status_code == 409
    assert api(buyer).post(path, {"reason": "Again"}).status_code == 409


def test_a_withdrawn_requirement_cannot_be_given_an_outcome(api, buyer, set_clock, supplier_offering):
    set_clock(PUBLISHING_DAY)
    opportunity = publish(buyer)
    opportunities.withdraw_opportunity(opportunity, buyer)
    after_closing(set_clock, opportunity)
    response = api(buyer).post(f"/opportunities/{opportunity.pk}/cancel", {"reason": "Not needed"})
    assert response.status_code == 409 and response.json()["detail"] == "This requirement has been withdrawn"

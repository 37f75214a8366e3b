"""After an opportunity closes, its buyer reads the applications, scores the shortlist and tells suppliers the
outcome, in the browser with JavaScript on and off; every supplier that applied is emailed the outcome."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from apply.builders import PUBLISHING_DAY, SPECIALISTS, after_closing, apply, publish, wait_for_email
from factories import sign_in
from marketplace.applications.selectors import outcome_of
from marketplace.opportunities.selectors import status_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def closed(buyer, set_clock, supplier_offering):
    """A specialist opportunity two suppliers applied for (a small one by the browser's standards and a large
    one), now closed."""
    set_clock(PUBLISHING_DAY)
    opportunity = publish(buyer)
    small = supplier_offering(SPECIALISTS, supplier_name="Agile Works Ltd", size="small")
    large = supplier_offering(SPECIALISTS, supplier_name="Big Consulting plc", size="large")
    apply(opportunity, small, dayRate="600")
    apply(opportunity, large, dayRate="640")
    after_closing(set_clock, opportunity)
    return opportunity, small, large


def row(page, table, name):
    return page.locator(f"#{table} tbody tr", has_text=name)


def test_the_buyer_shortlists_scores_and_awards_the_contract(any_page, axe, buyer, closed, mailbox):
    page = any_page
    opportunity, small, large = closed
    sign_in(page, buyer.email)

    page.goto(f"/buyers/requirements/{opportunity.pk}/applications")
    expect(page.get_by_role("heading", level=1)).to_have_text("Applications received")
    expect(page.locator("main")).to_contain_text("2 suppliers applied; 2 have all the essential skills and experience")
    expect(row(page, "received", "Agile Works Ltd")).to_contain_text("SME")
    expect(row(page, "received", "Big Consulting plc")).to_contain_text("large")
    axe(page)

    # Both downloads are there, as the spreadsheets they say they are.
    for extension, content_type in (("csv", "text/csv"), ("ods", "application/vnd.oasis.opendocument.spreadsheet")):
        href = page.get_by_role("link", name=f"Download as {extension.upper()}").get_attribute("href")
        response = page.request.get(href)
        assert response.status == 200
        assert response.headers["content-type"].startswith(content_type)
        assert f'filename="applications-{opportunity.pk}.{extension}"' in response.headers["content-disposition"]
    assert "Big Consulting plc" in page.request.get(
        f"/buyers/requirements/{opportunity.pk}/applications/download.csv").text()

    page.get_by_role("link", name="Agile Works Ltd").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agile Works Ltd")
    expect(page.locator("main")).to_contain_text("£600")
    axe(page)

    page.goto(f"/buyers/requirements/{opportunity.pk}/applications/shortlist")
    expect(page.get_by_role("heading", level=1)).to_have_text("Shortlist and ranking")
    expect(page.locator("main")).to_contain_text("technical competence 75%, cultural fit 5%, price 20%")
    axe(page)

    # Scores: a mark over 100 is refused and kept; then each supplier is scored.
    page.get_by_role("link", name="Score for Agile Works Ltd").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Score Agile Works Ltd")
    page.get_by_label("Technical competence").fill("101")
    page.get_by_label("Cultural fit").fill("80")
    page.get_by_label("Price").fill("90")
    page.get_by_role("button", name="Save scores").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Technical competence score must be a whole number from 0 to 100")
    expect(page.get_by_label("Technical competence")).to_have_value("101")
    axe(page)
    page.get_by_label("Technical competence").fill("70")
    page.get_by_role("button", name="Save scores").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Scores saved for Agile Works Ltd.")

    page.get_by_role("link", name="Score for Big Consulting plc").click()
    page.get_by_label("Technical competence").fill("90")
    page.get_by_label("Cultural fit").fill("60")
    page.get_by_label("Price").fill("50")
    page.get_by_role("button", name="Save scores").click()

    # 90×75% + 60×5% + 50×20% = 80.50 beats 70×75% + 80×5% + 90×20% = 74.50.
    ranked = page.locator("#ranking tbody tr")
    expect(ranked.nth(0)).to_contain_text("Big Consulting plc")
    expect(ranked.nth(0)).to_contain_text("80.50")
    expect(ranked.nth(1)).to_contain_text("Agile Works Ltd")
    expect(ranked.nth(1)).to_contain_text("74.50")
    axe(page)

    # The outcome: award, choose the winner, give the contract, confirm.
    page.get_by_role("link", name="Let suppliers know the outcome").click()
    expect(page.get_by_role("group", name="What happened to this requirement?")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select what happened to this requirement")
    axe(page)
    page.get_by_role("radio", name="Award the contract").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("group", name="Which supplier are you awarding the contract to?")).to_be_visible()
    axe(page)
    page.get_by_role("radio", name="Agile Works Ltd").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Contract with Agile Works Ltd")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("8")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Contract value").fill("0")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Contract value must be more than £0")
    expect(page.get_by_label("Day")).to_have_value("1")
    axe(page)
    page.get_by_label("Contract value").fill("120,000")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the award before you tell suppliers")
    expect(page.locator("main")).to_contain_text("Agile Works Ltd (SME)")
    expect(page.locator("main")).to_contain_text("1 August 2026")
    expect(page.locator("main")).to_contain_text("£120,000")
    axe(page)
    assert status_of(opportunity) == "closed", "nothing is recorded before the buyer confirms"
    page.get_by_role("button", name="Award the contract and tell suppliers").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("The outcome has been recorded")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The contract has been awarded to Agile Works Ltd.")
    expect(page.locator("main")).to_contain_text("Awarded to Agile Works Ltd (SME)")
    axe(page)

    won = wait_for_email(mailbox, small.email, "You have won the contract")
    assert "Developer to build a booking service" in won["Subject"]
    lost = wait_for_email(mailbox, large.email, "The outcome of")
    body = mailbox.body(lost)
    assert "awarded the contract for ‘Developer to build a booking service’ to Agile Works Ltd" in body
    assert {"Contract value: £120,000", "Contract start date: 1 August 2026"} <= set(body.splitlines())

    opportunity.refresh_from_db()
    outcome = outcome_of(opportunity)
    assert (outcome["supplierName"], outcome["supplierSize"], str(outcome["contractValue"]),
            outcome["contractStartDate"]) == ("Agile Works Ltd", "SME", "120000.00", dt.date(2026, 8, 1))
    page.goto(f"/opportunities/{opportunity.pk}")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("This opportunity has been awarded")
    axe(page)


@pytest.mark.parametrize("choice, reason, confirm, subject", [
    ("Cancel the requirement", "The budget for this work was withdrawn.",
     "Cancel the requirement and tell suppliers", "has been cancelled"),
    ("No suitable suppliers", "None of the developers had worked on a booking service.",
     "Record no suitable suppliers and tell suppliers", "No supplier was chosen"),
])
def test_cancelling_or_finding_no_suitable_supplier_tells_every_applicant(any_page, axe, buyer, closed, mailbox,
                                                                          choice, reason, confirm, subject):
    page = any_page
    opportunity, small, large = closed
    sign_in(page, buyer.email)
    page.goto(f"/buyers/requirements/{opportunity.pk}/outcome")
    page.get_by_role("radio", name=choice).check()
    page.get_by_role("button", name="Continue").click()

    reason_box = page.get_by_role("textbox")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reason")
    axe(page)
    too_long = " ".join(["budget"] * 101)
    reason_box.fill(too_long)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The reason must be 100 words or fewer")
    expect(reason_box).to_have_value(too_long)
    reason_box.fill(reason)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Are you sure")
    expect(page.locator("main")).to_contain_text(reason)
    expect(page.locator("main")).to_contain_text("We will email the 2 suppliers that applied")
    axe(page)
    # Changing the reason goes back to the form with it filled in.
    page.get_by_role("button", name="Change the reason").click()
    expect(page.get_by_role("textbox")).to_have_value(reason)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name=confirm).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("The outcome has been recorded")
    expect(page.locator("main")).to_contain_text(reason)
    axe(page)
    for supplier in (small, large):
        message = wait_for_email(mailbox, supplier.email, subject)
        assert reason in mailbox.body(message)
    assert mailbox.to(buyer.email) == []

    page.goto(f"/buyers/requirements/{opportunity.pk}/outcome/award")
    expect(page.get_by_role("heading", level=1)).to_have_text("The outcome has been recorded")

    page.goto(f"/opportunities/{opportunity.pk}")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        re.compile("This opportunity was cancelled|No suitable suppliers applied"))
    axe(page)

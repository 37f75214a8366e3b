"""A supplier user's journey through their own pages in a real browser, with scripts on and off."""

import re

import pytest
from playwright.sync_api import expect

import factories

pytestmark = pytest.mark.browser


def test_a_supplier_offers_a_specialist_confirms_its_details_and_invites_a_colleague(any_page, axe, mailbox):
    page = any_page
    user = factories.make_supplier_user(supplier_name="Agile Works Ltd", name="Sam Okafor")
    factories.sign_in(page, user.email)
    expect(page).to_have_url(re.compile(r"/suppliers$"))
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    expect(page.get_by_text("Your company is on Digital Outcomes and Specialists 6")).to_be_visible()
    axe(page)

    # A specialist service: a rate that is not an amount is refused, with everything typed kept.
    page.get_by_role("link", name="Services", exact=True).click()
    expect(page.get_by_role("heading", name="Your services")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Add (Digital specialists)").click()
    expect(page.get_by_role("heading", name="Digital specialists", exact=True)).to_be_visible()
    axe(page)
    page.get_by_label("Developer", exact=True).check()
    page.get_by_label("Maximum day rate for Developer").fill("six hundred")
    locations = page.get_by_role("group", name="Locations for Developer")
    locations.get_by_label("London", exact=True).check()
    locations.get_by_label("Offsite", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The maximum day rate for Developer must be an amount in pounds and pence")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_label("Developer", exact=True)).to_be_checked()
    expect(page.get_by_label("Maximum day rate for Developer")).to_have_value("six hundred")
    expect(locations.get_by_label("London", exact=True)).to_be_checked()
    expect(locations.get_by_label("Offsite", exact=True)).to_be_checked()
    axe(page)

    page.get_by_label("Maximum day rate for Developer").fill("650")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Your services")).to_be_visible()
    specialists = page.locator(".govuk-summary-card", has_text="Digital specialists")
    expect(specialists).to_contain_text("Developer")
    expect(specialists).to_contain_text("Up to £650 a day in London, Offsite")
    axe(page)

    # Company details: complete them, then confirm them, after which the identity is read-only.
    page.get_by_role("link", name="Your account", exact=True).click()
    page.get_by_role("link", name="Company details", exact=True).click()
    expect(page.get_by_role("heading", name="Company details")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Change your company details").click()
    axe(page)
    page.get_by_label("Registration number", exact=True).fill("01234567")
    page.get_by_label("Registered address").fill("1 High Street\nLeeds LS1 1AA")
    page.get_by_label("Contact phone number").fill("0113 496 0000")
    page.get_by_role("button", name="Save company details").click()
    expect(page.get_by_role("heading", name="Company details")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text(["01234567"])
    page.get_by_role("button", name="Confirm your company details").click()
    expect(page.get_by_role("heading", name="Confirm your company details")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Confirm company details").click()
    expect(page.get_by_text("You confirmed these details on")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Change your company details").click()
    expect(page.get_by_role("link", name="contact us to change them")).to_be_visible()
    expect(page.get_by_label("Registration number", exact=True)).to_have_count(0)
    axe(page)

    # A colleague is invited by email.
    page.get_by_role("link", name="Your account", exact=True).click()
    page.get_by_role("link", name="Colleagues", exact=True).click()
    expect(page.get_by_role("heading", name="Colleagues")).to_be_visible()
    axe(page)
    page.get_by_label("Email address").fill("jo.bloggs@agileworks.example.com")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("table", name="Invitations not yet accepted")).to_contain_text(
        "jo.bloggs@agileworks.example.com")
    axe(page)
    message = mailbox.last_to("jo.bloggs@agileworks.example.com")
    assert message["Subject"] == "Sam Okafor has invited you to join Agile Works Ltd on the Digital Marketplace"
    assert mailbox.link_to("jo.bloggs@agileworks.example.com", "/join/")


def test_a_supplier_offers_outcomes_participants_and_a_studio_then_stops_offering_one(any_page, axe):
    page = any_page
    user = factories.make_supplier_user(supplier_name="Research Partners Ltd")
    factories.sign_in(page, user.email)
    page.goto("/suppliers/services")

    page.get_by_role("link", name="Add (Digital outcomes)").click()
    axe(page)
    page.get_by_role("group", name="Where can your teams work?").get_by_label("Wales", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select at least one capability")
    axe(page)
    page.get_by_role("group", name="Security").get_by_label("Penetration testing").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-summary-card", has_text="Digital outcomes")).to_contain_text(
        "Penetration testing")

    page.get_by_role("link", name="Add (User research participants)").click()
    axe(page)
    page.get_by_label("International (outside the UK)").check()
    page.get_by_label("Recruited from the supplier's own panel").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-summary-card", has_text="User research participants")).to_contain_text(
        "Recruited from the supplier's own panel")

    page.get_by_role("link", name="Add (User research studios)").click()
    axe(page)
    page.get_by_role("button", name="Add a studio").click()
    page.get_by_label("Studio name").fill("Cardiff Lab")
    page.get_by_label("Address").fill("2 Bute Street\nCardiff CF10 5AA")
    page.get_by_label("Region").select_option("Wales")
    page.get_by_label("Facilities").fill("Viewing room and recording")
    page.get_by_label("Price", exact=True).fill("0")
    page.get_by_role("button", name="Save studio").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The studio's price must be more than £0")
    expect(page.get_by_label("Studio name")).to_have_value("Cardiff Lab")
    axe(page)
    page.get_by_label("Price", exact=True).fill("95")
    page.get_by_label("Per hour").check()
    page.get_by_role("button", name="Save studio").click()
    card = page.locator(".govuk-summary-card", has_text="Cardiff Lab")
    expect(card).to_contain_text("£95 per hour")
    axe(page)
    card.get_by_role("link", name="Change").click()
    axe(page)
    page.get_by_label("Per day").check()
    page.get_by_role("button", name="Save studio").click()
    expect(card).to_contain_text("£95 per day")
    card.get_by_role("link", name="Remove").click()
    axe(page)
    page.get_by_role("button", name="Remove studio").click()
    expect(page.get_by_text("You have not added any studios.")).to_be_visible()

    page.goto("/suppliers/services/user-research-participants")
    page.get_by_role("link", name="Stop offering user research participants").click()
    axe(page)
    page.get_by_role("button", name="Stop offering user research participants").click()
    expect(page.locator(".govuk-summary-card", has_text="User research participants")).to_contain_text("Not offered")
    axe(page)
